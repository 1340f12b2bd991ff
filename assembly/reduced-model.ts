// A fresh sample of the data models seen only through its coordinates along the spikes m, u, v: the part
// of the reduced engine (docs/reduced-engine.md) shared by every learner of the mixed cumulant model.
//
// With z ~ N(0, I_d) and g_e = e.z (independent N(0, 1), the spikes being orthonormal), the coordinates
// x_e = e.x of a sample (assembly/model.ts) are, for y = -1, x_m = g_m (-beta_m + g_m with the labelled
// mean), x_u = g_u, x_v = g_v; for y = +1,
//   x_m = beta_m + g_m,  x_u = sqrt(beta_u) lambda + g_u,
//   x_v = sqrt(beta_v/(1+beta_v)) nu + (1 - c) g_v     (v.S z = (1 - c) g_v, S v = (1 - c) v),
// with 1 - c = 1/sqrt(1 + beta_v). The censored test sets (assembly/censored.ts) replace the y = +1 class
// by N(beta_m m, I) (x_u = g_u, x_v = g_v) or by the Gaussian with the same covariance, whose (u, v) block
// is L L^T: (x_u, x_v) = L (g_u, g_v). The rest of the sample, orthogonal to the spikes, is N(0, I_(d-3))
// and independent of all of this; each learner draws its coordinates in its own frame.
//
// The model is one made by modelCreate with d = 0: only its law's parameters are read, no spike exists.
// Draws from the bound stream, per sample: one uniform for y; three normals g_m, g_u, g_v; then, for
// y = +1 in the model's own law only, one normal for lambda and the coupling's draws (drawNu).
import { uniform } from "./random";
import { normal } from "./reduced-random";
import { Model, drawNu } from "./model";
import { TEST_MODEL, CENSORED_MEAN, cholUU, cholVU, cholVV } from "./censored";

// The coordinates of the last sample drawn.
export let sampleM: f64 = 0;
export let sampleU: f64 = 0;
export let sampleV: f64 = 0;

/**
 * One sample's spike coordinates (sampleM, sampleU, sampleV) of the given mode; returns y. For the censored
 * modes call prepareTestSampler(model) first (it sets the factor L).
 */
export function reducedSample(model: Model, mode: i32): f64 {
  const y: f64 = uniform() < model.prior ? 1.0 : -1.0;
  const gm = normal();
  const gu = normal();
  const gv = normal();
  if (y > 0) {
    sampleM = model.betaM + gm;
    if (mode == TEST_MODEL) {
      const lambda = normal();
      const nu = drawNu(model, lambda);
      sampleU = model.sqrtBetaU * lambda + gu;
      sampleV = model.vSignal * nu + (1.0 - model.whitening) * gv;
    } else if (mode == CENSORED_MEAN) {
      sampleU = gu;
      sampleV = gv;
    } else {
      sampleU = cholUU * gu;
      sampleV = cholVU * gu + cholVV * gv;
    }
  } else {
    sampleM = model.labelledMean != 0 ? gm - model.betaM : gm;
    sampleU = gu;
    sampleV = gv;
  }
  return y;
}
