// The JSON Schema of an experiment config file and of a preset (dist/config.schema.json, made by the
// build), generated from the same valibot schemas the validator uses (@valibot/to-json-schema, a build-time
// dependency), so editors complete and check configs: put
// "$schema": "node_modules/stairs/dist/config.schema.json" (or a path to it) at the top of a file.
// The shorthands the resolver turns into objects ("sign" for {"kind": "sign"}) are added by hand, since a
// transform has no JSON Schema: the converter describes such a field by its object form only.
import * as v from "valibot";
import { toJsonSchema } from "@valibot/to-json-schema";
import { configPathSchema } from "./config-paths.js";
import { sweepSchema } from "./sweep/spec.js";

const LATENT_SHORTHANDS = ["rademacher", "skewed"];
const COUPLING_SHORTHANDS = ["independent", "sign", "even", "cubic", "partial"];

type Json = Record<string, unknown>;

/** Lets `latent` and `coupling` also be written as their kind alone, wherever a model schema has them. */
function addShorthands(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(addShorthands);
  if (node === null || typeof node !== "object") return;
  const object = node as Json;
  const properties = object.properties as Json | undefined;
  if (properties && properties.latent && properties.coupling && properties.d) {
    for (const [key, names] of [["latent", LATENT_SHORTHANDS], ["coupling", COUPLING_SHORTHANDS]] as const) {
      const schema = properties[key] as Json;
      const { default: fallback, ...rest } = schema;
      properties[key] = { anyOf: [{ type: "string", enum: names }, rest], ...(fallback !== undefined ? { default: fallback } : {}) };
    }
  }
  for (const value of Object.values(object)) addShorthands(value);
}

/** The JSON Schema (draft 2020-12) of a config file: one experiment, or a preset with named runs. */
export function configJsonSchema(): Json {
  const sweep = v.partial(sweepSchema());
  const presetFields = {
    description: v.optional(v.string()),
    why: v.optional(v.string()),
    sweep: v.optional(sweep),
  };
  const paths = configPathSchema().entries;
  // The learner may be left out (a neuron, or tensor PCA's own learner), as the resolver allows.
  const experimentEntries = { ...paths, $schema: v.optional(v.string()), learner: v.optional(paths.learner) };
  const experiment = v.strictObject(experimentEntries);
  const single = v.strictObject({ ...experimentEntries, ...presetFields });
  // A preset with runs may give one sweep section, or one per run (by run name).
  const runSweeps = v.optional(v.union([sweep, v.record(v.string(), sweep)]));
  const runs = v.strictObject({ $schema: v.optional(v.string()), ...presetFields, sweep: runSweeps, runs: v.record(v.string(), experiment) });
  // errorMode "ignore": the shorthand's transform and the sweep's multiple-of-0.25 check have no JSON Schema.
  const toJson = (schema: v.GenericSchema) => toJsonSchema(schema, { target: "draft-2020-12", typeMode: "input", errorMode: "ignore" }) as Json;
  const one = toJson(single), many = toJson(runs);
  for (const s of [one, many]) delete s.$schema;
  addShorthands(one);
  addShorthands(many);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "stairs experiment config",
    description: "An experiment config (model, learner, steps, ...) or a preset: a config or named runs, with description, why and sweep defaults. Generated from the validator's schemas.",
    anyOf: [one, many],
  };
}
