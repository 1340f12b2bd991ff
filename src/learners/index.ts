// The learner registry: one factory per learner kind of the config (src/config/experiment.ts). Adding a
// learner is one adapter file here and one line below (docs/architecture.md, "How to add a learner").
import type { ExperimentConfig } from "../config/experiment.js";
import type { Kernels } from "../wasm/wasm.js";
import type { Learner, LearnerFactory } from "./learner.js";
import { networkLearner } from "./network.js";
import { neuronLearner } from "./neuron.js";
import { tensorPcaLearner } from "./tensorpca.js";
import { reducedNetworkLearner, reducedNeuronLearner, reducedTensorPcaLearner } from "./reduced.js";

export type { Learner, LearnerFactory, Overlaps } from "./learner.js";

export const LEARNERS: Record<ExperimentConfig["learner"]["kind"], LearnerFactory> = {
  neuron: neuronLearner,
  network: networkLearner,
  "tensor-pca": tensorPcaLearner,
};

/** The same learners simulated in overlap space (config "engine": "reduced"; docs/reduced-engine.md). */
export const REDUCED_LEARNERS: Record<ExperimentConfig["learner"]["kind"], LearnerFactory> = {
  neuron: reducedNeuronLearner,
  network: reducedNetworkLearner,
  "tensor-pca": reducedTensorPcaLearner,
};

/** The learner of replica `replica` of a resolved config, with the model it samples from, in the config's engine. */
export function makeLearner(kernels: Kernels, config: ExperimentConfig, replica: number): Learner {
  return (config.engine === "reduced" ? REDUCED_LEARNERS : LEARNERS)[config.learner.kind](kernels, config, replica);
}
