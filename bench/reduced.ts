// The reduced engine (docs/reduced-engine.md): one step in overlap space at d = 10^3, 10^6 and 10^9 against
// the full engine's step at d = 1024 and 16384, measured in the same run; and the chi-square sampler's cost
// against the generator's own (same method, the stable acceptance test).
import type { Stairs } from "../src/index.js";
import { lawModel, WasmModel } from "../src/model/model.js";
import { resolveModelConfig } from "../src/config/model.js";
import { WasmActivation } from "../src/learners/activation.js";
import { measure, type Row } from "./harness.js";

// Network: logistic loss, trained second layer, spherical rows (bounded for any number of steps).
const MODEL = { kind: "mcm", betaM: 1, betaU: 5, betaV: 5, coupling: "sign" } as const;

export function benchReduced(stairs: Stairs): Row[] {
  const k = stairs.kernels;
  const activation = new WasmActivation(k, { kind: "relu" });
  // The law's parameters only (d = 0: no spikes), as the reduced kernels take it.
  const law = lawModel(k, resolveModelConfig({ ...MODEL, d: 64 }));
  const steps = 4096;
  const rows: Row[] = [];

  // Full-engine baselines: threshold 1 keeps the per-step overlap check on, as in the reduced kernels.
  const fullNeuron = (d: number) => {
    const spikes = stairs.stream(1, 0);
    const model = new WasmModel(k, resolveModelConfig({ ...MODEL, d }), spikes.statePtr);
    const neuron = k.neuronCreate(model.ptr, activation.ptr, 0, 1 / d, 1, 1, 1);
    const n = Math.max(16, Math.round(262144 / d));
    const t = measure(() => k.neuronRunChunk(neuron, n), n);
    k.neuronFree(neuron);
    model.free();
    spikes.free();
    return t;
  };
  const fullTensor = (d: number) => {
    const t = k.tensorPcaCreate(d, 3, 4, d ** -1.5, 0, 2, 1, 0, 1);
    const n = Math.max(16, Math.round(262144 / d));
    const time = measure(() => k.tensorPcaRun(t, n), n);
    k.tensorPcaFree(t);
    return time;
  };
  const fullNetwork = (d: number) => {
    const spikes = stairs.stream(1, 0);
    const model = new WasmModel(k, resolveModelConfig({ ...MODEL, d }), spikes.statePtr);
    const net = k.networkCreate(model.ptr, activation.ptr, 4, 2, 1 / d, 0.25, 1, 1, 0, 1, 1, 1, 1);
    const n = Math.max(16, Math.round(65536 / d));
    const t = measure(() => k.networkRunChunk(net, n), n);
    k.networkFree(net);
    model.free();
    spikes.free();
    return t;
  };
  const full = { neuron: [fullNeuron(1024), fullNeuron(16384)], tensor: [fullTensor(1024), fullTensor(16384)], network: [fullNetwork(1024), fullNetwork(16384)] };

  const neuronTimes: number[] = [];
  for (const d of [1e3, 1e6, 1e9]) {
    const nr = k.reducedNeuronCreate(law, activation.ptr, 0, d, 1 / d, 1, 1, 1);
    const t = measure(() => k.reducedNeuronRunChunk(nr, steps), steps);
    neuronTimes.push(t);
    k.reducedNeuronFree(nr);
    rows.push({ what: `reduced single-neuron MCM step, d = ${d.toExponential(0)}`, unit: "us/step", wasm: t / 1000, baseline: full.neuron[0] / 1000, baselineName: "full engine, d = 1024" });
  }
  rows.push({ what: `  reduced neuron (d = 1e6) against the full, d = 16384`, unit: "us/step", wasm: neuronTimes[1] / 1000, baseline: full.neuron[1] / 1000, baselineName: "full engine, d = 16384" });
  const tensorTimes: number[] = [];
  for (const d of [1e3, 1e6, 1e9]) {
    const t = k.reducedTensorPcaCreate(d, 3, 4, d ** -1.5, 2, 1, 1);
    const time = measure(() => k.reducedTensorPcaRun(t, steps), steps);
    tensorTimes.push(time);
    k.reducedTensorPcaFree(t);
    rows.push({ what: `reduced tensor-PCA step, p = 3, d = ${d.toExponential(0)}`, unit: "us/step", wasm: time / 1000, baseline: full.tensor[0] / 1000, baselineName: "full (O(d) sampler), d = 1024" });
  }
  rows.push({ what: `  reduced tensor PCA (d = 1e6) against the full, d = 16384`, unit: "us/step", wasm: tensorTimes[1] / 1000, baseline: full.tensor[1] / 1000, baselineName: "full (O(d) sampler), d = 16384" });
  for (const d of [1e3, 1e9]) {
    const net = k.reducedNetworkCreate(law, activation.ptr, 4, 2, d, 1 / d, 0.25, 1, 1, 0, 1, 1, 1, 1);
    const t = measure(() => k.reducedNetworkRunChunk(net, steps / 4), steps / 4);
    k.reducedNetworkFree(net);
    rows.push({ what: `reduced K = 4 network step, d = ${d.toExponential(0)}`, unit: "us/step", wasm: t / 1000, baseline: full.network[0] / 1000, baselineName: "full engine, d = 1024" });
    if (d === 1e9) rows.push({ what: `  the same against the full, d = 16384`, unit: "us/step", wasm: t / 1000, baseline: full.network[1] / 1000, baselineName: "full engine, d = 16384" });
  }
  // The chi-square draws themselves.
  const s = stairs.stream(1, 9);
  const out = k.alloc(8 * 1024);
  for (const dof of [1, 1e3, 1e12]) {
    const exact = measure(() => k.fillChiSquareExact(s.statePtr, out, 1024, dof), 1024);
    const generator = measure(() => k.fillChiSquare(s.statePtr, out, 1024, dof), 1024);
    rows.push({ what: `chi-square draw, ${dof.toExponential(0)} degrees of freedom`, unit: "ns/draw", wasm: exact, baseline: generator, baselineName: "the generator's fillChiSquare" });
  }
  k.free(out);
  s.free();
  k.modelFree(law);
  activation.free();
  return rows;
}
