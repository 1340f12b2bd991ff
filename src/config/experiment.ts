// The experiment config: one JSON shape shared by the command line, the web page and external checks.
//
//   {"model": {...model config, see src/config/model.ts...},
//    "learner": {"kind": "neuron", "activation": "relu", "loss": "correlation", "lr": 1, "lrExponent": 1}
//            | {"kind": "network", "hidden": 8, "activation": "relu", "loss": "square", "lrW": 1, "lrA": 1,
//               "secondLayer": "fixed", "spherical": false, "batch": 1, "bias": true},
//    "steps": 20000, "replicas": 16, "seed": 1,
//    "record": {"points": 60, "testSize": 1000, "censored": false},
//    "recovery": {"threshold": 0.5}}
//
// resolveExperimentConfig validates it once, before any work, and fills every default; a resolved config
// resolves to itself, so the `config` of a result can be fed back in to reproduce it.
import * as v from "valibot";
import { StairsInputError } from "../errors.js";
import { finiteNumber, integer, lazySchema, validate } from "./validate.js";
import { plainData } from "./plain.js";
import { resolveModelConfig, type Engine, type ModelConfig } from "./model.js";
import { checkActivation, type ActivationSpec } from "./activation.js";
import {
  resolveTensorPcaLearner,
  resolveTensorPcaModel,
  type TensorPcaLearnerConfig,
  type TensorPcaModelConfig,
} from "./tensorpca.js";

export const MAX_STEPS = 2 ** 48;
export const MAX_REPLICAS = 100_000;
/** Weights (and, for mini-batches, their gradient) of one replica: at most 2^24 doubles per array. */
export const MAX_WEIGHTS = 2 ** 24;

// Step sizes: below 1e-12 eta = lr d^-a underflows toward 0 and the ODE's step bound toward infinity.
export const MIN_LR = 1e-12;
const positive = () => finiteNumber(v.minValue(MIN_LR));

/** "full": d-vectors, O(d) per step; "reduced": the same process in overlap space, exact in law, O(1) (docs/reduced-engine.md). */
export const ENGINES = ["full", "reduced"] as const;
export type { Engine };

export const neuronSchema = /* @__PURE__ */ lazySchema(() =>
  v.strictObject({
    kind: v.literal("neuron"),
    activation: v.optional(v.unknown(), "relu"),
    loss: v.optional(v.picklist(["correlation", "square"]), "correlation"),
    lr: v.optional(positive(), 1),
    lrExponent: v.optional(finiteNumber(v.minValue(0), v.maxValue(4)), 1),
  }),
);

export const networkSchema = /* @__PURE__ */ lazySchema(() =>
  v.strictObject({
    kind: v.literal("network"),
    hidden: v.optional(integer(1, 4096), 8),
    activation: v.optional(v.unknown(), "relu"),
    loss: v.optional(v.picklist(["square", "logistic"]), "square"),
    lrW: v.optional(positive(), 1),
    lrA: v.optional(finiteNumber(v.minValue(0)), 1),
    secondLayer: v.optional(v.picklist(["fixed", "trained", "random", "random-trained"]), "fixed"),
    spherical: v.optional(v.boolean(), false),
    batch: v.optional(integer(1, 65536), 1),
    bias: v.optional(v.boolean(), true),
  }),
);

export const experimentSchema = /* @__PURE__ */ lazySchema(() =>
  v.strictObject({
    $schema: v.optional(v.unknown()), // a JSON Schema reference for editors, ignored
    model: v.unknown(),
    learner: v.optional(v.unknown(), { kind: "neuron" }),
    steps: integer(1, MAX_STEPS),
    replicas: v.optional(integer(1, MAX_REPLICAS), 1),
    seed: v.optional(integer(0, Number.MAX_SAFE_INTEGER), 0),
    record: v.optional(
      v.strictObject({
        points: v.optional(integer(2, 10_000), 60),
        testSize: v.optional(integer(0, 10_000_000), 1000),
        censored: v.optional(v.boolean(), false),
      }),
      {},
    ),
    recovery: v.optional(v.strictObject({ threshold: v.optional(finiteNumber(v.gtValue(0), v.maxValue(1)), 0.5) }), {}),
    engine: v.optional(v.picklist(ENGINES), "full"),
  }),
);

export interface NeuronConfig {
  kind: "neuron";
  activation: ActivationSpec;
  loss: "correlation" | "square";
  /** eta = lr * d^-lrExponent. */
  lr: number;
  lrExponent: number;
}

export interface NetworkConfig {
  kind: "network";
  hidden: number;
  activation: ActivationSpec;
  loss: "square" | "logistic";
  /** First-layer step lrW / d. */
  lrW: number;
  /** Second-layer (and bias) step lrA / K. */
  lrA: number;
  /**
   * a_k = 1/K fixed ("fixed"), or trained from there ("trained"); a_k = +-1/K with random signs (drawn after
   * W from the training stream), fixed ("random") or trained ("random-trained").
   */
  secondLayer: "fixed" | "trained" | "random" | "random-trained";
  spherical: boolean;
  batch: number;
  /**
   * Train the output bias b (default true: with ReLU units and a_k = 1/K > 0, f >= 0 without
   * it, and "y = +1 iff f > 0" is nearly "always +1").
   */
  bias: boolean;
}

export type LearnerConfig = NeuronConfig | NetworkConfig | TensorPcaLearnerConfig;

export interface ExperimentConfig {
  model: ModelConfig | TensorPcaModelConfig;
  learner: LearnerConfig;
  steps: number;
  replicas: number;
  seed: number;
  record: { points: number; testSize: number; censored: boolean };
  recovery: { threshold: number };
  /** Which engine simulates the run: "full" (the default) or "reduced" (docs/reduced-engine.md). */
  engine: Engine;
}

export type { ExperimentConfigInput } from "./input.js";

/** Validates an experiment config and fills every default; throws StairsInputError naming the field. */
export function resolveExperimentConfig(given: unknown): ExperimentConfig {
  const input = plainData(given, "");
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new StairsInputError("config", input, "an object with at least model and steps");
  }
  if ((input as { model?: unknown }).model === undefined) throw new StairsInputError("model", undefined, "a model config (an object with at least d)");
  const { $schema: _schema, ...raw } = validateTopLevel(input);
  if (raw.model === undefined) throw new StairsInputError("model", undefined, "a model config (an object with at least d)");
  const engine = raw.engine;
  if ((raw.model as { kind?: unknown } | null)?.kind === "tensor-pca") {
    // Tensor PCA has its own learner; an absent learner means the default one.
    const model = resolveTensorPcaModel(raw.model, engine);
    const learnerInput = (input as { learner?: unknown }).learner ?? { kind: "tensor-pca" };
    return { ...raw, model, learner: resolveTensorPcaLearner(learnerInput, model, engine) } as ExperimentConfig;
  }
  const model = resolveModelConfig(raw.model, "model", engine);
  const learner = resolveLearner(raw.learner);
  if (learner.kind === "network") {
    if (engine === "full" && learner.hidden * model.d > MAX_WEIGHTS) {
      throw new StairsInputError("learner.hidden", learner.hidden, `at most ${Math.floor(MAX_WEIGHTS / model.d)} at d = ${model.d} (hidden * d <= 2^24)`);
    }
    // The reduced network's state and scratch: K x (K + min(K, B)) frame coordinates, K x B gradient coefficients.
    const K = learner.hidden;
    if (engine === "reduced" && K * (K + Math.min(K, learner.batch)) > MAX_WEIGHTS) {
      throw new StairsInputError("learner.hidden", K, `at most 2896 with "engine": "reduced" (hidden * (hidden + min(hidden, batch)) <= 2^24)`);
    }
    if (engine === "reduced" && K * learner.batch > MAX_WEIGHTS) {
      throw new StairsInputError("learner.batch", learner.batch, `at most ${Math.floor(MAX_WEIGHTS / K)} with "engine": "reduced" and hidden = ${K} (hidden * batch <= 2^24)`);
    }
    if (raw.steps * learner.batch > MAX_STEPS) {
      throw new StairsInputError("steps", raw.steps, `at most 2^48 / batch = ${Math.floor(MAX_STEPS / learner.batch)} samples' worth`);
    }
  }
  return { ...raw, model, learner } as ExperimentConfig;
}

// Fields at the top level are named bare ("steps", "record.points"); an issue of the whole object
// (an unknown key) is named "config".
function validateTopLevel(input: object) {
  const known = Object.keys(experimentSchema().entries);
  for (const [key, value] of Object.entries(input)) {
    if (!known.includes(key)) throw new StairsInputError(key, value, `absent: not a field of an experiment config (${known.join(", ")})`);
  }
  try {
    return validate(experimentSchema(), input, "");
  } catch (error) {
    if (error instanceof StairsInputError && error.field === "") throw new StairsInputError("config", error.value, error.allowed);
    throw error;
  }
}

function resolveLearner(input: unknown): LearnerConfig {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new StairsInputError("learner", input, 'an object with kind "neuron" or "network"');
  }
  if (kind !== "neuron" && kind !== "network") {
    throw new StairsInputError("learner.kind", kind, 'one of "neuron", "network" ("tensor-pca" goes with a tensor-pca model)');
  }
  const raw = validate(kind === "neuron" ? neuronSchema() : networkSchema(), input, "learner");
  return { ...raw, activation: checkActivation(raw.activation, "learner.activation") } as LearnerConfig;
}
