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

// Why the last overlapOde stopped early (ODE_OK when it reached the last output time).
export const ODE_OK: i32 = 0;
/** An overlap became non-finite or left |alpha| <= ODE_BOUND (the integration lost the solution). */
export const ODE_NON_FINITE: i32 = 1;
/** The RK4 budget (maxSteps) ran out before the last output time. */
export const ODE_BUDGET: i32 = 2;
/** So stiff that a step would have to be below STIFF_FLOOR of the uniform grid's (hopeless within any budget). */
export const ODE_STIFF: i32 = 3;
const STIFF_FLOOR: f64 = 1.0 / 1048576.0; // 2^-20
// Overlaps are cosines, |alpha| <= 1 on the true solution; far past that the integration has failed.
const ODE_BOUND: f64 = 1e3;
// Stiffness. The noise term -(eta^2 d / 2) E[psi^2] alpha decays at the rate L = (eta^2 d / 2) E[psi^2]
// per SGD step, and polynomial activations make L large (E[psi^2] = 600 at alpha = 0 for He5, 4320 for
// He6): classical RK4 is stable only for h L <= 2.78. A uniform step with h r > STIFF, r = L + eta
// |E[psi h]| (the spherical restoring term too), switches the rest of the gap to Lawson's integrating-
// factor RK4 (Lawson, SIAM J. Numer. Anal. 4 (1967)): the decay at the rate L frozen at the step's start
// is integrated exactly (exp(-L h)), classical RK4 the remainder f(alpha) + L alpha, with steps
// h <= STIFF_TARGET / (eta |E[psi h]|) chosen again at every step. ReLU, tanh and erf never reach STIFF at
// the default step, so their trajectories are the uniform grid's, bit for bit.
const STIFF: f64 = 1.0;
const STIFF_TARGET: f64 = 0.5;

let odeFailure: i32 = ODE_OK;
let odeFailureStep: f64 = -1;

/** Why the last overlapOde stopped (ODE_OK, ODE_NON_FINITE, ODE_BUDGET, ODE_STIFF). */
export function overlapOdeFailure(): i32 {
  return odeFailure;
}

/** The last output step the last overlapOde reached before it stopped early, or -1. */
export function overlapOdeFailureStep(): f64 {
  return odeFailureStep;
}

// The rate r of the stiffness control, from the globals of the last evaluateDrift.
// @ts-ignore: decorator
@inline function stiffRate(eta: f64, d: f64): f64 {
  return 0.5 * eta * eta * d * psiSquared + eta * Math.abs(psiH);
}

// One RK4 step of size h from (am, au, av) in ode (3 doubles), k1 already evaluated there.
function rk4Step(c: Context, eta: f64, d: f64, h: f64, ode: usize, k: usize): void {
  const k1 = k, k2 = k + 24, k3 = k + 48, k4 = k + 72;
  const am = load<f64>(ode), au = load<f64>(ode, 8), av = load<f64>(ode, 16);
  rhs(c, eta, d, am + 0.5 * h * load<f64>(k1), au + 0.5 * h * load<f64>(k1, 8), av + 0.5 * h * load<f64>(k1, 16), k2);
  rhs(c, eta, d, am + 0.5 * h * load<f64>(k2), au + 0.5 * h * load<f64>(k2, 8), av + 0.5 * h * load<f64>(k2, 16), k3);
  rhs(c, eta, d, am + h * load<f64>(k3), au + h * load<f64>(k3, 8), av + h * load<f64>(k3, 16), k4);
  const sixth = h / 6.0;
  store<f64>(ode, am + sixth * (load<f64>(k1) + 2.0 * load<f64>(k2) + 2.0 * load<f64>(k3) + load<f64>(k4)));
  store<f64>(ode, au + sixth * (load<f64>(k1, 8) + 2.0 * load<f64>(k2, 8) + 2.0 * load<f64>(k3, 8) + load<f64>(k4, 8)), 8);
  store<f64>(ode, av + sixth * (load<f64>(k1, 16) + 2.0 * load<f64>(k2, 16) + 2.0 * load<f64>(k3, 16) + load<f64>(k4, 16)), 16);
}

// One step of Lawson's RK4 of size h from ode, decay rate L frozen; k holds f at ode (k1 of rhs).
// With N(alpha) = f(alpha) + L alpha, E = exp(-L h), E2 = exp(-L h / 2):
//   k1 = N(a), k2 = N(E2 (a + h/2 k1)), k3 = N(E2 a + h/2 k2), k4 = N(E a + h E2 k3),
//   a' = E a + h/6 (E k1 + 2 E2 (k2 + k3) + k4).
function lawsonStep(c: Context, eta: f64, d: f64, h: f64, L: f64, ode: usize, k: usize): void {
  const k1 = k, k2 = k + 24, k3 = k + 48, k4 = k + 72;
  const E = Math.exp(-L * h), E2 = Math.exp(-0.5 * L * h);
  for (let e = 0; e < 3; e++) store<f64>(at(k1, e), load<f64>(at(k1, e)) + L * load<f64>(at(ode, e)));
  const am = load<f64>(ode), au = load<f64>(ode, 8), av = load<f64>(ode, 16);
  let x = E2 * (am + 0.5 * h * load<f64>(k1)), y = E2 * (au + 0.5 * h * load<f64>(k1, 8)), z = E2 * (av + 0.5 * h * load<f64>(k1, 16));
  rhs(c, eta, d, x, y, z, k2);
  store<f64>(k2, load<f64>(k2) + L * x);
  store<f64>(k2, load<f64>(k2, 8) + L * y, 8);
  store<f64>(k2, load<f64>(k2, 16) + L * z, 16);
  x = E2 * am + 0.5 * h * load<f64>(k2);
  y = E2 * au + 0.5 * h * load<f64>(k2, 8);
  z = E2 * av + 0.5 * h * load<f64>(k2, 16);
  rhs(c, eta, d, x, y, z, k3);
  store<f64>(k3, load<f64>(k3) + L * x);
  store<f64>(k3, load<f64>(k3, 8) + L * y, 8);
  store<f64>(k3, load<f64>(k3, 16) + L * z, 16);
  x = E * am + h * E2 * load<f64>(k3);
  y = E * au + h * E2 * load<f64>(k3, 8);
  z = E * av + h * E2 * load<f64>(k3, 16);
  rhs(c, eta, d, x, y, z, k4);
  store<f64>(k4, load<f64>(k4) + L * x);
  store<f64>(k4, load<f64>(k4, 8) + L * y, 8);
  store<f64>(k4, load<f64>(k4, 16) + L * z, 16);
  const sixth = h / 6.0;
  for (let e = 0; e < 3; e++) {
    const o = <usize>e << 3;
    const combined = E * load<f64>(k1 + o) + 2.0 * E2 * (load<f64>(k2 + o) + load<f64>(k3 + o)) + load<f64>(k4 + o);
    store<f64>(ode + o, E * load<f64>(ode + o) + sixth * combined);
  }
}

// @ts-ignore: decorator
@inline function lost(ode: usize): bool {
  const s = Math.abs(load<f64>(ode)) + Math.abs(load<f64>(ode, 8)) + Math.abs(load<f64>(ode, 16));
  return !(s <= ODE_BOUND); // NaN too
}

/**
 * Integrates the overlap ODE by classical RK4 in the step count n, from alpha(0) = start (3 doubles) and
 * writes alpha at each of the nTimes output steps (ascending, >= 0; `times`) into out (nTimes x 3, rows
 * alpha_m, alpha_u, alpha_v). Between outputs the step is the largest equal division of the gap that
 * does not exceed maxStep (src/theory/dynamics.ts takes 0.1 / (eta max(1, eta d)) by default), refined
 * where the ODE is stiff (Lawson's RK4, STIFF above). Stops early, with NaN in the outputs not reached and the reason in
 * overlapOdeFailure(), when the overlaps leave [-ODE_BOUND, ODE_BOUND] or turn non-finite, or when more
 * than maxSteps RK4 steps would be needed (maxSteps <= 0 or NaN: no budget). Returns the number of RK4
 * steps taken. Deterministic: a fixed sequence of float operations.
 */
export function overlapOde(
  model: usize, activation: usize, loss: i32, eta: f64, d: f64, start: usize,
  times: usize, nTimes: i32, maxStep: f64, out: usize, maxSteps: f64,
): f64 {
  const c = contextCreate(model, activation, loss);
  const k = heap.alloc(4 * 24);
  const ode = heap.alloc(24);
  memory.copy(ode, start, 24);
  const budget = maxSteps > 0 ? maxSteps : Infinity;
  odeFailure = ODE_OK;
  odeFailureStep = -1;
  let n: f64 = 0;
  let total: f64 = 0;
  let j = 0;
  for (; j < nTimes && odeFailure == ODE_OK; j++) {
    const target = load<f64>(at(times, j));
    const gap = target - n;
    if (gap > 0) {
      const substeps = Math.ceil(gap / maxStep);
      const h = gap / substeps;
      let i: f64 = 0;
      let stiff = false;
      for (; i < substeps; i++) {
        if (total >= budget) { odeFailure = ODE_BUDGET; break; }
        rhs(c, eta, d, load<f64>(ode), load<f64>(ode, 8), load<f64>(ode, 16), k);
        if (h * stiffRate(eta, d) > STIFF) { stiff = true; break; }
        rk4Step(c, eta, d, h, ode, k);
        total += 1;
        if (lost(ode)) { odeFailure = ODE_NON_FINITE; break; }
      }
      if (stiff) {
        // k holds k1 at the current point; the rest of the gap by Lawson steps. A step is taken again at
        // half the size when the decay rate moved by more than STIFF_TARGET / h over it (L frozen is
        // then a poor model of the step); the rhs at the new point is the next step's k1.
        let remaining = gap - i * h;
        let L = 0.5 * eta * eta * d * psiSquared;
        let hs = Math.min(h, STIFF_TARGET / (eta * Math.abs(psiH)));
        const saved = heap.alloc(48);
        while (true) {
          if (!(hs >= h * STIFF_FLOOR)) { odeFailure = ODE_STIFF; break; }
          const count = Math.ceil(remaining / hs);
          const hh = count <= 1 ? remaining : remaining / count;
          memory.copy(saved, ode, 24);
          memory.copy(saved + 24, k, 24);
          lawsonStep(c, eta, d, hh, L, ode, k);
          total += 1;
          if (lost(ode)) { odeFailure = ODE_NON_FINITE; break; }
          if (total >= budget) { odeFailure = ODE_BUDGET; break; }
          rhs(c, eta, d, load<f64>(ode), load<f64>(ode, 8), load<f64>(ode, 16), k);
          const next = 0.5 * eta * eta * d * psiSquared;
          if (hh * Math.abs(next - L) > STIFF_TARGET) {
            memory.copy(ode, saved, 24); // again, at half the step
            memory.copy(k, saved + 24, 24);
            hs = 0.5 * hh;
            continue;
          }
          if (count <= 1) break;
          remaining -= hh;
          L = next;
          hs = Math.min(Math.min(h, 2.0 * hh), STIFF_TARGET / (eta * Math.abs(psiH)));
        }
        heap.free(saved);
      }
      if (odeFailure != ODE_OK) {
        odeFailureStep = n;
        break;
      }
      n = target;
    }
    const row = out + <usize>j * 24;
    memory.copy(row, ode, 24);
  }
  for (; j < nTimes; j++) {
    const row = out + <usize>j * 24;
    store<f64>(row, NaN);
    store<f64>(row, NaN, 8);
    store<f64>(row, NaN, 16);
  }
  heap.free(ode);
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
