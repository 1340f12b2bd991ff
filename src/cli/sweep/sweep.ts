// `stairs sweep`: every (d, replica) of a config, and of its null control, in a pool of worker threads; then
// the weak-recovery steps of the target direction per d, the fitted exponent of the median in d with a
// bootstrap interval, and the control's false recoveries.
//
// Results do not depend on the number of workers: each job is a pure function of (config, replica), jobs
// are put back in their list order whatever finishes first, and the fit uses a seeded wasm stream. Only
// `meta.timing` (wall clock, worker count) differs between two runs of the same sweep.
import { bestOfGrid, fitScaling, median, quantiles, quantileSorted, type RecoveryStep, type ScalingFit } from "../../analysis/scaling.js";
import type { ModelConfig } from "../../config/model.js";
import { StairsInputError } from "../../errors.js";
import type { Stairs } from "../../stairs.js";
import { resolveExperimentConfig, type ExperimentConfig } from "../../config/experiment.js";
import type { ReplicaResult } from "../../run/result.js";
import { NUMERIC_CONTRACT } from "../../random.js";
import type { ReplicaStore } from "../replica-store.js";
import type { Shard } from "../shard.js";
import { shardIndices } from "../shard.js";
import { runStoredReplicas, type ReplicaCounts } from "../stored.js";
import { checkWork, MAX_RUN_WORK } from "../../run/work.js";
import { SIGNAL_BETA, stepBudget, type Direction, type SweepSpec } from "./spec.js";

/** Stream index of the bootstrap's resampling (with the config's seed): apart from any replica's streams. */
export const BOOTSTRAP_STREAM_INDEX = 0x5eedb007;
/** Checkpoints per replica in a sweep (their overlaps are kept only at the last one). */
export const SWEEP_CHECKPOINTS = 8;

/** Which run a job belongs to: the signal, the null control (target beta = 0), or independent latents. */
export type JobKind = "signal" | "control" | "independent";

export interface SweepJob {
  d: number;
  kind: JobKind;
  replica: number;
  config: ExperimentConfig;
  /** The target: each replica stops right after its weak recovery (the steps after it are not needed). */
  stopOnRecovery?: Direction;
  /** A best-lr sweep: the index of this job's lr in sweep.lrGrid. */
  lrIndex?: number;
}

/** What a sweep keeps of a replica: its weak-recovery steps and |alpha| at the last checkpoint. */
interface SweepJobResult {
  d: number;
  kind: JobKind;
  lrIndex: number;
  weakRecovery: ReplicaResult["weakRecovery"];
  /** |alpha| at the last checkpoint (the last before the target's recovery stopped the replica); null for a direction the model does not have. */
  finalOverlap: { m: number | null; u: number | null; v: number | null };
  diverged: boolean;
}

function summarizeReplica(job: SweepJob, result: ReplicaResult): SweepJobResult {
  const last = result.checkpoints[result.checkpoints.length - 1].overlap;
  const abs = (x: number | null) => (x === null ? null : Math.abs(x));
  return {
    d: job.d,
    kind: job.kind,
    lrIndex: job.lrIndex ?? 0,
    weakRecovery: result.weakRecovery,
    finalOverlap: { m: abs(last.m), u: abs(last.u), v: abs(last.v) },
    diverged: result.diverged !== null,
  };
}

export interface PerDimension {
  d: number;
  /** Step budget of every replica at this d. */
  steps: number;
  replicas: number;
  /** Weak-recovery step of the target per replica (null: not within the budget), in replica order. */
  recoverySteps: RecoveryStep[];
  /** Median over replicas (censored replicas count as +infinity); null when half or more did not recover. */
  median: number | null;
  quantiles: ReturnType<typeof quantiles>;
  unrecovered: number;
  diverged: number;
  /** Median |alpha_target| at the end of the run. */
  finalOverlapMedian: number;
  /** Null control at this d: replicas that "recovered" a direction with no signal, and how many ran. */
  control: { recovered: number; total: number; maxFinalOverlap: number | null };
  /**
   * The informative control of a sweep with correlated latents: the same config and betas with
   * independent latents (coupling "independent"); null for a sweep whose latents are independent already.
   */
  independentControl: { recovered: number; total: number; median: number | null; maxFinalOverlap: number | null } | null;
  /**
   * A best-lr sweep (sweep.lrGrid): every lr of the grid at this d, and the chosen one (the smallest median;
   * null when every median is censored). The fields above (recoverySteps, median, quantiles, unrecovered,
   * diverged, finalOverlapMedian) are the chosen lr's; the controls are summed over the grid.
   */
  lrGrid?: { lr: number; median: number | null; quantiles: ReturnType<typeof quantiles>; unrecovered: number; recoverySteps: RecoveryStep[] }[];
  bestLr?: number | null;
}

export interface SweepResult {
  kind: "sweep";
  source: string;
  description: string;
  target: Direction;
  /** The experiment config the sweep varies (model.d and steps are replaced per d). */
  config: ExperimentConfig;
  sweep: SweepSpec;
  perD: PerDimension[];
  fit: ScalingFit | null;
  fitLogCorrected: ScalingFit | null;
  /** Why there is no fit (a censored median: the fit refuses), or which d were left out. */
  fitMessage: string | null;
  control: { recovered: number; total: number; betaSwitchedOff: string };
  /** Correlated latents only: the same betas with independent latents (does the correlation do the work?). */
  independentControl: { recovered: number; total: number; coupling: "independent" } | null;
  meta: {
    version: string;
    numericContract: number;
    wasmSha256: string;
    bootstrapStream: { seed: number; index: number };
    /**
     * Everything that may differ between two runs of the same sweep: wall clock, workers, and how many
     * replicas came from the replica store (a rerun, a merge of shards) and how many were computed.
     */
    timing: { workers: number; startedAt: string; seconds: number; replicas?: ReplicaCounts };
  };
}

export interface SweepOptions {
  workers: number;
  source?: string;
  description?: string;
  /** Called with (work done, total work) in steps, as jobs advance. */
  onProgress?: (done: number, total: number) => void;
  /** Take finished replicas from this store and write the computed ones into it. */
  store?: ReplicaStore;
  /** Stops the sweep (worker threads terminated; the promise rejects with RunInterrupted). */
  signal?: AbortSignal;
}

/** The config run at dimension d: its own d and step budget, random spikes, the signal or the null control. */
export function configAt(
  base: ExperimentConfig, spec: SweepSpec, d: number, control: boolean | JobKind, ln: (x: number) => number, exp: (x: number) => number = Math.exp, lr?: number,
): ExperimentConfig {
  const kind: JobKind = control === true ? "control" : control === false ? "signal" : control;
  const model: Record<string, unknown> = { ...base.model, d };
  if (base.model.kind !== "tensor-pca") model.spikes = "random";
  if (kind === "control") model[signalField(base.model, spec.target)] = 0;
  if (kind === "independent") model.coupling = "independent";
  // A sweep only times weak recovery (checked after every step inside the wasm): no test sets, few checkpoints.
  const record = { points: SWEEP_CHECKPOINTS, testSize: 0, censored: false };
  const learner = lr === undefined ? base.learner : { ...base.learner, lr };
  return resolveExperimentConfig({ ...base, model, learner, record, steps: stepBudget(spec.steps, d, ln, exp), replicas: Math.max(spec.replicas, spec.controlReplicas ?? 0) });
}

/** The model field that carries the target direction's signal: beta_m/u/v, or tensor PCA's beta (v only). */
export function signalField(model: ExperimentConfig["model"], target: Direction): string {
  if (model.kind !== "tensor-pca") return SIGNAL_BETA[target];
  if (target !== "v") throw new StairsInputError("sweep.target", target, `"v" for a tensor-pca model (its only direction)`);
  return "beta";
}

/** Whether a sweep gets the independent-latents control: an MCM-family model whose latents are coupled. */
export function hasIndependentControl(model: ExperimentConfig["model"]): boolean {
  return model.kind !== "tensor-pca" && (model as ModelConfig).coupling.kind !== "independent" && (model as ModelConfig).betaU > 0 && (model as ModelConfig).betaV > 0;
}

/** Refuses a sweep whose target has no signal to switch off (its control would be the signal run). */
export function checkTarget(base: ExperimentConfig, spec: SweepSpec): void {
  if (spec.lrGrid && base.learner.kind === "network") {
    throw new StairsInputError("sweep.lrGrid", spec.lrGrid, "absent for a network learner (the grid sets the learner's lr; a network has lrW and lrA)");
  }
  const beta = signalField(base.model, spec.target);
  const value = (base.model as unknown as Record<string, number>)[beta];
  if (!(value > 0)) {
    throw new StairsInputError(`model.${beta}`, value, `> 0 for a sweep with target ${spec.target} (the null control switches it off)`);
  }
  if (base.model.kind !== "tensor-pca" && base.model.spikes !== "random") {
    throw new StairsInputError("model.spikes", "given vectors", `"random" in a sweep (d changes from run to run)`);
  }
}

/** Every (d, replica) job of a sweep and of its null control, in the order of the result. */
export function sweepJobs(stairs: Stairs, base: ExperimentConfig, spec: SweepSpec): SweepJob[] {
  checkTarget(base, spec);
  const ln = (x: number) => stairs.kernels.ln(x);
  const exp = (x: number) => stairs.kernels.exp(x); // fractional budget powers, computed in the wasm
  const controlReplicas = spec.controlReplicas ?? spec.replicas;
  const independent = hasIndependentControl(base.model);
  const jobs: SweepJob[] = [];
  // A best-lr sweep runs the signal and both controls at every lr of the grid (grid order within each d).
  const grid: (number | undefined)[] = spec.lrGrid ?? [undefined];
  for (const d of spec.d) {
    const stopOnRecovery = spec.target;
    grid.forEach((lr, g) => {
      const lrIndex = spec.lrGrid ? g : undefined;
      const signal = configAt(base, spec, d, "signal", ln, exp, lr);
      for (let replica = 0; replica < spec.replicas; replica++) jobs.push({ d, kind: "signal", replica, config: signal, stopOnRecovery, lrIndex });
      const control = configAt(base, spec, d, "control", ln, exp, lr);
      for (let replica = 0; replica < controlReplicas; replica++) jobs.push({ d, kind: "control", replica, config: control, stopOnRecovery, lrIndex });
      if (independent) {
        const config = configAt(base, spec, d, "independent", ln, exp, lr);
        for (let replica = 0; replica < controlReplicas; replica++) jobs.push({ d, kind: "independent", replica, config, stopOnRecovery, lrIndex });
      }
    });
  }
  // Refused before any work when it would not finish: each replica, then the whole sweep.
  let total = 0;
  for (const job of jobs) total += checkWork(job.config, false).perReplica;
  if (!(total <= MAX_RUN_WORK)) {
    throw new StairsInputError("sweep.steps", spec.steps, `a smaller budget: the sweep would take about ${total.toExponential(2)} element operations (${((total * 1e-9) / 3600).toFixed(1)} h of one core at 1 ns each), over the limit of 2^44`);
  }
  return jobs;
}

/** A job in words, for lists of missing jobs: "d = 64, replica 3" or "d = 64, control replica 1". */
export const describeJob = (job: SweepJob) =>
  `d = ${job.d}, ${job.lrIndex !== undefined ? `lr = ${(job.config.learner as { lr: number }).lr}, ` : ""}${job.kind === "control" ? "control " : job.kind === "independent" ? "independent-latents control " : ""}replica ${job.replica}`;

export async function runSweep(stairs: Stairs, base: ExperimentConfig, spec: SweepSpec, options: SweepOptions): Promise<SweepResult> {
  const jobs = sweepJobs(stairs, base, spec);
  const startedAt = new Date();
  const { results, counts } = await runStoredReplicas(jobs, options);
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const timing = { workers: options.workers, startedAt: startedAt.toISOString(), seconds, replicas: counts };
  return assembleSweep(stairs, base, spec, jobs, results, timing, options);
}

/** Runs the shard's part of a sweep into the store (no result: `stairs merge` builds it from the store). */
export async function runSweepShard(
  stairs: Stairs,
  base: ExperimentConfig,
  spec: SweepSpec,
  shard: Shard,
  options: SweepOptions,
): Promise<{ jobs: SweepJob[]; counts: ReplicaCounts }> {
  const all = sweepJobs(stairs, base, spec);
  const jobs = shardIndices(all.map((job) => job.config), shard).map((index) => all[index]);
  const { counts } = await runStoredReplicas(jobs, options);
  return { jobs, counts };
}

/** The sweep's result from every job's replica result (in job order). */
export function assembleSweep(
  stairs: Stairs,
  base: ExperimentConfig,
  spec: SweepSpec,
  jobs: readonly SweepJob[],
  replicaResults: readonly ReplicaResult[],
  timing: SweepResult["meta"]["timing"],
  options: { source?: string; description?: string },
): SweepResult {
  const ln = (x: number) => stairs.kernels.ln(x);
  const independent = hasIndependentControl(base.model);
  const results = replicaResults.map((result, index) => summarizeReplica(jobs[index], result));
  const gridSize = spec.lrGrid?.length ?? 1;
  // Per d and lr: the signal's weak-recovery steps of the target; the best lr is the smallest median.
  const chosen = new Map<number, number>();
  const gridRows = new Map<number, NonNullable<PerDimension["lrGrid"]>>();
  for (const d of spec.d) {
    const groups = Array.from({ length: gridSize }, (_, g) => results.filter((r) => r.d === d && r.kind === "signal" && r.lrIndex === g).map((r) => r.weakRecovery[spec.target]));
    const best = bestOfGrid(groups);
    chosen.set(d, Math.max(best.index, 0));
    if (spec.lrGrid) {
      gridRows.set(d, spec.lrGrid.map((lr, g) => {
        const m = median(groups[g]);
        return { lr, median: Number.isFinite(m) ? m : null, quantiles: quantiles(groups[g]), unrecovered: groups[g].filter((s) => s === null).length, recoverySteps: groups[g] };
      }));
    }
  }
  const perD = spec.d.map((d): PerDimension => {
    const signal = results.filter((r) => r.d === d && r.kind === "signal" && r.lrIndex === chosen.get(d));
    const control = results.filter((r) => r.d === d && r.kind === "control");
    const indep = results.filter((r) => r.d === d && r.kind === "independent");
    const indepSteps = indep.map((r) => r.weakRecovery[spec.target]);
    const indepMedian = median(indepSteps);
    const maxOf = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => (b > a ? b : a)) : null);
    const recoverySteps = signal.map((r) => r.weakRecovery[spec.target]);
    const m = median(recoverySteps);
    const finals = signal.map((r) => r.finalOverlap[spec.target] ?? NaN).sort((a, b) => a - b);
    const controlFinals = control.map((r) => r.finalOverlap[spec.target] ?? NaN);
    const grid = gridRows.get(d);
    const bestIndex = grid ? bestOfGrid(grid.map((row) => row.recoverySteps)).index : -1;
    return {
      d,
      steps: jobs.find((j) => j.d === d)!.config.steps,
      replicas: signal.length,
      recoverySteps,
      median: Number.isFinite(m) ? m : null,
      quantiles: quantiles(recoverySteps),
      unrecovered: recoverySteps.filter((s) => s === null).length,
      diverged: signal.filter((r) => r.diverged).length,
      finalOverlapMedian: quantileSorted(finals, 0.5),
      control: {
        recovered: control.filter((r) => r.weakRecovery[spec.target] !== null).length,
        total: control.length,
        maxFinalOverlap: maxOf(controlFinals),
      },
      independentControl: independent
        ? {
            recovered: indepSteps.filter((x) => x !== null).length,
            total: indep.length,
            median: Number.isFinite(indepMedian) ? indepMedian : null,
            maxFinalOverlap: maxOf(indep.map((r) => r.finalOverlap[spec.target] ?? NaN)),
          }
        : null,
      ...(grid ? { lrGrid: grid, bestLr: bestIndex >= 0 ? grid[bestIndex].lr : null } : {}),
    };
  });

  const bootstrap = stairs.stream(base.seed, BOOTSTRAP_STREAM_INDEX);
  const fits = fitScaling(
    perD.map((p) => ({ d: p.d, steps: p.recoverySteps, ...(p.lrGrid ? { groups: p.lrGrid.map((row) => row.recoverySteps) } : {}) })),
    spec.bootstrap,
    ln,
    (n) => bootstrap.uniform(n),
    spec.censoredMedians,
  );
  bootstrap.free();

  return {
    kind: "sweep",
    source: options.source ?? "",
    description: options.description ?? "",
    target: spec.target,
    config: base,
    sweep: spec,
    perD,
    fit: fits.fit,
    fitLogCorrected: fits.fitLogCorrected,
    fitMessage: fits.message,
    control: {
      recovered: perD.reduce((sum, p) => sum + p.control.recovered, 0),
      total: perD.reduce((sum, p) => sum + p.control.total, 0),
      betaSwitchedOff: `model.${signalField(base.model, spec.target)} = 0`,
    },
    independentControl: independent
      ? {
          recovered: perD.reduce((sum, p) => sum + (p.independentControl?.recovered ?? 0), 0),
          total: perD.reduce((sum, p) => sum + (p.independentControl?.total ?? 0), 0),
          coupling: "independent",
        }
      : null,
    meta: {
      version: stairs.version,
      numericContract: NUMERIC_CONTRACT,
      wasmSha256: stairs.wasmSha256,
      bootstrapStream: { seed: base.seed, index: BOOTSTRAP_STREAM_INDEX },
      timing,
    },
  };
}
