// The draws of the reduced engine (docs/reduced-engine.md) beyond normals and uniforms: a gamma (and
// chi-square) sampler that stays exact at any shape from 1/2 to 5e11 (chi-square with 1 to 1e12 degrees of
// freedom), and Bartlett's factor of a Wishart matrix.
//
// Gamma(a, 1), a >= 1: Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS
// 26(3). With d = a - 1/3, c = 1/sqrt(9 d), x ~ N(0, 1), e = c x > -1 and V = (1 + e)^3, d V is accepted
// when ln U < x^2/2 + d (1 - V + ln V). Written in e, the right-hand side is exactly
//   3 d (log1p(e) - e + e^2/2 - e^3/3) = 3 d R4(e),   R4(e) = sum_{k >= 4} (-1)^(k+1) e^k / k,
// because x^2/2 = (9/2) d e^2 cancels the quadratic term of d (1 - V + ln V) identically. R4 is summed as a
// series for |e| < 0.1 (terms k = 4..19, truncation below 2e-17 relative) and from log1p otherwise (there
// |e| >= 0.1 needs |x| >= 0.3 sqrt(d): only small shapes get there, where R4 is O(1)), so no step
// subtracts nearly equal numbers at any shape. The draw is d V, V = (1 + e)^3, as in random.ts.
// Acceptance: the squeeze U < 1 - 0.0331 x^4 takes about 90 % of tries at large shape; the log test, the
// rest; a try is accepted with probability 0.95 at a = 1 and tending to 1 as a grows. Cost: one normal and
// one uniform per try, plus one log in about 10 % of tries (about 25 ns per draw here, at every shape).
// a < 1: Gamma(a) = Gamma(a + 1) U^(1/a) (Marsaglia & Tsang, section 6), one uniform and one pow more.
//
// The generator's own fillGamma / fillChiSquare (assembly/random.ts) keep their outputs (golden hashes);
// they compute the same acceptance test as ln U < x^2/2 + d (1 - V + ln V). Measured against 50-digit
// arithmetic, that form errs by about 1e-13 at a = 1e3 and 2e-9 at a = 1e12 in the log-acceptance bound,
// too little to move any acceptance decision in practice (test/reduced-random.test.ts: the two samplers
// return the same bits on the same stream at 1 to 1e12 degrees of freedom); the form above errs by below
// 1e-17, and stays the one to trust should a caller go beyond 1e12.
//
// Draw order (part of the determinism contract): per try, one normal (repeated while e <= -1), then one
// uniform; for a < 1, the draw for a + 1 first, then one uniform.
import { bind, unbind, normal as normalInlined, normalCall, uniformPositive } from "./random";

/** The reduced engine draws its normals through random.ts's normalCall (not inlined: see there). */
// @ts-ignore: decorator
@inline export function normal(): f64 {
  return normalCall();
}

// R4(e) = log1p(e) - e + e^2/2 - e^3/3 for |e| < 0.1: e^4 (-1/4 + e (1/5 + e (-1/6 + ... + e (-1/19))))
function log1pTail4(e: f64): f64 {
  if (Math.abs(e) < 0.1) {
    let s: f64 = 0.0;
    for (let k = 19; k >= 4; k--) {
      const term = (k & 1) != 0 ? 1.0 / <f64>k : -1.0 / <f64>k; // (-1)^(k+1) / k
      s = s * e + term;
    }
    const e2 = e * e;
    return s * e2 * e2;
  }
  return Math.log1p(e) - e + 0.5 * e * e - (e * e * e) / 3.0;
}

/** Gamma(shape, 1) from the bound stream, shape > 0 (see the header for the method and its accuracy). */
export function gammaExact(shape: f64): f64 {
  if (shape < 1.0) return gammaExact(shape + 1.0) * Math.pow(uniformPositive(), 1.0 / shape);
  const d = shape - 1.0 / 3.0;
  return gammaPrepared(d, 1.0 / Math.sqrt(9.0 * d));
}

/**
 * Gamma(a, 1) for a >= 1 given d = a - 1/3 and c = 1/sqrt(9 d), computed once by a caller that draws many
 * values of one shape (the same bits as gammaExact(a)).
 */
export function gammaPrepared(d: f64, c: f64): f64 {
  while (true) {
    let x: f64, e: f64;
    do {
      x = normalInlined(); // the chi-square's loop: one inlined copy, where each step's draw is
      e = c * x;
    } while (e <= -1.0);
    const u = uniformPositive();
    const x2 = x * x;
    const v1 = 1.0 + e;
    const v = v1 * v1 * v1;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 3.0 * d * log1pTail4(e)) return d * v;
  }
}

/** Chi-square with k degrees of freedom (2 Gamma(k / 2)); k <= 0 gives 0 (no remaining dimensions). */
export function chiSquareExact(k: f64): f64 {
  return k > 0 ? 2.0 * gammaExact(0.5 * k) : 0.0;
}

/**
 * The law chi^2(k) for a k drawn many times (a replica's per-step chi-square): chiSquareLawInit stores d
 * and c of Marsaglia-Tsang once (d = 0 when k < 2, where chiSquareDraw goes through chiSquareExact).
 * chiSquareDraw(law) returns the same bits as chiSquareExact(k).
 */
@unmanaged
export class ChiSquareLaw {
  k: f64;
  d: f64;
  c: f64;
}

export function chiSquareLawInit(law: ChiSquareLaw, k: f64): void {
  law.k = k;
  const shape = 0.5 * k;
  law.d = shape >= 1.0 ? shape - 1.0 / 3.0 : 0.0;
  law.c = shape >= 1.0 ? 1.0 / Math.sqrt(9.0 * law.d) : 0.0;
}

// @ts-ignore: decorator
@inline export function chiSquareDraw(law: ChiSquareLaw): f64 {
  return law.d > 0 ? 2.0 * gammaPrepared(law.d, law.c) : chiSquareExact(law.k);
}

/**
 * Bartlett's decomposition (Bartlett 1933; e.g. Anderson, "An Introduction to Multivariate Statistical
 * Analysis", 3rd ed., section 7.2): if Z is rows x n with i.i.d. N(0, 1) entries, the lower-trapezoidal
 * factor T of Z = T Q (Q with orthonormal rows, T rows x q, q = min(rows, n)) has independent entries
 *   T_ii ~ sqrt(chi^2(n - i))  (i = 0..q-1),   T_ij ~ N(0, 1) (j < i, j < q),   T_ij = 0 (j > i).
 * (Gram-Schmidt on the rows of Z: row i has standard normal coordinates along the i earlier directions and
 * a remainder of squared norm chi^2(n - i), or none once the rows span all n dimensions.) So Z Z^T = T T^T
 * is Wishart(n, I), drawn with O(rows^2) draws whatever n. Writes T into out (row-major, row stride
 * `stride` doubles, columns q.. of each row zeroed up to `stride`), from the bound stream, row by row: the
 * normals T_i0 .. T_i,min(i,q)-1, then the chi-square of T_ii. Returns q. n is an integer >= 0 (an f64).
 */
export function bartlettInto(out: usize, rows: i32, n: f64, stride: i32): i32 {
  const q = <f64>rows < n ? rows : <i32>n;
  for (let i = 0; i < rows; i++) {
    const row = out + ((<usize>i * <usize>stride) << 3);
    memory.fill(row, 0, <usize>stride << 3);
    const below = i < q ? i : q;
    for (let j = 0; j < below; j++) store<f64>(row + (<usize>j << 3), normal());
    if (i < q) store<f64>(row + (<usize>i << 3), Math.sqrt(chiSquareExact(n - <f64>i)));
  }
  return q;
}

// ---- Exported batch kernels (the stream is bound once per call) ----

export function fillGammaExact(state: usize, out: usize, n: i32, shape: f64): void {
  bind(state);
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), gammaExact(shape));
  unbind(state);
}

export function fillChiSquareExact(state: usize, out: usize, n: i32, k: f64): void {
  bind(state);
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), chiSquareExact(k));
  unbind(state);
}

/** `count` Bartlett factors of Wishart(n, I_rows), each rows x rows (stride rows), one after another. */
export function fillBartlett(state: usize, out: usize, count: i32, rows: i32, n: f64): void {
  bind(state);
  const size = (<usize>rows * <usize>rows) << 3;
  for (let c = 0; c < count; c++) bartlettInto(out + <usize>c * size, rows, n, rows);
  unbind(state);
}
