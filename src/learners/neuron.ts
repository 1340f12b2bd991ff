// The single neuron (assembly/neuron.ts): online SGD of one unit on the mixed cumulant model.
import type { NeuronConfig } from "../config/experiment.js";
import { stepSizes, TRAINING_STREAM } from "../schedule.js";
import { codes } from "../wasm/codes.js";
import { f64View, readF64, writeF64 } from "../wasm/memory.js";
import { withModelAndActivation } from "./cumulant.js";
import { lazyState, replicaHeader, type LearnerFactory } from "./learner.js";

export const neuronLearner: LearnerFactory = (kernels, config, replica) =>
  withModelAndActivation(kernels, config, (model, activation) => {
    const learner = config.learner as NeuronConfig;
    const d = config.model.d;
    const { eta } = stepSizes(kernels, config) as { eta: number };
    const ptr = kernels.neuronCreate(
      model, activation, codes(kernels).loss[learner.loss], eta, config.recovery.threshold, config.seed, TRAINING_STREAM(replica),
    );
    const scratch = kernels.alloc(24);
    return {
      ptr,
      ...replicaHeader(kernels, ptr),
      runChunk: (n) => kernels.neuronRunChunk(ptr, n),
      overlaps() {
        kernels.neuronOverlaps(ptr, scratch);
        const [m, u, v] = f64View(kernels, scratch, 3);
        return { overlap: { m, u, v } };
      },
      evaluate: (state, n, mode, out) => kernels.neuronEvaluate(ptr, state, n, mode, out),
      parameters: () => readF64(kernels, kernels.neuronWeights(ptr), d),
      setParameters: (values) => writeF64(kernels, kernels.neuronWeights(ptr), values.subarray(0, d)),
      ...lazyState(kernels, ptr, kernels.neuronLazyLength, kernels.neuronSaveLazy, kernels.neuronRestoreLazy),
      free() {
        kernels.free(scratch);
        kernels.neuronFree(ptr);
      },
    };
  });
