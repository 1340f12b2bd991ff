// Bayes-optimal test accuracies of the MCM family and of its censored test sets (docs/science.md section 8):
// the best accuracy any classifier can reach when it sees the mean only, the mean and the covariance, or
// the whole law of the y = +1 class. A network's accuracy on a censored set is bounded by these numbers.
//
// Reduction. Both classes have the same law orthogonal to span(m, u, v) (the isotropic N(0, I)), so the
// likelihood ratio depends on x only through its coordinates x_S = (x_m, x_u, x_v) along the spikes:
//   y = -1:  x_S ~ N(0, I_3)      (x_m ~ N(-beta_m, 1) with the labelled mean)
//   y = +1:  x_m = beta_m + g_m,  x_u = sqrt(beta_u) lambda + g_u,  x_v = s_v nu + g_v / sqrt(1 + beta_v)
// (s_v = sqrt(beta_v / (1 + beta_v)); the whitening S scales the v-part by 1/sqrt(1 + beta_v)). Given x_u,
// lambda ~ N(mu, tau^2), mu = sqrt(beta_u) x_u / (1 + beta_u), tau^2 = 1 / (1 + beta_u), and every
// coupling makes P(nu = high | lambda) piecewise constant with cuts at +-t (latent.ts), so
//   p_+(x_u, x_v) = N(x_u; 0, 1 + beta_u) sum_nu P(nu | x_u) N(x_v; s_v nu, 1 / (1 + beta_v))
// with P(high | x_u) a sum of normal CDFs (highGivenXu below): the full density is closed form.
// The censored problems replace the y = +1 class by N(beta_m m, I) (mean) or by the Gaussian with its mean
// and covariance, C = [[1 + beta_u, rho], [rho, 1]] on span(u, v) (covariance; censored.ts).
//
// Accuracy. With prior q = P(y = +1) the Bayes accuracy is E_x[max(P(+1 | x), P(-1 | x))]
//   = E_x[1 / (1 + exp(-|L(x)|))],   L = ln(q p_+ / ((1 - q) p_-)),
// x drawn from the mixture. For the mean alone it is closed form: L is affine in x_m, the rule is a
// threshold x_m > t, and the accuracy q Phi(beta_m - t) + (1 - q) Phi(t - mu_-) (mu_- = -beta_m labelled,
// else 0; beta_m = 0: max(q, 1 - q)). The other two are estimated by a seeded Monte Carlo of the
// posterior's maximum (Rao-Blackwellised: the average of a number in [1/2, 1], not of a 0/1 indicator),
// with its standard error. Draws per sample from the bound stream: one uniform for y, three normals;
// y = +1 (full law) adds one normal for lambda and one uniform for nu; summed in draw order.
import { bind, unbind, uniform } from "./random";
import { normal } from "./reduced-random"; // the non-inlined normal: the Monte Carlo is cold code
import { normalCdf } from "./special";
import { Model, COUPLING_INDEPENDENT, COUPLING_SIGN, COUPLING_PARTIAL, COUPLING_EVEN } from "./model";
import { latentCorrelation } from "./censored";
import { probabilityHigh } from "./hermite";

export const BAYES_MEAN: i32 = 0;
export const BAYES_COVARIANCE: i32 = 1;
export const BAYES_FULL: i32 = 2;

/** P(nu = high | x_u): P(high | lambda) averaged over lambda ~ N(mu, tau^2) (the cuts of latent.ts). */
function highGivenXu(model: Model, mu: f64, tau: f64): f64 {
  const t = model.threshold;
  const above = normalCdf((mu - t) / tau); // P(lambda > t)
  switch (model.coupling) {
    case COUPLING_INDEPENDENT:
      return model.r;
    case COUPLING_SIGN:
      return above;
    case COUPLING_PARTIAL:
      return model.p * above + (1.0 - model.p) * model.r;
    case COUPLING_EVEN:
      return above + normalCdf((-t - mu) / tau); // P(|lambda| >= t)
    default:
      // cubic: nu = +1 iff lambda > t or -t < lambda < 0
      return above + (normalCdf(-mu / tau) - normalCdf((-t - mu) / tau));
  }
}

// ln p_+(x_S) - ln p_-(x_S) of the full law, the (m) part included.
function logRatioFull(model: Model, xm: f64, xu: f64, xv: f64): f64 {
  const betaU = model.sqrtBetaU * model.sqrtBetaU;
  const minusMean: f64 = model.labelledMean != 0 ? -model.betaM : 0.0;
  const dm = xm - model.betaM, dmMinus = xm - minusMean;
  let l = 0.5 * (dmMinus * dmMinus - dm * dm);
  // u: N(x_u; 0, 1 + beta_u) against N(x_u; 0, 1)
  l += 0.5 * xu * xu * (1.0 - 1.0 / (1.0 + betaU)) - 0.5 * Math.log(1.0 + betaU);
  // v given x_u: a two-point mixture of N(s_v nu, sigma^2), sigma^2 = 1 - s_v^2 = 1/(1 + beta_v)
  const sigma2 = 1.0 - model.vSignal * model.vSignal;
  const tau = 1.0 / Math.sqrt(1.0 + betaU);
  const pHigh = highGivenXu(model, model.sqrtBetaU * xu * tau * tau, tau);
  const eh = xv - model.vSignal * model.nuHigh, el = xv - model.vSignal * model.nuLow;
  // log-sum-exp of the two branches around the larger exponent
  const ah = -0.5 * eh * eh / sigma2, al = -0.5 * el * el / sigma2;
  const top = Math.max(ah, al);
  const mix = pHigh * Math.exp(ah - top) + (1.0 - pHigh) * Math.exp(al - top);
  l += top + Math.log(mix) - 0.5 * Math.log(sigma2) + 0.5 * xv * xv;
  return l;
}

// ln p_+ - ln p_- of the covariance-censored law N((beta_m, 0, 0), diag(1, C)).
function logRatioCovariance(model: Model, rho: f64, xm: f64, xu: f64, xv: f64): f64 {
  const betaU = model.sqrtBetaU * model.sqrtBetaU;
  const minusMean: f64 = model.labelledMean != 0 ? -model.betaM : 0.0;
  const dm = xm - model.betaM, dmMinus = xm - minusMean;
  const det = (1.0 + betaU) - rho * rho;
  // x^T C^-1 x with C^-1 = [[1, -rho], [-rho, 1 + beta_u]] / det
  const quad = (xu * xu - 2.0 * rho * xu * xv + (1.0 + betaU) * xv * xv) / det;
  return 0.5 * (dmMinus * dmMinus - dm * dm) + 0.5 * (xu * xu + xv * xv - quad) - 0.5 * Math.log(det);
}

/** The mean-only Bayes accuracy, closed form (file comment). */
export function bayesMeanAccuracy(model: Model): f64 {
  const q = model.prior;
  const b = model.betaM;
  const best = Math.max(q, 1.0 - q);
  if (!(b > 0)) return best;
  const minusMean: f64 = model.labelledMean != 0 ? -b : 0.0;
  // L = (b - mu_-) x_m - (b^2 - mu_-^2) / 2 + ln(q / (1 - q)) > 0  <=>  x_m > t
  const gap = b - minusMean;
  const t = (0.5 * (b * b - minusMean * minusMean) - Math.log(q / (1.0 - q))) / gap;
  return q * normalCdf(b - t) + (1.0 - q) * normalCdf(t - minusMean);
}

/**
 * The Bayes accuracy of one problem (BAYES_MEAN, BAYES_COVARIANCE, BAYES_FULL) of model (modelCreate)
 * into out: [accuracy, standard error]. The mean problem is closed form (error 0, no draws); the others
 * average 1/(1 + e^-|L|) over n samples drawn from the stream at `state` (file comment), sequentially
 * in draw order; the standard error is sqrt(sample variance / n) (two running sums, then one pass).
 */
export function bayesAccuracy(ptr: usize, state: usize, problem: i32, n: i32, out: usize): void {
  const model = changetype<Model>(ptr);
  if (problem == BAYES_MEAN) {
    store<f64>(out, bayesMeanAccuracy(model));
    store<f64>(out, 0.0, 8);
    return;
  }
  const q = model.prior;
  const logPrior = Math.log(q / (1.0 - q));
  const minusMean: f64 = model.labelledMean != 0 ? -model.betaM : 0.0;
  const rho = model.sqrtBetaU * model.vSignal * latentCorrelation(model);
  const betaU = model.sqrtBetaU * model.sqrtBetaU;
  // Cholesky factor of C for the censored sampler (as censored.ts)
  const lUU = Math.sqrt(1.0 + betaU);
  const lVU = rho / lUU;
  const lVV = Math.sqrt(1.0 - lVU * lVU);
  const sigma = Math.sqrt(1.0 - model.vSignal * model.vSignal);
  bind(state);
  let sum: f64 = 0, sumSquares: f64 = 0;
  for (let i = 0; i < n; i++) {
    const plus = uniform() < q;
    const gm = normal(), gu = normal(), gv = normal();
    let xm: f64, xu: f64, xv: f64;
    if (!plus) {
      xm = minusMean + gm;
      xu = gu;
      xv = gv;
    } else if (problem == BAYES_COVARIANCE) {
      xm = model.betaM + gm;
      xu = lUU * gu;
      xv = lVU * gu + lVV * gv;
    } else {
      const lambda = normal();
      const nu = uniform() < probabilityHigh(model, lambda) ? model.nuHigh : model.nuLow;
      xm = model.betaM + gm;
      xu = model.sqrtBetaU * lambda + gu;
      xv = model.vSignal * nu + sigma * gv;
    }
    const l = logPrior + (problem == BAYES_COVARIANCE ? logRatioCovariance(model, rho, xm, xu, xv) : logRatioFull(model, xm, xu, xv));
    const a = 1.0 / (1.0 + Math.exp(-Math.abs(l)));
    sum += a;
    sumSquares += a * a;
  }
  unbind(state);
  const mean = sum / <f64>n;
  const variance = Math.max(0.0, (sumSquares - <f64>n * mean * mean) / <f64>(n - 1));
  store<f64>(out, mean);
  store<f64>(out, Math.sqrt(variance / <f64>n), 8);
}

