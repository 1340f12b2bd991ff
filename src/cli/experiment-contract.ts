// TEMPORARY stand-in for the learners' experiment schema (issue 4), written from the agreed contract so the
// command line can be built before the learners land. Replaced by the learners' own schema on merge.
import { z } from "zod";
import { modelSchema, resolveModelConfig, type ModelConfig } from "../model/config.js";
import { validate } from "../config/validate.js";

const neuron = z
  .object({
    kind: z.literal("neuron"),
    activation: z.union([z.enum(["relu", "tanh", "erf", "he4", "-he4"]), z.object({ hermite: z.array(z.number()) }).strict()]).default("relu"),
    loss: z.enum(["correlation", "square"]).default("correlation"),
    lr: z.number().gt(0).default(1),
    lrExponent: z.number().min(0).max(4).default(1),
  })
  .strict();
const network = z
  .object({
    kind: z.literal("network"),
    hidden: z.number().int().min(1).max(4096),
    activation: z.enum(["relu", "tanh", "erf"]).default("relu"),
    loss: z.enum(["square", "logistic"]).default("square"),
    lrW: z.number().gt(0).default(1),
    lrA: z.number().gt(0).default(1),
    secondLayer: z.enum(["fixed", "trained"]).default("fixed"),
  })
  .strict();

export const experimentSchema = z
  .object({
    model: modelSchema,
    learner: z.discriminatedUnion("kind", [neuron, network]),
    steps: z.number().int().min(1).max(1e10),
    replicas: z.number().int().min(1).max(4096).default(16),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
    record: z.object({ points: z.number().int().min(2).max(10000).default(60) }).strict().default({ points: 60 }),
    recovery: z.object({ threshold: z.number().gt(0).lt(1).default(0.5) }).strict().default({ threshold: 0.5 }),
  })
  .strict();

export type ExperimentConfig = Omit<z.output<typeof experimentSchema>, "model"> & { model: ModelConfig };

export function resolveExperimentConfig(input: unknown): ExperimentConfig {
  const raw = validate(experimentSchema, input, "");
  return { ...raw, model: resolveModelConfig(raw.model, "model") };
}

export interface Checkpoint {
  step: number;
  overlap: { m: number; u: number; v: number };
  accuracy: number;
  loss: number;
}
export interface ReplicaResult {
  replica: number;
  checkpoints: Checkpoint[];
  weakRecovery: { m: number | null; u: number | null; v: number | null };
  hash: string;
  diverged: boolean | number | null;
}
export interface ExperimentResult {
  config: ExperimentConfig;
  meta: { version: string; wasmSha256: string; [key: string]: unknown };
  replicas: ReplicaResult[];
}
