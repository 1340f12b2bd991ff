// The theory's calls into the wasm: activations and models made for one computation and freed after it,
// Hermite coefficients, latent moments, the population drift and the overlap ODE. Every
// number a theory result holds is computed here, inside the wasm.
import { WasmModel } from "../model/model.js";
import type { ModelConfig } from "../model/config.js";
import { Stream } from "../random.js";
import type { Kernels } from "../wasm.js";
import type { ActivationForm } from "../run/activation.js";

const ACTIVATION_KIND = { relu: 0, tanh: 1, erf: 2, hermite: 3 } as const;
export const LOSS_KIND = { correlation: 0, square: 1 } as const;

/** Runs f with pointers to `lengths.length` scratch arrays of doubles, freed afterwards. */
export function withBuffers<T>(kernels: Kernels, lengths: number[], f: (ptrs: number[]) => T): T {
  const ptrs = lengths.map((n) => kernels.alloc(8 * Math.max(1, n)));
  try {
    return f(ptrs);
  } finally {
    for (const p of ptrs) kernels.free(p);
  }
}

export function readDoubles(kernels: Kernels, ptr: number, n: number): number[] {
  return Array.from(new Float64Array(kernels.memory.buffer, ptr, n));
}

function writeDoubles(kernels: Kernels, ptr: number, values: ArrayLike<number>): void {
  new Float64Array(kernels.memory.buffer, ptr, values.length).set(values);
}

/** Runs f with an activation made in the wasm (activationCreate), freed afterwards. */
export function withActivation<T>(kernels: Kernels, form: ActivationForm, f: (ptr: number) => T): T {
  let ptr: number;
  if (form.kind === "hermite") {
    const c = form.coefficients;
    ptr = withBuffers(kernels, [c.length], ([buffer]) => {
      writeDoubles(kernels, buffer, c);
      return kernels.activationCreate(ACTIVATION_KIND.hermite, buffer, c.length - 1);
    });
  } else {
    ptr = kernels.activationCreate(ACTIVATION_KIND[form.kind], 0, 0);
  }
  try {
    return f(ptr);
  } finally {
    kernels.activationFree(ptr);
  }
}

/**
 * Runs f with the model in the wasm. The theory needs only its parameters (thresholds, nu's law), but
 * WasmModel is the one place that maps a config to modelCreate, so the spikes are drawn too (O(d)).
 */
export function withModel<T>(kernels: Kernels, config: ModelConfig, f: (ptr: number) => T): T {
  const stream = new Stream(kernels, 0, 0);
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
  return withBuffers(kernels, [K + 1], ([out]) => {
    kernels.hermiteCoefficients(activation, K, power, out);
    return readDoubles(kernels, out, K + 1);
  });
}

/** E[He_j(nu)], j = 0..K. */
export function latentHermiteMoments(kernels: Kernels, model: number, K: number): number[] {
  return withBuffers(kernels, [K + 1], ([out]) => {
    kernels.latentHermiteMoments(model, K, out);
    return readDoubles(kernels, out, K + 1);
  });
}

/** E[He_k(lambda) nu] (basis "hermite") or E[lambda^k nu] (basis "power"), k = 0..K. */
export function couplingMoments(kernels: Kernels, model: number, K: number, basis: "hermite" | "power"): number[] {
  return withBuffers(kernels, [K + 1], ([out]) => {
    kernels.couplingMoments(model, K, basis === "hermite" ? 0 : 1, out);
    return readDoubles(kernels, out, K + 1);
  });
}

/** Population drift at overlaps alpha: D_m, D_u, D_v, E[psi^2], E[psi h | y = +1] (assembly/dynamics.ts). */
export function populationDrift(kernels: Kernels, model: number, activation: number, loss: number, alpha: [number, number, number]) {
  return withBuffers(kernels, [3, 5], ([a, out]) => {
    writeDoubles(kernels, a, alpha);
    kernels.populationDrift(model, activation, loss, a, out);
    const [m, u, v, psiSquared, psiH] = readDoubles(kernels, out, 5);
    return { drift: { m, u, v }, psiSquared, psiH };
  });
}

/** Integrates the overlap ODE; rows [alpha_m, alpha_u, alpha_v] at each of `times`. */
export function overlapOde(
  kernels: Kernels, model: number, activation: number, loss: number,
  eta: number, d: number, start: [number, number, number], times: number[], maxStep: number,
): { alpha: [number, number, number][]; rk4Steps: number } {
  return withBuffers(kernels, [3, times.length, 3 * times.length], ([s, t, out]) => {
    writeDoubles(kernels, s, start);
    writeDoubles(kernels, t, times);
    const rk4Steps = kernels.overlapOde(model, activation, loss, eta, d, s, t, times.length, maxStep, out);
    const flat = readDoubles(kernels, out, 3 * times.length);
    return { alpha: times.map((_, i) => [flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]] as [number, number, number]), rk4Steps };
  });
}
