// Shared set-up for the learner tests: wasm models, activations and learner states made directly from
// the kernels, and copies of their memory.
import { f64View } from "../../src/wasm/memory.js";
import type { Stairs } from "../../src/index.js";
import { resolveModelConfig } from "../../src/config/model.js";
import { WasmModel } from "../../src/model/model.js";
import { activationForm, type ActivationSpec } from "../../src/config/activation.js";
import { WasmActivation } from "../../src/learners/activation.js";
import { activationReference } from "../../reference/activation.js";

export const ACTIVATIONS: ActivationSpec[] = [
  "relu", "tanh", "erf", "he1", "he2", "he3", "he4", "he5", "he6", "-he4",
  { kind: "hermite", coefficients: [0.3, -1, 0.5, 0.2] },
];

export const name = (spec: ActivationSpec) => (typeof spec === "string" ? spec : JSON.stringify(spec.coefficients));

export function both(stairs: Stairs, spec: ActivationSpec) {
  const form = activationForm(spec);
  return { wasm: new WasmActivation(stairs.kernels, form), ref: activationReference(form) };
}

export function model(stairs: Stairs, input: object, seed = 1) {
  const spikes = stairs.stream(seed, 0);
  const m = new WasmModel(stairs.kernels, resolveModelConfig(input), spikes.statePtr);
  spikes.free();
  return m;
}

export function view(stairs: Stairs, ptr: number, n: number): Float64Array {
  return f64View(stairs.kernels, ptr, n);
}

/** n samples of a model from a stream state pointer: rows x and labels y. */
export function samples(stairs: Stairs, modelPtr: number, state: number, n: number, d: number) {
  const k = stairs.kernels;
  const x = k.alloc(8 * n * d);
  const y = k.alloc(8 * n);
  k.modelSampleBatch(modelPtr, state, n, x, y, 0, 0);
  const xs = Array.from({ length: n }, (_, s) => view(stairs, x + 8 * s * d, d).slice());
  const ys = Array.from(view(stairs, y, n));
  k.free(x);
  k.free(y);
  return { xs, ys };
}

/** A seeded uniform generator for test inputs (inputs only; results are computed in the wasm). */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** max_i |a_i - b_i| / max(1, |b_i|): absolute for O(1) entries, relative for large ones. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return a.length === b.length ? m : Infinity;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return a.length === b.length ? m : Infinity;
}
