// Tensor PCA at d = 64, order 3: one SGD step with the O(d) noise sampler against the explicit O(d^p)
// tensor contracted in the wasm, and against a plain TypeScript step that forms and contracts the tensor.
import { readF64 } from "../src/wasm/memory.js";
import type { Stairs } from "../src/index.js";
import { boxMullerFill } from "./baseline.js";
import { measure, type Row } from "./harness.js";

/** A plain TypeScript tensor-PCA step, explicit tensor, Box-Muller noise (the baseline a script would write). */
function plainExplicitStep(w: Float64Array, v: Float64Array, sqrtBeta: number, eta: number, tensor: Float64Array): void {
  const d = w.length;
  boxMullerFill(tensor);
  const g = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < d; k++) {
        const y = tensor[(i * d + j) * d + k] + sqrtBeta * v[i] * v[j] * v[k];
        g[i] += y * w[j] * w[k];
        g[j] += y * w[i] * w[k];
        g[k] += y * w[i] * w[j];
      }
    }
  }
  let gw = 0;
  for (let i = 0; i < d; i++) gw += g[i] * w[i];
  let norm = 0;
  for (let i = 0; i < d; i++) {
    w[i] += eta * (g[i] - gw * w[i]);
    norm += w[i] * w[i];
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < d; i++) w[i] /= norm;
}

export function benchTensorPca(stairs: Stairs, d = 64): Row[] {
  const k = stairs.kernels;
  const eta = d ** -1.5;
  const sampled = k.tensorPcaCreate(d, 3, 4, eta, 0, 2, 1, 0, 1); // threshold 2: recovery never stops the check
  const explicit = k.tensorPcaCreate(d, 3, 4, eta, 1, 2, 1, 0, 1);
  const perCall = 16;
  const wasmSampled = measure(() => k.tensorPcaRun(sampled, perCall * 64), perCall * 64);
  const wasmExplicit = measure(() => k.tensorPcaRun(explicit, perCall), perCall);
  const v = readF64(k, k.tensorPcaSpike(sampled), d);
  const w = new Float64Array(d).fill(1 / Math.sqrt(d));
  const tensor = new Float64Array(d ** 3);
  const plain = measure(() => plainExplicitStep(w, v, 2, eta, tensor), 1, 200, 3);
  k.tensorPcaFree(sampled);
  k.tensorPcaFree(explicit);
  return [
    { what: `tensor PCA step, p = 3, d = ${d}: O(d) noise sampler`, unit: "us/step", wasm: wasmSampled / 1000, baseline: wasmExplicit / 1000, baselineName: "wasm, explicit d^3 tensor contracted" },
    { what: `  explicit d^3 tensor in the wasm`, unit: "us/step", wasm: wasmExplicit / 1000, baseline: plain / 1000, baselineName: "plain TS, explicit tensor" },
  ];
}
