// Runs of an experiment: `runReplica` (synchronous, one replica: what sweeps and worker pools call) and
// `run` (all replicas, yielding to the event loop every ~50 ms so progress bars and pages stay live).
// Both slice a replica's steps into wasm calls; the slicing never changes a result.
import { GENERATOR, NUMERIC_CONTRACT } from "../random.js";
import { codes } from "../wasm/codes.js";
import { VERSION, WASM_SHA256, type Kernels } from "../wasm/wasm.js";
import { checkInteger, StairsInputError } from "../errors.js";
import type { ReplicaState } from "./checkpoint.js";
import { checkWork, type WorkLimits } from "./work.js";
import { resolveExperimentConfig, type ExperimentConfig } from "../config/experiment.js";
import { ReplicaRun } from "./replica.js";
import { stepSizes } from "../schedule.js";
import type { ReplicaResult, RunMeta, RunProgress, RunResult } from "./result.js";

export interface RunOptions {
  /** Called every ~50 ms of work and at the end of each replica. */
  onProgress?: (progress: RunProgress) => void;
  /** Stops the run between slices (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Tighter limits on the work than the defaults of src/run/work.ts (a run over them is refused first). */
  limits?: WorkLimits;
}

const SLICE_MILLIS = 50;

/** The meta block of a result: what produced it and how to read it. */
export function runMeta(kernels: Kernels, config: ExperimentConfig): RunMeta {
  const learner = config.learner;
  const weights = "w (d little-endian f64, NaN canonical)";
  const hashed =
    learner.kind === "network" ? "W (K x d row-major), a (K), b (little-endian f64, NaN canonical)" : weights;
  const decisionRule =
    learner.kind === "tensor-pca"
      ? "none: tensor PCA has no labels (accuracy and loss are null)"
      : learner.kind === "network"
        ? "y = +1 iff f(x) > 0"
        : learner.loss === "correlation"
          ? "y = +1 iff sigma(w.x) > E[sigma(xi)], xi ~ N(0, 1) (the mean output on the isotropic class)"
          : "y = +1 iff sigma(w.x) > 0 (midway between the targets -1 and +1)";
  return {
    version: VERSION,
    wasmSha256: WASM_SHA256,
    generator: GENERATOR,
    numericContract: NUMERIC_CONTRACT,
    streams: {
      spikes: "(seed, 0)",
      training: "(seed, 1 + 2 * replica)",
      test: learner.kind === "tensor-pca" ? "unused (no labels)" : "(seed, 2 + 2 * replica)",
    },
    stepSize: stepSizes(kernels, config),
    hash: `sha256 of ${hashed} then the ${codes(kernels).streamBytes}-byte training stream state`,
    decisionRule,
  };
}

/** Chooses slice sizes from the measured speed and says when progress is due. */
class SliceClock {
  private stepsPerSlice = 64;
  private last = now();

  /** Adapts the slice so that one takes about SLICE_MILLIS (timing only chooses slice sizes). */
  next(ranSteps: number, startedAt: number): number {
    const elapsed = now() - startedAt;
    if (ranSteps > 0) {
      const rate = ranSteps / Math.max(elapsed, 0.01);
      this.stepsPerSlice = Math.max(1, Math.min(2 ** 30, Math.round(rate * SLICE_MILLIS)));
    }
    return this.stepsPerSlice;
  }

  get slice(): number {
    return this.stepsPerSlice;
  }

  /** True once per SLICE_MILLIS. */
  due(): boolean {
    const t = now();
    if (t - this.last < SLICE_MILLIS) return false;
    this.last = t;
    return true;
  }
}

function now(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

function progressOf(run: ReplicaRun, replicas: number): RunProgress {
  const steps = run.config.steps;
  return {
    replica: run.replica,
    replicas,
    step: run.step,
    steps,
    fraction: (run.replica + run.step / steps) / replicas,
    checkpoints: run.checkpointsSoFar,
  };
}

/** What runReplica takes besides the config and the replica index. */
export interface ReplicaOptions {
  /** Called every ~50 ms of work and at the end. */
  onProgress?: (progress: RunProgress) => void;
  /** Carry on from a state saved by saveReplica (or onCheckpoint) instead of starting at step 0. */
  resume?: ReplicaState | Uint8Array;
  /** Called with the replica's whole state every `checkpointMillis` of wall time (never at the end). */
  onCheckpoint?: (state: ReplicaState) => void;
  /** Wall time between two onCheckpoint calls; default 5 minutes. */
  checkpointMillis?: number;
}

/** Runs replica `replica` of `input` (validated here) synchronously and returns its result. */
export function runReplica(
  kernels: Kernels,
  input: unknown,
  replica: number,
  options: ReplicaOptions | ((progress: RunProgress) => void) = {},
): ReplicaResult {
  const config = resolveExperimentConfig(input);
  checkInteger("replica", replica, 0, config.replicas - 1);
  checkWork(config, false);
  const { onProgress, resume, onCheckpoint, checkpointMillis = 300_000 } = typeof options === "function" ? { onProgress: options } : options;
  if (onCheckpoint !== undefined && !(checkpointMillis > 0)) checkFinite("checkpointMillis", checkpointMillis);
  const run = resume === undefined ? new ReplicaRun(kernels, config, replica) : ReplicaRun.restore(kernels, config, resume);
  try {
    if (run.replica !== replica) throw new StairsInputError("resume.replica", run.replica, `${replica} (the replica asked for)`);
    const clock = new SliceClock();
    let lastSave = now();
    while (!run.done) {
      const t0 = now();
      clock.next(run.advance(clock.slice), t0);
      if (onProgress && clock.due()) onProgress(progressOf(run, config.replicas));
      if (onCheckpoint && !run.done && now() - lastSave >= checkpointMillis) {
        onCheckpoint(run.save());
        lastSave = now();
      }
    }
    onProgress?.(progressOf(run, config.replicas));
    return run.result();
  } finally {
    run.free();
  }
}

function checkFinite(field: string, value: unknown): never {
  throw new StairsInputError(field, value, "a positive number of milliseconds");
}

/** Runs every replica of `input` (validated once, before any work) and returns the whole result. */
export async function run(kernels: Kernels, input: unknown, options: RunOptions = {}): Promise<RunResult> {
  const config = resolveExperimentConfig(input);
  checkWork(config, true, options.limits);
  const { onProgress, signal } = options;
  const replicas: ReplicaResult[] = [];
  const clock = new SliceClock();
  for (let r = 0; r < config.replicas; r++) {
    const replicaRun = new ReplicaRun(kernels, config, r);
    try {
      while (!replicaRun.done) {
        const t0 = now();
        clock.next(replicaRun.advance(clock.slice), t0);
        if (clock.due()) {
          onProgress?.(progressOf(replicaRun, config.replicas));
          await yieldToEventLoop();
          signal?.throwIfAborted();
        }
      }
      onProgress?.(progressOf(replicaRun, config.replicas));
      replicas.push(replicaRun.result());
    } finally {
      replicaRun.free();
    }
  }
  return { config, meta: runMeta(kernels, config), replicas };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
