// The config `stairs.theory` and `stairs theory` accept: an experiment config (the shape of the learners'
// runs, issue 4), of which the theory reads the model, the learner's activation, loss and step size, and
// the horizon and checkpoint count of the overlap ODE; plus optional theory settings.
//
//   {"model": {...},                                   see src/model/config.ts
//    "learner": {"kind": "neuron", "activation": "relu", "loss": "correlation", "lr": 1, "lrExponent": 1},
//    "steps": 20000, "record": {"points": 60},         the ODE's horizon and grid (no steps: no ODE)
//    "theory": {"hermiteOrder": 8, "dynamics": true, "odeStep": 0.05, "start": 0.125}}
//
// replicas, seed, recovery and the rest of record belong to the simulation and are accepted unread.
// Activations: "relu" | "tanh" | "erf" | "he1".."he16" | "-he1".."-he16" |
// {"kind": "hermite", "coefficients": [c0, c1, ...]} (the learners' spec; to be unified with src/run/).
import { z } from "zod";
import { StairsInputError } from "../errors.js";
import { validate } from "../config/validate.js";
import { resolveModelConfig, type ModelConfig } from "../model/config.js";

export const MAX_HERMITE_DEGREE = 16; // assembly/activation.ts
export const MAX_HERMITE_ORDER = 30;

export type ActivationForm = { kind: "relu" | "tanh" | "erf" } | { kind: "hermite"; coefficients: number[] };

export interface TheoryConfig {
  model: ModelConfig;
  learner: {
    kind: "neuron" | "network";
    activation: ActivationForm;
    /** The loss whose population landscape is analysed (a network's units: the correlation part). */
    loss: "correlation" | "square";
    /** eta = lr * d^-lrExponent (the neuron's step; a network's first layer: lrW / d). */
    lr: number;
    lrExponent: number;
  };
  /** Horizon of the overlap ODE in SGD steps, or null for no ODE. */
  steps: number | null;
  points: number;
  theory: {
    /** The JSON's hermite array holds c_0..c_hermiteOrder. */
    hermiteOrder: number;
    dynamics: boolean;
    /** RK4 step in units of eta n (natural time), divided further by max(1, eta d). */
    odeStep: number;
    /** alpha_e(0) for e = m, u, v; default 1/sqrt(d), the typical overlap of a random start. */
    start: number;
  };
}

const HERMITE_NAME = /^(-?)he([1-9]|1[0-6])$/;
const ACTIVATION_ALLOWED =
  '"relu", "tanh", "erf", "he1".."he16", "-he1".."-he16", or {"kind": "hermite", "coefficients": [c0, c1, ...]} ' +
  `with 1 to ${MAX_HERMITE_DEGREE + 1} finite coefficients`;

/** Checks an activation spec and returns its form ("-he4" is the Hermite series with c_4 = -1). */
export function activationForm(value: unknown, field: string): ActivationForm {
  if (value === "relu" || value === "tanh" || value === "erf") return { kind: value };
  if (typeof value === "string") {
    const match = HERMITE_NAME.exec(value);
    if (!match) throw new StairsInputError(field, value, ACTIVATION_ALLOWED);
    const degree = Number(match[2]);
    const coefficients = new Array<number>(degree + 1).fill(0);
    coefficients[degree] = match[1] === "-" ? -1 : 1;
    return { kind: "hermite", coefficients };
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const { kind, coefficients, ...rest } = value as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw new StairsInputError(`${field}.${extra[0]}`, rest[extra[0]], "absent (a Hermite activation has only kind and coefficients)");
    if (kind !== "hermite") throw new StairsInputError(`${field}.kind`, kind, '"hermite"');
    if (
      !Array.isArray(coefficients) ||
      coefficients.length < 1 ||
      coefficients.length > MAX_HERMITE_DEGREE + 1 ||
      !coefficients.every((c) => typeof c === "number" && Number.isFinite(c))
    ) {
      throw new StairsInputError(`${field}.coefficients`, coefficients, `an array of 1 to ${MAX_HERMITE_DEGREE + 1} finite numbers c_0, c_1, ...`);
    }
    return { kind: "hermite", coefficients: (coefficients as number[]).slice() };
  }
  throw new StairsInputError(field, value, ACTIVATION_ALLOWED);
}

const neuronSchema = z
  .object({
    kind: z.literal("neuron"),
    activation: z.unknown().default("relu"),
    loss: z.enum(["correlation", "square"]).default("correlation"),
    lr: z.number().gt(0).max(1e6).default(1),
    lrExponent: z.number().min(0).max(4).default(1),
  })
  .strict();

// A network's config is read only for its activation and first-layer step; the rest is the simulation's.
const networkSchema = z
  .object({
    kind: z.literal("network"),
    activation: z.unknown().default("relu"),
    lrW: z.number().gt(0).max(1e6).default(1),
    hidden: z.unknown().optional(),
    loss: z.unknown().optional(),
    lrA: z.unknown().optional(),
    secondLayer: z.unknown().optional(),
    spherical: z.unknown().optional(),
    batch: z.unknown().optional(),
    bias: z.unknown().optional(),
  })
  .strict();

const theorySchema = z
  .object({
    hermiteOrder: z.number().int().min(1).max(MAX_HERMITE_ORDER).default(8),
    dynamics: z.boolean().default(true),
    odeStep: z.number().gt(0).max(1).default(0.05),
    start: z.number().gt(0).lt(1).optional(),
  })
  .strict();

const topSchema = z
  .object({
    model: z.unknown().optional(),
    learner: z.unknown().optional(),
    steps: z.number().int().min(1).max(2 ** 48).optional(),
    record: z
      .object({ points: z.number().int().min(2).max(10_000).default(60), testSize: z.unknown().optional(), censored: z.unknown().optional() })
      .strict()
      .optional(),
    theory: z.unknown().optional(),
    replicas: z.unknown().optional(),
    seed: z.unknown().optional(),
    recovery: z.unknown().optional(),
  })
  .strict();

/** Validates a theory (or experiment) config once and fills every default; errors name the field. */
export function resolveTheoryConfig(input: unknown): TheoryConfig {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new StairsInputError("config", input, "an object with at least model");
  }
  let top: z.output<typeof topSchema>;
  try {
    top = validate(topSchema, input, "");
  } catch (error) {
    // an issue of the whole object (an unknown key) has an empty path: name it "config"
    if (error instanceof StairsInputError && error.field === "") throw new StairsInputError("config", error.value, error.allowed);
    throw error;
  }
  if (top.model === undefined) throw new StairsInputError("model", undefined, "a model config (an object with at least d)");
  const model = resolveModelConfig(top.model, "model");
  const learnerInput = top.learner === undefined ? { kind: "neuron" } : top.learner;
  const kind = (learnerInput as { kind?: unknown }).kind ?? "neuron";
  let learner: TheoryConfig["learner"];
  if (kind === "network") {
    const raw = validate(networkSchema, learnerInput, "learner");
    learner = { kind: "network", activation: activationForm(raw.activation, "learner.activation"), loss: "correlation", lr: raw.lrW, lrExponent: 1 };
  } else {
    const raw = validate(neuronSchema, { ...(learnerInput as object), kind }, "learner");
    learner = { kind: "neuron", activation: activationForm(raw.activation, "learner.activation"), loss: raw.loss, lr: raw.lr, lrExponent: raw.lrExponent };
  }
  const theory = validate(theorySchema, top.theory ?? {}, "theory");
  return {
    model,
    learner,
    steps: top.steps ?? null,
    points: top.record?.points ?? 60,
    theory: {
      hermiteOrder: theory.hermiteOrder,
      dynamics: theory.dynamics,
      odeStep: theory.odeStep,
      start: theory.start ?? 1 / Math.sqrt(model.d),
    },
  };
}
