// Empirical cumulant tensors of a sample and the tensor power method: the diagnostic that shows where a
// hidden direction lives. For the spiked cumulant model the covariance is the identity, and v appears only
// in the fourth-order cumulant tensor, as kappa4(nu) (beta_v / (1 + beta_v))^2 v (x) v (x) v (x) v
// (docs/science.md section 2); the tensor power method pulls it out.
//
// Tensors are dense and row-major: entry (i1, ..., ip) of an order-p tensor over R^d sits at index
// ((i1 d + i2) d + ...) d + ip. Meant for small d (the TypeScript layer allows d^p <= 2^20 entries).
//
// Numeric contract (reproduced exactly by reference/cumulant.ts):
// - mean_j = (sum over samples s in increasing order of x[s, j]) / n, and c = x[s] - mean.
// - The raw moment entry for sorted indices i <= j <= k (<= l) is (sum over s in increasing order of
//   (c_i c_j) c_k [then times c_l], multiplied left to right) / n; every other entry is a copy of the entry
//   of its sorted indices, so the tensors are exactly symmetric. f64x2 lanes hold neighbouring last
//   indices, which are independent entries, so SIMD does not change any sum.
// - Cumulants (plug-in, divisor n, biased by O(1/n)): order 2 and 3 equal the central moments; order 4 is
//   ((M_ijkl - C_ij C_kl) - C_ik C_jl) - C_il C_jk with C the order-2 tensor.
// - The power method's T(w, ..., w, .) is tensor.ts tensorContract (contractExcept's order), and every
//   normalisation is vector.ts normalise (w times 1 / |w|).
import { bind, unbind, normalPairs } from "./random";
import { dot, axpy, normalise } from "./vector";
import { ipow, tensorContract } from "./tensor";
import { at } from "./memory";

// acc[l] += a * c[l] for l in [from, d): axpy on the tails (element by element, so SIMD changes no sum).
// @ts-ignore: decorator
@inline function accumulateTail(acc: usize, a: f64, c: usize, from: i32, d: i32): void {
  axpy(a, at(c, from), at(acc, from), d - from);
}

// Central moment of order `order` (2, 3 or 4) at the sorted entries, summed, not yet divided.
function accumulateMoments(x: usize, n: i32, d: i32, order: i32, mean: usize, c: usize, out: usize): void {
  const dd = d * d;
  for (let s = 0; s < n; s++) {
    const row = x + ((<usize>s * <usize>d) << 3);
    for (let j = 0; j < d; j++) store<f64>(at(c, j), load<f64>(at(row, j)) - load<f64>(at(mean, j)));
    for (let i = 0; i < d; i++) {
      const ci = load<f64>(at(c, i));
      if (order == 2) {
        accumulateTail(out + ((<usize>(i * d)) << 3), ci, c, i, d);
        continue;
      }
      for (let j = i; j < d; j++) {
        const cij = ci * load<f64>(at(c, j));
        if (order == 3) {
          accumulateTail(out + ((<usize>(i * dd + j * d)) << 3), cij, c, j, d);
          continue;
        }
        for (let k = j; k < d; k++) {
          const cijk = cij * load<f64>(at(c, k));
          accumulateTail(out + ((<usize>((i * d + j) * dd + k * d)) << 3), cijk, c, k, d);
        }
      }
    }
  }
}

// Divides every sorted entry by n and copies it to every permutation of its indices.
function normaliseAndSymmetrise(out: usize, d: i32, order: i32, n: f64): void {
  const size = ipow(d, order);
  // Pass 1: divide the sorted entries.
  for (let idx = 0; idx < size; idx++) {
    if (isSorted(idx, d, order)) store<f64>(at(out, idx), load<f64>(at(out, idx)) / n);
  }
  // Pass 2: copy sorted entries to the others.
  for (let idx = 0; idx < size; idx++) {
    const canonical = sortedIndex(idx, d, order);
    if (canonical != idx) store<f64>(at(out, idx), load<f64>(at(out, canonical)));
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
    for (let j = 0; j < d; j++) store<f64>(at(mean, j), load<f64>(at(mean, j)) + load<f64>(at(row, j)));
  }
  for (let j = 0; j < d; j++) store<f64>(at(mean, j), load<f64>(at(mean, j)) / <f64>n);

  const size = ipow(d, order);
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
            const p = at(out, ((i * d + j) * d + k) * d + l);
            let v = load<f64>(p) - load<f64>(at(cov, i * d + j)) * load<f64>(at(cov, k * d + l));
            v -= load<f64>(at(cov, i * d + k)) * load<f64>(at(cov, j * d + l));
            v -= load<f64>(at(cov, i * d + l)) * load<f64>(at(cov, j * d + k));
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
  if (order == 2) return load<f64>(at(w, lead));
  if (order == 3) return load<f64>(at(w, lead / d)) * load<f64>(at(w, lead % d));
  return load<f64>(at(w, lead / (d * d))) * load<f64>(at(w, (lead / d) % d)) * load<f64>(at(w, lead % d));
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
    normalPairs(w, d);
    normalise(w, d);
    for (let it = 0; it < iterations; it++) {
      tensorContract(t, d, order, w, g);
      if (normalise(g, d) == 0) break; // T(w, ..., w, .) = 0: a fixed point
      memory.copy(w, g, <usize>d << 3);
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
      const v = load<f64>(at(wOut, i));
      if (Math.abs(v) > Math.abs(largest)) largest = v;
    }
    flip = largest < 0;
  }
  if (flip) {
    for (let i = 0; i < d; i++) store<f64>(at(wOut, i), -load<f64>(at(wOut, i)));
    if ((order & 1) == 1) bestLambda = -bestLambda;
  }
  heap.free(g);
  heap.free(w);
  return bestLambda;
}

/** Deflation: T <- T - lambda w (x) ... (x) w, each product (w_i w_j) w_k ... left to right, then times lambda. */
export function tensorDeflate(t: usize, d: i32, order: i32, lambda: f64, w: usize): void {
  const leading = ipow(d, order - 1);
  for (let lead = 0; lead < leading; lead++) {
    const a = leadingProduct(w, lead, d, order);
    const row = t + ((<usize>(lead * d)) << 3);
    for (let l = 0; l < d; l++) {
      const p = at(row, l);
      store<f64>(p, load<f64>(p) - lambda * (a * load<f64>(at(w, l))));
    }
  }
}
