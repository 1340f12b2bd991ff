// Special functions the simulator's results depend on, computed inside the wasm so that every host
// gets the same bits.

const ERFC_CHEB = StaticArray.fromArray<f64>([
  -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3,
  -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5,
  -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9,
  5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12,
  8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16,
  -2.8e-17,
]);

/**
 * erfc(x) for x >= 0 by the Chebyshev fit of Numerical Recipes (3rd ed., section 6.2.2, `erfccheb`),
 * relative error below 1.2e-16 before rounding. Provisional: to be replaced by a port of musl's erf.c.
 */
function erfcPositive(x: f64): f64 {
  let d: f64 = 0, dd: f64 = 0;
  const t = 2.0 / (2.0 + x);
  const ty = 4.0 * t - 2.0;
  for (let j = ERFC_CHEB.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + unchecked(ERFC_CHEB[j]);
    dd = tmp;
  }
  return t * Math.exp(-x * x + 0.5 * (unchecked(ERFC_CHEB[0]) + ty * d) - dd);
}

export function erfc(x: f64): f64 {
  return x >= 0 ? erfcPositive(x) : 2.0 - erfcPositive(-x);
}

export function erf(x: f64): f64 {
  return x >= 0 ? 1.0 - erfcPositive(x) : erfcPositive(-x) - 1.0;
}

/** Standard normal CDF Phi(x) = erfc(-x / sqrt 2) / 2. */
export function normalCdf(x: f64): f64 {
  return 0.5 * erfc(-x * 0.7071067811865476);
}
