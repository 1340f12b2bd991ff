// `--set` overrides and preset loading: paths are checked against the schema, values re-validated, and
// every error names what is allowed.
import { describe, expect, test } from "vitest";
import { StairsInputError } from "../src/errors.js";
import type { ModelConfig } from "../src/config/model.js";
import { configPathSchema } from "../src/cli/config-paths.js";

const experimentSchema = configPathSchema(); // built on first use
import { listPresets, loadExperiment, presetNames, resolveSweep, selectRun } from "../src/cli/experiment.js";
import { applyAssignment, parseAssignment, UnknownPathError } from "../src/cli/overrides.js";

const neuronConfig = {
  model: { kind: "mcm", d: 32, coupling: "sign" },
  learner: { kind: "neuron", activation: "relu", lr: 1 },
  steps: 100,
};

describe("parseAssignment", () => {
  test("values are JSON when they parse, strings otherwise", () => {
    expect(parseAssignment("model.d=32")).toEqual({ text: "model.d", path: ["model", "d"], value: 32 });
    expect(parseAssignment("learner.activation=relu").value).toBe("relu");
    expect(parseAssignment('model.coupling={"kind":"partial","p":0.3}').value).toEqual({ kind: "partial", p: 0.3 });
    expect(parseAssignment("model.labelledMean=true").value).toBe(true);
    expect(parseAssignment("a.b=x=y").value).toBe("x=y");
  });
  test("a malformed argument is refused", () => {
    expect(() => parseAssignment("model.d")).toThrow(/path=value/);
    expect(() => parseAssignment("model..d=3")).toThrow(/dotted path/);
  });
});

describe("applyAssignment", () => {
  test("sets a nested field on a copy", () => {
    const out = applyAssignment(neuronConfig, parseAssignment("model.betaU=7"), experimentSchema);
    expect((out.model as Record<string, unknown>).betaU).toBe(7);
    expect((neuronConfig.model as Record<string, unknown>).betaU).toBeUndefined();
  });
  test("an unknown key names the path and lists the fields of its level", () => {
    const error = (() => {
      try {
        applyAssignment(neuronConfig, parseAssignment("model.betaX=1"), experimentSchema);
      } catch (e) {
        return e as UnknownPathError;
      }
    })();
    expect(error).toBeInstanceOf(StairsInputError);
    expect(error!.message).toContain('"model.betaX"');
    expect(error!.message).toContain("kind, d, betaM, betaU, betaV, latent, coupling");
  });
  test("the allowed keys follow the learner's kind", () => {
    expect(() => applyAssignment(neuronConfig, parseAssignment("learner.hidden=4"), experimentSchema)).toThrow(/its fields are kind, activation, loss, lr/);
    const network = { ...neuronConfig, learner: { kind: "network", hidden: 2 } };
    expect(applyAssignment(network, parseAssignment("learner.hidden=4"), experimentSchema).learner).toEqual({ kind: "network", hidden: 4 });
  });
  test("a shorthand string becomes an object when a field below it is set", () => {
    const partial = { ...neuronConfig, model: { ...neuronConfig.model, coupling: "partial" } };
    const out = applyAssignment(partial, parseAssignment("model.coupling.p=0.3"), experimentSchema);
    expect((out.model as Record<string, unknown>).coupling).toEqual({ kind: "partial", p: 0.3 });
    // "sign" has no parameter: the error lists what its object form allows
    expect(() => applyAssignment(neuronConfig, parseAssignment("model.coupling.p=0.3"), experimentSchema)).toThrow(/model\.coupling has no field "p"; its fields are kind$/);
  });
  test("descending into a number is refused", () => {
    expect(() => applyAssignment(neuronConfig, parseAssignment("steps.x=1"), experimentSchema)).toThrow(/holds a value/);
  });
});

describe("loadExperiment", () => {
  test("every preset loads and validates, with a description", () => {
    const names = presetNames();
    expect(names).toEqual(expect.arrayContaining(["staircase", "mean", "covariance", "cumulant", "cumulant-correlated"]));
    for (const { name, description } of listPresets()) {
      expect(description.length, name).toBeGreaterThan(20);
      const experiment = loadExperiment(name);
      expect(experiment.why.length, name).toBeGreaterThan(20);
      expect(experiment.runs.length).toBeGreaterThan(0);
      if (experiment.sweep) for (const run of experiment.runs) expect(() => resolveSweep(experiment, {}, run.name), `${name}/${run.name}`).not.toThrow();
    }
  });
  test("staircase compares independent and correlated latents", () => {
    const { runs } = loadExperiment("staircase");
    expect(runs.map((r) => [r.name, (r.config.model as ModelConfig).coupling.kind])).toEqual([
      ["independent", "independent"],
      ["correlated", "sign"],
    ]);
  });
  test("sets apply to every run, or to one run by its name, or to the sweep", () => {
    const all = loadExperiment("staircase", ["model.d=32"]);
    expect(all.runs.map((r) => r.config.model.d)).toEqual([32, 32]);
    const one = loadExperiment("staircase", ["correlated.model.d=48"]);
    expect(one.runs.map((r) => r.config.model.d)).toEqual([loadExperiment("staircase").runs[0].config.model.d, 48]);
    const sweep = loadExperiment("cumulant", ["sweep.replicas=5", "sweep.d=[8,16]"]);
    expect(resolveSweep(sweep, {})).toMatchObject({ replicas: 5, d: [8, 16] });
    expect(resolveSweep(sweep, { replicas: 7 }).replicas).toBe(7);
  });
  test("a bad preset name lists the presets", () => {
    expect(() => loadExperiment("staircsae")).toThrow(/one of the presets .*staircase/);
  });
  test("an invalid value names the field and the allowed range", () => {
    expect(() => loadExperiment("mean", ["model.d=2"])).toThrow(/model\.d must be >= 4; got 2/);
    expect(() => loadExperiment("mean", ["learner.activation=sigmoid"])).toThrow(/learner\.activation/);
    expect(() => loadExperiment("staircase", ["correlated.model.coupling=weird"])).toThrow(/^correlated\.model\.coupling/);
  });
  test("an unknown top-level key lists fields, runs and sweep", () => {
    expect(() => loadExperiment("staircase", ["lerner.lr=1"])).toThrow(/fields are model, learner, .*independent \(one run\), correlated \(one run\), sweep/);
  });
  test("selectRun picks the single run or a named one", () => {
    expect(selectRun(loadExperiment("mean")).name).toBe("mean");
    expect(() => selectRun(loadExperiment("staircase"))).toThrow(/independent, correlated/);
    expect((selectRun(loadExperiment("staircase"), "correlated").config.model as ModelConfig).coupling.kind).toBe("sign");
  });
  test("a sweep spec is validated", () => {
    const experiment = loadExperiment("mean");
    expect(() => resolveSweep(experiment, { target: "w" })).toThrow(/sweep\.target/);
    expect(() => resolveSweep(experiment, { d: [64] })).toThrow(/sweep\.d/);
    expect(() => resolveSweep(experiment, { d: [64, 64] })).toThrow(/distinct/);
    expect(resolveSweep(experiment, { d: [128, 64] }).d).toEqual([64, 128]);
  });
});

describe("sweep budget formulas", () => {
  test("factor * d^power * log(d)^logPower", async () => {
    const { budgetFormula } = await import("../src/cli/options.js");
    expect(budgetFormula("40*d")).toEqual({ factor: 40, power: 1, logPower: 0 });
    expect(budgetFormula("6*d^3")).toEqual({ factor: 6, power: 3, logPower: 0 });
    expect(budgetFormula("8 * d * log(d)")).toEqual({ factor: 8, power: 1, logPower: 1 });
    expect(budgetFormula("0.5*d^2*ln(d)^2")).toEqual({ factor: 0.5, power: 2, logPower: 2 });
    expect(() => budgetFormula("d^3")).toThrow(/expected a budget like/);
    expect(() => budgetFormula("6*n^3")).toThrow(/expected a budget like/);
  });
  test("a config without a sweep section says which options it needs", () => {
    const experiment = { ...loadExperiment("mean"), sweep: undefined };
    expect(() => resolveSweep(experiment, { d: [64, 128], replicas: 4, target: "m" })).toThrow(/sweep\.steps must be given by the preset's sweep section or by --budget/);
    expect(resolveSweep(experiment, { d: [64, 128], replicas: 4, target: "m", steps: { factor: 4, power: 1 } }).steps).toEqual({ factor: 4, power: 1, logPower: 0 });
  });
});
