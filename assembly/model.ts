// The data models of docs/science.md section 2, sampled in O(d) per sample inside the wasm.
//
// y = +1 with probability `prior`, else -1. For y = -1, x = z ~ N(0, I_d) (or z - beta_m m with the
// labelled-mean option). For y = +1 (the mixed cumulant model; the other kinds switch terms off):
//
//   x = beta_m m + sqrt(beta_u) lambda u + S (sqrt(beta_v) nu v + z),   S = I - c v v^T,
//   c = 1 - 1/sqrt(1 + beta_v).
//
// S is applied as a rank-one update: S z = z - c (v.z) v and S v = (1 - c) v, so
//   x = z + beta_m m + sqrt(beta_u) lambda u + (sqrt(beta_v / (1 + beta_v)) nu - c (v.z)) v,
// one pass of d normals, one dot and one fused three-vector update; no d x d matrix exists anywhere.
//
// Order of draws from the bound stream, per sample (part of the determinism contract): one uniform for
// y; then d normals for z; then, for y = +1 only, one normal for lambda and the draws of nu's coupling
// (see drawNu).
import { alloc } from "./memory";
import { bind, unbind, normal, normalCall, uniform, rademacher, normalPairs, normalsWithFourDots, lastDotA, lastDotB, lastDotC, lastDotE } from "./random";
import { dot, norm, normalise } from "./vector";
import {
  LATENT_SKEWED,
  LATENT_RADEMACHER,
  COUPLING_INDEPENDENT,
  COUPLING_SIGN,
  COUPLING_PARTIAL,
  COUPLING_EVEN,
  couplingThreshold,
  coupledHigh,
  latentHigh,
  latentLow,
  latentR,
} from "./latent";
import { at } from "./memory";
// The latent and coupling codes live with their theory in latent.ts; re-exported here for the kernels
// that know them as the model's.
export {
  LATENT_RADEMACHER,
  LATENT_SKEWED,
  COUPLING_INDEPENDENT,
  COUPLING_SIGN,
  COUPLING_PARTIAL,
  COUPLING_EVEN,
  COUPLING_CUBIC,
} from "./latent";

@unmanaged
export class Model {
  d: i32;
  latent: i32;
  coupling: i32;
  labelledMean: i32;
  prior: f64;
  betaM: f64;
  sqrtBetaU: f64;
  /** sqrt(beta_v / (1 + beta_v)) = sqrt(beta_v) (1 - c): the amplitude of nu along v after whitening. */
  vSignal: f64;
  /** c = 1 - 1/sqrt(1 + beta_v). */
  whitening: f64;
  /** nu's law: nuHigh with probability r, else nuLow (Rademacher: 1, -1, r = 1/2). */
  nuHigh: f64;
  nuLow: f64;
  r: f64;
  /** partial(p): probability that nu follows lambda. */
  p: f64;
  /** The lambda threshold of the coupling (see drawNu). */
  threshold: f64;
  m: usize;
  u: usize;
  v: usize;
}

// Latents of the last sample drawn (for diagnostics: lambda, nu; NaN for y = -1).
export let lastLambda: f64 = NaN;
export let lastNu: f64 = NaN;

/**
 * Makes a model with zeroed spikes (fill them with modelDrawSpikes or by writing modelSpike's memory).
 * Arguments are validated by the TypeScript layer. Skewed latent: nu = (1 - r)/s with probability r,
 * -r/s otherwise, s = sqrt(r - r^2) (zero mean, unit variance).
 */
export function modelCreate(
  d: i32,
  prior: f64,
  betaM: f64,
  betaU: f64,
  betaV: f64,
  latent: i32,
  r: f64,
  coupling: i32,
  p: f64,
  labelledMean: i32,
): usize {
  const model = changetype<Model>(heap.alloc(offsetof<Model>()));
  model.d = d;
  model.latent = latent;
  model.coupling = coupling;
  model.labelledMean = labelledMean;
  model.prior = prior;
  model.betaM = betaM;
  model.sqrtBetaU = Math.sqrt(betaU);
  model.vSignal = Math.sqrt(betaV / (1.0 + betaV));
  model.whitening = 1.0 - 1.0 / Math.sqrt(1.0 + betaV);
  model.nuHigh = latentHigh(latent, r);
  model.nuLow = latentLow(latent, r);
  model.r = latentR(latent, r);
  model.p = p;
  // The coupling's lambda threshold (see assembly/latent.ts): P(nu = high) = r for every coupling.
  model.threshold = couplingThreshold(coupling, latent, r);
  const bytes = <usize>d << 3;
  model.m = alloc(bytes); // zero-filled
  model.u = alloc(bytes);
  model.v = alloc(bytes);
  return changetype<usize>(model);
}

export function modelFree(ptr: usize): void {
  const model = changetype<Model>(ptr);
  heap.free(model.m);
  heap.free(model.u);
  heap.free(model.v);
  heap.free(ptr);
}

/** Pointer to spike 0 = m, 1 = u, 2 = v (d doubles each). */
export function modelSpike(ptr: usize, which: i32): usize {
  const model = changetype<Model>(ptr);
  return which == 0 ? model.m : which == 1 ? model.u : model.v;
}

/**
 * Draws m, u, v orthonormal: three Gaussian vectors (d normals each, in the order m, u, v), then
 * modified Gram-Schmidt in the order m, u, v with dot's reduction order.
 */
export function modelDrawSpikes(ptr: usize, state: usize): void {
  const d = changetype<Model>(ptr).d;
  bind(state);
  for (let k = 0; k < 3; k++) {
    const e = modelSpike(ptr, k);
    drawNormals(e, d);
  }
  unbind(state);
  for (let k = 0; k < 3; k++) {
    const e = modelSpike(ptr, k);
    for (let j = 0; j < k; j++) {
      const f = modelSpike(ptr, j);
      const proj = dot(e, f, d);
      for (let i = 0; i < d; i++) {
        const o = <usize>i << 3;
        store<f64>(e + o, load<f64>(e + o) - proj * load<f64>(f + o));
      }
    }
    normalise(e, d);
  }
}

/** alpha_e = w.e / |w| for e = m, u, v into out[0..2]: 1 / |w| first (norm's order), then each dot times it. */
export function modelOverlaps(model: Model, w: usize, out: usize): void {
  const d = model.d;
  const inv = 1.0 / norm(w, d);
  store<f64>(out, dot(w, model.m, d) * inv, 0);
  store<f64>(out, dot(w, model.u, d) * inv, 8);
  store<f64>(out, dot(w, model.v, d) * inv, 16);
}

// Rows 1, 2, 3 of the 4 x 4 Sylvester-Hadamard matrix H_4 = H_2 (x) H_2, as sign bits (bit c set: -1 in
// column c): (+ - + -), (+ + - -), (+ - - +). They are mutually orthogonal and each sums to zero.
const HADAMARD_ROWS: u32 = 0b1010 | (0b1100 << 4) | (0b0110 << 8);

/**
 * Hypercube spikes (d divisible by 4, checked by the TypeScript layer): entries +-1/sqrt(d) whose sign
 * patterns are exactly orthogonal. Column labels c_i are d/4 copies of 0, 1, 2, 3, put in a uniformly random
 * order (Fisher-Yates, i = d-1 down to 1, j = floor(uniform() (i + 1)); the bias of floor(uniform() k) is
 * below 2^-53 k); then spike k has entry s_i H_4[k+1][c_i] / sqrt(d) with s_i independent random signs.
 * Each label appears d/4 times, so e_k . e_l = (d/4) (H_4[k+1] . H_4[l+1]) / d = delta_kl in exact
 * arithmetic (in f64, up to the rounding of 1/sqrt(d)). The sign diagonal makes each spike, alone, a
 * uniform point of the hypercube; jointly, e_m * e_u (elementwise) = s * e_v / sqrt(d), as rows of H_4 do.
 * Draws, in order: the d - 1 uniforms of the shuffle, then d signs (one u64's top bit each).
 */
export function modelHypercubeSpikes(ptr: usize, state: usize): void {
  const d = changetype<Model>(ptr).d;
  const labels = heap.alloc(<usize>d);
  for (let i = 0; i < d; i++) store<u8>(labels + <usize>i, <u8>(i & 3));
  bind(state);
  for (let i = d - 1; i > 0; i--) {
    const j = <i32>(uniform() * <f64>(i + 1));
    const li = load<u8>(labels + <usize>i);
    store<u8>(labels + <usize>i, load<u8>(labels + <usize>j));
    store<u8>(labels + <usize>j, li);
  }
  const scale = 1.0 / Math.sqrt(<f64>d);
  for (let i = 0; i < d; i++) {
    const signed = rademacher() * scale;
    const c = <u32>load<u8>(labels + <usize>i);
    for (let k = 0; k < 3; k++) {
      const negative = (HADAMARD_ROWS >> (<u32>(4 * k) + c)) & 1;
      store<f64>(modelSpike(ptr, k) + (<usize>i << 3), negative != 0 ? -signed : signed);
    }
  }
  unbind(state);
  heap.free(labels);
}

/**
 * nu given lambda, from the bound stream where the coupling needs extra randomness.
 *   independent: nu from its law (Rademacher: one u64's top bit; skewed: one uniform).
 *   sign:        nu = high iff lambda > threshold (no draw).
 *   partial(p):  one uniform; below p, as sign; otherwise one more draw as independent.
 *   even:        nu = high iff |lambda| >= threshold (no draw).
 *   cubic:       nu = sign(lambda) sign(|lambda| - sqrt(2 ln 2)) (no draw).
 */
// @ts-ignore: decorator
@inline function drawIndependentNu(model: Model): f64 {
  if (model.latent == LATENT_RADEMACHER) return rademacher();
  return uniform() < model.r ? model.nuHigh : model.nuLow;
}

export function drawNu(model: Model, lambda: f64): f64 {
  const coupling = model.coupling;
  if (coupling == COUPLING_INDEPENDENT) return drawIndependentNu(model);
  if (coupling == COUPLING_PARTIAL && !(uniform() < model.p)) return drawIndependentNu(model);
  return coupledHigh(coupling, model.threshold, lambda) ? model.nuHigh : model.nuLow;
}

// x[i] += a m[i] + b u[i] + e v[i], one pass, f64x2 lanes; each lane computes ((x + a m) + b u) + e v.
export function addSpikes(x: usize, a: f64, m: usize, b: f64, u: usize, e: f64, v: usize, d: i32): void {
  const va = f64x2.splat(a);
  const vb = f64x2.splat(b);
  const ve = f64x2.splat(e);
  const d2 = d & ~1;
  let i = 0;
  for (; i < d2; i += 2) {
    const o = <usize>i << 3;
    let t = f64x2.add(v128.load(x + o), f64x2.mul(va, v128.load(m + o)));
    t = f64x2.add(t, f64x2.mul(vb, v128.load(u + o)));
    t = f64x2.add(t, f64x2.mul(ve, v128.load(v + o)));
    v128.store(x + o, t);
  }
  for (; i < d; i++) {
    const o = <usize>i << 3;
    store<f64>(x + o, load<f64>(x + o) + a * load<f64>(m + o) + b * load<f64>(u + o) + e * load<f64>(v + o));
  }
}

// d normals from the bound stream into x. A function of its own with two callers (the spikes and the
// noise z of each sample), so Binaryen does not inline it into sampleInto: V8 compiles this hot loop
// better alone (measured at d = 1024: 4.9 instead of 5.3 ns per MCM coordinate, against 4.1 for plain
// fillNormal). Same draws in the same order either way.
function drawNormals(x: usize, d: i32): void {
  normalPairs(x, d);
}

/**
 * One sample into x (d doubles) from the bound stream; returns y. Used inside the learners' step loops,
 * so the stream stays bound across many samples.
 */
export function sampleInto(model: Model, x: usize): f64 {
  const d = model.d;
  const y: f64 = uniform() < model.prior ? 1.0 : -1.0;
  drawNormals(x, d);
  if (y > 0) {
    const lambda = normalCall();
    const nu = drawNu(model, lambda);
    const vz = model.whitening != 0 ? dot(model.v, x, d) : 0.0;
    addSpikes(x, model.betaM, model.m, model.sqrtBetaU * lambda, model.u, model.vSignal * nu - model.whitening * vz, model.v, d);
    lastLambda = lambda;
    lastNu = nu;
  } else {
    if (model.labelledMean != 0) addSpikes(x, -model.betaM, model.m, 0.0, model.u, 0.0, model.v, d);
    lastLambda = NaN;
    lastNu = NaN;
  }
  return y;
}

// The sample of sampleWithSpanDots, as x = z + coefM m + coefU u + coefV v with z in the row, and n.z.
export let coefM: f64 = 0;
export let coefU: f64 = 0;
export let coefV: f64 = 0;
export let lastWz: f64 = 0;

// m.z, u.z, v.z of the last sampleWithSpanDots.
export let lastMz: f64 = 0;
export let lastUz: f64 = 0;
export let lastVz: f64 = 0;

/**
 * The sampling pass of the fused learner steps: the same draws as sampleInto, but the row x receives the
 * noise z only; x = z + coefM m + coefU u + coefV v is what the caller's step uses (in the order of
 * addSpikes, ((z + coefM m) + coefU u) + coefV v). n.z, m.z, u.z and v.z (lastWz, lastMz, lastUz, lastVz;
 * v.z also for the whitening) come from the same pass over the row (normalsWithFourDots's order): the
 * weights n of the caller are kept in parts (fused.ts). Returns y.
 */
export function sampleWithSpanDots(model: Model, x: usize, n: usize): f64 {
  const y: f64 = uniform() < model.prior ? 1.0 : -1.0;
  normalsWithFourDots(x, model.d, n, model.m, model.u, model.v);
  lastWz = lastDotA;
  lastMz = lastDotB;
  lastUz = lastDotC;
  lastVz = lastDotE;
  drawCoefficients(model, y, lastDotE);
  return y;
}

/** The spike coefficients coefM, coefU, coefV of a sample of class y with noise z (vz = v.z). */
// @ts-ignore: decorator
@inline function drawCoefficients(model: Model, y: f64, vzPass: f64): void {
  if (y > 0) {
    const lambda = normalCall();
    const nu = drawNu(model, lambda);
    const vz = model.whitening != 0 ? vzPass : 0.0;
    coefM = model.betaM;
    coefU = model.sqrtBetaU * lambda;
    coefV = model.vSignal * nu - model.whitening * vz;
    lastLambda = lambda;
    lastNu = nu;
  } else {
    coefM = model.labelledMean != 0 ? -model.betaM : 0.0;
    coefU = 0.0;
    coefV = 0.0;
    lastLambda = NaN;
    lastNu = NaN;
  }
}

/**
 * n samples: x row-major (n x d), y, and the latents lambda, nu (NaN for y = -1). Any of the latent
 * outputs may be 0 (null) to skip it.
 */
export function modelSampleBatch(ptr: usize, state: usize, n: i32, xOut: usize, yOut: usize, lambdaOut: usize, nuOut: usize): void {
  const model = changetype<Model>(ptr);
  const rowBytes = <usize>model.d << 3;
  bind(state);
  for (let s = 0; s < n; s++) {
    const o = <usize>s << 3;
    store<f64>(yOut + o, sampleInto(model, xOut + <usize>s * rowBytes));
    if (lambdaOut != 0) store<f64>(lambdaOut + o, lastLambda);
    if (nuOut != 0) store<f64>(nuOut + o, lastNu);
  }
  unbind(state);
}
