// The two-layer network (assembly/network.ts): K hidden units, optionally a trained second layer and bias.
import type { ExperimentConfig, NetworkConfig } from "../config/experiment.js";
import { stepSizes, TRAINING_STREAM } from "../schedule.js";
import { codes } from "../wasm/codes.js";
import { f64View, writeF64 } from "../wasm/memory.js";
import type { Kernels } from "../wasm/wasm.js";
import { withModelAndActivation } from "./cumulant.js";
import { lazyState, replicaHeader, type Learner, type LearnerFactory, type Overlaps } from "./learner.js";

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

/** The arguments of networkCreate and reducedNetworkCreate after (model, activation, K, loss and, reduced, d). */
export function networkSettings(kernels: Kernels, config: ExperimentConfig, replica: number) {
  const learner = config.learner as NetworkConfig;
  const { etaW, etaA } = stepSizes(kernels, config) as { etaW: number; etaA: number };
  return [
    etaW, etaA, secondLayerFlags(kernels, learner.secondLayer), learner.spherical ? 1 : 0, learner.bias ? 1 : 0, learner.batch,
    config.recovery.threshold, config.seed, TRAINING_STREAM(replica),
  ] as const;
}

/**
 * The members both engines' networks of K units share, on their own kernels (networkRunChunk, networkOverlaps,
 * networkEvaluate, networkFree or the reduced ones): the header, runChunk, the per-unit overlaps, evaluate, free.
 */
export function networkMembers(
  kernels: Kernels, ptr: number, K: number,
  runKernel: Kernels["networkRunChunk"], overlapsKernel: Kernels["networkOverlaps"], evaluateKernel: Kernels["networkEvaluate"], freeKernel: Kernels["networkFree"],
) {
  const scratch = kernels.alloc(24 * K);
  return {
    ptr,
    ...replicaHeader(kernels, ptr),
    runChunk: (n: number) => runKernel(ptr, n),
    overlaps() {
      overlapsKernel(ptr, scratch);
      return unitOverlaps(kernels, scratch, K);
    },
    evaluate: (state: number, n: number, mode: number, out: number) => evaluateKernel(ptr, state, n, mode, out),
    free() {
      kernels.free(scratch);
      freeKernel(ptr);
    },
  } satisfies Partial<Learner>;
}

export const networkLearner: LearnerFactory = (kernels, config, replica) =>
  withModelAndActivation(kernels, config, (model, activation) => {
    const learner = config.learner as NetworkConfig;
    const d = config.model.d;
    const K = learner.hidden;
    const loss = codes(kernels).loss[learner.loss];
    const ptr = kernels.networkCreate(model, activation, K, loss, ...networkSettings(kernels, config, replica));
    return {
      ...networkMembers(kernels, ptr, K, kernels.networkRunChunk, kernels.networkOverlaps, kernels.networkEvaluate, kernels.networkFree),
      parameters() {
        const out = new Float64Array(K * d + K + 1);
        out.set(f64View(kernels, kernels.networkWeights(ptr), K * d));
        out.set(f64View(kernels, kernels.networkSecondLayer(ptr), K), K * d);
        out[K * d + K] = kernels.networkBias(ptr);
        return out;
      },
      ...lazyState(kernels, ptr, kernels.networkLazyLength, kernels.networkSaveLazy, kernels.networkRestoreLazy),
      setParameters(values) {
        writeF64(kernels, kernels.networkWeights(ptr), values.subarray(0, K * d));
        writeF64(kernels, kernels.networkSecondLayer(ptr), values.subarray(K * d, K * d + K));
        kernels.networkSetBias(ptr, values[K * d + K]);
      },
    };
  });
