// The latent laws of the mixed cumulant model and their closed-form theory (docs/science.md section 2).
//
// lambda ~ N(0, 1). nu takes two values, `high` with probability r and `low` otherwise, with zero mean and
// unit variance: Rademacher (high = 1, low = -1, r = 1/2) or skewed (high = (1 - r)/s, low = -r/s,
// s = sqrt(r - r^2)). Every coupling makes nu a threshold function of lambda (or an independent draw):
//
//   independent  nu independent of lambda
//   sign         nu = high iff lambda > t,            t = Phi^-1(1 - r)     (t = 0: nu = sign(lambda))
//   partial(p)   as sign with probability p, else independent
//   even         nu = high iff |lambda| >= t,         t = Phi^-1(1 - r/2)   (Phi^-1(3/4) for Rademacher)
//   cubic        nu = +1 iff lambda > t or -t < lambda < 0, else -1, t = sqrt(2 ln 2)
//                (= sign(lambda) sign(|lambda| - t); Rademacher only)
//
// so each threshold makes P(nu = high) = r exactly, whatever the coupling.
//
// Hermite coefficients. With nu = low + (high - low) 1_A and E[He_k] = 0 for k >= 1,
// E[He_k(lambda) nu] = (high - low) E[He_k(lambda) 1_A]. Since d/dx (He_{k-1}(x) phi(x)) = -He_k(x) phi(x),
// the integral of He_k phi over [a, b] is He_{k-1}(a) phi(a) - He_{k-1}(b) phi(b), hence for k >= 1:
//   sign:    E[He_k 1_A] = He_{k-1}(t) phi(t)                                      (k = 1: phi(t))
//   even:    E[He_k 1_A] = (1 + (-1)^k) He_{k-1}(t) phi(t)                          (0 for odd k)
//   cubic:   E[He_k 1_A] = (1 - (-1)^k) He_{k-1}(t) phi(t) - He_{k-1}(0) phi(0)     (0 for k = 1, 2 since
//            2 phi(t) = phi(0) at t = sqrt(2 ln 2); k = 3 gives 2 ln 2 phi(0))
//   partial: p times sign; independent: 0.
// E[lambda nu] is the k = 1 coefficient: sqrt(2/pi) for the Rademacher sign coupling.
import { normalPdf, normalQuantile, hermiteValue, INV_SQRT_2PI } from "./special";
// Phi^-1 is AS 241 in special.ts (within 3 ulp); the thresholds below are computed once per model.
export { normalPdf, normalQuantile };

export const LATENT_RADEMACHER: i32 = 0;
export const LATENT_SKEWED: i32 = 1;

export const COUPLING_INDEPENDENT: i32 = 0;
export const COUPLING_SIGN: i32 = 1;
export const COUPLING_PARTIAL: i32 = 2;
export const COUPLING_EVEN: i32 = 3;
export const COUPLING_CUBIC: i32 = 4;

/**
 * The coupling rule, written once (the sampler's drawNu and the theory's probabilityHigh both read it):
 * whether nu = high given lambda, for sign (and partial's coupled branch) lambda > t, even |lambda| >= t,
 * cubic sign(lambda) sign(|lambda| - t) > 0, i.e. (lambda > 0) == (|lambda| > t).
 */
// @ts-ignore: decorator
@inline export function coupledHigh(coupling: i32, threshold: f64, lambda: f64): bool {
  if (coupling == COUPLING_EVEN) return Math.abs(lambda) >= threshold;
  if (coupling == COUPLING_CUBIC) return (lambda > 0) == (Math.abs(lambda) > threshold);
  return lambda > threshold;
}

/** P(nu = high): r for the skewed law, 1/2 for Rademacher. */
// @ts-ignore: decorator
@inline export function latentR(latent: i32, r: f64): f64 {
  return latent == LATENT_SKEWED ? r : 0.5;
}

/** The value of nu with probability r. */
export function latentHigh(latent: i32, r: f64): f64 {
  if (latent != LATENT_SKEWED) return 1.0;
  return (1.0 - r) / Math.sqrt(r - r * r);
}

/** The value of nu with probability 1 - r. */
export function latentLow(latent: i32, r: f64): f64 {
  if (latent != LATENT_SKEWED) return -1.0;
  return -r / Math.sqrt(r - r * r);
}

/** The lambda threshold t of a coupling (0 for independent). */
export function couplingThreshold(coupling: i32, latent: i32, r: f64): f64 {
  const q = latentR(latent, r);
  if (coupling == COUPLING_SIGN || coupling == COUPLING_PARTIAL) return normalQuantile(1.0 - q);
  if (coupling == COUPLING_EVEN) return normalQuantile(1.0 - 0.5 * q);
  if (coupling == COUPLING_CUBIC) return Math.sqrt(2.0 * Math.LN2);
  return 0.0;
}

/**
 * E[He_k(lambda) nu] in closed form (see the header): k = 0 gives E[nu] = 0. `p` is used by partial only.
 * Exact up to the rounding of phi and of the threshold; for the cubic coupling the k = 1 coefficient
 * 2 phi(t) - phi(0) is zero only up to that rounding (|value| < 1e-16).
 */
export function couplingHermite(coupling: i32, latent: i32, r: f64, p: f64, k: i32): f64 {
  if (k <= 0 || coupling == COUPLING_INDEPENDENT) return 0.0;
  const jump = latentHigh(latent, r) - latentLow(latent, r);
  const t = couplingThreshold(coupling, latent, r);
  const tail = hermiteValue(k - 1, t) * normalPdf(t);
  const even = (k & 1) == 0;
  switch (coupling) {
    case COUPLING_SIGN:
      return jump * tail;
    case COUPLING_PARTIAL:
      return p * jump * tail;
    case COUPLING_EVEN:
      return even ? jump * 2.0 * tail : 0.0;
    default:
      return jump * ((even ? 0.0 : 2.0 * tail) - hermiteValue(k - 1, 0.0) * INV_SQRT_2PI);
  }
}
