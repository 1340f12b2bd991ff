// Gaussian quadrature rules for expectations over a standard normal variable, computed in the wasm.
//
//   gaussHermite(n)    nodes and weights of the n-point Gauss rule for the probabilists' weight
//                      exp(-x^2/2)/sqrt(2 pi) (weights sum to 1): exact for polynomials of degree < 2n.
//   gaussLegendre(n)   the n-point Gauss-Legendre rule on [-1, 1] (weights sum to 2).
//   normalRule(...)    a composite rule for E[f(X)], X ~ N(0, 1), when f is only piecewise smooth (a kink
//                      of ReLU, the jump of a latent's coupling at a threshold): [-L, L] is cut at the
//                      breakpoints, each piece into panels of width <= h, each panel gets Gauss-Legendre
//                      nodes, and the normal density is folded into the weights.
//
// Both Gauss rules come from the symmetric tridiagonal Jacobi matrix of the weight (Golub & Welsch 1969):
// zero diagonal and off-diagonal b_k (Hermite: b_k^2 = k; Legendre: b_k^2 = k^2 / (4k^2 - 1)). Its
// eigenvalues, the nodes, are found one by one by bisection on the Sturm count (Wilkinson; Golub & Van
// Loan, Matrix Computations, section 8.4.1), which cannot miss or swap a root, then polished by one Newton
// step on the orthonormal polynomial p_n. The weights are w_i = mass / sum_{k<n} p_k(x_i)^2 (the
// Christoffel function; Golub & Welsch eq. 2.6), a sum of positive terms. p_k is the orthonormal
// (normalised) recurrence p_{k+1} = (x p_k - b_k p_{k-1}) / b_{k+1}, which stays finite where the monic
// He_k(x) ~ x^k would overflow: for n <= 256 no intermediate exceeds 1e160. Nodes are computed for x >= 0
// and mirrored, so a rule is exactly symmetric.

import { INV_SQRT_2PI } from "./special";
import { at } from "./memory";

export const HERMITE_WEIGHT: i32 = 0;
export const LEGENDRE_WEIGHT: i32 = 1;

export const MAX_GAUSS_NODES: i32 = 256;

/** A quadrature rule: n nodes in ascending order and their weights (n doubles each, owned by the rule). */
@unmanaged
export class Rule {
  n: i32;
  nodes: usize;
  weights: usize;
}

// @ts-ignore: decorator
@inline export function node(rule: Rule, i: i32): f64 {
  return load<f64>(at(rule.nodes, i));
}

// @ts-ignore: decorator
@inline export function weight(rule: Rule, i: i32): f64 {
  return load<f64>(at(rule.weights, i));
}

function ruleAlloc(n: i32): Rule {
  const rule = changetype<Rule>(heap.alloc(offsetof<Rule>()));
  rule.n = n;
  rule.nodes = heap.alloc(<usize>max(n, 1) << 3);
  rule.weights = heap.alloc(<usize>max(n, 1) << 3);
  return rule;
}

export function ruleFree(rule: Rule): void {
  heap.free(rule.nodes);
  heap.free(rule.weights);
  heap.free(changetype<usize>(rule));
}

// b_k^2 of the Jacobi matrix, k >= 1.
// @ts-ignore: decorator
@inline function offDiagonalSquared(kind: i32, k: i32): f64 {
  const kk = <f64>k;
  return kind == HERMITE_WEIGHT ? kk : (kk * kk) / (4.0 * kk * kk - 1.0);
}

// Number of eigenvalues of the n x n Jacobi matrix below x: the negative terms of the Sturm sequence
// q_0 = -x, q_k = -x - b_k^2 / q_{k-1} (a zero pivot is nudged to -tiny, the standard safeguard).
function sturmCount(kind: i32, n: i32, x: f64): i32 {
  let count = 0;
  let q = -x;
  for (let k = 0; k < n; k++) {
    if (k > 0) q = -x - offDiagonalSquared(kind, k) / q;
    if (q == 0.0) q = -1e-300;
    if (q < 0) count++;
  }
  return count;
}

// Orthonormal p_{n-1}(x), p_n(x) and p_n'(x) by the recurrence (and its derivative); also the
// Christoffel sum sum_{k<n} p_k(x)^2 into christoffelOut.
let christoffelOut: f64 = 0;
function orthonormalAt(kind: i32, n: i32, x: f64): f64 {
  // returns p_n(x) / p_n'(x), the Newton correction
  let pPrev: f64 = 0, p: f64 = 1.0; // p_{-1}, p_0
  let dPrev: f64 = 0, dp: f64 = 0.0;
  let sum: f64 = 0;
  let bPrev: f64 = 0; // b_0 = 0
  for (let k = 0; k < n; k++) {
    sum += p * p;
    const b = Math.sqrt(offDiagonalSquared(kind, k + 1));
    const pNext = (x * p - bPrev * pPrev) / b;
    const dNext = (p + x * dp - bPrev * dPrev) / b;
    pPrev = p;
    p = pNext;
    dPrev = dp;
    dp = dNext;
    bPrev = b;
  }
  christoffelOut = sum;
  return p / dp;
}

/**
 * Fills nodes (ascending) and weights of the n-point Gauss rule of `kind`, 1 <= n <= MAX_GAUSS_NODES.
 * Nodes to within a few ulps of the largest node (bisection to adjacent doubles, then one Newton step);
 * weights to a few ulps relative. Weights are scaled to total `mass` (1 for Hermite, 2 for Legendre).
 */
function gaussRule(kind: i32, n: i32, nodesOut: usize, weightsOut: usize): void {
  const mass: f64 = kind == HERMITE_WEIGHT ? 1.0 : 2.0;
  // Gershgorin: every eigenvalue lies in [-2 max b, 2 max b]; max b <= sqrt(n) (Hermite), < 1 (Legendre)
  const bound: f64 = kind == HERMITE_WEIGHT ? 2.0 * Math.sqrt(<f64>n) + 1.0 : 2.0;
  const half = n >> 1;
  for (let i = n - half; i < n; i++) {
    // the i-th smallest eigenvalue (i >= n - half: the non-negative half, mirrored below)
    let lo: f64 = 0, hi = bound;
    for (let iter = 0; iter < 2000; iter++) {
      const mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) break;
      if (sturmCount(kind, n, mid) > i) hi = mid;
      else lo = mid;
    }
    let x = 0.5 * (lo + hi);
    x -= orthonormalAt(kind, n, x); // one Newton step on p_n
    orthonormalAt(kind, n, x);
    const w = mass / christoffelOut;
    store<f64>(at(nodesOut, i), x);
    store<f64>(at(weightsOut, i), w);
    store<f64>(at(nodesOut, n - 1 - i), -x);
    store<f64>(at(weightsOut, n - 1 - i), w);
  }
  if (n & 1) {
    orthonormalAt(kind, n, 0.0);
    store<f64>(at(nodesOut, half), 0.0);
    store<f64>(at(weightsOut, half), mass / christoffelOut);
  }
}

/** The n-point probabilists' Gauss-Hermite rule (weights sum to 1), into nodes/weights (n doubles each). */
export function gaussHermite(n: i32, nodesOut: usize, weightsOut: usize): void {
  gaussRule(HERMITE_WEIGHT, n, nodesOut, weightsOut);
}

/** The n-point Gauss-Legendre rule on [-1, 1] (weights sum to 2), into nodes/weights. */
export function gaussLegendre(n: i32, nodesOut: usize, weightsOut: usize): void {
  gaussRule(LEGENDRE_WEIGHT, n, nodesOut, weightsOut);
}

export function gaussHermiteRule(n: i32): Rule {
  const rule = ruleAlloc(n);
  gaussHermite(n, rule.nodes, rule.weights);
  return rule;
}


/**
 * Number of nodes of normalRule for these arguments (so a caller can size its buffers).
 * breaks: nBreaks doubles, ascending; those outside (-L, L) are ignored.
 */
export function normalRuleSize(breaks: usize, nBreaks: i32, L: f64, panelWidth: f64, order: i32): i32 {
  let total = 0;
  let a = -L;
  for (let j = 0; j <= nBreaks; j++) {
    const b = j < nBreaks ? load<f64>(at(breaks, j)) : L;
    if (b <= a || b > L) continue;
    total += <i32>Math.ceil((b - a) / panelWidth) * order;
    a = b;
  }
  return total;
}

/**
 * The composite rule for E[f(X)], X ~ N(0, 1), on [-L, L] cut at the breakpoints: each piece [a, b] is
 * split into ceil((b - a)/panelWidth) equal panels with `order` Gauss-Legendre nodes each; weight =
 * (panel half-width) * (Legendre weight) * phi(node). Nodes ascending. The mass beyond +-L (2 Phi(-L)) is
 * dropped: 1e-19 at L = 9, 1e-88 at L = 20. For f smooth on each piece the error is that of Gauss-Legendre
 * on each panel (exponentially small in `order` for analytic f; e.g. below 1e-15 for polynomials times
 * phi with 20 nodes per unit panel).
 */
export function normalRule(breaks: usize, nBreaks: i32, L: f64, panelWidth: f64, order: i32): Rule {
  const rule = ruleAlloc(normalRuleSize(breaks, nBreaks, L, panelWidth, order));
  const gl = ruleAlloc(order);
  gaussLegendre(order, gl.nodes, gl.weights);
  let next = 0;
  let a = -L;
  for (let j = 0; j <= nBreaks; j++) {
    const b = j < nBreaks ? load<f64>(at(breaks, j)) : L;
    if (b <= a || b > L) continue;
    const panels = <i32>Math.ceil((b - a) / panelWidth);
    const width = (b - a) / <f64>panels;
    for (let p = 0; p < panels; p++) {
      const left = a + <f64>p * width;
      const right = p == panels - 1 ? b : a + <f64>(p + 1) * width;
      const mid = 0.5 * (left + right);
      const halfWidth = 0.5 * (right - left);
      for (let i = 0; i < order; i++) {
        const x = mid + halfWidth * node(gl, i);
        store<f64>(at(rule.nodes, next), x);
        store<f64>(at(rule.weights, next), halfWidth * weight(gl, i) * INV_SQRT_2PI * Math.exp(-0.5 * x * x));
        next++;
      }
    }
    a = b;
  }
  ruleFree(gl);
  return rule;
}

/** normalRule into caller buffers (sized by normalRuleSize); returns the node count. For tests and TS. */
export function normalRuleInto(breaks: usize, nBreaks: i32, L: f64, panelWidth: f64, order: i32, nodesOut: usize, weightsOut: usize): i32 {
  const rule = normalRule(breaks, nBreaks, L, panelWidth, order);
  const n = rule.n;
  memory.copy(nodesOut, rule.nodes, <usize>n << 3);
  memory.copy(weightsOut, rule.weights, <usize>n << 3);
  ruleFree(rule);
  return n;
}
