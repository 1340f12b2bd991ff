// The full engine against the same work in plain C (bench/c/), at d = 1024: the standard normal, the
// single-neuron MCM step, the K = 4 network step and the tensor-PCA step (O(d) sampler, p = 3), each
// beside C compiled at -O3 and at -O3 -march=native, and the neuron's step beside the NumPy script. Every
// figure comes from 5 interleaved rounds (wasm, then each C build, then NumPy), each round itself a median
// of 5 batches: the least of the rounds (the least disturbed: this host's speed drifts by up to 1.6x over
// seconds, with nothing else running on the machine) and the median of the rounds, both kept.
import type { Stairs } from "../src/index.js";
import { WasmModel } from "../src/model/model.js";
import { resolveModelConfig } from "../src/config/model.js";
import { WasmActivation } from "../src/learners/activation.js";
import { compileBaseline, findCompiler, runBaseline, type CFlavour } from "./c.js";
import { least, measure, median, type Row } from "./harness.js";
import { numpyStep } from "./numpy.js";

type Name = "normalNs" | "neuronUs" | "networkUs" | "tensorPcaUs";
type Figures = Record<Name, number>;

export interface EngineFigures {
  /** The least of the rounds, wasm against C. */
  rows: Row[];
  /** The wasm's figures by name: the least of the rounds, and their median. */
  wasm: Figures;
  wasmMedian: Figures;
  /** C's figures by name and flavour (least, median), or null without a compiler. */
  c: null | Record<Name, Record<CFlavour, number>>;
  cMedian: null | Record<Name, Record<CFlavour, number>>;
  /** The NumPy script's step (least, median of the rounds) and version, or why it was skipped. */
  numpy: { usPerStep: number; medianUsPerStep: number; version: string } | string;
  compiler: string | null;
  rounds: number;
}


export function benchEngine(stairs: Stairs, d = 1024, rounds = 5): EngineFigures {
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
  let numpyVersion: string | undefined;
  let numpySkipped: string | undefined;
  for (let r = 0; r < rounds; r++) {
    for (const name of Object.keys(wasmRuns) as Name[]) {
      push(`wasm ${name}`, wasmRuns[name]());
      if (cBinaries) {
        const c = cBinaries[name];
        for (const [flavour, binary] of Object.entries(c.binaries)) push(`${flavour} ${name}`, runBaseline(binary, c.args)[c.field]);
      }
      if (name === "neuronUs" && numpySkipped === undefined) {
        const step = numpyStep(d);
        if (typeof step === "string") numpySkipped = step;
        else {
          push("numpy", step.usPerStep);
          numpyVersion = step.numpy;
        }
      }
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

  const names = Object.keys(wasmRuns) as Name[];
  const wasmBy = (statistic: (xs: number[]) => number) => Object.fromEntries(names.map((n) => [n, statistic(samples[`wasm ${n}`])])) as Figures;
  const cBy = (statistic: (xs: number[]) => number) =>
    cBinaries
      ? (Object.fromEntries(
          names.map((n) => [n, { "-O3": statistic(samples[`-O3 ${n}`]), "-O3 -march=native": statistic(samples[`-O3 -march=native ${n}`]) }]),
        ) as Record<Name, Record<CFlavour, number>>)
      : null;
  const wasm = wasmBy(least);
  const c = cBy(least);
  const numpy = numpySkipped ?? { usPerStep: least(samples.numpy), medianUsPerStep: median(samples.numpy), version: numpyVersion! };
  const what: Record<Name, [string, string]> = {
    normalNs: ["standard normal draw (batches of d)", "ns/draw"],
    neuronUs: [`single-neuron MCM step with sampling, d = ${d}`, "us/step"],
    networkUs: [`K = 4 network MCM step (erf, square loss), d = ${d}`, "us/step"],
    tensorPcaUs: [`tensor-PCA step, p = 3, O(d) sampler, d = ${d}`, "us/step"],
  };
  const rows: Row[] = [];
  for (const n of names) {
    if (!c) continue;
    for (const flavour of ["-O3", "-O3 -march=native"] as CFlavour[]) {
      rows.push({ what: flavour === "-O3" ? what[n][0] : "  the same", unit: what[n][1], wasm: wasm[n], baseline: c[n][flavour], baselineName: `C, ${cc!.path} ${flavour} (bench/c)` });
    }
  }
  return { rows, wasm, wasmMedian: wasmBy(median), c, cMedian: cBy(median), numpy, compiler: cc?.version ?? null, rounds };
}
