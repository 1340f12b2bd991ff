// The update pass of the fused learner steps: one pass over a weight row that forms the sample
// x = ((z + a m) + b u) + e v in registers (bit for bit the x of sampleInto), applies W <- alpha W + beta x,
// and returns what the step needs next: |W'|^2 and W'.m, W'.u, W'.v (the overlaps of the next step's
// w.x and of the weak-recovery check), so that a whole step is two passes: sampleWithDots (noise, w.z, v.z)
// and this one.
//
// Numeric contract: lane operations are single IEEE-754 double operations, as in sgd.ts. Each of the four
// reductions uses one f64x2 accumulator whose lane j sums, in increasing i, the elements with i = j mod 2
// over the first 2*floor(d/2) elements; then lane 0 + lane 1, then the last element if d is odd. (One
// accumulator per quantity, not two as in combineRowTracked: with five rows read and four sums, two would
// need more than the 16 SIMD registers of x64 and V8 would spill them.)

// Lazy renormalisation of the fused steps (neuron and network rows): a weight vector kept as scale x W is
// rescaled only when |W|^2 leaves [2^-200, 2^200].
export const RESCALE_HIGH: f64 = reinterpret<f64>(0x4C70000000000000); // 2^200 = 1.6069380442589903e60
export const RESCALE_LOW: f64 = reinterpret<f64>(0x3370000000000000); // 2^-200 = 6.223015277861142e-61

import { squaredNormFailure } from "./replica";

const coefficients = new StaticArray<f64>(10);

/** W <- alpha W + beta x, x = ((z + a m) + b u) + e v; out[0..2] = W'.m, W'.u, W'.v; returns |W'|^2. */
export function updateFormed(
  w: usize, alpha: f64, beta: f64, z: usize, a: f64, m: usize, b: f64, u: usize, e: f64, v: usize, d: i32, out: usize,
): f64 {
  // The five coefficients as f64x2, through memory: V8 re-splats a scalar at every use inside a loop,
  // while a loaded v128 stays in a register.
  const c = changetype<usize>(coefficients);
  v128.store(c, f64x2.splat(alpha), 0);
  v128.store(c, f64x2.splat(beta), 16);
  v128.store(c, f64x2.splat(a), 32);
  v128.store(c, f64x2.splat(b), 48);
  v128.store(c, f64x2.splat(e), 64);
  const valpha = v128.load(c, 0);
  const vbeta = v128.load(c, 16);
  const va = v128.load(c, 32);
  const vb = v128.load(c, 48);
  const ve = v128.load(c, 64);
  let s2 = f64x2.splat(0);
  let m2 = f64x2.splat(0);
  let u2 = f64x2.splat(0);
  let v2 = f64x2.splat(0);
  // Two pairs per iteration (fewer address computations in V8's code), added to the accumulators one
  // pair after the other: the same order as one pair at a time.
  const d2 = d & ~1;
  const d4 = d & ~3;
  let i = 0;
  for (; i < d4; i += 4) {
    const o = <usize>i << 3;
    const mi = v128.load(m + o);
    const ui = v128.load(u + o);
    const vi = v128.load(v + o);
    const x = f64x2.add(f64x2.add(f64x2.add(v128.load(z + o), f64x2.mul(va, mi)), f64x2.mul(vb, ui)), f64x2.mul(ve, vi));
    const wi = f64x2.add(f64x2.mul(valpha, v128.load(w + o)), f64x2.mul(vbeta, x));
    v128.store(w + o, wi);
    const mj = v128.load(m + o, 16);
    const uj = v128.load(u + o, 16);
    const vj = v128.load(v + o, 16);
    const y = f64x2.add(f64x2.add(f64x2.add(v128.load(z + o, 16), f64x2.mul(va, mj)), f64x2.mul(vb, uj)), f64x2.mul(ve, vj));
    const wj = f64x2.add(f64x2.mul(valpha, v128.load(w + o, 16)), f64x2.mul(vbeta, y));
    v128.store(w + o, wj, 16);
    s2 = f64x2.add(f64x2.add(s2, f64x2.mul(wi, wi)), f64x2.mul(wj, wj));
    m2 = f64x2.add(f64x2.add(m2, f64x2.mul(wi, mi)), f64x2.mul(wj, mj));
    u2 = f64x2.add(f64x2.add(u2, f64x2.mul(wi, ui)), f64x2.mul(wj, uj));
    v2 = f64x2.add(f64x2.add(v2, f64x2.mul(wi, vi)), f64x2.mul(wj, vj));
  }
  for (; i < d2; i += 2) {
    const o = <usize>i << 3;
    const mi = v128.load(m + o);
    const ui = v128.load(u + o);
    const vi = v128.load(v + o);
    const x = f64x2.add(f64x2.add(f64x2.add(v128.load(z + o), f64x2.mul(va, mi)), f64x2.mul(vb, ui)), f64x2.mul(ve, vi));
    const wi = f64x2.add(f64x2.mul(valpha, v128.load(w + o)), f64x2.mul(vbeta, x));
    v128.store(w + o, wi);
    s2 = f64x2.add(s2, f64x2.mul(wi, wi));
    m2 = f64x2.add(m2, f64x2.mul(wi, mi));
    u2 = f64x2.add(u2, f64x2.mul(wi, ui));
    v2 = f64x2.add(v2, f64x2.mul(wi, vi));
  }
  let ss = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
  let dm = f64x2.extract_lane(m2, 0) + f64x2.extract_lane(m2, 1);
  let du = f64x2.extract_lane(u2, 0) + f64x2.extract_lane(u2, 1);
  let dv = f64x2.extract_lane(v2, 0) + f64x2.extract_lane(v2, 1);
  if (i < d) {
    const o = <usize>i << 3;
    const mi = load<f64>(m + o), ui = load<f64>(u + o), vi = load<f64>(v + o);
    const xi = load<f64>(z + o) + a * mi + b * ui + e * vi;
    const wi = alpha * load<f64>(w + o) + beta * xi;
    store<f64>(w + o, wi);
    ss += wi * wi;
    dm += wi * mi;
    du += wi * ui;
    dv += wi * vi;
  }
  store<f64>(out, dm, 0);
  store<f64>(out, du, 8);
  store<f64>(out, dv, 16);
  return ss;
}

/** mu of the last updateLazyRow: the row it computed, keep w - c x, is mu W'. */
let lazyMu: f64 = 1.0;

/**
 * The update of a lazily scaled row w = s W in the fused steps (neuron.ts's fusedStep, network.ts's
 * networkStepFused): w <- keep w - c x is mu W' with W' = W - (c / mu) x and mu = keep s (if mu is 0 or
 * c / mu overflows: W' = mu W - c x and then mu = 1), x = ((z + a m) + b u) + e v formed by updateFormed.
 * Returns |W'|^2 (W'.m, W'.u, W'.v into out); lazyRowMu() is then mu.
 */
// @ts-ignore: decorator
@inline export function updateLazyRow(
  w: usize, keep: f64, s: f64, c: f64, z: usize, a: f64, m: usize, b: f64, u: usize, e: f64, v: usize, d: i32, out: usize,
): f64 {
  let mu = keep * s;
  let alpha: f64 = 1.0;
  let beta = -c / mu;
  if (!(mu != 0 && Math.abs(beta) < Infinity)) {
    alpha = mu;
    beta = -c;
    mu = 1.0;
  }
  lazyMu = mu;
  return updateFormed(w, alpha, beta, z, a, m, b, u, e, v, d, out);
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
 * |w'|^2. The update pass of the sampled tensor-PCA step; reductions in updateFormed's order.
 */
export function updateWithSpike(w: usize, alpha: f64, beta: f64, z: usize, gamma: f64, v: usize, d: i32, out: usize): f64 {
  const c = changetype<usize>(coefficients);
  v128.store(c, f64x2.splat(alpha), 0);
  v128.store(c, f64x2.splat(beta), 16);
  v128.store(c, f64x2.splat(gamma), 32);
  const valpha = v128.load(c, 0);
  const vbeta = v128.load(c, 16);
  const vgamma = v128.load(c, 32);
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
