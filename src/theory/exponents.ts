// Information exponents of the directions m, u, v for a single neuron on the MCM, read off the exact
// expansion of the population loss in the overlaps.
//
// What is computed. With c_k = E[sigma(xi) He_k(xi)] and h = w.x as in assembly/dynamics.ts (for y = +1:
// h = beta_m a_m + sqrt(beta_u) a_u lambda + s_v a_v nu + s xi, s^2 = 1 - s_v^2 a_v^2, s_v^2 = beta_v/(1+beta_v)),
// the generating function of Hermite polynomials, E_xi exp(t(a + s xi) - t^2/2) = exp(a t - s_v^2 a_v^2 t^2/2),
// gives for the correlation loss L(alpha) = -E[y sigma(h)]:
//   L = const - q sum_n c_n [t^n] G(t),
//   G(t) = exp(beta_m a_m t) E[ exp(sqrt(beta_u) a_u lambda t) sum_j He_j(nu) (s_v a_v t)^j / j! ],
// an exact power series in (a_m, a_u, a_v) (q = P(y = +1); with the labelled mean the y = -1 class adds
// (1 - q) sum_n c_n (-beta_m a_m)^n / n!). Its Taylor coefficients along each direction, the others at 0:
//   m:  a_m^n         -q c_n beta_m^n / n!          (+ (1 - q) (-1)^n c_n beta_m^n / n! labelled)
//   u:  a_u^(2j)      -q c_2j (beta_u / 2)^j / j!   (lambda is Gaussian: odd powers vanish)
//   v:  a_v^j         -q c_j E[He_j(nu)] s_v^j / j! (E[He_1] = E[He_2] = 0, E[He_3] = kappa_3, E[He_4] = kappa_4)
// and the staircase terms linear in a_v (lambda and nu correlated):
//   a_m^a a_u^k a_v   -q c_(a+k+1) (beta_m^a / a!) s_v beta_u^(k/2) E[lambda^k nu] / k!.
// More generally, with independent latents the monomial a_m^a a_u^k a_v^j has the coefficient
//   -q c_(a+k+j) (beta_m^a / a!) [k even] (beta_u / 2)^(k/2) / (k/2)! E[He_j(nu)] s_v^j / j!.
// For the square loss (y - sigma)^2 / 2 = const - y sigma + sigma^2 / 2 everything holds with c_n replaced by
// c_n - b_n / 2 for y = +1 (and c_n + b_n / 2 for y = -1), b_n = E[sigma(xi)^2 He_n(xi)].
//
// Two exponents per direction are reported:
//  - pure (lossExpansion.m/u/v): the smallest power of alpha_e with a non-zero coefficient, the other
//    overlaps at 0 (a random start);
//  - sequential (lossExpansion.sequential, and the headline informationExponent): directions are found in
//    turn, cheapest first, and each one's exponent is the smallest power j of alpha_e whose coefficient, as a
//    polynomial in the overlaps already found, is not identically 0 (independent-latent terms only). This
//    is the exponent SGD meets on its way: e.g. ReLU has c_3 = 0, so a skewed nu alone gives v the pure
//    exponent 4, but once m is found the term a_m a_v^3 (coefficient ~ c_4 beta_m kappa_3) makes it 3.
// The latents' correlation adds the staircase terms (vAfterU), reported apart as in docs/science.md's table.
//
// Whether SGD leaves alpha = 0 along a direction: an odd leading power always has a descent direction; an
// even one only if its coefficient is negative (then alpha = 0 is a maximum of L along it). For v with a
// symmetric latent this is the sign rule of docs/science.md: -q c_4 kappa_4 s_v^4 / 24 < 0 <=> c_4 kappa_4 > 0.
//
// Once u is found (a_u = Theta(1)), a non-zero staircase term makes L linear in a_v: v's effective exponent
// drops to 1, and its cost is that of finding u (Bardone & Goldt 2024). Sample complexity of online SGD
// from a random start (Ben Arous, Gheissari, Jagannath 2021): k = 1: d; k = 2: d log d; k >= 3: d^(k-1).
//
// Zero tests: a coefficient is zero when below 1e-9 of its natural scale (sqrt(k!) for c_k and E[He_k],
// sqrt((2k-1)!!) max|nu| for E[lambda^k nu]); the quadratures are accurate to ~1e-13 of those scales.

export const ZERO_TOLERANCE = 1e-9;

export interface LossExpansionInput {
  /** c_0..c_K. */
  c: number[];
  /** b_0..b_K, the Hermite coefficients of sigma^2, for the square loss; null for the correlation loss. */
  b: number[] | null;
  prior: number;
  betaM: number;
  betaU: number;
  betaV: number;
  labelledMean: boolean;
  /** E[He_j(nu)], j = 0..K. */
  nuHermite: number[];
  /** E[lambda^k nu], k = 0..K. */
  lambdaNuPower: number[];
  /** max |nu| over nu's two values (scale of the E[lambda^k nu]). */
  nuMax: number;
}

export interface DirectionExponent {
  /** Smallest power k of alpha_e with a non-zero coefficient in L (the others at 0); null if none up to K. */
  exponent: number | null;
  /** That coefficient of the population loss L (L = L(0) + coefficient alpha_e^k + ...). */
  coefficient: number | null;
  /** Whether L decreases away from alpha_e = 0 along that term (odd k, or a negative coefficient). */
  attractive: boolean | null;
}

export interface StaircaseTerm {
  /** Powers of alpha_m and alpha_u in the term alpha_m^m alpha_u^u alpha_v. */
  m: number;
  u: number;
  coefficient: number;
}

export interface Staircase {
  /** v's effective exponent once u (and m) are found: 1, as the term is linear in alpha_v. */
  exponent: 1;
  /** Total degree of the lowest non-zero terms. */
  degree: number;
  terms: StaircaseTerm[];
}

export interface SequentialExponent {
  /** The smallest power j of alpha_e whose coefficient is non-zero given the directions found before. */
  exponent: number | null;
  /** The lowest such term: alpha_e^j times alpha_f^powers[f] for the directions f found before. */
  powers: { m: number; u: number; v: number } | null;
  /** Its coefficient in L (the monomial's, overlaps taken positive). */
  coefficient: number | null;
  /**
   * The coefficient of alpha_e^j at the signs the found overlaps settle at (odd exponent: the sign that
   * lowers L); null when an odd power of an overlap whose sign SGD picks at random (even exponent) enters.
   */
  effectiveCoefficient: number | null;
  /** Odd j, or a negative effective coefficient; null if that sign is undetermined. */
  attractive: boolean | null;
}

export type Direction = "m" | "u" | "v";

export interface LossExpansion {
  /** Pure exponents: the other overlaps at 0. */
  m: DirectionExponent;
  u: DirectionExponent;
  v: DirectionExponent;
  /** Exponents met in turn, each given the directions found before it (order: `order`). */
  sequential: { m: SequentialExponent; u: SequentialExponent; v: SequentialExponent };
  /** The order in which the directions are found (attractive ones, cheapest first). */
  order: Direction[];
  /** Terms alpha_m^a alpha_u^k alpha_v of lowest degree (correlated latents), or null if none up to K. */
  vAfterU: Staircase | null;
}

export interface Scaling {
  /** Samples to weak recovery from a random start, as a formula in d. */
  samples: string;
  /** The power of d. */
  exponent: number;
  /** Whether a log d factor multiplies d^exponent. */
  log: boolean;
  /** Why, when v rides on u. */
  via?: string;
}

function factorials(K: number): number[] {
  const f = [1];
  for (let k = 1; k <= K; k++) f.push(f[k - 1] * k);
  return f;
}

function powers(x: number, K: number): number[] {
  const p = [1];
  for (let k = 1; k <= K; k++) p.push(p[k - 1] * x);
  return p;
}

function nonzero(value: number, scale: number): boolean {
  return Math.abs(value) > ZERO_TOLERANCE * scale;
}

// The first power k >= 1 whose coefficient passed its zero test (null marks a zero).
function direction(coefficients: (number | null)[]): DirectionExponent {
  for (let k = 1; k < coefficients.length; k++) {
    const c = coefficients[k];
    if (c !== null) return { exponent: k, coefficient: c, attractive: k % 2 === 1 || c < 0 };
  }
  return { exponent: null, coefficient: null, attractive: null };
}

/** The expansion of the population loss described in the file comment. */
export function lossExpansion(input: LossExpansionInput): LossExpansion {
  const K = input.c.length - 1;
  const fact = factorials(K);
  const sqrtFact = fact.map(Math.sqrt);
  const q = input.prior;
  const plus = input.c.map((c, n) => (input.b ? c - input.b[n] / 2 : c));
  const minus = input.c.map((c, n) => (input.b ? c + input.b[n] / 2 : c));
  const sv = Math.sqrt(input.betaV / (1 + input.betaV));
  const sqrtBetaU = Math.sqrt(input.betaU);
  const betaM = powers(input.betaM, K);
  const svPow = powers(sv, K);
  const sqrtBetaUPow = powers(sqrtBetaU, K);
  const halfBetaUPow = powers(input.betaU / 2, K);

  // m: zero test on the bracket (its scale sqrt(n!)), then the factor beta_m^n / n!
  const mCoef = plus.map((cp, n) => {
    const bracket = -q * cp + (input.labelledMean ? (1 - q) * (n % 2 === 0 ? 1 : -1) * minus[n] : 0);
    return nonzero(bracket, sqrtFact[n]) && input.betaM > 0 ? (bracket * betaM[n]) / fact[n] : null;
  });
  const m = direction(mCoef);

  const uCoef: (number | null)[] = plus.map(() => null);
  for (let j = 1; 2 * j <= K; j++) {
    if (nonzero(plus[2 * j], sqrtFact[2 * j]) && input.betaU > 0) uCoef[2 * j] = (-q * plus[2 * j] * halfBetaUPow[j]) / fact[j];
  }
  const u = direction(uCoef);

  const vCoef = plus.map((cp, j) => {
    if (!(input.betaV > 0) || !nonzero(cp, sqrtFact[j]) || !nonzero(input.nuHermite[j], sqrtFact[j])) return null;
    return (-q * cp * input.nuHermite[j] * svPow[j]) / fact[j];
  });
  const v = direction(vCoef);

  // Coefficient of a_m^a a_u^k a_v^j with independent latents, or null if it is zero (file comment).
  const monomial = (a: number, k: number, j: number): number | null => {
    const n = a + k + j;
    if (n > K || n === 0) return null;
    if (k % 2 === 1 || (k > 0 && !(input.betaU > 0)) || (j > 0 && !(input.betaV > 0)) || (a > 0 && !(input.betaM > 0))) return null;
    if (j > 0 && !nonzero(input.nuHermite[j], sqrtFact[j])) return null;
    const labelled = input.labelledMean && k === 0 && j === 0;
    const bracket = -q * plus[n] + (labelled ? (1 - q) * (n % 2 === 0 ? 1 : -1) * minus[n] : 0);
    if (!nonzero(bracket, sqrtFact[n])) return null;
    const uFactor = halfBetaUPow[k / 2] / fact[k / 2];
    const vFactor = (input.nuHermite[j] * svPow[j]) / fact[j];
    return ((bracket * betaM[a]) / fact[a]) * uFactor * vFactor;
  };
  // The sign each found overlap settles at: an odd leading power -sign(effective coefficient) (L falls
  // that way); an even one either sign (SGD picks one at random): 0, undetermined.
  const foundSign: Record<Direction, number> = { m: 0, u: 0, v: 0 };
  const sequentialOf = (e: Direction, found: Set<Direction>): SequentialExponent => {
    const others = (["m", "u", "v"] as const).filter((f) => f !== e);
    for (let j = 1; j <= K; j++) {
      // lowest total degree first, then the first other direction's power ascending
      for (let extra = 0; j + extra <= K; extra++) {
        for (let p0 = 0; p0 <= extra; p0++) {
          const p1 = extra - p0;
          if ((p0 > 0 && !found.has(others[0])) || (p1 > 0 && !found.has(others[1]))) continue;
          const powers = { m: 0, u: 0, v: 0 };
          powers[e] = j;
          powers[others[0]] = p0;
          powers[others[1]] = p1;
          const coefficient = monomial(powers.m, powers.u, powers.v);
          if (coefficient === null) continue;
          powers[e] = 0;
          // the coefficient of alpha_e^j at the found overlaps' signs (their odd powers flip it)
          let sign = Math.sign(coefficient);
          for (const f of others) if (powers[f] % 2 === 1) sign *= foundSign[f];
          const effectiveCoefficient = sign === 0 ? null : sign * Math.abs(coefficient);
          const attractive = j % 2 === 1 ? true : effectiveCoefficient === null ? null : effectiveCoefficient < 0;
          return { exponent: j, powers, coefficient, effectiveCoefficient, attractive };
        }
      }
    }
    return { exponent: null, powers: null, coefficient: null, effectiveCoefficient: null, attractive: null };
  };
  const found = new Set<Direction>();
  const order: Direction[] = [];
  const sequential = {} as Record<Direction, SequentialExponent>;
  for (let round = 0; round < 3; round++) {
    let best: Direction | null = null;
    for (const e of ["m", "u", "v"] as const) {
      if (found.has(e)) continue;
      sequential[e] = sequentialOf(e, found);
      const x = sequential[e];
      if (x.exponent !== null && x.attractive && (best === null || x.exponent < (sequential[best].exponent as number))) best = e;
    }
    if (best === null) break;
    found.add(best);
    order.push(best);
    const b = sequential[best];
    foundSign[best] = (b.exponent as number) % 2 === 1 && b.effectiveCoefficient !== null ? -Math.sign(b.effectiveCoefficient) : 0;
  }

  let vAfterU: Staircase | null = null;
  if (input.betaU > 0 && input.betaV > 0) {
    let doubleFactorial = 1; // (2k - 1)!!
    const lambdaScale = [1];
    for (let k = 1; k <= K; k++) {
      doubleFactorial *= 2 * k - 1;
      lambdaScale.push(Math.sqrt(doubleFactorial) * input.nuMax);
    }
    for (let degree = 2; degree <= K && vAfterU === null; degree++) {
      const terms: StaircaseTerm[] = [];
      for (let a = 0; a <= degree - 2; a++) {
        const k = degree - 1 - a;
        if (a > 0 && !(input.betaM > 0)) continue;
        if (!nonzero(plus[degree], sqrtFact[degree]) || !nonzero(input.lambdaNuPower[k], lambdaScale[k])) continue;
        const coefficient = (-q * plus[degree] * (betaM[a] / fact[a]) * sv * sqrtBetaUPow[k] * input.lambdaNuPower[k]) / fact[k];
        terms.push({ m: a, u: k, coefficient });
      }
      if (terms.length > 0) vAfterU = { exponent: 1, degree, terms };
    }
  }
  return { m, u, v, sequential, order, vAfterU };
}

/**
 * Online SGD's samples to weak recovery for information exponent k; null if the direction is not learned
 * (no exponent, or a term that holds alpha_e at 0). An undetermined sign (attractive null) still gets its
 * scaling: it applies to the runs whose earlier overlap settled at the sign that pulls.
 */
export function scalingOf(e: { exponent: number | null; attractive: boolean | null }): Scaling | null {
  if (e.exponent === null || e.attractive === false) return null;
  const k = e.exponent;
  if (k === 1) return { samples: "d", exponent: 1, log: false };
  if (k === 2) return { samples: "d log d", exponent: 1, log: true };
  return { samples: `d^${k - 1}`, exponent: k - 1, log: false };
}

function cheaper(a: Scaling, b: Scaling): boolean {
  return a.exponent < b.exponent || (a.exponent === b.exponent && !a.log && b.log);
}

/**
 * Predicted scaling of each direction from its sequential exponent (the cost of the step it adds to the
 * staircase; the earlier steps cost no more); v takes the route through u when that is cheaper.
 */
export function predictedScaling(expansion: LossExpansion): { m: Scaling | null; u: Scaling | null; v: Scaling | null } {
  const m = scalingOf(expansion.sequential.m);
  const u = scalingOf(expansion.sequential.u);
  let v = scalingOf(expansion.sequential.v);
  if (expansion.vAfterU && u) {
    // v grows linearly once alpha_u = Theta(1): O(d) samples after u's cost, which dominates (u costs >= d)
    if (v === null || cheaper(u, v)) v = { ...u, via: "u (staircase: correlated latents make the loss linear in alpha_v once alpha_u = Theta(1))" };
  }
  return { m, u, v };
}

/** k* = the smallest k >= 1 with E[He_k(lambda) nu] != 0, or null (independent latents). */
export function correlationExponent(lambdaNuHermite: number[]): number | null {
  const fact = factorials(lambdaNuHermite.length - 1);
  for (let k = 1; k < lambdaNuHermite.length; k++) if (nonzero(lambdaNuHermite[k], Math.sqrt(fact[k]))) return k;
  return null;
}
