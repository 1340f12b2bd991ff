// Elementary functions for the analysis of sweeps (log-log fits of weak-recovery times): computed here with
// AssemblyScript's Math (a musl port) so that a fitted exponent has the same bits on every host.

/** Natural logarithm, musl's log.c (error below 0.52 ULP); ln(x) for x <= 0 is -inf or NaN as in C. */
export function ln(x: f64): f64 {
  return Math.log(x);
}

/** Natural exponential, musl's exp.c (error below 0.51 ULP). */
export function exp(x: f64): f64 {
  return Math.exp(x);
}
