// A/B of wasm builds in one process: `node build/tools/ab.js A.wasm B.wasm ... [--cpu] [--rounds=N] [--d=N]
// [--normals=BATCHES]` (bundled by `node scripts/build.mjs --bench`). Each build is instantiated from its file; the standard normal (batches of d)
// and the single-neuron MCM step at d = 1024 (the bench's config) are timed in interleaved rounds, and a
// hash of the numbers each build produced (10^6 normals, the weights after 2000 steps) says whether two
// builds give the same numbers.
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import type { Kernels } from "../src/wasm/wasm.js";
import { WasmModel } from "../src/model/model.js";
import { resolveModelConfig } from "../src/config/model.js";
import { WasmActivation } from "../src/learners/activation.js";
import { least, measure as measureWith, median } from "./harness.js";

// --cpu: time by the process's CPU time (getrusage) instead of the wall clock, so that a shared machine's
// other processes (which take turns on the cores) do not count; the figures are still not idle figures.
const cpu = process.argv.includes("--cpu");
const cpuClock = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const measure = (fn: () => void, unitsPerCall: number) => measureWith(fn, unitsPerCall, 200, 5, cpu ? cpuClock : undefined);

const files = process.argv.slice(2).filter((a) => a.endsWith(".wasm"));
const rounds = Number(process.argv.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 5);
// --normals=N: hash N batches of d normals (default 977, about 10^6 values; 10^5 batches: 10^8)
const batches = Number(process.argv.find((a) => a.startsWith("--normals="))?.slice(10) ?? 977);
// --d=N: the dimension of the step (default 1024, the bench's)
const d = Number(process.argv.find((a) => a.startsWith("--d="))?.slice(4) ?? 1024);

interface Build {
  file: string;
  normal: () => number;
  neuron: () => number;
  hash: string;
}

async function load(file: string): Promise<Build> {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
  const k = instance.exports as unknown as Kernels;
  const memory = () => new Uint8Array((instance.exports.memory as WebAssembly.Memory).buffer);
  const streamAt = (seed: number, index: number) => {
    const ptr = k.alloc(64);
    k.streamInit(ptr, seed, index);
    return ptr;
  };
  const config = resolveModelConfig({ kind: "mcm", d, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" });
  const make = () => {
    const model = new WasmModel(k, config, streamAt(1, 0));
    const relu = new WasmActivation(k, { kind: "relu" });
    return k.neuronCreate(model.ptr, relu.ptr, 0, 1 / d, 1, 1, 1);
  };
  const out = k.alloc(8 * d);
  const stream = streamAt(1, 2);
  // the numbers: `batches` batches of d normals (one of them odd), then the neuron's weights after 2000 steps
  const hash = createHash("sha256");
  const check = streamAt(7, 3);
  for (let i = 0; i < batches; i++) {
    k.fillNormal(check, out, i === 5 ? d - 1 : d);
    hash.update(memory().subarray(out, out + 8 * d));
  }
  const probe = make();
  k.neuronRunChunk(probe, 2000);
  const w = k.neuronWeights(probe);
  hash.update(memory().subarray(w, w + 8 * d));
  const neuron = make();
  return {
    file,
    normal: () => measure(() => k.fillNormal(stream, out, d), d),
    neuron: () => measure(() => k.neuronRunChunk(neuron, 64), 64) / 1000,
    hash: hash.digest("hex").slice(0, 16),
  };
}

const builds = [];
for (const file of files) builds.push(await load(file));
const samples = builds.map(() => ({ normal: [] as number[], neuron: [] as number[] }));
for (let r = 0; r < rounds; r++) {
  builds.forEach((b, i) => {
    samples[i].normal.push(b.normal());
    samples[i].neuron.push(b.neuron());
  });
}
// The median over rounds, and the minimum (the least disturbed round on a shared host).
builds.forEach((b, i) => {
  const { normal, neuron } = samples[i];
  console.log(
    `${b.file}: normal ${median(normal).toFixed(3)} ns/draw (min ${least(normal).toFixed(3)}), ` +
      `neuron step ${median(neuron).toFixed(3)} us (min ${least(neuron).toFixed(3)}; d = ${d}); numbers ${b.hash}`,
  );
});
