// Empirical cumulant tensors of a sample and the tensor power method: the diagnostic that shows where a
// hidden direction lives. For the spiked cumulant model the covariance is the identity, and v appears only
// in the fourth-order cumulant tensor, as kappa4(nu) (beta_v / (1 + beta_v))^2 v (x) v (x) v (x) v
// (science.md section 2); the tensor power method pulls it out.
//
// Tensors are dense and row-major: entry (i1, ..., ip) of an order-p tensor over R^d sits at index
// ((i1 d + i2) d + ...) d + ip. Meant for small d (the TypeScript layer allows d^p <= 2^20 entries).
//
// Numeric contract (reproduced exactly by src/reference/cumulant.ts):
// - mean_j = (sum over samples s in increasing order of x[s, j]) / n, and c = x[s] - mean.
// - The raw moment entry for sorted indices i <= j <= k (<= l) is (sum over s in increasing order of
//   (c_i c_j) c_k [then times c_l], multiplied left to right) / n; every other entry is a copy of the entry
//   of its sorted indices, so the tensors are exactly symmetric. f64x2 lanes hold neighbouring last
//   indices, which are independent entries, so SIMD does not change any sum.
// - Cumulants (plug-in, divisor n, biased by O(1/n)): order 2 and 3 equal the central moments; order 4 is
//   ((M_ijkl - C_ij C_kl) - C_ik C_jl) - C_il C_jk with C the order-2 tensor.
import { bind, unbind, normalPairs } from "./random";
import { dot } from "./vector";

// @ts-ignore: decorator
@inline function f64At(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

// acc[l] += a * c[l] for l in [from, d), two lanes at a time (unaligned loads are valid wasm).
// @ts-ignore: decorator
@inline function accumulateTail(acc: usize, a: f64, c: usize, from: i32, d: i32): void {
  const va = f64x2.splat(a);
  let l = from;
  for (; l + 1 < d; l += 2) {
    const p = f64At(acc, l);
    v128.store(p, f64x2.add(v128.load(p), f64x2.mul(va, v128.load(f64At(c, l)))));
  }
  if (l < d) store<f64>(f64At(acc, l), load<f64>(f64At(acc, l)) + a * load<f64>(f64At(c, l)));
}

// Central moment of order `order` (2, 3 or 4) at the sorted entries, summed, not yet divided.
function accumulateMoments(x: usize, n: i32, d: i32, order: i32, mean: usize, c: usize, out: usize): void {
  const dd = d * d;
  for (let s = 0; s < n; s++) {
    const row = x + ((<usize>s * <usize>d) << 3);
    for (let j = 0; j < d; j++) store<f64>(f64At(c, j), load<f64>(f64At(row, j)) - load<f64>(f64At(mean, j)));
    for (let i = 0; i < d; i++) {
      const ci = load<f64>(f64At(c, i));
      if (order == 2) {
        accumulateTail(out + ((<usize>(i * d)) << 3), ci, c, i, d);
        continue;
      }
      for (let j = i; j < d; j++) {
        const cij = ci * load<f64>(f64At(c, j));
        if (order == 3) {
          accumulateTail(out + ((<usize>(i * dd + j * d)) << 3), cij, c, j, d);
          continue;
        }
        for (let k = j; k < d; k++) {
          const cijk = cij * load<f64>(f64At(c, k));
          accumulateTail(out + ((<usize>((i * d + j) * dd + k * d)) << 3), cijk, c, k, d);
        }
      }
    }
  }
}

// Divides every sorted entry by n and copies it to every permutation of its indices.
function normaliseAndSymmetrise(out: usize, d: i32, order: i32, n: f64): void {
  const size = order == 2 ? d * d : order == 3 ? d * d * d : d * d * d * d;
  // Pass 1: divide the sorted entries.
  for (let idx = 0; idx < size; idx++) {
    if (isSorted(idx, d, order)) store<f64>(f64At(out, idx), load<f64>(f64At(out, idx)) / n);
  }
  // Pass 2: copy sorted entries to the others.
  for (let idx = 0; idx < size; idx++) {
    const canonical = sortedIndex(idx, d, order);
    if (canonical != idx) store<f64>(f64At(out, idx), load<f64>(f64At(out, canonical)));
  }
}

function isSorted(idx: i32, d: i32, order: i32): bool {
  let previous = d;
  for (let q = 0; q < order; q++) {
    const digit = idx % d;
    if (digit > previous) return false;
    previous = digit;
    idx /= d;
  }
  return true;
}

// The flat index of the same entry with its indices sorted in increasing order.
function sortedIndex(idx: i32, d: i32, order: i32): i32 {
  let a = idx % d, b = (idx / d) % d, e = (idx / (d * d)) % d, f = order == 4 ? (idx / (d * d * d)) % d : 0;
  // a is the last index; sort the `order` digits (insertion network on at most four values).
  if (order == 2) return a < b ? a * d + b : b * d + a;
  let t: i32;
  if (a > b) { t = a; a = b; b = t; }
  if (b > e) { t = b; b = e; e = t; }
  if (a > b) { t = a; a = b; b = t; }
  if (order == 3) return (a * d + b) * d + e;
  if (e > f) { t = e; e = f; f = t; }
  if (b > e) { t = b; b = e; e = t; }
  if (a > b) { t = a; a = b; b = t; }
  return ((a * d + b) * d + e) * d + f;
}

/**
 * The empirical cumulant tensor of order 2, 3 or 4 of n samples x (n x d, row-major) into out
 * (d^order doubles). See the numeric contract in the header. Arguments are checked by the TypeScript layer.
 */
export function cumulantTensor(x: usize, n: i32, d: i32, order: i32, out: usize): void {
  const mean = heap.alloc(<usize>d << 3);
  const c = heap.alloc(<usize>d << 3);
  memory.fill(mean, 0, <usize>d << 3);
  for (let s = 0; s < n; s++) {
    const row = x + ((<usize>s * <usize>d) << 3);
    for (let j = 0; j < d; j++) store<f64>(f64At(mean, j), load<f64>(f64At(mean, j)) + load<f64>(f64At(row, j)));
  }
  for (let j = 0; j < d; j++) store<f64>(f64At(mean, j), load<f64>(f64At(mean, j)) / <f64>n);

  const size = order == 2 ? d * d : order == 3 ? d * d * d : d * d * d * d;
  memory.fill(out, 0, <usize>size << 3);
  accumulateMoments(x, n, d, order, mean, c, out);
  normaliseAndSymmetrise(out, d, order, <f64>n);

  if (order == 4) {
    const cov = heap.alloc(<usize>(d * d) << 3);
    memory.fill(cov, 0, <usize>(d * d) << 3);
    accumulateMoments(x, n, d, 2, mean, c, cov);
    normaliseAndSymmetrise(cov, d, 2, <f64>n);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        for (let k = 0; k < d; k++) {
          for (let l = 0; l < d; l++) {
            const p = f64At(out, ((i * d + j) * d + k) * d + l);
            let v = load<f64>(p) - load<f64>(f64At(cov, i * d + j)) * load<f64>(f64At(cov, k * d + l));
            v -= load<f64>(f64At(cov, i * d + k)) * load<f64>(f64At(cov, j * d + l));
            v -= load<f64>(f64At(cov, i * d + l)) * load<f64>(f64At(cov, j * d + k));
            store<f64>(p, v);
          }
        }
      }
    }
    heap.free(cov);
  }
  heap.free(c);
  heap.free(mean);
}

/** w_i w_j ... over the leading indices (the digits of `lead`, most significant first), left to right. */
// @ts-ignore: decorator
@inline function leadingProduct(w: usize, lead: i32, d: i32, order: i32): f64 {
  if (order == 2) return load<f64>(f64At(w, lead));
  if (order == 3) return load<f64>(f64At(w, lead / d)) * load<f64>(f64At(w, lead % d));
  return load<f64>(f64At(w, lead / (d * d))) * load<f64>(f64At(w, (lead / d) % d)) * load<f64>(f64At(w, lead % d));
}

/**
 * out[l] = T(w, ..., w, e_l): the contraction of all but the last index of an order-p tensor (p = 2, 3, 4)
 * with w. Order: out starts at 0; the leading indices run lexicographically (i, then j, then k), and each
 * adds a T[i, j, k, l] to out[l] with a = (w_i w_j) w_k multiplied left to right; f64x2 lanes are
 * neighbouring l (independent sums). T(w, ..., w) is then dot(out, w).
 */
export function tensorContract(t: usize, d: i32, order: i32, w: usize, out: usize): void {
  memory.fill(out, 0, <usize>d << 3);
  const leading = order == 2 ? d : order == 3 ? d * d : d * d * d;
  for (let lead = 0; lead < leading; lead++) {
    const a = leadingProduct(w, lead, d, order);
    accumulateTail(out, a, t + ((<usize>(lead * d)) << 3), 0, d);
  }
}

// w <- g / |g| (element-wise division by the norm, with dot's order); returns |g|. Leaves w alone if g = 0.
function normaliseInto(g: usize, w: usize, d: i32): f64 {
  const norm = Math.sqrt(dot(g, g, d));
  if (norm == 0) return 0;
  for (let i = 0; i < d; i++) store<f64>(f64At(w, i), load<f64>(f64At(g, i)) / norm);
  return norm;
}

/**
 * The tensor power method with random restarts (the robust tensor power method of Anandkumar, Ge, Hsu,
 * Kakade & Telgarsky, JMLR 2014, Algorithm 1, without its final extra iterations): for each of `restarts`
 * starts w = (d normals from the bound stream) / norm, `iterations` steps of w <- T(w, ..., w, .) / |.|;
 * keeps the start whose final lambda = T(w, ..., w) has the largest |lambda| (the first one on ties).
 * Writes that w to wOut and returns its lambda, in a canonical sign: for odd order lambda >= 0 (w -> -w
 * flips it); for even order the entry of largest magnitude (the first one) of w is positive.
 * For an even order, a negative dominant component (e.g. a Rademacher nu: kappa4 = -2) is found as well,
 * since w <- T(w, w, w, .) only flips w's sign at each step.
 */
export function tensorPowerIteration(t: usize, d: i32, order: i32, state: usize, restarts: i32, iterations: i32, wOut: usize): f64 {
  const w = heap.alloc(<usize>d << 3);
  const g = heap.alloc(<usize>d << 3);
  let best: f64 = -1;
  let bestLambda: f64 = 0;
  bind(state);
  for (let r = 0; r < restarts; r++) {
    normalPairs(g, d);
    normaliseInto(g, w, d);
    for (let it = 0; it < iterations; it++) {
      tensorContract(t, d, order, w, g);
      if (normaliseInto(g, w, d) == 0) break; // T(w, ..., w, .) = 0: a fixed point
    }
    tensorContract(t, d, order, w, g);
    const lambda = dot(g, w, d);
    if (Math.abs(lambda) > best) {
      best = Math.abs(lambda);
      bestLambda = lambda;
      memory.copy(wOut, w, <usize>d << 3);
    }
  }
  unbind(state);
  // Canonical sign.
  let flip = false;
  if ((order & 1) == 1) flip = bestLambda < 0;
  else {
    let largest: f64 = 0;
    for (let i = 0; i < d; i++) {
      const v = load<f64>(f64At(wOut, i));
      if (Math.abs(v) > Math.abs(largest)) largest = v;
    }
    flip = largest < 0;
  }
  if (flip) {
    for (let i = 0; i < d; i++) store<f64>(f64At(wOut, i), -load<f64>(f64At(wOut, i)));
    if ((order & 1) == 1) bestLambda = -bestLambda;
  }
  heap.free(g);
  heap.free(w);
  return bestLambda;
}

/** Deflation: T <- T - lambda w (x) ... (x) w, each product (w_i w_j) w_k ... left to right, then times lambda. */
export function tensorDeflate(t: usize, d: i32, order: i32, lambda: f64, w: usize): void {
  const leading = order == 2 ? d : order == 3 ? d * d : d * d * d;
  for (let lead = 0; lead < leading; lead++) {
    const a = leadingProduct(w, lead, d, order);
    const row = t + ((<usize>(lead * d)) << 3);
    for (let l = 0; l < d; l++) {
      const p = f64At(row, l);
      store<f64>(p, load<f64>(p) - lambda * (a * load<f64>(f64At(w, l))));
    }
  }
}
