// One unit of a sweep: a single replica of one config (one d, signal or null control), and the summary of
// its result that the sweep keeps. Shared by the worker and the pool, so both agree on the message shapes.
import type { ExperimentConfig, ReplicaResult } from "../experiment-contract.js";

export interface SweepJob {
  /** Position in the sweep's job list; results are put back in this order whatever finishes first. */
  index: number;
  d: number;
  control: boolean;
  replica: number;
  config: ExperimentConfig;
}

export interface SweepJobResult {
  index: number;
  d: number;
  control: boolean;
  replica: number;
  weakRecovery: ReplicaResult["weakRecovery"];
  /** |alpha| with m, u, v at the last checkpoint. */
  finalOverlap: { m: number; u: number; v: number };
  hash: string;
  diverged: ReplicaResult["diverged"];
}

export function summarizeReplica(job: SweepJob, result: ReplicaResult): SweepJobResult {
  const last = result.checkpoints[result.checkpoints.length - 1];
  return {
    index: job.index,
    d: job.d,
    control: job.control,
    replica: job.replica,
    weakRecovery: result.weakRecovery,
    finalOverlap: last
      ? { m: Math.abs(last.overlap.m), u: Math.abs(last.overlap.u), v: Math.abs(last.overlap.v) }
      : { m: NaN, u: NaN, v: NaN },
    hash: result.hash,
    diverged: result.diverged,
  };
}
