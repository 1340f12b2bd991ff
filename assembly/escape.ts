// The finite-d stochastic description of a single neuron's escape from its random start along one
// direction (docs/science.md section 8): the overlap alpha (equivalently beta = sqrt(d) alpha) as a diffusion in
// the step count n,
//   d alpha = [eta D(alpha) - (eta^2 d / 2) E[psi^2](alpha) alpha] dn + eta sqrt(E[psi^2](alpha) (1 - alpha^2)) dW_n,
// the ODE of dynamics.ts plus the noise of one spherical step: the tangential gradient's component along
// the direction, -psi (x.e - h alpha), has variance E[psi^2] (1 - alpha^2) (exact on the y = -1 class,
// where x.e - h alpha ~ N(0, 1 - alpha^2) is independent of h; the y = +1 class differs at O(alpha)).
// The deterministic ODE from the typical start alpha_0 = d^-1/2 may decay where the diffusion escapes
// (eta ~ d^-k/2, lr of order one): its escape is driven by the noise.
//
// Numerics: D and E[psi^2] are tabulated on a uniform grid of alpha in [-1, 1] (driftTable) and
// interpolated linearly; Euler-Maruyama with a fixed step of dn SGD steps; alpha clamped to [-1, 1].
// Start: the exact law of the overlap of a uniform point of the sphere, g / sqrt(g^2 + chi^2_(d-1)).
// A path's weak-recovery time is the first Euler time n with |alpha| >= threshold (0 if the start is
// already there), or -1 when the budget runs out. Draws per path from the bound stream: one normal and
// one chi-square for the start, then one normal per Euler step; paths in order.
import { bind, unbind, chiSquare } from "./random";
import { normal } from "./reduced-random"; // the non-inlined normal: cold code

// @ts-ignore: decorator
@inline function interpolate(table: usize, n: i32, alpha: f64): f64 {
  const x = (alpha + 1.0) * 0.5 * <f64>(n - 1);
  let i = <i32>Math.floor(x);
  if (i < 0) i = 0;
  if (i > n - 2) i = n - 2;
  const f = x - <f64>i;
  const a = load<f64>(table + (<usize>i << 3));
  const b = load<f64>(table + (<usize>(i + 1) << 3));
  return a + f * (b - a);
}

/**
 * nPaths weak-recovery times of the diffusion into out (f64 each; -1: not within maxSteps). drift and
 * psiSquared: tables of nGrid values on alpha_i = -1 + 2 i / (nGrid - 1).
 */
export function escapeTimes(
  drift: usize, psiSquared: usize, nGrid: i32, eta: f64, d: f64, threshold: f64, maxSteps: f64, dn: f64,
  nPaths: i32, state: usize, out: usize,
): void {
  const shrink = 0.5 * eta * eta * d;
  const sqrtDn = Math.sqrt(dn);
  bind(state);
  for (let p = 0; p < nPaths; p++) {
    const g = normal();
    let alpha = g / Math.sqrt(g * g + chiSquare(d - 1.0));
    let n: f64 = 0;
    let hit: f64 = Math.abs(alpha) >= threshold ? 0.0 : -1.0;
    while (hit < 0 && n + dn <= maxSteps) {
      const D = interpolate(drift, nGrid, alpha);
      const P = interpolate(psiSquared, nGrid, alpha);
      const mu = eta * D - shrink * P * alpha;
      const variance = P * (1.0 - alpha * alpha);
      const sd = variance > 0 ? eta * Math.sqrt(variance) : 0.0;
      alpha += mu * dn + sd * sqrtDn * normal();
      if (alpha > 1.0) alpha = 1.0;
      if (alpha < -1.0) alpha = -1.0;
      n += dn;
      if (Math.abs(alpha) >= threshold) hit = n;
    }
    store<f64>(out + (<usize>p << 3), hit);
  }
  unbind(state);
}
