// One full single-neuron online-SGD step on the mixed cumulant model at d = 1024, sampling included:
// the wasm chunk kernel (ziggurat normals, O(d) sampler, fused SIMD update with the per-step weak-recovery
// check) against plain TypeScript (a Box-Muller MCM sampler on Math.random and the reference step of
// reference/neuron.ts), measured in the same run.
import type { Stairs } from "../src/index.js";
import { WasmModel } from "../src/model/model.js";
import { resolveModelConfig } from "../src/config/model.js";
import { WasmActivation } from "../src/learners/activation.js";
import { activationReference } from "../reference/activation.js";
import { neuronStepReference } from "../reference/neuron.js";
import { boxMullerFill } from "./baseline.js";
import { measure, type Row } from "./harness.js";

/** What a hand-written script would do: Box-Muller normals, then the MCM's y = +1 terms (sign coupling). */
function plainMcmSample(x: Float64Array, m: Float64Array, u: Float64Array, v: Float64Array, betaM: number, betaU: number, betaV: number): number {
  const d = x.length;
  boxMullerFill(x);
  if (Math.random() < 0.5) return -1;
  const lambda = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
  const nu = lambda > 0 ? 1 : -1;
  const c = 1 - 1 / Math.sqrt(1 + betaV);
  let vz = 0;
  for (let i = 0; i < d; i++) vz += v[i] * x[i];
  const along = Math.sqrt(betaV / (1 + betaV)) * nu - c * vz;
  const su = Math.sqrt(betaU) * lambda;
  for (let i = 0; i < d; i++) x[i] += betaM * m[i] + su * u[i] + along * v[i];
  return 1;
}

/** The same step hand-fused in TypeScript (no allocation; ReLU, correlation loss): a tougher baseline. */
function plainFusedStep(w: Float64Array, x: Float64Array, y: number, eta: number): void {
  const d = w.length;
  let z = 0;
  for (let i = 0; i < d; i++) z += w[i] * x[i];
  const c = eta * (z > 0 ? -y : 0);
  const keep = 1 + c * z;
  let ss = 0;
  for (let i = 0; i < d; i++) {
    const wi = keep * w[i] - c * x[i];
    w[i] = wi;
    ss += wi * wi;
  }
  const inv = 1 / Math.sqrt(ss);
  for (let i = 0; i < d; i++) w[i] *= inv;
}

export function benchLearners(stairs: Stairs, d = 1024): Row[] {
  const k = stairs.kernels;
  const config = resolveModelConfig({ kind: "mcm", d, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" });
  const spikeStream = stairs.stream(1, 0);
  const model = new WasmModel(k, config, spikeStream.statePtr);
  const activation = new WasmActivation(k, { kind: "relu" });
  const eta = 1 / d;
  // Threshold 1: weak recovery is never reached, so the per-step overlap check stays on throughout.
  const neuron = k.neuronCreate(model.ptr, activation.ptr, 0, eta, 1, 1, 1);
  const steps = 256;
  const wasm = measure(() => k.neuronRunChunk(neuron, steps), steps);

  const { m, u, v } = model.spikes();
  const act = activationReference({ kind: "relu" });
  const w = new Float64Array(d).map(() => Math.random() - 0.5);
  const x = new Float64Array(d);
  const baseline = measure(() => {
    for (let s = 0; s < steps; s++) {
      const y = plainMcmSample(x, m, u, v, 1, 5, 5);
      neuronStepReference("correlation", act, w, x, y, eta);
    }
  }, steps);

  const fused = measure(() => {
    for (let s = 0; s < steps; s++) plainFusedStep(w, x, plainMcmSample(x, m, u, v, 1, 5, 5), eta);
  }, steps);

  k.neuronFree(neuron);
  activation.free();
  model.free();
  spikeStream.free();
  return [
    {
      what: `single-neuron MCM step with sampling, d = ${d}`,
      unit: "us/step",
      wasm: wasm / 1000,
      baseline: baseline / 1000,
      baselineName: "TS Box-Muller sampler + reference step",
    },
    {
      what: `  the same, against a hand-fused TS step`,
      unit: "us/step",
      wasm: wasm / 1000,
      baseline: fused / 1000,
      baselineName: "TS Box-Muller sampler + fused in-place step",
    },
  ];
}
