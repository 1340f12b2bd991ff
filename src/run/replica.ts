// One replica of an experiment, advanced in slices: its model, learner and test-set state live in the
// wasm; between checkpoints the wasm runs whole chunks of steps, and at each checkpoint it measures the
// overlaps and scores the learner on a test set regenerated from a saved stream state.
//
// Streams: src/schedule.ts (the spikes from (seed, 0), replica r's training from (seed, 1 + 2r), its
// test set from (seed, 2 + 2r)); the learner itself comes from src/learners/ (one adapter per kind).
// A replica depends on nothing else, so results do not depend on which worker runs it, nor on how its
// steps are sliced into calls.
import type { ExperimentConfig } from "../config/experiment.js";
import { makeLearner, type Learner } from "../learners/index.js";
import { checkpointSteps, TEST_STREAM } from "../schedule.js";
import { codes } from "../wasm/codes.js";
import { bytesView, f64View } from "../wasm/memory.js";
import type { Kernels } from "../wasm/wasm.js";
import type { Checkpoint, ReplicaResult, TestScore } from "./result.js";
import { canonicalFloat64Bytes, sha256Hex } from "./sha256.js";
import { checkStateTags, configKey, decodeReplicaState, encodeReplicaState, type ReplicaState } from "./checkpoint.js";
import { StairsInputError } from "../errors.js";
import { WASM_SHA256 } from "../wasm/wasm.js";

/** Why a learner stopped, by the wasm's failure codes (assembly/replica.ts). */
function failureReason(kernels: Kernels, failure: number): string {
  const c = codes(kernels).failure;
  if (failure === c.nonFinite) return "non-finite weights (an entry, or the squared norm, overflowed)";
  if (failure === c.zeroNorm) return "the spherical step produced the zero vector";
  return `failure code ${failure}`;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A finite number, or null (JSON has no NaN or infinity). */
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export class ReplicaRun {
  readonly replica: number;
  readonly config: ExperimentConfig;
  readonly grid: number[];
  private readonly kernels: Kernels;
  private readonly learner: Learner;
  private readonly testState: number;
  private readonly scoreOut: number;
  private readonly checkpoints: Checkpoint[] = [];
  private nextCheckpoint = 0;
  private diverged: ReplicaResult["diverged"] = null;
  private freed = false;

  /** `config` must be resolved (resolveExperimentConfig). measureStart: false when a restore follows. */
  constructor(kernels: Kernels, config: ExperimentConfig, replica: number, measureStart = true) {
    this.kernels = kernels;
    this.config = config;
    this.replica = replica;
    this.grid = checkpointSteps(kernels, config.steps, config.record.points);
    this.testState = kernels.alloc(codes(kernels).streamBytes);
    this.scoreOut = kernels.alloc(16);
    kernels.streamInit(this.testState, config.seed, TEST_STREAM(replica));
    this.learner = makeLearner(kernels, config, replica);
    if (measureStart) this.measureIfDue();
  }

  /** The whole state, to carry on later with the same bits (src/run/checkpoint.ts). */
  save(): ReplicaState {
    const stream = bytesView(this.kernels, this.learner.streamPtr(), codes(this.kernels).streamBytes).slice();
    return encodeReplicaState(
      { wasmSha256: WASM_SHA256, configKey: configKey(this.config), replica: this.replica },
      this.learner.saveHeader(),
      { nextCheckpoint: this.nextCheckpoint, diverged: this.diverged, checkpoints: this.checkpoints },
      concat(this.learner.parameters(), this.learner.saveInternal()),
      stream,
    );
  }

  /**
   * A replica of `config` (resolved) continued from a saved state; refuses a state of another build, of
   * another config, or a corrupt one (StairsInputError naming which).
   */
  static restore(kernels: Kernels, config: ExperimentConfig, state: unknown): ReplicaRun {
    const streamBytes = codes(kernels).streamBytes;
    const { header, parameters, stream } = decodeReplicaState(state, streamBytes);
    checkStateTags(header, WASM_SHA256, configKey(config));
    if (!Number.isInteger(header.replica) || header.replica < 0 || header.replica >= config.replicas) {
      throw new StairsInputError("state.replica", header.replica, `a replica of this config (0 to ${config.replicas - 1})`);
    }
    const run = new ReplicaRun(kernels, config, header.replica, false);
    try {
      const p = run.learner.parameters().length;
      const expected = p + run.learner.saveInternal().length;
      if (parameters.length !== expected) {
        throw new StairsInputError("state.bytes", `${parameters.length} numbers of learner state`, `${expected} (this config's learner)`);
      }
      run.learner.setParameters(parameters.subarray(0, p));
      run.learner.restoreInternal(parameters.subarray(p));
      bytesView(kernels, run.learner.streamPtr(), streamBytes).set(stream);
      run.learner.restoreHeader({ step: header.step, failure: header.failure, tracking: header.tracking, recovery: header.recovery });
      run.checkpoints.push(...header.checkpoints);
      run.nextCheckpoint = header.nextCheckpoint;
      run.diverged = header.diverged;
      return run;
    } catch (error) {
      run.free();
      throw error;
    }
  }

  /** The checkpoints measured so far, in step order (the array grows; copy it to keep a snapshot). */
  get checkpointsSoFar(): readonly Checkpoint[] {
    return this.checkpoints;
  }

  /** Steps done so far. */
  get step(): number {
    return this.learner.stepsDone();
  }

  get done(): boolean {
    return this.diverged !== null || this.nextCheckpoint >= this.grid.length;
  }

  /**
   * Runs at most `maxSteps` steps (never past the next checkpoint), measuring when a checkpoint is
   * reached; returns the number of steps run.
   */
  advance(maxSteps: number): number {
    if (this.done) return 0;
    const target = this.grid[this.nextCheckpoint];
    const n = Math.max(1, Math.min(maxSteps, target - this.step, 2 ** 30));
    const ran = this.learner.runChunk(n);
    if (ran < n) {
      const failure = this.learner.failure();
      this.diverged = { step: this.step + 1, reason: failureReason(this.kernels, failure) };
      return ran;
    }
    this.measureIfDue();
    return ran;
  }

  private score(mode: number): TestScore {
    const n = this.config.record.testSize;
    if (n === 0) return { accuracy: null, loss: null };
    this.learner.evaluate(this.testState, n, mode, this.scoreOut);
    const [accuracy, loss] = f64View(this.kernels, this.scoreOut, 2);
    return { accuracy: finite(accuracy), loss: finite(loss) };
  }

  private measureIfDue(): void {
    if (this.step !== this.grid[this.nextCheckpoint]) return;
    const { overlap, perUnit } = this.learner.overlaps();
    const checkpoint: Checkpoint = {
      step: this.step,
      overlap: { m: finite(overlap.m), u: finite(overlap.u), v: finite(overlap.v) },
      ...this.score(codes(this.kernels).testSet.model),
    };
    if (perUnit) checkpoint.perUnit = perUnit;
    if (this.config.record.censored) {
      const set = codes(this.kernels).testSet;
      checkpoint.censored = { mean: this.score(set.censoredMean), covariance: this.score(set.censoredCovariance) };
    }
    this.checkpoints.push(checkpoint);
    this.nextCheckpoint++;
  }

  /** The replica's result (call when done); the hash digests the parameters and the training stream. */
  result(): ReplicaResult {
    const recovery = (e: number) => {
      const step = this.learner.recoveryStep(e);
      return step < 0 ? null : step;
    };
    const parameters = canonicalFloat64Bytes(this.learner.parameters());
    const stream = bytesView(this.kernels, this.learner.streamPtr(), codes(this.kernels).streamBytes);
    const bytes = new Uint8Array(parameters.length + stream.length);
    bytes.set(parameters);
    bytes.set(stream, parameters.length);
    return {
      replica: this.replica,
      checkpoints: this.checkpoints,
      weakRecovery: { m: recovery(0), u: recovery(1), v: recovery(2) },
      hash: sha256Hex(bytes),
      diverged: this.diverged,
    };
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.learner.free();
    this.kernels.free(this.testState);
    this.kernels.free(this.scoreOut);
  }
}
