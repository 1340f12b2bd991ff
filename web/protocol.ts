// Messages between the page (app.ts) and its runners (worker.ts). Plain structured-clone data only, so
// the worker needs no SharedArrayBuffer and the page embeds in any origin without isolation headers.
import type { ReplicaResult, RunProgress, RunResult } from "./stairs-api.js";

/**
 * One run's share for one worker: these replicas (indices into 0..replicas-1) of this (unvalidated)
 * experiment config, the worker validates it again. `run` numbers the runs of the page's experiment (one,
 * or each named run of a multi-run preset); `bayes`: this worker also computes the run's Bayes lines.
 */
export interface RunJob {
  run: number;
  config: unknown;
  replicas: number[];
  bayes: boolean;
}

/** page -> worker: the page shares every (run, replica) of an experiment among a pool of workers. */
export interface RunRequest {
  type: "run";
  jobs: RunJob[];
}

/** The Bayes-optimal accuracy of each censoring level (the reference lines of the accuracy panel). */
export interface BayesLines {
  mean: number;
  covariance: number;
  full: number;
}

/** worker -> page: the Bayes lines, progress within a replica, each finished replica, then each run's meta. */
export type RunnerMessage =
  | { type: "bayes"; run: number; bayes: BayesLines | null }
  | { type: "progress"; run: number; progress: RunProgress }
  | { type: "replica"; run: number; replica: ReplicaResult }
  | { type: "done"; metas: { run: number; meta: RunResult["meta"] }[] }
  | { type: "invalid"; run: number; field: string; value: unknown; allowed: string; message: string }
  | { type: "failed"; message: string };
