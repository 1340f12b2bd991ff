// The TypeScript types of what a user writes: every config input the API takes, with every default
// optional and every kind spelled out, so that `{model: {kind: "nope"}}` fails to compile and editors
// complete the fields (test/types.test.ts compiles a file that checks it). The validators (./model.ts,
// ./experiment.ts, ./tensorpca.ts) accept exactly these shapes at run time, and a resolved config (every
// default filled) is an input too. The JSON Schema of the same shapes is dist/config.schema.json.
import type { ActivationSpec } from "./activation.js";

/** The law of the latent nu along v: "rademacher" (+-1) or "skewed" (r = 0.7 by default). */
export type LatentInput = "rademacher" | "skewed" | { kind: "rademacher" } | { kind: "skewed"; r?: number };

/** How nu depends on lambda (docs/models.md). */
export type CouplingInput =
  | "independent"
  | "sign"
  | "even"
  | "cubic"
  | "partial"
  | { kind: "independent" | "sign" | "even" | "cubic" }
  | { kind: "partial"; p?: number };

/** A data model of the mixed-cumulant family (docs/models.md); only `d` is required. */
export interface ModelConfigInput {
  kind?: "gaussian" | "mixture" | "spiked-covariance" | "spiked-cumulant" | "mcm";
  d: number;
  betaM?: number;
  betaU?: number;
  betaV?: number;
  latent?: LatentInput;
  coupling?: CouplingInput;
  prior?: number;
  labelledMean?: boolean;
  spikes?: "random" | "hypercube" | { m: number[]; u: number[]; v: number[] };
}

/** Tensor PCA's model: Y = sqrt(beta) v^(x order) + noise. */
export interface TensorPcaModelInput {
  kind: "tensor-pca";
  d: number;
  order?: number;
  beta?: number;
}

export interface NeuronInput {
  kind: "neuron";
  activation?: ActivationSpec;
  loss?: "correlation" | "square";
  lr?: number;
  lrExponent?: number;
}

export interface NetworkInput {
  kind: "network";
  hidden?: number;
  activation?: ActivationSpec;
  loss?: "square" | "logistic";
  lrW?: number;
  lrA?: number;
  secondLayer?: "fixed" | "trained" | "random" | "random-trained";
  spherical?: boolean;
  batch?: number;
  bias?: boolean;
}

export interface TensorPcaLearnerInput {
  kind: "tensor-pca";
  lr?: number;
  lrExponent?: number;
  noise?: "sampled" | "explicit";
}

export interface ExperimentFields {
  /** The JSON Schema a config file names for editors (ignored by the validator). */
  $schema?: string;
  steps: number;
  replicas?: number;
  seed?: number;
  record?: { points?: number; testSize?: number; censored?: boolean };
  recovery?: { threshold?: number };
  /** Which engine simulates the run: "full" (the default) or "reduced" (docs/reduced-engine.md). */
  engine?: "full" | "reduced";
}

/** An experiment config: a model of the MCM family with a neuron or a network, or tensor PCA with its learner. */
export type ExperimentConfigInput =
  | (ExperimentFields & { model: ModelConfigInput; learner?: NeuronInput | NetworkInput })
  | (ExperimentFields & { model: TensorPcaModelInput; learner?: TensorPcaLearnerInput });
