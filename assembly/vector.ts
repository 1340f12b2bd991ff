// Vector kernels on f64 with fixed-width SIMD (f64x2). Every kernel takes raw pointers and a length,
// so the TypeScript layer passes views over wasm memory and nothing is copied.
//
// Numeric contract: every lane operation is one IEEE-754 double operation (no fused multiply-add; relaxed
// SIMD is never enabled), so results are bit-identical on every host. Reductions follow the order written
// above each one; changing it changes golden hashes.

import { at } from "./memory";

/**
 * dot(x, y) = sum_i x[i] y[i].
 * Order: four partial sums A0..A3, where Aj accumulates, in increasing i, the products of elements with
 * i mod 8 in {2j, 2j+1} over the first 8*floor(n/8) elements, lane by lane in two f64x2 registers per pair;
 * then s = ((A0 + A1) + (A2 + A3)) lane-wise, lane 0 + lane 1, and the n mod 8 tail elements are added
 * one by one in increasing i. `dotReference` in reference/vector.ts reproduces it exactly.
 */
export function dot(x: usize, y: usize, n: i32): f64 {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  const n8 = n & ~7;
  let i = 0;
  for (; i < n8; i += 8) {
    const px = at(x, i);
    const py = at(y, i);
    a0 = f64x2.add(a0, f64x2.mul(v128.load(px), v128.load(py)));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(px, 16), v128.load(py, 16)));
    a2 = f64x2.add(a2, f64x2.mul(v128.load(px, 32), v128.load(py, 32)));
    a3 = f64x2.add(a3, f64x2.mul(v128.load(px, 48), v128.load(py, 48)));
  }
  const a = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let s = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
  for (; i < n; i++) s += load<f64>(at(x, i)) * load<f64>(at(y, i));
  return s;
}

/** y[i] += alpha * x[i], element by element (no reduction: the order does not matter). */
export function axpy(alpha: f64, x: usize, y: usize, n: i32): void {
  const va = f64x2.splat(alpha);
  const n2 = n & ~1;
  let i = 0;
  for (; i < n2; i += 2) {
    const py = at(y, i);
    v128.store(py, f64x2.add(v128.load(py), f64x2.mul(va, v128.load(at(x, i)))));
  }
  for (; i < n; i++) store<f64>(at(y, i), load<f64>(at(y, i)) + alpha * load<f64>(at(x, i)));
}

/** x[i] *= alpha. */
export function scale(alpha: f64, x: usize, n: i32): void {
  const va = f64x2.splat(alpha);
  const n2 = n & ~1;
  let i = 0;
  for (; i < n2; i += 2) {
    const px = at(x, i);
    v128.store(px, f64x2.mul(va, v128.load(px)));
  }
  for (; i < n; i++) store<f64>(at(x, i), alpha * load<f64>(at(x, i)));
}

/** y[i] = alpha * x[i] (x and y may be the same row). */
export function scaleInto(alpha: f64, x: usize, y: usize, n: i32): void {
  const va = f64x2.splat(alpha);
  const n2 = n & ~1;
  let i = 0;
  for (; i < n2; i += 2) v128.store(at(y, i), f64x2.mul(va, v128.load(at(x, i))));
  for (; i < n; i++) store<f64>(at(y, i), alpha * load<f64>(at(x, i)));
}

/** |x| = sqrt(dot(x, x)), with dot's order; no rescaling (inputs here are O(1) entries, d <= 2^20). */
export function norm(x: usize, n: i32): f64 {
  return Math.sqrt(dot(x, x, n));
}

/**
 * x <- x / |x|, as x[i] * (1 / |x|) (scale by the reciprocal of norm's value); returns |x|. Leaves x alone
 * and returns 0 if x = 0. The one normalisation of the kernels: starts on the sphere, spikes, power steps.
 */
export function normalise(x: usize, n: i32): f64 {
  const r = norm(x, n);
  if (r == 0) return 0;
  scale(1.0 / r, x, n);
  return r;
}

/** y[i] = x[i]. */
export function copy(x: usize, y: usize, n: i32): void {
  memory.copy(y, x, <usize>n << 3);
}
