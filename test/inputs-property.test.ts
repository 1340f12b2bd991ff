// Inputs that cannot hurt: a property-based test (fast-check, fixed seed) of generated configs, valid and
// hostile, through the five entry points that take one: run, sample, theory, modelTheory and the tensor-PCA
// theory. Every outcome must be one of
//   accepted:   a result whose every number is finite (JSON's null stands for "not measured"),
//   divergence: a result that carries its failure report (a replica's `diverged`, the ODE's `diverged`),
//   rejected:   a StairsInputError naming the innermost field: the path of the hostile value itself, or,
//               for a field that should not be there, that field or the object holding it,
// and never another exception, a non-finite number without a failure report, or a call that runs long
// (over HANG_MILLIS: the entry points must refuse or bound work that would not finish).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { init, StairsInputError, type ExperimentInput, type ModelConfigInput, type Stairs } from "../src/index.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const SEED = 20261201;
const CASES = 2000;
// Generous: the valid configs below take milliseconds; a call this slow means unbounded work.
const HANG_MILLIS = 10_000;
// about 0.1 s of one core per run
const RUN_LIMITS = { replica: 2 ** 26, run: 2 ** 27 };

// ---- valid configs, small enough to run in milliseconds ----

const activation = fc.oneof(
  fc.constantFrom("relu", "tanh", "erf", "he1", "he2", "he3", "he4", "-he4", "he5"),
  fc.record({ kind: fc.constant("hermite"), coefficients: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 6 }) }),
);

const mcmModel = fc
  .record({
    kind: fc.constantFrom("gaussian", "mixture", "spiked-covariance", "spiked-cumulant", "mcm"),
    d: fc.integer({ min: 4, max: 24 }),
    latent: fc.oneof(fc.constant("rademacher"), fc.record({ kind: fc.constant("skewed"), r: fc.double({ min: 0.05, max: 0.95, noNaN: true }) })),
    coupling: fc.oneof(fc.constantFrom("independent", "sign", "even"), fc.record({ kind: fc.constant("partial"), p: fc.double({ min: 0, max: 1, noNaN: true }) })),
    prior: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
    labelledMean: fc.boolean(),
    beta: fc.double({ min: 0, max: 8, noNaN: true }),
  })
  .map(({ kind, beta, ...rest }) => {
    const betas: Record<string, number> =
      kind === "mcm" ? { betaM: beta / 4, betaU: beta, betaV: beta } : kind === "mixture" ? { betaM: beta / 4 } : kind === "spiked-covariance" ? { betaU: beta } : kind === "spiked-cumulant" ? { betaV: beta } : {};
    return { kind, ...rest, ...betas } as Record<string, unknown>;
  });

const neuron = fc.record({
  kind: fc.constant("neuron"),
  activation,
  loss: fc.constantFrom("correlation", "square"),
  lr: fc.double({ min: 0.01, max: 2, noNaN: true }),
  lrExponent: fc.double({ min: 1, max: 2, noNaN: true }),
});

const network = fc.record({
  kind: fc.constant("network"),
  hidden: fc.integer({ min: 1, max: 4 }),
  activation,
  loss: fc.constantFrom("square", "logistic"),
  lrW: fc.double({ min: 0.01, max: 4, noNaN: true }),
  lrA: fc.double({ min: 0, max: 2, noNaN: true }),
  secondLayer: fc.constantFrom("fixed", "trained"),
  spherical: fc.boolean(),
  batch: fc.integer({ min: 1, max: 3 }),
  bias: fc.boolean(),
});

const common = {
  steps: fc.integer({ min: 1, max: 300 }),
  replicas: fc.integer({ min: 1, max: 2 }),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  record: fc.record({ points: fc.integer({ min: 2, max: 8 }), testSize: fc.integer({ min: 0, max: 50 }), censored: fc.boolean() }),
  recovery: fc.record({ threshold: fc.double({ min: 0.05, max: 1, noNaN: true }) }),
};

const mcmExperiment = fc.record({ model: mcmModel, learner: fc.oneof(neuron, network), ...common });

const tensorExperiment = fc.record({
  model: fc.record({ kind: fc.constant("tensor-pca"), d: fc.integer({ min: 2, max: 12 }), order: fc.integer({ min: 2, max: 4 }), beta: fc.double({ min: 0, max: 10, noNaN: true }) }),
  learner: fc.record({ kind: fc.constant("tensor-pca"), lr: fc.double({ min: 0.01, max: 2, noNaN: true }), noise: fc.constantFrom("sampled", "explicit") }),
  ...common,
});

// ---- hostile changes ----

const deep = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

const HOSTILE: unknown[] = [
  NaN, Infinity, -Infinity, -0, 0, -1, 1e308, -1e308, 5e-324, -5e-324, 2 ** 53, 2 ** 31, 2 ** 48, 1e-300,
  // the edges of the allowed ranges
  1e-9, 1 - 1e-9, 1e-12, 1e100, -1e100, 1e6, 65536, 4096, 10_000, 8, 2,
  "", "x", "relu", "1", true, false, null, [], [1, 2], {}, { kind: "x" }, deep(50), deep(5000),
  JSON.parse('{"__proto__": {"d": 8}}'), JSON.parse('{"__proto__": 1, "kind": "mcm"}'),
];

type Mutation =
  | { kind: "set"; pick: number; value: number }
  | { kind: "delete"; pick: number }
  | { kind: "extra"; pick: number; key: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("set" as const), pick: fc.nat(), value: fc.nat({ max: HOSTILE.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("extra" as const), pick: fc.nat(), key: fc.constantFrom("extra", "__proto__", "constructor", "toString", "D", "betam") }) },
);

/** Every path in a JSON-like value: [path, parent, key]; the root is not included. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object" || prefix.length > 6) return [];
  const out: string[][] = [];
  for (const key of Object.keys(value)) {
    const path = [...prefix, key];
    out.push(path);
    out.push(...paths((value as Record<string, unknown>)[key], path));
  }
  return out;
}

function objectPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object" || Array.isArray(value) || prefix.length > 6) return [];
  const out: string[][] = [prefix];
  for (const key of Object.keys(value)) out.push(...objectPaths((value as Record<string, unknown>)[key], [...prefix, key]));
  return out;
}

const clone = (x: unknown) => structuredClone(x);

function parentOf(root: unknown, path: string[]): Record<string, unknown> {
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  return node;
}

/** Applies a mutation; returns the path it touched and what may be named for it. */
function mutate(c: unknown, m: Mutation): { config: unknown; names: string[]; label: string } {
  if (m.kind === "extra") {
    const objects = objectPaths(c);
    const path = objects[m.pick % objects.length];
    const target = path.length === 0 ? c : parentOf(c, [...path, ""]);
    Object.defineProperty(target, m.key, { value: 1, enumerable: true, writable: true, configurable: true });
    const full = [...path, m.key].join(".");
    // the field itself, or the object that holds it ("config" at the top level)
    return { config: c, names: [full, path.length === 0 ? "config" : path.join(".")], label: `extra ${full}` };
  }
  const all = paths(c);
  if (all.length === 0) return { config: c, names: [], label: "nothing to change" };
  const path = all[m.pick % all.length];
  const parent = parentOf(c, path);
  const key = path[path.length - 1];
  if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else parent[key] = HOSTILE[m.value];
  // inside an array (Hermite coefficients, spikes) the array is the innermost named field
  const arrayAt = path.findIndex((_, i) => Array.isArray(parentOf(c, path.slice(0, i + 1))));
  const named = arrayAt >= 0 ? path.slice(0, arrayAt) : path;
  const label = m.kind === "delete" ? `delete ${path.join(".")}` : `${path.join(".")} = ${show(HOSTILE[m.value])}`;
  return { config: c, names: [named.join(".")], label };
}

function show(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  try {
    const s = JSON.stringify(value);
    return s.length > 40 ? `${s.slice(0, 40)}...` : s;
  } catch {
    return String(value);
  }
}

// Whole inputs that are not config objects at all.
const WHOLE: [string, () => unknown][] = [
  ["a string", () => "mcm"],
  ["a number", () => 64],
  ["null", () => null],
  ["undefined", () => undefined],
  ["an array", () => [{ model: { d: 8 }, steps: 10 }]],
  ["inherited fields", () => Object.create({ model: { kind: "mcm", d: 8 }, steps: 10, d: 8 })],
  [
    "a throwing getter",
    () => ({
      get model(): unknown {
        throw new Error("getter");
      },
      steps: 10,
      d: 8,
    }),
  ],
  [
    "a throwing Proxy",
    () =>
      new Proxy({ model: { d: 8 }, steps: 10, d: 8 }, {
        get() {
          throw new Error("proxy");
        },
        ownKeys() {
          throw new Error("proxy keys");
        },
      }),
  ],
];


// The issue's findings on main (issue 13, "The defects found"): work that would not finish must be refused
// up front (a StairsInputError naming the field, with the estimate), and so must inputs that are not data.
const mcm64 = { kind: "mcm", d: 64 };
const ISSUE_CASES: [Target, unknown, string[], string][] = [
  ["theory", { model: { kind: "mcm", d: 16 }, learner: { kind: "neuron", activation: "relu" }, steps: 2 ** 48 }, ["steps"], "theory ODE over 2^48 steps"],
  ["theory", { model: mcm64, learner: { kind: "neuron", activation: "relu", lrExponent: 0 }, steps: 200_000 }, ["steps"], "theory, lrExponent 0, 2e5 steps"],
  ["tensorPcaTheory", { model: { kind: "tensor-pca", d: 16, order: 8 }, learner: { kind: "tensor-pca", lrExponent: 0 }, steps: 10_000 }, ["steps"], "tensor-PCA theory of order 8, lrExponent 0"],
  ["run", { model: { kind: "mcm", d: 16 }, steps: 2 ** 48 }, ["steps"], "run of 2^48 steps"],
  ["run", { model: mcm64, steps: 10_000_000, replicas: 100_000 }, ["replicas"], "run of 1e5 replicas of 1e7 steps"],
  ["run", { model: mcm64, steps: 1000, record: { testSize: 10_000_000, points: 200 } }, ["record.testSize"], "run with a 1e7 test set at 200 checkpoints"],
  ["run", Object.create({ model: mcm64, steps: 10 }), ["model"], "run of a config whose fields are inherited"],
  ["tensorPcaTheory", '{"model": {"kind": "tensor-pca", "d": 8}}', ["config"], "tensorPcaTheory of a string"],
  ["run", JSON.parse('{"model": {"kind": "mcm", "d": 8}, "steps": 10, "__proto__": {"replicas": 2}}'), ["__proto__", "config"], "run with a __proto__ key"],
];
// Extreme values the schema allows: a finite result or a reported failure, never a silent NaN.
const ISSUE_EXTREMES: [Target, unknown, string][] = [
  ["theory", { model: { kind: "mcm", d: 64 }, learner: { kind: "neuron", activation: "he5" }, steps: 2000 }, "theory he5 at d = 64"],
  ["theory", { model: { kind: "mcm", d: 64 }, learner: { kind: "neuron", activation: "-he4" }, steps: 20_000, record: { points: 200 } }, "theory -he4 on the MCM"],
  ["modelTheory", { model: { kind: "mcm", d: 16, latent: { kind: "skewed", r: 5e-324 } } }, "modelTheory of a skewed latent, r = 5e-324"],
  ["theory", { model: { kind: "mcm", d: 16, latent: { kind: "skewed", r: 5e-324 } }, learner: { kind: "neuron" }, steps: 100 }, "theory of a skewed latent, r = 5e-324"],
  ["theory", { model: { kind: "mcm", d: 16, coupling: "sign", latent: { kind: "skewed", r: 5e-324 } }, steps: 100 }, "theory, sign coupling, r = 5e-324"],
  ["theory", { model: { kind: "mcm", d: 16, coupling: "sign", latent: { kind: "skewed", r: 1e-9 } }, steps: 100 }, "theory, sign coupling, r = 1e-9"],
  ["theory", { model: { kind: "mcm", d: 16, coupling: { kind: "partial", p: 1 }, latent: { kind: "skewed", r: 1 - 1e-9 } }, steps: 100 }, "theory, partial coupling, r = 1 - 1e-9"],
  ["run", { model: { kind: "mcm", d: 16, coupling: "even", latent: { kind: "skewed", r: 1e-9 } }, steps: 100 }, "run, even coupling, r = 1e-9"],
  ["theory", { model: { kind: "mcm", d: 16 }, learner: { kind: "neuron", activation: { kind: "hermite", coefficients: [0, 1, 0, 1e100] } }, steps: 100 }, "theory, a Hermite coefficient of 1e100"],
  ["theory", { model: { kind: "mcm", d: 16 }, learner: { kind: "neuron", lr: 1e-12, lrExponent: 4 }, steps: 100 }, "theory, lr = 1e-12, lrExponent 4"],
  ["theory", { model: { kind: "mcm", d: 16 }, learner: { kind: "neuron", activation: { kind: "hermite", coefficients: [0, 1, 0, 1e300] } }, steps: 100 }, "theory, a Hermite coefficient of 1e300"],
  ["run", { model: { kind: "mcm", d: 16 }, learner: { kind: "neuron", activation: { kind: "hermite", coefficients: [0, 1, 0, 1e300] } }, steps: 100 }, "run, a Hermite coefficient of 1e300"],
  ["theory", { model: { kind: "mcm", d: 16 }, learner: { kind: "neuron", lr: 5e-324 }, steps: 100 }, "theory, lr = 5e-324"],
  ["run", { model: { kind: "mcm", d: 16 }, learner: { kind: "neuron", lr: 5e-324 }, steps: 100 }, "run, lr = 5e-324"],
];

// ---- the five entry points ----

type Target = "run" | "sample" | "theory" | "modelTheory" | "tensorPcaTheory";

/** A config's model (what sample and modelTheory take), or the input itself when it has none to read. */
function modelOf(config: unknown): unknown {
  try {
    return (config as { model?: unknown } | null)?.model ?? config;
  } catch {
    return config; // a throwing getter or Proxy: hand it over as it is
  }
}

// The inputs are hostile on purpose: handed over past the API's types, as from untyped JavaScript.
async function call(target: Target, given: unknown, n: unknown, tight: boolean): Promise<unknown> {
  const config = given as ExperimentInput;
  const model = () => modelOf(given) as ModelConfigInput;
  switch (target) {
    case "run":
      // limits tighter than the defaults (an hour per replica), so that work refused by the estimate
      // is refused here too, and what is accepted runs within the test's time
      return tight ? stairs.run(config, { limits: RUN_LIMITS }) : stairs.run(config);
    case "sample":
      return stairs.sample(model(), n as number, 1);
    case "theory":
      return stairs.theory(config);
    case "modelTheory":
      return stairs.modelTheory(model());
    case "tensorPcaTheory":
      return stairs.tensorPcaTheory(config);
  }
}

/**
 * The first non-finite number in a result, as a path, or null. A sample's lambda and nu are NaN exactly
 * where y = -1 (documented: that class has no latent); anywhere else a NaN counts.
 */
function nonFinite(value: unknown, path = "", seen = new Set<unknown>()): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? null : path;
  if (path === "" && value !== null && typeof value === "object" && "lambda" in value && "y" in value) {
    const { lambda, nu, y, ...rest } = value as { lambda: Float64Array; nu: Float64Array; y: Float64Array };
    for (let i = 0; i < y.length; i++) {
      if (!Number.isFinite(y[i])) return `y[${i}]`;
      if (y[i] > 0 && !(Number.isFinite(lambda[i]) && Number.isFinite(nu[i]))) return `lambda[${i}] or nu[${i}] (y = +1)`;
      if (y[i] < 0 && !(Number.isNaN(lambda[i]) && Number.isNaN(nu[i]))) return `lambda[${i}] (y = -1: NaN expected)`;
    }
    return nonFinite(rest, "", seen);
  }
  if (value === null || typeof value !== "object" || seen.has(value)) return null;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    const a = value as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (typeof a[i] === "number" && !Number.isFinite(a[i])) return `${path}[${i}]`;
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    const found = nonFinite(inner, path ? `${path}.${key}` : key, seen);
    if (found) return found;
  }
  return null;
}

/** Whether a result reports a failure (a diverged replica, a diverged ODE). */
function reportsFailure(result: unknown): boolean {
  const r = result as { replicas?: { diverged: unknown }[]; dynamics?: { diverged?: unknown } };
  return (r.replicas?.some((x) => x.diverged !== null) ?? false) || (r.dynamics?.diverged ?? null) !== null;
}

describe("inputs that cannot hurt (fast-check, seed 20261201)", () => {
  it(`${CASES} generated configs through run, sample, theory, modelTheory and tensorPcaTheory`, async () => {
    const counts = { cases: 0, accepted: 0, rejected: 0, divergences: 0, misnamed: 0, silentNonFinite: 0, otherExceptions: 0, slow: 0 };
    const problems: string[] = [];
    const check = async (target: Target, input: unknown, n: unknown, names: string[] | null, what: string, expected?: "rejected", tight = true) => {
        counts.cases++;
        const t0 = performance.now();
        if (process.env.STAIRS_FUZZ_TRACE) process.stderr.write(`${what}\n`);
        let outcome = "";
        try {
          const result = await call(target, input, n, tight);
          const where = nonFinite(result);
          if (reportsFailure(result)) {
            counts.divergences++;
            outcome = "divergence";
          } else if (where !== null) {
            counts.silentNonFinite++;
            problems.push(`${what}: non-finite at ${where}`);
          } else {
            counts.accepted++;
            outcome = "accepted";
          }
        } catch (error) {
          if (error instanceof StairsInputError) {
            counts.rejected++;
            outcome = "rejected";
            // the hostile field itself, a field inside it (a shorthand's kind, a required member), or
            // for an unknown key the object that holds it
            const field = error.field;
            // (a deleted kind turns the other fields of its kind into unknown ones: the object that holds
            // them may be named, or -- the innermost-field convention, "model.order must be absent (not a
            // known field)" -- one of those fields, a sibling of the kind)
            const unknownField = /unknown field|not a known field/.test(error.message);
            const holder = typeof field === "string" && /not a known field/.test(error.message) ? field.slice(0, Math.max(0, field.lastIndexOf("."))) : field;
            const ok =
              typeof field === "string" &&
              field.length > 0 &&
              (names === null ||
                names.length === 0 ||
                names.some((name) => field === name || field.startsWith(`${name}.`) || (unknownField && (holder === "" || name.startsWith(`${holder}.`)))));
            if (!ok) {
              counts.misnamed++;
              problems.push(`${what}: named ${error.field}, expected ${names?.join(" or ")}: ${error.message.slice(0, 160)}`);
            }
          } else {
            counts.otherExceptions++;
            problems.push(`${what}: ${(error as Error)?.name}: ${String((error as Error)?.message).slice(0, 160)}`);
          }
        }
        if (expected !== undefined && outcome !== "" && outcome !== expected) problems.push(`${what}: ${outcome}, expected ${expected}`);
        const millis = performance.now() - t0;
        if (process.env.STAIRS_FUZZ_TRACE) process.stderr.write(`  ${Math.round(millis)} ms ${outcome}\n`);
        if (millis > HANG_MILLIS) {
          counts.slow++;
          problems.push(`${what}: ${Math.round(millis)} ms`);
        }
    };
    // The issue's hostile inputs first, then the generated ones.
    for (const [target, input, names, what] of ISSUE_CASES) await check(target, input, 10, names, what, "rejected", false);
    for (const [target, input, what] of ISSUE_EXTREMES) await check(target, input, 10, [], what);
    const target = fc.constantFrom<Target>("run", "sample", "theory", "modelTheory", "tensorPcaTheory");
    const sampleSize = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constantFrom<unknown>(NaN, -1, 1.5, 2 ** 40, "10", Infinity));
    const caseArbitrary = fc.record({
      target,
      config: fc.oneof({ weight: 3, arbitrary: mcmExperiment }, { weight: 1, arbitrary: tensorExperiment }),
      mutations: fc.oneof({ weight: 2, arbitrary: fc.constant([] as Mutation[]) }, { weight: 5, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }) }),
      whole: fc.oneof({ weight: 12, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat({ max: WHOLE.length - 1 }) }),
      n: sampleSize,
    });
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ target, config, mutations, whole, n }) => {
        let input: unknown = config;
        let names: string[] | null = [];
        const labels: string[] = [];
        if (whole >= 0) {
          input = WHOLE[whole][1]();
          names = null; // any field may be named
          labels.push(WHOLE[whole][0]);
        } else {
          input = clone(config); // once: a hostile value may be too deep to clone
          for (const m of mutations) {
            const next = mutate(input, m);
            input = next.config;
            names.push(...next.names);
            labels.push(next.label);
          }
          if (mutations.length > 1) names = null; // two changes: either may be reported
        }
        if (target === "sample" && names !== null) names.push("n");
        // a model of the other family: the kind is the field to name
        const tensor = (config.model as { kind: string }).kind === "tensor-pca";
        if (names !== null && tensor !== (target === "run" || target === "tensorPcaTheory" ? tensor : false)) names.push("model.kind");
        if (names !== null && !tensor && target === "tensorPcaTheory") names.push("model.kind");
        await check(target, input, n, names, `${target}(${labels.join(", ") || "valid"})`);
      }),
      { seed: SEED, numRuns: CASES, endOnFailure: true },
    );
    console.log(
      `inputs property test: ${counts.cases} cases, ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.divergences} divergences; ` +
        `${counts.misnamed} misnamed, ${counts.silentNonFinite} silent non-finite, ${counts.otherExceptions} other exceptions, ${counts.slow} slow`,
    );
    if (problems.length > 0) console.log(problems.slice(0, 80).join("\n"));
    expect(counts.cases).toBeGreaterThanOrEqual(1000);
    expect(problems).toEqual([]);
    expect(counts.accepted).toBeGreaterThan(100);
    expect(counts.rejected).toBeGreaterThan(100);
  });
});
