// The code tables of the kernels, read from the module's exported globals (assembly/index.ts): the
// integers that name an activation kind, a loss, a test set, a latent law, a coupling or a failure (and
// the bounds and sizes the TypeScript layer needs) are defined once, in the AssemblyScript, and never copied here.
import type { Kernels } from "./wasm.js";

export interface Codes {
  activation: { relu: number; tanh: number; erf: number; hermite: number };
  loss: { correlation: number; square: number; logistic: number };
  testSet: { model: number; censoredMean: number; censoredCovariance: number };
  latent: { rademacher: number; skewed: number };
  coupling: { independent: number; sign: number; partial: number; even: number; cubic: number };
  failure: { none: number; nonFinite: number; zeroNorm: number };
  /** networkCreate's second-layer bits (assembly/network.ts). */
  secondLayer: { trained: number; random: number };
  /** bayesAccuracy's problems (assembly/bayes.ts). */
  bayes: { mean: number; covariance: number; full: number };
  maxHermiteDegree: number;
  /** The size of a stream state (assembly/random.ts). */
  streamBytes: number;
}

const cache = new WeakMap<Kernels, Codes>();

/** The code tables of an instance (read once per instance). */
export function codes(kernels: Kernels): Codes {
  let c = cache.get(kernels);
  if (c === undefined) {
    const k = kernels;
    c = {
      activation: { relu: k.ACTIVATION_RELU.value, tanh: k.ACTIVATION_TANH.value, erf: k.ACTIVATION_ERF.value, hermite: k.ACTIVATION_HERMITE.value },
      loss: { correlation: k.LOSS_CORRELATION.value, square: k.LOSS_SQUARE.value, logistic: k.LOSS_LOGISTIC.value },
      testSet: { model: k.TEST_MODEL.value, censoredMean: k.CENSORED_MEAN.value, censoredCovariance: k.CENSORED_COVARIANCE.value },
      latent: { rademacher: k.LATENT_RADEMACHER.value, skewed: k.LATENT_SKEWED.value },
      coupling: {
        independent: k.COUPLING_INDEPENDENT.value, sign: k.COUPLING_SIGN.value, partial: k.COUPLING_PARTIAL.value,
        even: k.COUPLING_EVEN.value, cubic: k.COUPLING_CUBIC.value,
      },
      failure: { none: k.FAILURE_NONE.value, nonFinite: k.FAILURE_NON_FINITE.value, zeroNorm: k.FAILURE_ZERO_NORM.value },
      secondLayer: { trained: k.SECOND_LAYER_TRAINED.value, random: k.SECOND_LAYER_RANDOM.value },
      bayes: { mean: k.BAYES_MEAN.value, covariance: k.BAYES_COVARIANCE.value, full: k.BAYES_FULL.value },
      maxHermiteDegree: k.MAX_HERMITE_DEGREE.value,
      streamBytes: k.STREAM_BYTES.value,
    };
    cache.set(kernels, c);
  }
  return c;
}
