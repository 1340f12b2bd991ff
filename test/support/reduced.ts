// Set-up shared by the reduced-engine tests: models made for the reduced kernels (d = 0: no spikes), draw
// sources that read a wasm stream one value at a time (the kernels' batched draws, in the same order), and
// the reference model of a config.
import type { Stairs } from "../../src/index.js";
import { resolveModelConfig, type ModelConfigInput } from "../../src/config/model.js";
import { lawModel as makeLawModel, modelCodes } from "../../src/model/model.js";
import { f64View } from "../../src/wasm/memory.js";
import { codes } from "../../src/wasm/codes.js";
import { referenceModel, type ReferenceModel } from "../../reference/model.js";
import type { CensoredFactor, ReducedDrawSource } from "../../reference/reduced.js";

/** A model of the config's law made with d = 0 (what the reduced kernels take), and its reference twin. */
export function lawModel(stairs: Stairs, input: ModelConfigInput) {
  const k = stairs.kernels;
  const config = resolveModelConfig(input);
  const r = config.latent.kind === "skewed" ? config.latent.r : 0.5;
  const ptr = makeLawModel(k, config);
  const code = modelCodes(k, config);
  const threshold = k.couplingThreshold(code.coupling, code.latent, r);
  const empty = new Float64Array(0);
  const reference: ReferenceModel = referenceModel(config, { m: empty, u: empty, v: empty }, threshold);
  // The censored covariance's factor, as censored.ts computes it.
  const rho = reference.sqrtBetaU * reference.vSignal * k.modelLatentCorrelation(ptr);
  const uu = Math.sqrt(1 + reference.sqrtBetaU * reference.sqrtBetaU);
  const vu = rho / uu;
  const factor: CensoredFactor = { uu, vu, vv: Math.sqrt(1 - vu * vu) };
  return { ptr, config, reference, factor, free: () => k.modelFree(ptr) };
}

/** One draw at a time from the wasm stream (seed, index), including the reduced engine's chi-squares. */
export function streamSource(stairs: Stairs, seed: number, index: number): ReducedDrawSource & { state: number; free(): void } {
  const k = stairs.kernels;
  const state = k.alloc(codes(k).streamBytes);
  k.streamInit(state, seed, index);
  const out = k.alloc(8);
  const one = (fill: () => void) => {
    fill();
    return f64View(k, out, 1)[0];
  };
  return {
    state,
    uniform: () => one(() => k.fillUniform(state, out, 1)),
    normal: () => one(() => k.fillNormal(state, out, 1)),
    normals(values: Float64Array) {
      const ptr = k.alloc(8 * Math.max(1, values.length));
      k.fillNormal(state, ptr, values.length);
      values.set(f64View(k, ptr, values.length));
      k.free(ptr);
    },
    rademacher: () => one(() => k.fillRademacher(state, out, 1)),
    chiSquare: (dof: number) => one(() => k.fillChiSquareExact(state, out, 1, dof)),
    free() {
      k.free(out);
      k.free(state);
    },
  };
}

