// Bayes-optimal accuracies of a model of the MCM family and of its censored test sets (assembly/bayes.ts):
// the ceilings of the test accuracy on the censored sets (mean only; mean and covariance) and on the full
// test set. The mean problem is closed form; the other two a seeded Monte Carlo in the wasm with its
// standard error, on streams (seed, BAYES_STREAM) and (seed, BAYES_STREAM + 1).
import { StairsInputError, checkInteger, checkSeed } from "../errors.js";
import { resolveModelConfig, type ModelConfig } from "../config/model.js";
import { Stream } from "../random.js";
import type { Kernels } from "../wasm/wasm.js";
import { readNumbers, withScratch } from "../wasm/memory.js";
import { codes } from "../wasm/codes.js";
import { withModel } from "./kernels.js";

/** The stream index of the covariance problem's draws (the full problem's is one more). */
export const BAYES_STREAM = 0xba7e5;
export const BAYES_DEFAULT_SAMPLES = 1 << 20;
export const BAYES_MAX_SAMPLES = 1 << 30;

export interface BayesEstimate {
  accuracy: number;
  /** 0 for the closed form; the Monte Carlo's standard error otherwise. */
  standardError: number;
  method: "closed form" | "monte carlo";
}

export interface BayesAccuracies {
  /** The y = +1 class replaced by N(beta_m m, I): the accuracy reachable from the mean alone. */
  mean: BayesEstimate;
  /** Replaced by the Gaussian with the class's mean and covariance: from the first two cumulants. */
  covariance: BayesEstimate;
  /** The model itself: from every cumulant. */
  full: BayesEstimate;
  samples: number;
  seed: number;
  streams: { covariance: string; full: string };
}

export interface BayesOptions {
  samples?: number;
  seed?: number;
}

/** The three Bayes accuracies of a resolved MCM-family model config (the spikes play no part). */
export function bayesAccuracies(kernels: Kernels, model: ModelConfig, options: BayesOptions = {}): BayesAccuracies {
  const samples = options.samples ?? BAYES_DEFAULT_SAMPLES;
  const seed = options.seed ?? 0;
  checkInteger("bayes.samples", samples, 2, BAYES_MAX_SAMPLES, "2^30");
  checkSeed("bayes.seed", seed);
  return withModel(kernels, model, (ptr) => {
    const one = (problem: "mean" | "covariance" | "full", index: number): BayesEstimate => {
      const stream = new Stream(kernels, seed, index);
      try {
        return withScratch(kernels, [2], ([out]) => {
          kernels.bayesAccuracy(ptr, stream.statePtr, codes(kernels).bayes[problem], samples, out);
          const [accuracy, standardError] = readNumbers(kernels, out, 2);
          return { accuracy, standardError, method: problem === "mean" ? "closed form" : "monte carlo" };
        });
      } finally {
        stream.free();
      }
    };
    return {
      mean: one("mean", BAYES_STREAM),
      covariance: one("covariance", BAYES_STREAM),
      full: one("full", BAYES_STREAM + 1),
      samples,
      seed,
      streams: { covariance: `(seed, ${BAYES_STREAM})`, full: `(seed, ${BAYES_STREAM + 1})` },
    };
  });
}

/** `stairs.bayesAccuracy(modelConfig, options)`: validates the model config first. */
export function bayesAccuraciesOf(kernels: Kernels, modelInput: unknown, options: BayesOptions = {}): BayesAccuracies {
  const model = resolveModelConfig(modelInput);
  if ((model as { kind: string }).kind === "tensor-pca") {
    throw new StairsInputError("model.kind", "tensor-pca", "one of the MCM family (gaussian, mixture, spiked-covariance, spiked-cumulant, mcm)");
  }
  return bayesAccuracies(kernels, model, options);
}
