// One replica of an experiment, advanced in slices: its model, learner and test-set state live in the
// wasm; between checkpoints the wasm runs whole chunks of steps, and at each checkpoint it measures the
// overlaps and scores the learner on a test set regenerated from a saved stream state.
//
// Streams (seed = config.seed, r = replica index, see assembly/random.ts for the derivation):
//   (seed, 0)      the spikes m, u, v (shared by every replica, the same as the model's own sampler);
//   (seed, 1 + 2r) replica r's initial weights, then one fresh sample per step (batch samples per step);
//   (seed, 2 + 2r) replica r's test set, the same at every checkpoint (the censored sets share it).
// A replica depends on nothing else, so results do not depend on which worker runs it, nor on how its
// steps are sliced into calls.
import { WasmModel } from "../model/model.js";
import type { Kernels } from "../wasm.js";
import { activationForm, WasmActivation } from "./activation.js";
import type { ExperimentConfig, NetworkConfig, NeuronConfig } from "./config.js";
import type { TensorPcaLearnerConfig, TensorPcaModelConfig } from "../tensorpca/config.js";
import { TensorPcaLearner } from "../tensorpca/learner.js";
import type { Checkpoint, Overlap, ReplicaResult, TestScore } from "./result.js";
import { canonicalFloat64Bytes, sha256Hex } from "./sha256.js";

export const TRAINING_STREAM = (replica: number) => 1 + 2 * replica;
export const TEST_STREAM = (replica: number) => 2 + 2 * replica;
export const SPIKE_STREAM = 0;

const LOSS = { correlation: 0, square: 1, logistic: 2 } as const;
const TEST_MODEL = 0;
const CENSORED_MEAN = 1;
const CENSORED_COVARIANCE = 2;
const FAILURE_REASON: Record<number, string> = {
  1: "non-finite weights (an entry, or the squared norm, overflowed)",
  2: "the spherical step produced the zero vector",
};

/** The learner-specific half of a replica (both wrap a state made in the wasm). */
interface Learner {
  readonly ptr: number;
  runChunk(n: number): number;
  stepsDone(): number;
  failure(): number;
  recoveryStep(direction: number): number;
  /** Overlaps and, for a network, the per-unit overlaps. */
  overlaps(): { overlap: Overlap; perUnit?: Overlap[] };
  evaluate(testState: number, n: number, mode: number, out: number): void;
  /** The parameters, in a fixed order, for the hash. */
  parameters(): Float64Array;
  streamPtr(): number;
  free(): void;
}

/**
 * Step sizes computed in the wasm (eta = lr d^-a for the neuron and tensor PCA; lrW / d and lrA / K for
 * a network).
 */
export function stepSizes(kernels: Kernels, config: ExperimentConfig): { eta: number } | { etaW: number; etaA: number } {
  const learner = config.learner;
  const d = config.model.d;
  if (learner.kind === "neuron" || learner.kind === "tensor-pca") return { eta: kernels.learningRate(learner.lr, d, learner.lrExponent) };
  return { etaW: kernels.learningRate(learner.lrW, d, 1), etaA: kernels.learningRate(learner.lrA, learner.hidden, 1) };
}

/** The learner of a replica, with the model and activation it samples from and owns. */
function makeLearner(kernels: Kernels, config: ExperimentConfig, replica: number): Learner {
  if (config.model.kind === "tensor-pca") return makeTensorPcaLearner(kernels, config, replica);
  const spikeStream = kernels.alloc(32);
  kernels.streamInit(spikeStream, config.seed, SPIKE_STREAM);
  const model = new WasmModel(kernels, config.model, spikeStream);
  kernels.free(spikeStream);
  const activation = new WasmActivation(kernels, activationForm((config.learner as NeuronConfig | NetworkConfig).activation));
  const learner = makeCumulantLearner(kernels, config, model.ptr, activation.ptr, replica);
  return {
    ...learner,
    free() {
      learner.free();
      activation.free();
      model.free();
    },
  };
}

/** Tensor PCA: one hidden direction v (reported as the overlap with v; m and u do not exist, null). */
function makeTensorPcaLearner(kernels: Kernels, config: ExperimentConfig, replica: number): Learner {
  const model = config.model as TensorPcaModelConfig;
  const learner = config.learner as TensorPcaLearnerConfig;
  const { eta } = stepSizes(kernels, config) as { eta: number };
  const tensor = new TensorPcaLearner(
    kernels,
    { d: model.d, order: model.order, beta: model.beta, eta, noise: learner.noise, threshold: config.recovery.threshold },
    config.seed, SPIKE_STREAM, TRAINING_STREAM(replica),
  );
  const ptr = tensor.ptr;
  return {
    ptr,
    runChunk: (n) => tensor.run(n),
    stepsDone: () => kernels.replicaStepsDone(ptr),
    failure: () => kernels.replicaFailure(ptr),
    recoveryStep: (e) => kernels.replicaRecoveryStep(ptr, e),
    overlaps: () => ({ overlap: { m: NaN, u: NaN, v: tensor.overlap() } }),
    evaluate: (_state, _n, _mode, out) => new Float64Array(kernels.memory.buffer, out, 2).fill(NaN),
    parameters: () => tensor.weights(),
    streamPtr: () => kernels.replicaStream(ptr),
    free: () => tensor.free(),
  };
}

function makeCumulantLearner(kernels: Kernels, config: ExperimentConfig, model: number, activation: number, replica: number): Learner {
  const learner = config.learner as NeuronConfig | NetworkConfig;
  const d = config.model.d;
  const threshold = config.recovery.threshold;
  const training = TRAINING_STREAM(replica);
  if (learner.kind === "neuron") {
    const { eta } = stepSizes(kernels, config) as { eta: number };
    const ptr = kernels.neuronCreate(model, activation, LOSS[learner.loss], eta, threshold, config.seed, training);
    const scratch = kernels.alloc(24);
    return {
      ptr,
      runChunk: (n) => kernels.neuronRunChunk(ptr, n),
      stepsDone: () => kernels.replicaStepsDone(ptr),
      failure: () => kernels.replicaFailure(ptr),
      recoveryStep: (e) => kernels.replicaRecoveryStep(ptr, e),
      overlaps() {
        kernels.neuronOverlaps(ptr, scratch);
        const [m, u, v] = new Float64Array(kernels.memory.buffer, scratch, 3);
        return { overlap: { m, u, v } };
      },
      evaluate: (state, n, mode, out) => kernels.neuronEvaluate(ptr, state, n, mode, out),
      parameters: () => new Float64Array(kernels.memory.buffer, kernels.neuronWeights(ptr), d).slice(),
      streamPtr: () => kernels.replicaStream(ptr),
      free() {
        kernels.free(scratch);
        kernels.neuronFree(ptr);
      },
    };
  }
  // bit 0: trained, bit 1: random +-1/K start (assembly/network.ts)
  const SECOND_LAYER = { fixed: 0, trained: 1, random: 2, "random-trained": 3 } as const;
  const { etaW, etaA } = stepSizes(kernels, config) as { etaW: number; etaA: number };
  const K = learner.hidden;
  const ptr = kernels.networkCreate(
    model, activation, K, LOSS[learner.loss], etaW, etaA,
    SECOND_LAYER[learner.secondLayer], learner.spherical ? 1 : 0, learner.bias ? 1 : 0, learner.batch,
    threshold, config.seed, training,
  );
  const scratch = kernels.alloc(24 * K);
  return {
    ptr,
    runChunk: (n) => kernels.networkRunChunk(ptr, n),
    stepsDone: () => kernels.replicaStepsDone(ptr),
    failure: () => kernels.replicaFailure(ptr),
    recoveryStep: (e) => kernels.replicaRecoveryStep(ptr, e),
    overlaps() {
      kernels.networkOverlaps(ptr, scratch);
      const all = new Float64Array(kernels.memory.buffer, scratch, 3 * K);
      const perUnit: Overlap[] = [];
      for (let k = 0; k < K; k++) perUnit.push({ m: all[3 * k], u: all[3 * k + 1], v: all[3 * k + 2] });
      const pick = (e: "m" | "u" | "v") => perUnit.reduce((best, unit) => (Math.abs(unit[e]) > Math.abs(best) ? unit[e] : best), perUnit[0][e]);
      return { overlap: { m: pick("m"), u: pick("u"), v: pick("v") }, perUnit };
    },
    evaluate: (state, n, mode, out) => kernels.networkEvaluate(ptr, state, n, mode, out),
    parameters() {
      const out = new Float64Array(K * d + K + 1);
      out.set(new Float64Array(kernels.memory.buffer, kernels.networkWeights(ptr), K * d));
      out.set(new Float64Array(kernels.memory.buffer, kernels.networkSecondLayer(ptr), K), K * d);
      out[K * d + K] = kernels.networkBias(ptr);
      return out;
    },
    streamPtr: () => kernels.replicaStream(ptr),
    free() {
      kernels.free(scratch);
      kernels.networkFree(ptr);
    },
  };
}

/** A finite number, or null (JSON has no NaN or infinity). */
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The checkpoint grid of a config (computed in the wasm: it is part of the result). */
export function checkpointSteps(kernels: Kernels, steps: number, points: number): number[] {
  const out = kernels.alloc(8 * points);
  try {
    const n = kernels.geometricGrid(steps, points, out);
    return Array.from(new Float64Array(kernels.memory.buffer, out, n));
  } finally {
    kernels.free(out);
  }
}

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

  /** `config` must be resolved (resolveExperimentConfig). */
  constructor(kernels: Kernels, config: ExperimentConfig, replica: number) {
    this.kernels = kernels;
    this.config = config;
    this.replica = replica;
    this.grid = checkpointSteps(kernels, config.steps, config.record.points);
    this.testState = kernels.alloc(32);
    this.scoreOut = kernels.alloc(16);
    kernels.streamInit(this.testState, config.seed, TEST_STREAM(replica));
    this.learner = makeLearner(kernels, config, replica);
    this.measureIfDue();
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
      this.diverged = { step: this.step + 1, reason: FAILURE_REASON[failure] ?? `failure code ${failure}` };
      return ran;
    }
    this.measureIfDue();
    return ran;
  }

  private score(mode: number): TestScore {
    const n = this.config.record.testSize;
    if (n === 0) return { accuracy: null, loss: null };
    this.learner.evaluate(this.testState, n, mode, this.scoreOut);
    const [accuracy, loss] = new Float64Array(this.kernels.memory.buffer, this.scoreOut, 2);
    return { accuracy: finite(accuracy), loss: finite(loss) };
  }

  private measureIfDue(): void {
    if (this.step !== this.grid[this.nextCheckpoint]) return;
    const { overlap, perUnit } = this.learner.overlaps();
    const checkpoint: Checkpoint = {
      step: this.step,
      overlap: { m: finite(overlap.m), u: finite(overlap.u), v: finite(overlap.v) },
      ...this.score(TEST_MODEL),
    };
    if (perUnit) checkpoint.perUnit = perUnit;
    if (this.config.record.censored) {
      checkpoint.censored = { mean: this.score(CENSORED_MEAN), covariance: this.score(CENSORED_COVARIANCE) };
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
    const stream = new Uint8Array(this.kernels.memory.buffer, this.learner.streamPtr(), 32);
    const bytes = new Uint8Array(parameters.length + 32);
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
