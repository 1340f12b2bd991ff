// The learner registry: one factory per learner kind of the config (src/config/experiment.ts). Adding a
// learner is one adapter file here and one line below (docs/architecture.md, "How to add a learner").
import type { ExperimentConfig } from "../config/experiment.js";
import type { Kernels } from "../wasm/wasm.js";
import type { Learner, LearnerFactory } from "./learner.js";
import { networkLearner } from "./network.js";
import { neuronLearner } from "./neuron.js";
import { tensorPcaLearner } from "./tensorpca.js";

export type { Learner, LearnerFactory, Overlaps } from "./learner.js";

export const LEARNERS: Record<ExperimentConfig["learner"]["kind"], LearnerFactory> = {
  neuron: neuronLearner,
  network: networkLearner,
  "tensor-pca": tensorPcaLearner,
};

/** The learner of replica `replica` of a resolved config, with the model it samples from. */
export function makeLearner(kernels: Kernels, config: ExperimentConfig, replica: number): Learner {
  return LEARNERS[config.learner.kind](kernels, config, replica);
}
