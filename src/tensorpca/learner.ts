// One tensor-PCA learner in the wasm (assembly/tensorpca.ts): its weights, its hidden direction and the
// stream that feeds its steps.
import type { Kernels } from "../wasm.js";

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
    return new Float64Array(this.kernels.memory.buffer, this.kernels.tensorPcaGradient(this.ptr), this.d).slice();
  }

  weights(): Float64Array {
    return new Float64Array(this.kernels.memory.buffer, this.kernels.tensorPcaWeights(this.ptr), this.d).slice();
  }

  spike(): Float64Array {
    return new Float64Array(this.kernels.memory.buffer, this.kernels.tensorPcaSpike(this.ptr), this.d).slice();
  }

  /** Overwrites w (e.g. to test the gradient at a chosen point); w must be a unit vector. */
  setWeights(w: ArrayLike<number>): void {
    new Float64Array(this.kernels.memory.buffer, this.kernels.tensorPcaWeights(this.ptr), this.d).set(w);
  }

  free(): void {
    this.kernels.tensorPcaFree(this.ptr);
  }
}
