// The shape `--set` paths are checked against: the learners' experiment schema with its model and learner
// slots filled by their own schemas (the experiment schema leaves them open and validates them in a
// second pass), so that every level of a path has a known list of fields. Unions are told apart by "kind".
import * as v from "valibot";
import { lazySchema } from "../config/validate.js";
import { modelSchema } from "../config/model.js";
import { experimentSchema, networkSchema, neuronSchema } from "../config/experiment.js";
import { tensorLearnerSchema, tensorModelSchema } from "../config/tensorpca.js";

export const configPathSchema = /* @__PURE__ */ lazySchema(() =>
  v.strictObject({
    ...experimentSchema().entries,
    model: v.union([modelSchema(), tensorModelSchema()]),
    learner: v.variant("kind", [neuronSchema(), networkSchema(), tensorLearnerSchema()]),
  }),
);
