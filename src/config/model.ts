// The model config: one JSON shape for every data model of docs/science.md section 2, validated once.
//
//   {"kind": "mcm", "d": 64, "betaM": 1, "betaU": 5, "betaV": 5,
//    "latent": "rademacher" | {"kind": "skewed", "r": 0.7},
//    "coupling": "independent" | "sign" | "even" | "cubic" | {"kind": "partial", "p": 0.5},
//    "prior": 0.5, "labelledMean": false, "spikes": "random" | "hypercube" | {"m": [...], "u": [...], "v": [...]}}
//
// A kind switches terms off: its inactive betas are 0 and may not be set to anything else.
import * as v from "valibot";
import { StairsInputError } from "../errors.js";
import { finiteNumber, integer, lazySchema, validate } from "./validate.js";
import { plainData } from "./plain.js";

export const MODEL_KINDS = ["gaussian", "mixture", "spiked-covariance", "spiked-cumulant", "mcm"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Which of betaM, betaU, betaV each kind uses. */
export const ACTIVE_BETAS: Record<ModelKind, readonly ("betaM" | "betaU" | "betaV")[]> = {
  gaussian: [],
  mixture: ["betaM"],
  "spiked-covariance": ["betaU"],
  "spiked-cumulant": ["betaV"],
  mcm: ["betaM", "betaU", "betaV"],
};

/** Defaults of the active betas (those of the example MCM). */
export const DEFAULT_BETAS = { betaM: 1, betaU: 5, betaV: 5 } as const;

/** The largest d of the full engine (d-vectors in memory) and of the reduced engine (docs/reduced-engine.md). */
export const MAX_D = 1 << 16;
export const MAX_REDUCED_D = 1e12;

/** Which engine simulates a run (src/config/experiment.ts): "full" (d-vectors) or "reduced" (overlap space). */
export type Engine = "full" | "reduced";

/** d within the engine's bound (the schemas take up to MAX_REDUCED_D; the full engine stops at MAX_D). */
export function checkEngineD(d: number, engine: Engine, field: string): void {
  if (engine === "full" && d > MAX_D) {
    throw new StairsInputError(field, d, `<= ${MAX_D} (up to ${MAX_REDUCED_D} with "engine": "reduced", which simulates the overlaps only)`);
  }
}

const beta = () => finiteNumber(v.minValue(0), v.maxValue(1e6));
// A skewed latent's P(B = 1) = r: nu = (B - r) / sqrt(r (1 - r)) has excess kurtosis ~ 1/r, so r is kept in
// [1e-9, 1 - 1e-9], where every moment the theory takes (up to the 8th) stays finite.
export const SKEW_MIN = 1e-9;
const probability = () => finiteNumber(v.minValue(0), v.maxValue(1));

// A latent or coupling may be written as its kind alone ("sign") or as an object ({"kind": "partial",
// "p": 0.5}); resolveModelConfig turns the shorthand into the object before validation, so errors name the
// exact field (model.coupling.kind) and the schema stays a plain union by kind (as the JSON Schema shows it).
function withKindObjects(input: unknown): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  const model = { ...(input as Record<string, unknown>) };
  for (const key of ["latent", "coupling"]) if (typeof model[key] === "string") model[key] = { kind: model[key] };
  return model;
}

/** `options` told apart by "kind"; `fallback` when absent. */
function kindUnion<const O extends v.VariantOptions<"kind">>(options: O, fallback: v.InferInput<O[number]>) {
  return v.optional(v.variant("kind", options), fallback as never);
}

export const SPIKE_MODES = ["random", "hypercube"] as const;

export const modelSchema = /* @__PURE__ */ lazySchema(() =>
  v.strictObject({
    kind: v.optional(v.picklist(MODEL_KINDS), "mcm"),
    d: integer(4, MAX_REDUCED_D),
    betaM: v.optional(beta()),
    betaU: v.optional(beta()),
    betaV: v.optional(beta()),
    latent: kindUnion(
      [
        v.strictObject({ kind: v.literal("rademacher") }),
        v.strictObject({ kind: v.literal("skewed"), r: v.optional(finiteNumber(v.minValue(SKEW_MIN), v.maxValue(1 - SKEW_MIN)), 0.7) }),
      ],
      { kind: "rademacher" },
    ),
    coupling: kindUnion(
      [
        v.strictObject({ kind: v.picklist(["independent", "sign", "even", "cubic"]) }),
        v.strictObject({ kind: v.literal("partial"), p: v.optional(probability(), 0.5) }),
      ],
      { kind: "independent" },
    ),
    prior: v.optional(finiteNumber(v.gtValue(0), v.ltValue(1)), 0.5),
    labelledMean: v.optional(v.boolean(), false),
    spikes: v.optional(
      v.union([v.picklist(SPIKE_MODES), v.strictObject({ m: v.array(finiteNumber()), u: v.array(finiteNumber()), v: v.array(finiteNumber()) })]),
      "random",
    ),
  }),
);

export type { ModelConfigInput } from "./input.js";

/** A model config with every default filled in and every beta explicit. */
export interface ModelConfig {
  kind: ModelKind;
  d: number;
  betaM: number;
  betaU: number;
  betaV: number;
  latent: { kind: "rademacher" } | { kind: "skewed"; r: number };
  coupling: { kind: "independent" | "sign" | "even" | "cubic" } | { kind: "partial"; p: number };
  prior: number;
  labelledMean: boolean;
  spikes: "random" | "hypercube" | { m: number[]; u: number[]; v: number[] };
}

/**
 * Validates a model config and fills its defaults; throws StairsInputError naming the field. `engine`
 * bounds d (the reduced engine takes d up to 1e12 but no spikes given as vectors).
 */
export function resolveModelConfig(input: unknown, root = "model", engine: Engine = "full"): ModelConfig {
  const raw = validate(modelSchema(), withKindObjects(plainData(input, root)), root);
  checkEngineD(raw.d, engine, `${root}.d`);
  if (engine === "reduced" && typeof raw.spikes === "object") {
    throw new StairsInputError(
      `${root}.spikes`, "vectors", `"random" or "hypercube" with "engine": "reduced" (it never forms the spikes: its overlaps have the same law for any orthonormal spikes)`,
    );
  }
  const active = ACTIVE_BETAS[raw.kind];
  const betas = { betaM: 0, betaU: 0, betaV: 0 };
  for (const name of ["betaM", "betaU", "betaV"] as const) {
    const given = raw[name];
    if (active.includes(name)) betas[name] = given ?? DEFAULT_BETAS[name];
    else if (given !== undefined && given !== 0) {
      throw new StairsInputError(`${root}.${name}`, given, `0 or absent for kind "${raw.kind}" (it uses ${active.join(", ") || "no beta"})`);
    }
  }
  if (raw.latent.kind === "skewed" && (raw.coupling.kind === "cubic")) {
    throw new StairsInputError(`${root}.coupling`, raw.coupling.kind, `"independent", "sign", "partial" or "even" with a skewed latent (cubic needs a symmetric nu)`);
  }
  if (raw.spikes === "hypercube" && raw.d % 4 !== 0) {
    throw new StairsInputError(`${root}.d`, raw.d, `a multiple of 4 with spikes "hypercube" (three orthogonal +-1/sqrt(d) vectors)`);
  }
  if (typeof raw.spikes === "object") checkSpikes(raw.spikes, raw.d, `${root}.spikes`);
  // Canonical key order, so printed and saved configs read the same way every time.
  return {
    kind: raw.kind,
    d: raw.d,
    ...betas,
    latent: raw.latent,
    coupling: raw.coupling,
    prior: raw.prior,
    labelledMean: raw.labelledMean,
    spikes: raw.spikes,
  } as ModelConfig;
}

/** User spikes: length d each, finite, and orthonormal to 1e-9. */
function checkSpikes(spikes: { m: number[]; u: number[]; v: number[] }, d: number, field: string): void {
  const names = ["m", "u", "v"] as const;
  for (const name of names) {
    const e = spikes[name];
    if (e.length !== d) throw new StairsInputError(`${field}.${name}`, `an array of length ${e.length}`, `an array of length d = ${d}`);
    if (!e.every(Number.isFinite)) throw new StairsInputError(`${field}.${name}`, "an array with a non-finite entry", "finite numbers");
  }
  for (let a = 0; a < 3; a++) {
    for (let b = a; b < 3; b++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += spikes[names[a]][i] * spikes[names[b]][i];
      const target = a === b ? 1 : 0;
      if (Math.abs(s - target) > 1e-9) {
        throw new StairsInputError(
          `${field}`,
          `${names[a]}.${names[b]} = ${s}`,
          `orthonormal vectors (m.m = u.u = v.v = 1, m.u = m.v = u.v = 0, to 1e-9)`,
        );
      }
    }
  }
}
