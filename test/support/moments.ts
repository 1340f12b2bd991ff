// Shared statistics for the tests: sample moments with their standard errors, and the normal CDF.

export function moments(x: ArrayLike<number>) {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < n; i++) {
    const c = x[i] - m;
    const c2 = c * c;
    m2 += c2;
    m3 += c2 * c;
    m4 += c2 * c2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { n, mean: m, variance: m2, skewness: m3 / m2 ** 1.5, excessKurtosis: m4 / (m2 * m2) - 3 };
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
