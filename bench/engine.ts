// The full engine against the same work in plain C (bench/c/), at d = 1024: the standard normal, the
// single-neuron MCM step, the K = 4 network step and the tensor-PCA step (O(d) sampler, p = 3), each
// beside C compiled at -O3 and at -O3 -march=native. The machine may be shared: every figure is the
// median over interleaved rounds (wasm, then each C build), each round itself a median of 5 batches.
import type { Stairs } from "../src/index.js";
import { WasmModel } from "../src/model/model.js";
import { resolveModelConfig } from "../src/config/model.js";
import { WasmActivation } from "../src/learners/activation.js";
import { compileBaseline, findCompiler, runBaseline, type CFlavour } from "./c.js";
import { measure, type Row } from "./harness.js";

export interface EngineFigures {
  rows: Row[];
  /** The wasm's figures by name, for the targets. */
  wasm: { normalNs: number; neuronUs: number; networkUs: number; tensorPcaUs: number };
  /** C's figures by name and flavour, or null without a compiler. */
  c: null | Record<"normalNs" | "neuronUs" | "networkUs" | "tensorPcaUs", Record<CFlavour, number>>;
  compiler: string | null;
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function benchEngine(stairs: Stairs, d = 1024, rounds = 3): EngineFigures {
  const k = stairs.kernels;
  const config = resolveModelConfig({ kind: "mcm", d, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" });
  const spikeStream = stairs.stream(1, 0);
  const model = new WasmModel(k, config, spikeStream.statePtr);
  const relu = new WasmActivation(k, { kind: "relu" });
  const erf = new WasmActivation(k, { kind: "erf" });
  // Threshold 1 (2 for tensor PCA): weak recovery is never reached, so the per-step check stays on.
  const neuron = k.neuronCreate(model.ptr, relu.ptr, 0, 1 / d, 1, 1, 1);
  // K = 4, square loss (1), etaW = 1/d, etaA = 1/K, trained second layer, spherical rows, bias, batch 1.
  const network = k.networkCreate(model.ptr, erf.ptr, 4, 1, 1 / d, 1 / 4, 1, 1, 1, 1, 1, 1, 1);
  const tensorPca = k.tensorPcaCreate(d, 3, 4, d ** -1.5, 0, 2, 1, 0, 1);
  const normals = stairs.vector(d);
  const stream = stairs.stream(1, 2);

  const wasmRuns = {
    normalNs: () => measure(() => k.fillNormal(stream.statePtr, normals.ptr, d), d),
    neuronUs: () => measure(() => k.neuronRunChunk(neuron, 64), 64) / 1000,
    networkUs: () => measure(() => k.networkRunChunk(network, 32), 32) / 1000,
    tensorPcaUs: () => measure(() => k.tensorPcaRun(tensorPca, 64), 64) / 1000,
  };
  type Name = keyof typeof wasmRuns;
  const cc = findCompiler();
  const cBinaries = cc
    ? {
        normalNs: { binaries: compileBaseline(cc, "normal_fill"), args: [d], field: "nsPerDraw" },
        neuronUs: { binaries: compileBaseline(cc, "neuron_step"), args: [d], field: "usPerStep" },
        networkUs: { binaries: compileBaseline(cc, "network_step"), args: [d, 4], field: "usPerStep" },
        tensorPcaUs: { binaries: compileBaseline(cc, "tensorpca_step"), args: [d, 3], field: "usPerStep" },
      }
    : null;
  const samples: Record<string, number[]> = {};
  const push = (key: string, value: number) => (samples[key] ??= []).push(value);
  for (let r = 0; r < rounds; r++) {
    for (const name of Object.keys(wasmRuns) as Name[]) {
      push(`wasm ${name}`, wasmRuns[name]());
      if (!cBinaries) continue;
      const c = cBinaries[name];
      for (const [flavour, binary] of Object.entries(c.binaries)) push(`${flavour} ${name}`, runBaseline(binary, c.args)[c.field]);
    }
  }
  k.neuronFree(neuron);
  k.networkFree(network);
  k.tensorPcaFree(tensorPca);
  relu.free();
  erf.free();
  model.free();
  spikeStream.free();
  stream.free();
  normals.free();

  const wasm = Object.fromEntries((Object.keys(wasmRuns) as Name[]).map((n) => [n, median(samples[`wasm ${n}`])])) as EngineFigures["wasm"];
  const c = cBinaries
    ? (Object.fromEntries(
        (Object.keys(wasmRuns) as Name[]).map((n) => [n, { "-O3": median(samples[`-O3 ${n}`]), "-O3 -march=native": median(samples[`-O3 -march=native ${n}`]) }]),
      ) as EngineFigures["c"])
    : null;
  const what: Record<Name, [string, string]> = {
    normalNs: ["standard normal draw (batches of d)", "ns/draw"],
    neuronUs: [`single-neuron MCM step with sampling, d = ${d}`, "us/step"],
    networkUs: [`K = 4 network MCM step (erf, square loss), d = ${d}`, "us/step"],
    tensorPcaUs: [`tensor-PCA step, p = 3, O(d) sampler, d = ${d}`, "us/step"],
  };
  const rows: Row[] = [];
  for (const n of Object.keys(wasmRuns) as Name[]) {
    if (!c) continue;
    for (const flavour of ["-O3", "-O3 -march=native"] as CFlavour[]) {
      rows.push({ what: flavour === "-O3" ? what[n][0] : "  the same", unit: what[n][1], wasm: wasm[n], baseline: c[n][flavour], baselineName: `C, ${cc!.path} ${flavour} (bench/c)` });
    }
  }
  return { rows, wasm, c, compiler: cc?.version ?? null };
}
