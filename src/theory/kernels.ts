// The theory's calls into the wasm: activations and models made for one computation and freed after it,
// Hermite coefficients, latent moments, the population drift and the overlap ODE. Every
// number a theory result holds is computed here, inside the wasm.
import { WasmModel } from "../model/model.js";
import type { ModelConfig } from "../config/model.js";
import { Stream } from "../random.js";
import { SPIKE_STREAM } from "../schedule.js";
import { readNumbers, withScratch, writeF64 } from "../wasm/memory.js";
import type { Kernels } from "../wasm/wasm.js";

export { withActivation } from "../learners/activation.js";

/**
 * Runs f with the model in the wasm. The theory needs only its parameters (thresholds, nu's law), but
 * WasmModel is the one place that maps a config to modelCreate, so the spikes are drawn too (O(d)).
 */
export function withModel<T>(kernels: Kernels, config: ModelConfig, f: (ptr: number) => T): T {
  const stream = new Stream(kernels, 0, SPIKE_STREAM); // seed 0: the theory uses no spike
  const model = new WasmModel(kernels, config, stream.statePtr);
  try {
    return f(model.ptr);
  } finally {
    model.free();
    stream.free();
  }
}

/** c_k = E[sigma(xi)^power He_k(xi)], k = 0..K (power 2: the coefficients of sigma^2). */
export function hermiteCoefficients(kernels: Kernels, activation: number, K: number, power: 1 | 2 = 1): number[] {
  return withScratch(kernels, [K + 1], ([out]) => {
    kernels.hermiteCoefficients(activation, K, power, out);
    return readNumbers(kernels, out, K + 1);
  });
}

/** E[He_j(nu)], j = 0..K. */
export function latentHermiteMoments(kernels: Kernels, model: number, K: number): number[] {
  return withScratch(kernels, [K + 1], ([out]) => {
    kernels.latentHermiteMoments(model, K, out);
    return readNumbers(kernels, out, K + 1);
  });
}

/** E[He_k(lambda) nu] (basis "hermite") or E[lambda^k nu] (basis "power"), k = 0..K. */
export function couplingMoments(kernels: Kernels, model: number, K: number, basis: "hermite" | "power"): number[] {
  return withScratch(kernels, [K + 1], ([out]) => {
    kernels.couplingMoments(model, K, basis === "hermite" ? 0 : 1, out);
    return readNumbers(kernels, out, K + 1);
  });
}

/** Population drift at overlaps alpha: D_m, D_u, D_v, E[psi^2], E[psi h | y = +1] (assembly/dynamics.ts). */
export function populationDrift(kernels: Kernels, model: number, activation: number, loss: number, alpha: [number, number, number]) {
  return withScratch(kernels, [3, 5], ([a, out]) => {
    writeF64(kernels, a, alpha);
    kernels.populationDrift(model, activation, loss, a, out);
    const [m, u, v, psiSquared, psiH] = readNumbers(kernels, out, 5);
    return { drift: { m, u, v }, psiSquared, psiH };
  });
}

/** Why an ODE stopped early: the step it had reached and the reason; null when it reached the end. */
export type OdeFailure = { step: number; reason: string } | null;

/**
 * Integrates the overlap ODE; rows [alpha_m, alpha_u, alpha_v] at each of `times` (NaN past a failure).
 * At most maxSteps RK4 steps (the stiff parts refine the grid; see assembly/dynamics.ts).
 */
export function overlapOde(
  kernels: Kernels, model: number, activation: number, loss: number,
  eta: number, d: number, start: [number, number, number], times: number[], maxStep: number, maxSteps: number,
): { alpha: [number, number, number][]; rk4Steps: number; failure: OdeFailure } {
  return withScratch(kernels, [3, times.length, 3 * times.length], ([s, t, out]) => {
    writeF64(kernels, s, start);
    writeF64(kernels, t, times);
    const rk4Steps = kernels.overlapOde(model, activation, loss, eta, d, s, t, times.length, maxStep, out, maxSteps);
    const flat = readNumbers(kernels, out, 3 * times.length);
    const code = kernels.overlapOdeFailure();
    const failure: OdeFailure =
      code === 0
        ? null
        : {
            step: kernels.overlapOdeFailureStep(),
            reason:
              code === 1
                ? "the overlaps left [-1000, 1000] or became non-finite"
                : code === 2
                  ? `the ODE needed more than ${maxSteps} RK4 steps (stiff)`
                  : "the ODE is too stiff: a step would have to be below 2^-20 of the grid's",
          };
    return { alpha: times.map((_, i) => [flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]] as [number, number, number]), rk4Steps, failure };
  });
}
