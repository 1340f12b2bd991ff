// The update passes of the fused learner steps. The single neuron and the network's rows keep each weight
// row in parts (below: N plus a combination of m, u, v), so that a step is two passes: the sampling pass
// (model.ts's sampleWithSpanDots: noise and its dots) and sgd.ts's combineRow (N <- alpha N + beta z and
// |N'|^2, two streams, in combineRow's order). The sampled tensor-PCA step's update pass is updateWithSpike.
//
// Numeric contract: lane operations are single IEEE-754 double operations, as in sgd.ts. updateWithSpike's
// reductions each use one f64x2 accumulator whose lane j sums, in increasing i, the elements with
// i = j mod 2 over the first 2*floor(d/2) elements; then lane 0 + lane 1, then the last element if d is odd.

// Lazy renormalisation of the fused steps (neuron and network rows): a weight vector kept as scale x W is
// rescaled only when |W|^2 leaves [2^-200, 2^200].
export const RESCALE_HIGH: f64 = reinterpret<f64>(0x4C70000000000000); // 2^200 = 1.6069380442589903e60
export const RESCALE_LOW: f64 = reinterpret<f64>(0x3370000000000000); // 2^-200 = 6.223015277861142e-61

import { squaredNormFailure } from "./replica";
import { dot, scale } from "./vector";
import { combineRow, splatThrough } from "./sgd";

// The coefficients of the last lazyCoefficients: the row keep w - c x (w = s W) is mu W' with
// W' = alpha W + beta x.
let lazyMu: f64 = 1.0;
let lazyAlpha: f64 = 1.0;
let lazyBeta: f64 = 0.0;

/**
 * keep w - c x for a lazily scaled row w = s W, written mu W' with W' = W - (c / mu) x and mu = keep s (if
 * mu is 0 or c / mu overflows: W' = mu W - c x and then mu = 1): sets lazyMu, lazyAlpha, lazyBeta.
 */
// @ts-ignore: decorator
@inline function lazyCoefficients(keep: f64, s: f64, c: f64): void {
  let mu = keep * s;
  let alpha: f64 = 1.0;
  let beta = -c / mu;
  if (!(mu != 0 && Math.abs(beta) < Infinity)) {
    alpha = mu;
    beta = -c;
    mu = 1.0;
  }
  lazyMu = mu;
  lazyAlpha = alpha;
  lazyBeta = beta;
}

// ---- Rows kept in parts (the fused steps of neuron.ts and network.ts) ----
// A weight row w = s W with W = N + c_m m + c_u u + c_v v: a step's update W' = alpha W + beta x of a
// sample x = z + a m + b u + e v moves N by the noise only, N' = alpha N + beta z (combineRow: two
// streams), and c by scalars, c' = alpha c + beta (a, b, e). What the step needs of W comes from N's dots,
// the carried overlaps N.m, N.u, N.v (N'.e = alpha N.e + beta e.z, with m.z, u.z, v.z from the sampling
// pass) and the Gram matrix G of m, u, v:
//   W.e = N.e + (G c)_e,   W.z = N.z + ((c_m m.z + c_u u.z) + c_v v.z),
//   |W'|^2 = |N'|^2 + ((c'_m (2 N'.m + (G c')_m) + c'_u (2 N'.u + (G c')_u)) + c'_v (2 N'.v + (G c')_v)).
// A row's scalars: SPAN_DOUBLES doubles s, c_m, c_u, c_v, N.m, N.u, N.v (its checkpointed state with N).
export const SPAN_DOUBLES: i32 = 7;
// @ts-ignore: decorator
@inline const S_SCALE = 0;
// @ts-ignore: decorator
@inline const S_CM = 8;
// @ts-ignore: decorator
@inline const S_CU = 16;
// @ts-ignore: decorator
@inline const S_CV = 24;
// @ts-ignore: decorator
@inline const S_NM = 32;
// @ts-ignore: decorator
@inline const S_NU = 40;
// @ts-ignore: decorator
@inline const S_NV = 48;

/** G of m, u, v into gram (6 doubles: mm, mu, mv, uu, uv, vv), each a dot in dot's order. */
export function spanGram(gram: usize, m: usize, u: usize, v: usize, d: i32): void {
  store<f64>(gram, dot(m, m, d), 0);
  store<f64>(gram, dot(m, u, d), 8);
  store<f64>(gram, dot(m, v, d), 16);
  store<f64>(gram, dot(u, u, d), 24);
  store<f64>(gram, dot(u, v, d), 32);
  store<f64>(gram, dot(v, v, d), 40);
}

/** Takes w as the row: N = w, c = 0, s = 1, N's overlaps computed. */
export function spanAdopt(state: usize, n: usize, w: usize, m: usize, u: usize, v: usize, d: i32): void {
  memory.copy(n, w, <usize>d << 3);
  store<f64>(state, 1.0, S_SCALE);
  store<f64>(state, 0.0, S_CM);
  store<f64>(state, 0.0, S_CU);
  store<f64>(state, 0.0, S_CV);
  store<f64>(state, dot(n, m, d), S_NM);
  store<f64>(state, dot(n, u, d), S_NU);
  store<f64>(state, dot(n, v, d), S_NV);
}

// @ts-ignore: decorator
@inline export function spanScale(state: usize): f64 {
  return load<f64>(state, S_SCALE);
}

// @ts-ignore: decorator
@inline export function spanSetScale(state: usize, s: f64): void {
  store<f64>(state, s, S_SCALE);
}

// (G c)_e for the row's c, e = m, u, v (into gm, gu, gv).
let gm: f64 = 0;
let gu: f64 = 0;
let gv: f64 = 0;
// @ts-ignore: decorator
@inline function gramTimes(gram: usize, cm: f64, cu: f64, cv: f64): void {
  gm = (cm * load<f64>(gram, 0) + cu * load<f64>(gram, 8)) + cv * load<f64>(gram, 16);
  gu = (cm * load<f64>(gram, 8) + cu * load<f64>(gram, 24)) + cv * load<f64>(gram, 32);
  gv = (cm * load<f64>(gram, 16) + cu * load<f64>(gram, 32)) + cv * load<f64>(gram, 40);
}

/** ((W.z + a W.m) + b W.u) + e W.v = W.x (without the scale s) from nz = N.z and m.z, u.z, v.z. */
export function spanDotSample(state: usize, gram: usize, nz: f64, mz: f64, uz: f64, vz: f64, a: f64, b: f64, e: f64): f64 {
  const cm = load<f64>(state, S_CM), cu = load<f64>(state, S_CU), cv = load<f64>(state, S_CV);
  gramTimes(gram, cm, cu, cv);
  const wz = nz + ((cm * mz + cu * uz) + cv * vz);
  return ((wz + a * (load<f64>(state, S_NM) + gm)) + b * (load<f64>(state, S_NU) + gu)) + e * (load<f64>(state, S_NV) + gv);
}

// W'.m, W'.u, W'.v of the last spanRowUpdate.
export let spanWm: f64 = 0;
export let spanWu: f64 = 0;
export let spanWv: f64 = 0;

/**
 * The row step keep w - c x of a fused step, x = z + a m + b u + e v (z in memory, m.z, u.z, v.z from the
 * sampling pass): keep w - c x = mu W' (lazyCoefficients; lazyRowMu() is then mu), N' = alpha N + beta z
 * (combineRow), and c and N's overlaps become those of W'. Returns |W'|^2, with W'.m, W'.u, W'.v into
 * spanWm, spanWu, spanWv; the row's scale is left to the caller (spanSettle, or the failure's mu).
 */
export function spanRowUpdate(
  state: usize, gram: usize, n: usize, z: usize, d: i32, keep: f64, c: f64, a: f64, b: f64, e: f64, mz: f64, uz: f64, vz: f64,
): f64 {
  lazyCoefficients(keep, load<f64>(state, S_SCALE), c);
  const alpha = lazyAlpha, beta = lazyBeta;
  const nn = combineRow(n, alpha, z, beta, d);
  const nm = alpha * load<f64>(state, S_NM) + beta * mz;
  const nu = alpha * load<f64>(state, S_NU) + beta * uz;
  const nv = alpha * load<f64>(state, S_NV) + beta * vz;
  const cm = alpha * load<f64>(state, S_CM) + beta * a;
  const cu = alpha * load<f64>(state, S_CU) + beta * b;
  const cv = alpha * load<f64>(state, S_CV) + beta * e;
  store<f64>(state, cm, S_CM);
  store<f64>(state, cu, S_CU);
  store<f64>(state, cv, S_CV);
  store<f64>(state, nm, S_NM);
  store<f64>(state, nu, S_NU);
  store<f64>(state, nv, S_NV);
  gramTimes(gram, cm, cu, cv);
  spanWm = nm + gm;
  spanWu = nu + gu;
  spanWv = nv + gv;
  return nn + ((cm * (2.0 * nm + gm) + cu * (2.0 * nu + gu)) + cv * (2.0 * nv + gv));
}

/**
 * The row's new scale s after a step whose |W'|^2 was ss: W is rescaled by s (N, c and N's overlaps; then
 * the scale is 1) when ss leaves [2^-200, 2^200], the rare case.
 */
export function spanSettle(state: usize, n: usize, d: i32, ss: f64, s: f64): void {
  if (!(ss < RESCALE_HIGH && ss > RESCALE_LOW)) {
    scale(s, n, d);
    for (let o = S_CM; o <= S_NV; o += 8) store<f64>(state + <usize>o, load<f64>(state + <usize>o) * s);
    s = 1.0;
  }
  store<f64>(state, s, S_SCALE);
}

/** Copies rows rows of d doubles of N and their scalars (rows x SPAN_DOUBLES) into out: a saved state. */
export function spanSave(out: usize, n: usize, state: usize, rows: i32, d: i32): void {
  const bytes = (<usize>rows * <usize>d) << 3;
  memory.copy(out, n, bytes);
  memory.copy(out + bytes, state, <usize>(rows * (SPAN_DOUBLES << 3)));
}

/** Restores spanSave's layout from values. */
export function spanRestore(values: usize, n: usize, state: usize, rows: i32, d: i32): void {
  const bytes = (<usize>rows * <usize>d) << 3;
  memory.copy(n, values, bytes);
  memory.copy(state, values + bytes, <usize>(rows * (SPAN_DOUBLES << 3)));
}

/** out = s (((N + c_m m) + c_u u) + c_v v), element by element: the row's weights from its parts. */
export function spanWeights(out: usize, state: usize, n: usize, m: usize, u: usize, v: usize, d: i32): void {
  const s = load<f64>(state, S_SCALE);
  const a = load<f64>(state, S_CM), b = load<f64>(state, S_CU), e = load<f64>(state, S_CV);
  for (let i = 0; i < d; i++) {
    const o = <usize>i << 3;
    store<f64>(out + o, s * (((load<f64>(n + o) + a * load<f64>(m + o)) + b * load<f64>(u + o)) + e * load<f64>(v + o)));
  }
}

// @ts-ignore: decorator
@inline export function lazyRowMu(): f64 {
  return lazyMu;
}

/**
 * Why the row of the last updateLazyRow (mu W', |W'|^2 = ss) cannot be normalised: squaredNormFailure of
 * its squared norm (|mu| |W'|)^2, which a rescaled W' with a finite, nonzero ss can still overflow.
 */
// @ts-ignore: decorator
@inline export function lazyRowFailure(ss: f64): i32 {
  const norm = Math.abs(lazyMu) * Math.sqrt(ss);
  return squaredNormFailure(norm * norm);
}

/**
 * w <- alpha w + beta z + gamma v (each entry ((alpha w + beta z) + gamma v)); out[0] = w'.v; returns
 * |w'|^2. The update pass of the sampled tensor-PCA step; reductions in the order of the header.
 */
export function updateWithSpike(w: usize, alpha: f64, beta: f64, z: usize, gamma: f64, v: usize, d: i32, out: usize): f64 {
  const valpha = splatThrough(0, alpha);
  const vbeta = splatThrough(1, beta);
  const vgamma = splatThrough(2, gamma);
  let s2 = f64x2.splat(0);
  let v2 = f64x2.splat(0);
  const d2 = d & ~1;
  let i = 0;
  for (; i < d2; i += 2) {
    const o = <usize>i << 3;
    const vi = v128.load(v + o);
    const wi = f64x2.add(f64x2.add(f64x2.mul(valpha, v128.load(w + o)), f64x2.mul(vbeta, v128.load(z + o))), f64x2.mul(vgamma, vi));
    v128.store(w + o, wi);
    s2 = f64x2.add(s2, f64x2.mul(wi, wi));
    v2 = f64x2.add(v2, f64x2.mul(wi, vi));
  }
  let ss = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
  let dv = f64x2.extract_lane(v2, 0) + f64x2.extract_lane(v2, 1);
  if (i < d) {
    const o = <usize>i << 3;
    const vi = load<f64>(v + o);
    const wi = alpha * load<f64>(w + o) + beta * load<f64>(z + o) + gamma * vi;
    store<f64>(w + o, wi);
    ss += wi * wi;
    dv += wi * vi;
  }
  store<f64>(out, dv);
  return ss;
}
