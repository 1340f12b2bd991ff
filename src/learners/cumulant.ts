// The learners of the mixed cumulant model (a single neuron, a two-layer network): both sample from the
// model of assembly/model.ts, made here from the config with its spikes from stream (seed, SPIKE_STREAM).
import type { ExperimentConfig, NetworkConfig, NeuronConfig } from "../config/experiment.js";
import { activationForm } from "../config/activation.js";
import type { ModelConfig } from "../config/model.js";
import { WasmModel } from "../model/model.js";
import { SPIKE_STREAM } from "../schedule.js";
import { codes } from "../wasm/codes.js";
import type { Kernels } from "../wasm/wasm.js";
import { WasmActivation } from "./activation.js";
import type { Learner } from "./learner.js";

/** The model and activation of a cumulant-model learner; `make` builds the learner on them, which then owns both. */
export function withModelAndActivation(
  kernels: Kernels,
  config: ExperimentConfig,
  make: (model: number, activation: number) => Learner,
): Learner {
  const spikeStream = kernels.alloc(codes(kernels).streamBytes);
  kernels.streamInit(spikeStream, config.seed, SPIKE_STREAM);
  const model = new WasmModel(kernels, config.model as ModelConfig, spikeStream);
  kernels.free(spikeStream);
  const activation = new WasmActivation(kernels, activationForm((config.learner as NeuronConfig | NetworkConfig).activation));
  const learner = make(model.ptr, activation.ptr);
  return {
    ...learner,
    free() {
      learner.free();
      activation.free();
      model.free();
    },
  };
}
