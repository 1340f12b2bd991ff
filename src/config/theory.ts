// The config `stairs.theory` and `stairs theory` accept: an experiment config (src/config/experiment.ts, the
// shape the runs take), of which the theory reads the model, the learner's activation, loss and step size,
// and the horizon and checkpoint count of the overlap ODE; plus an optional "theory" block.
//
//   {"model": {...},                                   an MCM-family model (src/config/model.ts)
//    "learner": {"kind": "neuron", "activation": "relu", "loss": "correlation", "lr": 1, "lrExponent": 1},
//    "steps": 20000, "record": {"points": 60},         the ODE's horizon and grid (no steps: no ODE)
//    "theory": {"hermiteOrder": 8, "dynamics": true, "odeStep": 0.1, "start": 0.125, "bayesSamples": 262144}}
//
// Everything but "theory" is validated by the experiment resolver itself, so a config that runs is a
// config the theory reads, with the same defaults; "steps" may be absent here (then there is no ODE).
// A network learner is read for its activation and first-layer step; its units are analysed under the
// correlation part of their gradient.
import * as v from "valibot";
import { StairsInputError } from "../errors.js";
import { finiteNumber, integer, lazySchema, validate } from "./validate.js";
import { plainData } from "./plain.js";
import type { ModelConfig } from "./model.js";
import { activationForm, type ActivationForm } from "./activation.js";
import { resolveExperimentConfig, type ExperimentConfig, type NetworkConfig, type NeuronConfig } from "./experiment.js";

export const MAX_HERMITE_ORDER = 30;

export interface TheoryOptions {
  /** The result's hermite array holds c_0..c_hermiteOrder. */
  hermiteOrder: number;
  /** Integrate the overlap ODE (when the config has steps and a neuron learner). */
  dynamics: boolean;
  /** RK4 step in units of eta n (natural time), divided further by max(1, eta d). */
  odeStep: number;
  /** alpha_e(0) for e = m, u, v; default 1/sqrt(d), the typical overlap of a random start. */
  start: number;
  /** Monte Carlo samples of each Bayes accuracy (src/theory/bayes.ts; stream seed = the config's); 0: none. */
  bayesSamples: number;
}

/** A resolved theory config: the experiment config with its defaults (steps may be absent) and the theory block. */
export type TheoryConfig = Omit<ExperimentConfig, "model" | "learner" | "steps"> & {
  model: ModelConfig;
  learner: NeuronConfig | NetworkConfig;
  steps?: number;
  theory: TheoryOptions;
};

/** What the theory reads off a learner. */
export interface TheoryLearner {
  kind: "neuron" | "network";
  activation: ActivationForm;
  /** The loss whose population landscape is analysed (a network's units: the correlation part). */
  loss: "correlation" | "square";
  /** eta = lr d^-lrExponent (a network's first layer: lrW / d). */
  lr: number;
  lrExponent: number;
}

const theorySchema = /* @__PURE__ */ lazySchema(() =>
  v.strictObject({
    hermiteOrder: v.optional(integer(1, MAX_HERMITE_ORDER), 8),
    dynamics: v.optional(v.boolean(), true),
    odeStep: v.optional(finiteNumber(v.gtValue(0), v.maxValue(1)), 0.1),
    start: v.optional(finiteNumber(v.gtValue(0), v.ltValue(1))),
    bayesSamples: v.optional(v.union([v.literal(0), integer(2, 2 ** 30)]), 2 ** 18),
  }),
);

/** Validates a theory (or experiment) config once and fills every default; errors name the field. */
export function resolveTheoryConfig(given: unknown): TheoryConfig {
  const input = plainData(given, "");
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new StairsInputError("config", input, "an object with at least model");
  }
  const { theory: theoryInput, ...rest } = input as Record<string, unknown>;
  if (rest.model === undefined) throw new StairsInputError("model", undefined, "a model config (an object with at least d)");
  const hasSteps = rest.steps !== undefined;
  // steps is required by the runs' schema; the theory without an ODE needs none, so a stand-in is validated
  const experiment = resolveExperimentConfig(hasSteps ? rest : { ...rest, steps: 1 });
  if (experiment.model.kind === "tensor-pca") {
    throw new StairsInputError("model.kind", "tensor-pca", "one of the MCM family (gaussian, mixture, spiked-covariance, spiked-cumulant, mcm): the theory is that of a neuron on these (tensor PCA: stairs.tensorPcaTheory)");
  }
  const theory = validate(theorySchema(), theoryInput ?? {}, "theory");
  const model = experiment.model as ModelConfig;
  const { steps, ...withoutSteps } = experiment;
  return {
    ...withoutSteps,
    ...(hasSteps ? { steps } : {}),
    model,
    learner: experiment.learner as NeuronConfig | NetworkConfig,
    theory: { ...theory, start: theory.start ?? 1 / Math.sqrt(model.d) },
  };
}

/** The activation, loss and step of a resolved config's learner, as the theory uses them. */
export function theoryLearner(config: TheoryConfig): TheoryLearner {
  const l = config.learner;
  if (l.kind === "network") return { kind: "network", activation: activationForm(l.activation), loss: "correlation", lr: l.lrW, lrExponent: 1 };
  return { kind: "neuron", activation: activationForm(l.activation), loss: l.loss, lr: l.lr, lrExponent: l.lrExponent };
}
