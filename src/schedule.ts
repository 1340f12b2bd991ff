// The schedule of an experiment, written once: which seeded stream feeds what, the SGD step sizes and the
// checkpoint grid. Step sizes and the grid are computed in the wasm (they are part of every result).
//
// Streams of seed S (see assembly/random.ts for the derivation of (S, index)):
//   (S, 0)       the spikes m, u, v of the model (or tensor PCA's v), shared by every replica and by the
//                model's own sampler;
//   sampling a model (src/model/sample.ts):
//   (S, 1)       the samples, in the per-sample order of assembly/model.ts;
//   (S, 2)       diagnostics of a sample (the starts of the tensor power method);
//   replica r of a run (src/run/replica.ts):
//   (S, 1 + 2r)  replica r's initial weights, then one fresh sample per step (batch samples per step);
//   (S, 2 + 2r)  replica r's test set, the same at every checkpoint (the censored sets share it).
import type { ExperimentConfig } from "./config/experiment.js";
import { readNumbers } from "./wasm/memory.js";
import type { Kernels } from "./wasm/wasm.js";

export const SPIKE_STREAM = 0;
export const SAMPLE_STREAM = 1;
export const DIAGNOSTIC_STREAM = 2;
export const TRAINING_STREAM = (replica: number) => 1 + 2 * replica;
export const TEST_STREAM = (replica: number) => 2 + 2 * replica;

export type StepSizes = { eta: number } | { etaW: number; etaA: number };

/**
 * Step sizes computed in the wasm (eta = lr d^-a for the neuron and tensor PCA; lrW / d and lrA / K for
 * a network).
 */
export function stepSizes(kernels: Kernels, config: ExperimentConfig): StepSizes {
  const learner = config.learner;
  const d = config.model.d;
  if (learner.kind === "neuron" || learner.kind === "tensor-pca") return { eta: kernels.learningRate(learner.lr, d, learner.lrExponent) };
  return { etaW: kernels.learningRate(learner.lrW, d, 1), etaA: kernels.learningRate(learner.lrA, learner.hidden, 1) };
}

/** The checkpoint grid of a config (computed in the wasm: it is part of the result). */
export function checkpointSteps(kernels: Kernels, steps: number, points: number): number[] {
  const out = kernels.alloc(8 * points);
  try {
    const n = kernels.geometricGrid(steps, points, out);
    return readNumbers(kernels, out, n);
  } finally {
    kernels.free(out);
  }
}
