// Hermite theory in the wasm: Hermite coefficients of activations and the Hermite moments of the latents.
//
// Convention (docs/science.md section 3): c_k = E[sigma(xi) He_k(xi)], xi ~ N(0, 1), He_k the probabilists'
// Hermite polynomials (He_0 = 1, He_1 = x, He_{k+1} = x He_k - k He_{k-1}). No 1/k! normalisation: the
// expansion is sigma = sum_k c_k He_k / k!, so sigma = He_j has c_j = j! and c_k = 0 otherwise.
//
// Quadrature: a smooth activation (tanh, erf, Hermite series) uses the Gauss-Hermite rule of
// quadrature.ts with SMOOTH_NODES nodes, summed in mirror pairs (x_i, -x_i) from the outermost pair inward,
// so that an odd integrand sums to exactly 0. ReLU has a kink at 0 where Gauss-Hermite converges only
// algebraically, so it uses the composite normal rule cut at 0 (KINK_* below), which is exact to rounding
// for a polynomial on each side times the normal density.
import { Activation, activationValue, RELU } from "./activation";
import { Model, COUPLING_INDEPENDENT, COUPLING_SIGN, COUPLING_PARTIAL, COUPLING_EVEN } from "./model";
import { coupledHigh } from "./latent";
import { Rule, gaussHermiteRule, normalRule, ruleFree, node, weight } from "./quadrature";
import { hermiteAll } from "./special";
import { at } from "./memory";

export const SMOOTH_NODES: i32 = 200;
const KINK_L: f64 = 30.0; // phi(30) = 1.5e-196: nothing beyond matters for degree <= 60
const KINK_PANEL: f64 = 1.0;
const KINK_ORDER: i32 = 20;

// Scratch for He_0..He_K at one node.
let scratch: usize = 0;
let scratchLength: i32 = 0;
function hermiteScratch(K: i32): usize {
  if (K + 1 > scratchLength) {
    if (scratch != 0) heap.free(scratch);
    scratchLength = K + 1;
    scratch = heap.alloc(<usize>scratchLength << 3);
  }
  return scratch;
}

// out[k] += w * f * He_k(x) for k = 0..K.
function accumulate(out: usize, K: i32, w: f64, f: f64, x: f64): void {
  const h = hermiteScratch(K);
  hermiteAll(x, K, h);
  const wf = w * f;
  for (let k = 0; k <= K; k++) {
    const cell = at(out, k);
    store<f64>(cell, load<f64>(cell) + wf * load<f64>(at(h, k)));
  }
}

// sigma(x)^power for power 1 or 2.
// @ts-ignore: decorator
@inline function integrand(a: Activation, x: f64, power: i32): f64 {
  const s = activationValue(a, x);
  return power == 2 ? s * s : s;
}

/**
 * c_k = E[sigma(xi)^power He_k(xi)] for k = 0..K into out (K + 1 doubles), power 1 (the activation's
 * Hermite coefficients) or 2 (those of sigma^2, which the square loss needs). Order of summation: see the
 * file comment. Accuracy: ReLU to ~1e-15 absolute for K <= 30; Hermite series exactly (to rounding) while
 * power * degree + K < 2 * SMOOTH_NODES; tanh and erf to ~1e-14.
 */
export function hermiteCoefficients(activation: usize, K: i32, power: i32, out: usize): void {
  const a = changetype<Activation>(activation);
  memory.fill(out, 0, <usize>(K + 1) << 3);
  if (a.kind == RELU) {
    const kink = heap.alloc(8);
    store<f64>(kink, 0.0);
    const rule = normalRule(kink, 1, KINK_L, KINK_PANEL, KINK_ORDER);
    heap.free(kink);
    for (let i = 0; i < rule.n; i++) {
      const x = node(rule, i);
      accumulate(out, K, weight(rule, i), integrand(a, x, power), x);
    }
    ruleFree(rule);
    return;
  }
  const rule = gaussHermiteRule(SMOOTH_NODES);
  const n = rule.n;
  const h = hermiteScratch(K);
  // mirror pairs, outermost first: He_k(-x) = (-1)^k He_k(x), so the pair contributes
  // w (f(x) + (-1)^k f(-x)) He_k(x), which is exactly 0 for an integrand of the opposite parity
  for (let i = 0; i < n >> 1; i++) {
    const x = node(rule, n - 1 - i);
    const w = weight(rule, n - 1 - i);
    const fPlus = integrand(a, x, power);
    const fMinus = integrand(a, -x, power);
    const even = w * (fPlus + fMinus);
    const odd = w * (fPlus - fMinus);
    hermiteAll(x, K, h);
    for (let k = 0; k <= K; k++) {
      const cell = at(out, k);
      store<f64>(cell, load<f64>(cell) + (k & 1 ? odd : even) * load<f64>(at(h, k)));
    }
  }
  if (n & 1) accumulate(out, K, weight(rule, n >> 1), integrand(a, 0.0, power), 0.0);
  ruleFree(rule);
}

// ---- latents -------------------------------------------------------------------------------------

/** E[He_j(nu)] for j = 0..K into out: nu's two-point law (nuHigh w.p. r, else nuLow). E[He_3] = kappa_3, E[He_4] = kappa_4. */
export function latentHermiteMoments(model: usize, K: i32, out: usize): void {
  const m = changetype<Model>(model);
  const hi = hermiteScratch(K);
  for (let j = 0; j <= K; j++) store<f64>(at(out, j), 0.0);
  hermiteAll(m.nuHigh, K, hi);
  for (let j = 0; j <= K; j++) store<f64>(at(out, j), m.r * load<f64>(at(hi, j)));
  hermiteAll(m.nuLow, K, hi);
  for (let j = 0; j <= K; j++) {
    const cell = at(out, j);
    store<f64>(cell, load<f64>(cell) + (1.0 - m.r) * load<f64>(at(hi, j)));
  }
}

// The lambda rule of a coupling: Gauss-Hermite when nu does not depend on lambda (the integrands are then
// smooth in lambda), else the composite normal rule cut where nu jumps. Measured on the population drift
// (beta_u = 5, beta_v = 20, overlaps up to 0.95) against rules of four times the nodes: ReLU within 1e-10
// (Gauss-Hermite) and 2e-15 (composite), Hermite activations within 1e-13.
const LAMBDA_SMOOTH_NODES: i32 = 48;
const LAMBDA_L: f64 = 9.0; // 2 Phi(-9) = 2e-19
const LAMBDA_PANEL: f64 = 1.0;
const LAMBDA_ORDER: i32 = 10;

/** The breakpoints in lambda of the model's coupling (ascending), into breaks (<= 3 doubles); returns their count. */
export function couplingBreaks(m: Model, breaks: usize): i32 {
  const t = m.threshold;
  switch (m.coupling) {
    case COUPLING_INDEPENDENT:
      return 0;
    case COUPLING_SIGN:
    case COUPLING_PARTIAL:
      store<f64>(breaks, t);
      return 1;
    case COUPLING_EVEN:
      store<f64>(breaks, -t);
      store<f64>(breaks + 8, t);
      return 2;
    default:
      // cubic: nu = sign(lambda) sign(|lambda| - t)
      store<f64>(breaks, -t);
      store<f64>(breaks + 8, 0.0);
      store<f64>(breaks + 16, t);
      return 3;
  }
}

/**
 * P(nu = nuHigh | lambda) for the model's coupling (see model.ts drawNu): independent r; sign 1[lambda > t];
 * partial p 1[lambda > t] + (1 - p) r; even 1[|lambda| >= t]; cubic 1[sign(lambda) sign(|lambda| - t) > 0].
 */
export function probabilityHigh(m: Model, lambda: f64): f64 {
  if (m.coupling == COUPLING_INDEPENDENT) return m.r;
  const coupled: f64 = coupledHigh(m.coupling, m.threshold, lambda) ? 1.0 : 0.0;
  return m.coupling == COUPLING_PARTIAL ? m.p * coupled + (1.0 - m.p) * m.r : coupled;
}

/** The lambda rule of the model's coupling (free with ruleFree): see LAMBDA_* above. */
export function lambdaRule(m: Model): Rule {
  if (m.coupling == COUPLING_INDEPENDENT) return gaussHermiteRule(LAMBDA_SMOOTH_NODES);
  const breaks = heap.alloc(24);
  const nb = couplingBreaks(m, breaks);
  const rule = normalRule(breaks, nb, LAMBDA_L, LAMBDA_PANEL, LAMBDA_ORDER);
  heap.free(breaks);
  return rule;
}

/**
 * E[He_k(lambda) nu] (power = 0) or E[lambda^k nu] (power = 1) for k = 0..K into out, by the coupling's
 * lambda rule with E[nu | lambda] = nuLow + (nuHigh - nuLow) P(high | lambda). The correlation exponent
 * k* is the smallest k with E[He_k(lambda) nu] != 0; E[lambda nu] is entry 1.
 */
export function couplingMoments(model: usize, K: i32, power: i32, out: usize): void {
  const m = changetype<Model>(model);
  memory.fill(out, 0, <usize>(K + 1) << 3);
  const rule = lambdaRule(m);
  const h = hermiteScratch(K);
  for (let i = 0; i < rule.n; i++) {
    const lambda = node(rule, i);
    const nuMean = m.nuLow + (m.nuHigh - m.nuLow) * probabilityHigh(m, lambda);
    const w = weight(rule, i) * nuMean;
    if (power == 0) hermiteAll(lambda, K, h);
    let pw: f64 = 1.0;
    for (let k = 0; k <= K; k++) {
      const cell = at(out, k);
      const basis = power == 0 ? load<f64>(at(h, k)) : pw;
      store<f64>(cell, load<f64>(cell) + w * basis);
      pw *= lambda;
    }
  }
  ruleFree(rule);
}
