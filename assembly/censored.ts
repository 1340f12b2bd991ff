// Test sets: the model itself, or a "censored" copy whose y = +1 class is replaced by a Gaussian with
// the same mean (CENSORED_MEAN) or the same mean and covariance (CENSORED_COVARIANCE) (docs/science.md
// section 4). A learner that scores as well on a censored set as on the real one uses only the
// moments the censoring keeps; the gap measures what it takes from the higher cumulants.
//
// Moments of the y = +1 class (docs/science.md section 2): E[x] = beta_m m and
//   Cov[x] = I + beta_u u u^T + rho (u v^T + v u^T),  rho = sqrt(beta_u beta_v / (1 + beta_v)) E[lambda nu],
// which differs from I only on span(u, v), where it is C = [[1 + beta_u, rho], [rho, 1]]. The censored
// covariance sampler draws z ~ N(0, I_d), reads its coordinates (z.u, z.v) (independent N(0, 1), as u, v
// are orthonormal) and replaces them by L (z.u, z.v) with L the Cholesky factor of C:
//   x = z + beta_m m + (L11 z_u - z_u) u + (L21 z_u + L22 z_v - z_v) v,   O(d), no d x d matrix.
//
// Draws per censored sample from the bound stream: one uniform for y, then d normals (nothing else).
import { uniform, bind, unbind, normalPairs, STREAM_BYTES } from "./random";
import { lossValue } from "./loss";
import { dot } from "./vector";
import { normalPdf } from "./special";
import { Model, sampleInto, addSpikes, COUPLING_SIGN, COUPLING_PARTIAL } from "./model";
import { at } from "./memory";

export const TEST_MODEL: i32 = 0;
export const CENSORED_MEAN: i32 = 1;
export const CENSORED_COVARIANCE: i32 = 2;

/**
 * E[lambda nu] of the model's coupling. sign (nu = high iff lambda > t): E[lambda 1{lambda > t}] = phi(t),
 * so E[lambda nu] = phi(t) (high - low), sqrt(2/pi) for a Rademacher nu (t = 0); partial(p): p times that
 * (the independent branch contributes 0); independent, even and cubic couplings: 0 (nu is independent of
 * lambda, or an even function of it, or the cubic sign pattern whose first moment vanishes by
 * the choice of sqrt(2 ln 2)).
 */
export function latentCorrelation(model: Model): f64 {
  if (model.coupling != COUPLING_SIGN && model.coupling != COUPLING_PARTIAL) return 0.0;
  const t = model.threshold;
  const comonotone = normalPdf(t) * (model.nuHigh - model.nuLow);
  return model.coupling == COUPLING_SIGN ? comonotone : model.p * comonotone;
}

// Cholesky factor of C, set by prepareTestSampler for the model in use.
let cholUU: f64 = 1.0;
let cholVU: f64 = 0.0;
let cholVV: f64 = 1.0;

/** rho = Cov[u.x, v.x] of the y = +1 class. */
export function crossCovariance(model: Model): f64 {
  return model.sqrtBetaU * model.vSignal * latentCorrelation(model);
}

export function prepareTestSampler(model: Model): void {
  const rho = crossCovariance(model);
  cholUU = Math.sqrt(1.0 + model.sqrtBetaU * model.sqrtBetaU);
  cholVU = rho / cholUU;
  cholVV = Math.sqrt(1.0 - cholVU * cholVU); // > 0: rho^2 <= beta_u E[lambda nu]^2 < 1 + beta_u
}

/** One censored sample into x from the bound stream (call prepareTestSampler first); returns y. */
export function censoredSampleInto(model: Model, x: usize, mode: i32): f64 {
  const d = model.d;
  const y: f64 = uniform() < model.prior ? 1.0 : -1.0;
  normalPairs(x, d);
  if (y > 0) {
    if (mode == CENSORED_MEAN) {
      addSpikes(x, model.betaM, model.m, 0.0, model.u, 0.0, model.v, d);
    } else {
      const zu = dot(model.u, x, d);
      const zv = dot(model.v, x, d);
      const tu = cholUU * zu;
      const tv = cholVU * zu + cholVV * zv;
      addSpikes(x, model.betaM, model.m, tu - zu, model.u, tv - zv, model.v, d);
    }
  } else if (model.labelledMean != 0) {
    addSpikes(x, -model.betaM, model.m, 0.0, model.u, 0.0, model.v, d);
  }
  return y;
}

/** A test sample of the given mode (TEST_MODEL: the model's own sampler). */
// @ts-ignore: decorator
@inline export function testSampleInto(model: Model, x: usize, mode: i32): f64 {
  return mode == TEST_MODEL ? sampleInto(model, x) : censoredSampleInto(model, x, mode);
}

/** n censored samples (rows of xOut, n x d) and labels, for tests of the censored laws. */
export function censoredSampleBatch(ptr: usize, state: usize, mode: i32, n: i32, xOut: usize, yOut: usize): void {
  const model = changetype<Model>(ptr);
  prepareTestSampler(model);
  const rowBytes = <usize>model.d << 3;
  bind(state);
  for (let s = 0; s < n; s++) store<f64>(at(yOut, s), censoredSampleInto(model, xOut + <usize>s * rowBytes, mode));
  unbind(state);
}

/** E[lambda nu] and rho of a model, exported for tests and theory. */
export function modelLatentCorrelation(ptr: usize): f64 {
  return latentCorrelation(changetype<Model>(ptr));
}

/**
 * The one test-set evaluation of the learners: accuracy and mean loss over n samples regenerated from the
 * saved stream state `testState` (copied into learner.testStream, never advanced: every checkpoint sees
 * the same test set), into out[0] and out[1]. Predicts y = +1 iff learner.output(x) > tau; the loss is
 * lossValue(learner.loss, y, output). Sums are sequential in sample order. L is a learner with the fields
 * model, testStream, x, loss and the method output(x) (Neuron, Network); generic, so each learner gets its
 * own compiled copy with no indirect call.
 */
export function evaluateTestSet<L>(learner: L, testState: usize, n: i32, mode: i32, tau: f64, out: usize): void {
  const model = learner.model;
  const x = learner.x;
  memory.copy(learner.testStream, testState, STREAM_BYTES);
  prepareTestSampler(model);
  let correct: f64 = 0;
  let total: f64 = 0;
  bind(learner.testStream);
  for (let s = 0; s < n; s++) {
    const y = testSampleInto(model, x, mode);
    const output = learner.output(x);
    const predicted: f64 = output > tau ? 1.0 : -1.0;
    if (predicted == y) correct += 1;
    total += lossValue(learner.loss, y, output);
  }
  unbind(learner.testStream);
  store<f64>(out, correct / <f64>n, 0);
  store<f64>(out, total / <f64>n, 8);
}
