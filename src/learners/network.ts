// The two-layer network (assembly/network.ts): K hidden units, optionally a trained second layer and bias.
import type { NetworkConfig } from "../config/experiment.js";
import { stepSizes, TRAINING_STREAM } from "../schedule.js";
import { codes } from "../wasm/codes.js";
import { f64View, writeF64 } from "../wasm/memory.js";
import { withModelAndActivation } from "./cumulant.js";
import { replicaHeader, type Learner, type LearnerFactory, type Overlaps } from "./learner.js";

/** The second-layer bits of networkCreate: trained, and a random +-1/K start (assembly/network.ts). */
export function secondLayerFlags(kernels: Parameters<LearnerFactory>[0], mode: NetworkConfig["secondLayer"]): number {
  const { trained, random } = codes(kernels).secondLayer;
  return (mode === "trained" || mode === "random-trained" ? trained : 0) | (mode === "random" || mode === "random-trained" ? random : 0);
}

/** A network's overlaps from the K x 3 per-unit overlaps at `at`: each unit's, and per spike the unit's with the largest |alpha|. */
export function unitOverlaps(kernels: Parameters<LearnerFactory>[0], at: number, K: number): ReturnType<Learner["overlaps"]> {
  const all = f64View(kernels, at, 3 * K);
  const perUnit: Overlaps[] = [];
  for (let k = 0; k < K; k++) perUnit.push({ m: all[3 * k], u: all[3 * k + 1], v: all[3 * k + 2] });
  const pick = (e: "m" | "u" | "v") => perUnit.reduce((best, unit) => (Math.abs(unit[e]) > Math.abs(best) ? unit[e] : best), perUnit[0][e]);
  return { overlap: { m: pick("m"), u: pick("u"), v: pick("v") }, perUnit };
}

export const networkLearner: LearnerFactory = (kernels, config, replica) =>
  withModelAndActivation(kernels, config, (model, activation) => {
    const learner = config.learner as NetworkConfig;
    const d = config.model.d;
    const { etaW, etaA } = stepSizes(kernels, config) as { etaW: number; etaA: number };
    const K = learner.hidden;
    const ptr = kernels.networkCreate(
      model, activation, K, codes(kernels).loss[learner.loss], etaW, etaA,
      secondLayerFlags(kernels, learner.secondLayer), learner.spherical ? 1 : 0, learner.bias ? 1 : 0, learner.batch,
      config.recovery.threshold, config.seed, TRAINING_STREAM(replica),
    );
    const scratch = kernels.alloc(24 * K);
    return {
      ptr,
      ...replicaHeader(kernels, ptr),
      runChunk: (n) => kernels.networkRunChunk(ptr, n),
      overlaps() {
        kernels.networkOverlaps(ptr, scratch);
        return unitOverlaps(kernels, scratch, K);
      },
      evaluate: (state, n, mode, out) => kernels.networkEvaluate(ptr, state, n, mode, out),
      parameters() {
        const out = new Float64Array(K * d + K + 1);
        out.set(f64View(kernels, kernels.networkWeights(ptr), K * d));
        out.set(f64View(kernels, kernels.networkSecondLayer(ptr), K), K * d);
        out[K * d + K] = kernels.networkBias(ptr);
        return out;
      },
      saveInternal: () => new Float64Array(0), // no state between chunks besides the parameters
      restoreInternal: () => undefined,
      setParameters(values) {
        writeF64(kernels, kernels.networkWeights(ptr), values.subarray(0, K * d));
        writeF64(kernels, kernels.networkSecondLayer(ptr), values.subarray(K * d, K * d + K));
        kernels.networkSetBias(ptr, values[K * d + K]);
      },
      free() {
        kernels.free(scratch);
        kernels.networkFree(ptr);
      },
    };
  });
