// The shape `--set` paths are checked against: the learners' experiment schema with its model and learner
// slots filled by their own schemas (the experiment schema leaves them open and validates them in a
// second pass), so that every level of a path has a known list of fields. Unions are told apart by "kind".
import * as z from "zod";
import { modelSchema } from "../config/model.js";
import { experimentSchema, networkSchema, neuronSchema } from "../config/experiment.js";
import { tensorLearnerSchema, tensorModelSchema } from "../config/tensorpca.js";

export const configPathSchema = experimentSchema.extend({
  model: z.union([modelSchema, tensorModelSchema]),
  learner: z.discriminatedUnion("kind", [neuronSchema, networkSchema, tensorLearnerSchema]),
});
