// Tensor PCA (docs/science.md section 5) as an experiment: the model and the learner halves of its config.
//
//   {"model": {"kind": "tensor-pca", "d": 16, "order": 3, "beta": 4},
//    "learner": {"kind": "tensor-pca", "lr": 1, "lrExponent": 1.5, "noise": "sampled"}, ...}
//
// Each step sees a fresh tensor Y = sqrt(beta) v^(x order) + W; eta = lr d^-lrExponent, by default
// lrExponent = order / 2 (the largest step that still lets the signal beat the noise from a random
// start: eta sqrt(beta) a^(p-1) > eta^2 p d a with a ~ d^-1/2). "explicit" noise draws all d^order
// entries of W and contracts them; "sampled" draws the same law in O(d).
import * as v from "valibot";
import { finiteNumber, integer, lazySchema, validate } from "./validate.js";
import { StairsInputError } from "../errors.js";
import { checkEngineD, MAX_REDUCED_D, type Engine } from "./model.js";

/** The explicit tensor has d^order doubles; keep it under 2^24 (128 MiB). */
export const MAX_TENSOR_ENTRIES = 2 ** 24;

export const tensorModelSchema = /* @__PURE__ */ lazySchema(() =>
  v.strictObject({
    kind: v.literal("tensor-pca"),
    d: integer(2, MAX_REDUCED_D),
    order: v.optional(integer(2, 8), 3),
    beta: v.optional(finiteNumber(v.minValue(0), v.maxValue(1e6)), 4),
  }),
);

export const tensorLearnerSchema = /* @__PURE__ */ lazySchema(() =>
  v.strictObject({
    kind: v.literal("tensor-pca"),
    lr: v.optional(finiteNumber(v.minValue(1e-12)), 1), // as MIN_LR of experiment.ts
    lrExponent: v.optional(finiteNumber(v.minValue(0), v.maxValue(8))),
    noise: v.optional(v.picklist(["sampled", "explicit"]), "sampled"),
  }),
);

export interface TensorPcaModelConfig {
  kind: "tensor-pca";
  d: number;
  order: number;
  beta: number;
}

export interface TensorPcaLearnerConfig {
  kind: "tensor-pca";
  lr: number;
  lrExponent: number;
  noise: "sampled" | "explicit";
}

export function resolveTensorPcaModel(input: unknown, engine: Engine = "full"): TensorPcaModelConfig {
  const model = validate(tensorModelSchema(), input, "model");
  checkEngineD(model.d, engine, "model.d");
  return model;
}

export function resolveTensorPcaLearner(input: unknown, model: TensorPcaModelConfig, engine: Engine = "full"): TensorPcaLearnerConfig {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (kind !== "tensor-pca") {
    throw new StairsInputError("learner.kind", kind, '"tensor-pca" (the only learner of a tensor-pca model)');
  }
  const raw = validate(tensorLearnerSchema(), input, "learner");
  if (raw.noise === "explicit" && engine === "reduced") {
    throw new StairsInputError("learner.noise", "explicit", `"sampled" with "engine": "reduced" (it draws the noise's two coordinates that matter, in law; no tensor exists)`);
  }
  if (raw.noise === "explicit" && model.d ** model.order > MAX_TENSOR_ENTRIES) {
    throw new StairsInputError("learner.noise", "explicit", `"sampled" when d^order > 2^24 (here ${model.d}^${model.order})`);
  }
  // Built field by field so that a resolved config serialises with the same key order when resolved again.
  return { kind: raw.kind, lr: raw.lr, lrExponent: raw.lrExponent ?? model.order / 2, noise: raw.noise };
}
