// The deterministic high-dimensional limit of the single neuron's overlap dynamics (docs/science.md section 3),
// integrated in the wasm.
//
// Reduction. For w on the unit sphere with overlaps alpha = (alpha_m, alpha_u, alpha_v), and the MCM
// sample of model.ts, x = z + beta_m m + sqrt(beta_u) lambda u + (s_v nu - c (v.z)) v with
// s_v = sqrt(beta_v / (1 + beta_v)), c = 1 - 1/sqrt(1 + beta_v):
//   y = +1:  h = w.x = beta_m alpha_m + sqrt(beta_u) alpha_u lambda + s_v alpha_v nu + G,
//            G = (w - c alpha_v v).z ~ N(0, s^2),  s^2 = |w - c alpha_v v|^2 = 1 - s_v^2 alpha_v^2
//            (because 2c - c^2 = beta_v / (1 + beta_v)), G independent of (lambda, nu);
//   y = -1:  h = xi ~ N(0, 1) (minus beta_m alpha_m with the labelled mean).
// The loss gradient is g = -psi(h, y) x with psi = y sigma'(h) (correlation loss -y sigma) or
// (y - sigma(h)) sigma'(h) (square loss (y - sigma)^2 / 2). The spherical drift of alpha_e is
//   D_e = E[-g_s . e] = E[psi x.e] - alpha_e E[psi h],
// and every x.e splits into a latent part and a Gaussian part whose regression on G is exact:
//   E[psi z.e] = (Cov(z.e, G) / s^2) E[psi G], Cov = alpha_m, alpha_u, alpha_v / (1 + beta_v) for the
//   parts of x.m, x.u, x.v,
// so, with A0 = E_G[psi], A1 = E_G[psi G/s], averaged over (lambda, nu) as E[.]:
//   E[psi x.m] = beta_m E[A0] + (alpha_m / s) E[A1]
//   E[psi x.u] = sqrt(beta_u) E[lambda A0] + (alpha_u / s) E[A1]
//   E[psi x.v] = s_v E[nu A0] + (alpha_v / (s (1 + beta_v))) E[A1]
//   E[psi h]   = E[a A0 + s A1]            (a = the latent part of h)
// The y = -1 class adds nothing to D_e (its law is rotation invariant; with the labelled mean it adds
// E[psi_-] beta_m (alpha_e alpha_m - [e = m])).
//
// One spherical step w' = (w - eta g_s) / |w - eta g_s| changes alpha_e by
//   -eta g_s.e - (eta^2 / 2) |g_s|^2 alpha_e + O(eta^3 |g_s|^3),
// and E|g_s|^2 = d E[psi^2] + O(1). Averaged over a step (the d -> infinity limit at fixed eta d), the
// overlaps follow the ODE in the step count n
//   d alpha_e / dn = eta D_e(alpha) - (eta^2 d / 2) E[psi^2](alpha) alpha_e,
// integrated here by classical RK4 with a fixed step (below), from alpha_e(0) = 1/sqrt(d) by default.
//
// Quadrature: lambda by the coupling's composite rule (hermite.ts lambdaRule: cut at the coupling's
// thresholds, where nu jumps), nu exactly (two values with P(high | lambda)), G in closed form for ReLU
// (truncated normal moments: psi is a polynomial in G on the half-line where h > 0) and by Gauss-Hermite
// otherwise (XI_NODES below; exact for Hermite activations).
import { Activation, RELU, HERMITE, activationValue, activationDerivative } from "./activation";
import { Model } from "./model";
import { Rule, gaussHermiteRule, ruleFree, node, weight } from "./quadrature";
import { lambdaRule, probabilityHigh } from "./hermite";
import { normalCdf, normalPdf } from "./special";
import { at } from "./memory";

// The loss codes are loss.ts's (the population drift covers correlation and square loss only).
import { CORRELATION as LOSS_CORRELATION, SQUARE as LOSS_SQUARE } from "./loss";

// Gauss-Hermite nodes in G for a smooth activation: tanh and erf 48 (tanh's poles at +-i pi/2 limit the
// drift to ~1e-5 relative; erf is entire), a Hermite series of degree p 2p + 1, exact for psi^2 G (degree
// <= 4p - 1 with the square loss).
const XI_NODES: i32 = 48;

// A drift evaluation's fixed parts: the model, the activation and loss, the rules.
@unmanaged
class Context {
  model: Model;
  activation: Activation;
  loss: i32;
  lambdas: Rule;
  xis: Rule; // unused (n = 0) for ReLU
  /** P(nu = high | lambda_i) for each lambda node. */
  high: usize;
}

function contextCreate(model: usize, activation: usize, loss: i32): Context {
  const c = changetype<Context>(heap.alloc(offsetof<Context>()));
  c.model = changetype<Model>(model);
  c.activation = changetype<Activation>(activation);
  c.loss = loss;
  c.lambdas = lambdaRule(c.model);
  const kind = c.activation.kind;
  c.xis = gaussHermiteRule(kind == RELU ? 1 : kind == HERMITE ? 2 * c.activation.degree + 1 : XI_NODES);
  c.high = heap.alloc(<usize>c.lambdas.n << 3);
  for (let i = 0; i < c.lambdas.n; i++) store<f64>(at(c.high, i), probabilityHigh(c.model, node(c.lambdas, i)));
  return c;
}

function contextFree(c: Context): void {
  ruleFree(c.lambdas);
  ruleFree(c.xis);
  heap.free(c.high);
  heap.free(changetype<usize>(c));
}

// Results of the G-expectation for one (a, s, y): A0 = E[psi], A1 = E[psi xi], A2 = E[psi^2], h = a + s xi.
let A0: f64 = 0, A1: f64 = 0, A2: f64 = 0;

// @ts-ignore: decorator
@inline function psiOf(c: Context, h: f64, y: f64): f64 {
  const d = activationDerivative(c.activation, h);
  return c.loss == LOSS_CORRELATION ? y * d : (y - activationValue(c.activation, h)) * d;
}

function gaussianMoments(c: Context, a: f64, s: f64, y: f64): void {
  if (c.activation.kind == RELU) {
    // h > 0 <=> xi > t = -a/s. Truncated moments M_k = E[xi^k 1[xi > t]]:
    // M0 = Phi(-t), M1 = phi(t), M2 = Phi(-t) + t phi(t).
    const t = -a / s;
    const M0 = normalCdf(-t);
    const M1 = normalPdf(t);
    const M2 = M0 + t * M1;
    if (c.loss == LOSS_CORRELATION) {
      // psi = y 1[h > 0]
      A0 = y * M0;
      A1 = y * M1;
      A2 = M0;
    } else {
      // psi = (y - a - s xi) 1[h > 0]
      const b = y - a;
      A0 = b * M0 - s * M1;
      A1 = b * M1 - s * M2;
      A2 = b * b * M0 - 2.0 * b * s * M1 + s * s * M2;
    }
    return;
  }
  const rule = c.xis;
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0;
  for (let i = 0; i < rule.n; i++) {
    const xi = node(rule, i);
    const w = weight(rule, i);
    const psi = psiOf(c, a + s * xi, y);
    s0 += w * psi;
    s1 += w * psi * xi;
    s2 += w * psi * psi;
  }
  A0 = s0;
  A1 = s1;
  A2 = s2;
}

// Drift outputs of the last evaluation: D_m, D_u, D_v, E[psi^2] (both classes), E[psi h] (y = +1).
let driftM: f64 = 0, driftU: f64 = 0, driftV: f64 = 0, psiSquared: f64 = 0, psiH: f64 = 0;

/**
 * The population drift D_e(alpha) and E[psi^2] (see the file comment). Sums over lambda nodes in
 * ascending order, nu high before low, each term weighted by w_lambda P(nu | lambda).
 */
function evaluateDrift(c: Context, am: f64, au: f64, av: f64): void {
  const m = c.model;
  const oneMinusC = 1.0 - m.whitening; // 1/sqrt(1 + beta_v), so (1 - c)^2 = 1/(1 + beta_v)
  let s2 = 1.0 - m.vSignal * m.vSignal * av * av;
  if (s2 < 1e-12) s2 = 1e-12;
  const s = Math.sqrt(s2);
  let S0: f64 = 0, SL: f64 = 0, SN: f64 = 0, S1: f64 = 0, SH: f64 = 0, S2: f64 = 0;
  const base = m.betaM * am;
  const uCoef = m.sqrtBetaU * au;
  const vCoef = m.vSignal * av;
  const lambdas = c.lambdas;
  for (let i = 0; i < lambdas.n; i++) {
    const lambda = node(lambdas, i);
    const wl = weight(lambdas, i);
    const pHigh = load<f64>(at(c.high, i));
    for (let branch = 0; branch < 2; branch++) {
      const p = branch == 0 ? pHigh : 1.0 - pHigh;
      if (p == 0) continue;
      const nu = branch == 0 ? m.nuHigh : m.nuLow;
      const a = base + uCoef * lambda + vCoef * nu;
      gaussianMoments(c, a, s, 1.0);
      const w = wl * p;
      S0 += w * A0;
      SL += w * lambda * A0;
      SN += w * nu * A0;
      S1 += w * A1;
      SH += w * (a * A0 + s * A1);
      S2 += w * A2;
    }
  }
  const q = m.prior;
  const dm = m.betaM * S0 + (am / s) * S1 - am * SH;
  const du = m.sqrtBetaU * SL + (au / s) * S1 - au * SH;
  const dv = m.vSignal * SN + ((av * oneMinusC * oneMinusC) / s) * S1 - av * SH;
  // y = -1: h = -beta_m alpha_m [labelled] + xi
  gaussianMoments(c, m.labelledMean != 0 ? -base : 0.0, 1.0, -1.0);
  const minusPsi = A0;
  const minusPsiSquared = A2;
  driftM = q * dm;
  driftU = q * du;
  driftV = q * dv;
  if (m.labelledMean != 0) {
    driftM += (1.0 - q) * minusPsi * m.betaM * (am * am - 1.0);
    driftU += (1.0 - q) * minusPsi * m.betaM * am * au;
    driftV += (1.0 - q) * minusPsi * m.betaM * am * av;
  }
  psiSquared = q * S2 + (1.0 - q) * minusPsiSquared;
  psiH = SH;
}

/**
 * For tests and the API: out = [D_m, D_u, D_v, E psi^2, E[psi h | y = +1]] at overlaps alpha (3 doubles).
 * model from modelCreate, activation from activationCreate, loss 0 correlation / 1 square.
 */
export function populationDrift(model: usize, activation: usize, loss: i32, alpha: usize, out: usize): void {
  const c = contextCreate(model, activation, loss);
  evaluateDrift(c, load<f64>(alpha), load<f64>(alpha, 8), load<f64>(alpha, 16));
  store<f64>(out, driftM);
  store<f64>(out, driftU, 8);
  store<f64>(out, driftV, 16);
  store<f64>(out, psiSquared, 24);
  store<f64>(out, psiH, 32);
  contextFree(c);
}

// RK4 right-hand side: k = eta D(alpha) - (eta^2 d / 2) E[psi^2] alpha, into kOut (3 doubles).
function rhs(c: Context, eta: f64, d: f64, am: f64, au: f64, av: f64, kOut: usize): void {
  evaluateDrift(c, am, au, av);
  const decay = 0.5 * eta * eta * d * psiSquared;
  store<f64>(kOut, eta * driftM - decay * am);
  store<f64>(kOut, eta * driftU - decay * au, 8);
  store<f64>(kOut, eta * driftV - decay * av, 16);
}

/**
 * Integrates the overlap ODE by classical RK4 in the step count n, from alpha(0) = start (3 doubles) and
 * writes alpha at each of the nTimes output steps (ascending, >= 0; `times`) into out (nTimes x 3, rows
 * alpha_m, alpha_u, alpha_v). Between outputs the step is the largest equal division of the gap that
 * does not exceed maxStep; src/theory/dynamics.ts takes 0.1 / (eta max(1, eta d)) by default.
 * Returns the number of RK4 steps taken. Deterministic: a fixed sequence of float operations.
 */
export function overlapOde(
  model: usize, activation: usize, loss: i32, eta: f64, d: f64, start: usize,
  times: usize, nTimes: i32, maxStep: f64, out: usize,
): f64 {
  const c = contextCreate(model, activation, loss);
  const k = heap.alloc(4 * 24);
  const k1 = k, k2 = k + 24, k3 = k + 48, k4 = k + 72;
  let am = load<f64>(start), au = load<f64>(start, 8), av = load<f64>(start, 16);
  let n: f64 = 0;
  let total: f64 = 0;
  for (let j = 0; j < nTimes; j++) {
    const target = load<f64>(at(times, j));
    const gap = target - n;
    if (gap > 0) {
      const substeps = Math.ceil(gap / maxStep);
      const h = gap / substeps;
      for (let i: f64 = 0; i < substeps; i++) {
        rhs(c, eta, d, am, au, av, k1);
        rhs(c, eta, d, am + 0.5 * h * load<f64>(k1), au + 0.5 * h * load<f64>(k1, 8), av + 0.5 * h * load<f64>(k1, 16), k2);
        rhs(c, eta, d, am + 0.5 * h * load<f64>(k2), au + 0.5 * h * load<f64>(k2, 8), av + 0.5 * h * load<f64>(k2, 16), k3);
        rhs(c, eta, d, am + h * load<f64>(k3), au + h * load<f64>(k3, 8), av + h * load<f64>(k3, 16), k4);
        const sixth = h / 6.0;
        am += sixth * (load<f64>(k1) + 2.0 * load<f64>(k2) + 2.0 * load<f64>(k3) + load<f64>(k4));
        au += sixth * (load<f64>(k1, 8) + 2.0 * load<f64>(k2, 8) + 2.0 * load<f64>(k3, 8) + load<f64>(k4, 8));
        av += sixth * (load<f64>(k1, 16) + 2.0 * load<f64>(k2, 16) + 2.0 * load<f64>(k3, 16) + load<f64>(k4, 16));
      }
      total += substeps;
      n = target;
    }
    const row = out + <usize>j * 24;
    store<f64>(row, am);
    store<f64>(row, au, 8);
    store<f64>(row, av, 16);
  }
  heap.free(k);
  contextFree(c);
  return total;
}

/**
 * The drift table of one direction for the stochastic description (escape.ts): at each of the n overlaps
 * alphas[i] of direction `which` (0 m, 1 u, 2 v; the other overlaps 0), D_which into outDrift[i] and
 * E[psi^2] into outPsiSquared[i] (evaluateDrift, one context for the whole table).
 */
export function driftTable(model: usize, activation: usize, loss: i32, which: i32, alphas: usize, n: i32, outDrift: usize, outPsiSquared: usize): void {
  const c = contextCreate(model, activation, loss);
  for (let i = 0; i < n; i++) {
    const a = load<f64>(alphas + (<usize>i << 3));
    evaluateDrift(c, which == 0 ? a : 0.0, which == 1 ? a : 0.0, which == 2 ? a : 0.0);
    store<f64>(outDrift + (<usize>i << 3), which == 0 ? driftM : which == 1 ? driftU : driftV);
    store<f64>(outPsiSquared + (<usize>i << 3), psiSquared);
  }
  contextFree(c);
}
