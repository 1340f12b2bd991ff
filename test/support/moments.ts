// The one moments module of the tests: sample moments, estimates with honest standard errors, the
// normal CDF and the KS statistic (all plain JS, test-only).
//
// Estimates: sample statistics with honest standard errors for the model tests. Each estimator is a smooth function of
// sample moments; its standard error is sqrt(mean(IF^2) / n), with IF its empirical influence function
// (the delta method), so the error bars use the sample's own higher moments (up to the 8th for the
// kurtosis) instead of Gaussian formulas that would be wrong for the non-Gaussian directions.

export interface Estimate {
  value: number;
  se: number;
}

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

function fromInfluence(value: number, influence: (i: number) => number, n: number): Estimate {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const f = influence(i);
    s += f * f;
  }
  return { value, se: Math.sqrt(s / n / n) };
}

function centralMoments(a: ArrayLike<number>) {
  const mu = mean(a);
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < a.length; i++) {
    const c = a[i] - mu;
    m2 += c * c;
    const c2 = c * c;
    m3 += c2 * c;
    m4 += c2 * c2;
  }
  const n = a.length;
  return { mu, m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/** Sample mean, variance, skewness and excess kurtosis (plain moments, no standard errors). */
export function moments(x: ArrayLike<number>) {
  const { mu, m2, m3, m4 } = centralMoments(x);
  return { n: x.length, mean: mu, variance: m2, skewness: m3 / m2 ** 1.5, excessKurtosis: m4 / (m2 * m2) - 3 };
}

export function meanEstimate(a: ArrayLike<number>): Estimate {
  const mu = mean(a);
  return fromInfluence(mu, (i) => a[i] - mu, a.length);
}

export function varianceEstimate(a: ArrayLike<number>): Estimate {
  const { mu, m2 } = centralMoments(a);
  return fromInfluence(m2, (i) => (a[i] - mu) * (a[i] - mu) - m2, a.length);
}

export function covarianceEstimate(a: ArrayLike<number>, b: ArrayLike<number>): Estimate {
  const ma = mean(a), mb = mean(b);
  let c = 0;
  for (let i = 0; i < a.length; i++) c += (a[i] - ma) * (b[i] - mb);
  c /= a.length;
  return fromInfluence(c, (i) => (a[i] - ma) * (b[i] - mb) - c, a.length);
}

/** g1 = m3 / m2^(3/2); IF = IF(m3)/m2^1.5 - 1.5 m3 IF(m2)/m2^2.5 with IF(m3) = c^3 - m3 - 3 m2 c. */
export function skewnessEstimate(a: ArrayLike<number>): Estimate {
  const { mu, m2, m3 } = centralMoments(a);
  return fromInfluence(
    m3 / m2 ** 1.5,
    (i) => {
      const c = a[i] - mu;
      return (c * c * c - m3 - 3 * m2 * c) / m2 ** 1.5 - (1.5 * m3 * (c * c - m2)) / m2 ** 2.5;
    },
    a.length,
  );
}

/** g2 = m4 / m2^2 - 3; IF = IF(m4)/m2^2 - 2 m4 IF(m2)/m2^3 with IF(m4) = c^4 - m4 - 4 m3 c. */
export function excessKurtosisEstimate(a: ArrayLike<number>): Estimate {
  const { mu, m2, m3, m4 } = centralMoments(a);
  return fromInfluence(
    m4 / (m2 * m2) - 3,
    (i) => {
      const c = a[i] - mu;
      const c2 = c * c;
      return (c2 * c2 - m4 - 4 * m3 * c) / (m2 * m2) - (2 * m4 * (c2 - m2)) / (m2 * m2 * m2);
    },
    a.length,
  );
}

/** Collects comparisons of estimates with theory; `failures` lists those off by more than k standard errors. */
export class Checks {
  readonly failures: string[] = [];
  readonly log: string[] = [];
  constructor(private readonly k = 4) {}

  near(what: string, estimate: Estimate, theory: number): void {
    const z = (estimate.value - theory) / estimate.se;
    const line = `${what}: ${estimate.value.toFixed(5)} vs theory ${theory.toFixed(5)} (se ${estimate.se.toExponential(2)}, z ${z.toFixed(2)})`;
    this.log.push(line);
    if (!(Math.abs(z) <= this.k)) this.failures.push(line);
  }
}

/** Projections x_i . w of the rows of x (n x d) selected by `keep`. */
export function project(x: Float64Array, d: number, w: ArrayLike<number>, rows: number[]): Float64Array {
  const out = new Float64Array(rows.length);
  rows.forEach((r, k) => {
    let s = 0;
    const base = r * d;
    for (let j = 0; j < d; j++) s += x[base + j] * w[j];
    out[k] = s;
  });
  return out;
}

/** Probabilists' Hermite polynomial He_k(x) by the three-term recurrence. */
export function hermite(k: number, x: number): number {
  if (k === 0) return 1;
  let prev = 1, h = x;
  for (let j = 1; j < k; j++) [prev, h] = [h, x * h - j * prev];
  return h;
}

/** Phi(x) for the KS test (test-only, JS Math): erfc by the Chebyshev fit of Numerical Recipes, ~1e-16 relative. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes erfc via Chebyshev (erfccheb), relative error < 1.2e-16 for x >= 0.
  if (x < 0) return 2 - erfc(-x);
  const cof = [
    -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4,
    3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.30365583558e-6,
    1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10,
    9.6467911e-11, 2.394038e-12, -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15,
    -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
  ];
  let d = 0, dd = 0;
  const t = 2 / (2 + x);
  const ty = 4 * t - 2;
  for (let j = cof.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + cof[j];
    dd = tmp;
  }
  return t * Math.exp(-x * x + 0.5 * (cof[0] + ty * d) - dd);
}

/** Kolmogorov-Smirnov statistic of a sample against a CDF. */
export function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(sample).sort();
  const n = s.length;
  let D = 0;
  for (let i = 0; i < n; i++) {
    const F = cdf(s[i]);
    D = Math.max(D, F - i / n, (i + 1) / n - F);
  }
  return D;
}
