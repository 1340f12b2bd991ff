// Data models at d = 1024: the cost per sampled coordinate of the MCM in the wasm, against (a) drawing the
// same number of plain normals in the wasm (target: MCM <= 1.5x normals, i.e. the model's algebra is
// cheap next to its Gaussian noise) and (b) a plain TypeScript sampler of the same model, the O(d)
// reference of reference/model.ts on Box-Muller normals from Math.random (target: wasm >= 3x faster).
import type { Stairs } from "../src/index.js";
import { resolveModelConfig } from "../src/config/model.js";
import { WasmModel } from "../src/model/model.js";
import { codes } from "../src/wasm/codes.js";
import { referenceModel, sampleReference, type DrawSource } from "../reference/model.js";
import { least, measure, printRows, type Row } from "./harness.js";

/** Box-Muller on Math.random, both outputs used: what a hand-written script would do. */
function mathRandomSource(): DrawSource {
  let spare = NaN;
  const normal = () => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - Math.random()));
    const t = 2 * Math.PI * Math.random();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
  return {
    uniform: () => Math.random(),
    rademacher: () => (Math.random() < 0.5 ? -1 : 1),
    normal,
    normals: (out) => {
      for (let i = 0; i < out.length; i++) out[i] = normal();
    },
  };
}

function interleaved(fns: (() => void)[], units: number, rounds = 5): number[] {
  const samples = fns.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) fns.forEach((fn, i) => samples[i].push(measure(fn, units, 100, 3)));
  // the least disturbed round of each (as the engine's figures: this host's speed drifts over seconds)
  return samples.map(least);
}

export function benchModels(stairs: Stairs, d = 1024, rows = 64): void {
  const k = stairs.kernels;
  const rowsOut: Row[] = [];
  const summary: string[] = [];
  for (const coupling of ["independent", "sign"] as const) {
    const config = resolveModelConfig({ kind: "mcm", d, coupling });
    const spikeStream = stairs.stream(1, 0);
    const model = new WasmModel(k, config, spikeStream.statePtr);
    const sampleStream = stairs.stream(1, 1);
    const x = k.alloc(rows * d * 8), y = k.alloc(rows * 8), lambda = k.alloc(rows * 8), nu = k.alloc(rows * 8);
    const normals = k.alloc(rows * d * 8);
    const units = rows * d;

    const threshold = k.couplingThreshold(codes(k).coupling[coupling], codes(k).latent.rademacher, 0.5);
    const reference = referenceModel(config, model.spikes(), threshold);
    const source = mathRandomSource();
    const row = new Float64Array(d);
    // Interleaved rounds, the least of each: the host's speed drifts, and drift between two long separate
    // measurements would otherwise leak into the ratios.
    const [mcm, plain, ts] = interleaved(
      [
        () => k.modelSampleBatch(model.ptr, sampleStream.statePtr, rows, x, y, lambda, nu),
        () => k.fillNormal(sampleStream.statePtr, normals, units),
        () => {
          for (let r = 0; r < rows; r++) sampleReference(reference, source, row);
        },
      ],
      units,
    );

    rowsOut.push({ what: `MCM (${coupling}) vs plain normals, wasm, d = ${d}`, unit: "ns/coord", wasm: mcm, baseline: plain, baselineName: "wasm fillNormal (same count)" });
    rowsOut.push({ what: `MCM (${coupling}), d = ${d}`, unit: "ns/coord", wasm: mcm, baseline: ts, baselineName: "TS sampler, Box-Muller on Math.random" });
    summary.push(
      `  MCM (${coupling}): ${(mcm / plain).toFixed(2)}x the cost of plain normals (target <= 1.5x: ${mcm / plain <= 1.5 ? "met" : "MISSED"}); ` +
        `${(ts / mcm).toFixed(2)}x faster than plain TypeScript (target >= 3x: ${ts / mcm >= 3 ? "met" : "MISSED"})`,
    );
    for (const p of [x, y, lambda, nu, normals]) k.free(p);
    model.free();
    spikeStream.free();
    sampleStream.free();
  }
  printRows(`Data models (the least of 5 interleaved rounds, batches of ${rows} samples; speed-up < 1 means the wasm MCM costs more than the baseline)`, rowsOut);
  console.log(summary.join("\n"));
}
