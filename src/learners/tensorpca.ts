// Tensor PCA as a learner (assembly/tensorpca.ts): TensorPcaLearner wraps one learner in the wasm (its
// weights, its hidden direction, the stream that feeds its steps); tensorPcaLearner adapts it to Learner.
import type { Kernels } from "../wasm/wasm.js";
import { f64View, readF64, writeF64 } from "../wasm/memory.js";
import type { TensorPcaLearnerConfig, TensorPcaModelConfig } from "../config/tensorpca.js";
import { SPIKE_STREAM, stepSizes, TRAINING_STREAM } from "../schedule.js";
import { replicaHeader, type LearnerFactory } from "./learner.js";

export type TensorNoise = "sampled" | "explicit";

export interface TensorPcaParameters {
  d: number;
  order: number;
  beta: number;
  eta: number;
  noise: TensorNoise;
  /** Weak recovery of v: the first step with |w.v| >= threshold is recorded in the wasm. */
  threshold: number;
}

export class TensorPcaLearner {
  readonly ptr: number;
  readonly d: number;
  private readonly kernels: Kernels;

  /** v is drawn from stream (seed, spikeIndex), the start w and every step's noise from (seed, trainingIndex). */
  constructor(kernels: Kernels, parameters: TensorPcaParameters, seed: number, spikeIndex: number, trainingIndex: number) {
    this.kernels = kernels;
    this.d = parameters.d;
    const { d, order, beta, eta, noise, threshold } = parameters;
    this.ptr = kernels.tensorPcaCreate(d, order, beta, eta, noise === "explicit" ? 1 : 0, threshold, seed, spikeIndex, trainingIndex);
  }

  /** w.v (both unit vectors). */
  overlap(): number {
    return this.kernels.tensorPcaOverlap(this.ptr);
  }

  /** Runs n steps inside the wasm; returns the number done (fewer if w stopped being finite). */
  run(n: number): number {
    return this.kernels.tensorPcaRun(this.ptr, n);
  }

  /** One draw of the spherical gradient at the current w (a copy). */
  gradient(): Float64Array {
    return readF64(this.kernels, this.kernels.tensorPcaGradient(this.ptr), this.d);
  }

  weights(): Float64Array {
    return readF64(this.kernels, this.kernels.tensorPcaWeights(this.ptr), this.d);
  }

  spike(): Float64Array {
    return readF64(this.kernels, this.kernels.tensorPcaSpike(this.ptr), this.d);
  }

  /** Overwrites w (e.g. to test the gradient at a chosen point); w must be a unit vector. */
  setWeights(w: ArrayLike<number>): void {
    writeF64(this.kernels, this.kernels.tensorPcaWeights(this.ptr), w);
  }

  free(): void {
    this.kernels.tensorPcaFree(this.ptr);
  }
}

/** Tensor PCA as a replica's learner: one hidden direction v (reported as the overlap with v; m and u do not exist). */
export const tensorPcaLearner: LearnerFactory = (kernels, config, replica) => {
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
    ...replicaHeader(kernels, ptr),
    runChunk: (n) => tensor.run(n),
    overlaps: () => ({ overlap: { m: NaN, u: NaN, v: tensor.overlap() } }),
    evaluate: (_state, _n, _mode, out) => f64View(kernels, out, 2).fill(NaN), // no test set: scores are null
    parameters: () => tensor.weights(),
    saveInternal: () => new Float64Array(0), // no state between chunks besides the parameters
    restoreInternal: () => undefined,
    setParameters: (values) => tensor.setWeights(values.subarray(0, model.d)),
    free: () => tensor.free(),
  };
};
