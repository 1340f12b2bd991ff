// Several sweeps on one pair of axes (the paired and step-size presets): the overlay figure, and
// `stairs sweep` on a preset whose runs each have a sweep section (one command, one JSON, one figure).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { exponentRows, sweepOverlayFigure } from "../src/cli/plot/figures.js";
import { withVerdicts } from "../src/cli/plot/render.js";
import { init } from "../src/stairs.js";
import { renderSvg, figureFor } from "../src/cli/plot/render.js";
import { hasPerRunSweep, loadExperiment, resolveSweep } from "../src/cli/experiment.js";
import { stepBudget } from "../src/cli/sweep/spec.js";
import { syntheticSweep } from "./support/plot-fixtures.js";

describe("sweep sets", () => {
  test("the overlay figure draws each sweep's points and fit in its colour, with its exponent and interval", async () => {
    const spec = sweepOverlayFigure([{ name: "independent", sweep: syntheticSweep(3) }, { name: "correlated", sweep: syntheticSweep(1, [64, 128, 256]) }]);
    const svg = await renderSvg(spec);
    expect(svg).toContain("independent: d^3.00 [2.90, 3.10]");
    expect(svg).toContain("correlated: d^1.00 [0.90, 1.10]");
    expect(svg).toContain("dimension d");
    // a sweep set (what `stairs sweep` writes for such a preset) is drawn the same way
    const set = { kind: "sweeps" as const, source: "x", description: "two sweeps", sweeps: [{ name: "a", sweep: syntheticSweep(2) }, { name: "b", sweep: syntheticSweep(1) }] };
    expect(JSON.stringify(figureFor([{ kind: "sweeps", set }]))).toContain("a: d^2.00");
  });

  test("a step-size set: the theory's exponent a + (k - 2)/2 at each a beside the fit, a refused fit drawn as not recovered", async () => {
    const stairs = await init();
    const at = (a: number, exponent: number | null) => {
      const sweep = syntheticSweep(exponent ?? 3);
      const config = { ...sweep.config, learner: { ...sweep.config.learner, lrExponent: a } } as typeof sweep.config;
      return { name: `a${a}`, sweep: exponent === null ? { ...sweep, config, fit: null, fitLogCorrected: null, fitMessage: "no fit: the median is censored at d = 8" } : { ...sweep, config } };
    };
    const set = withVerdicts(stairs, { kind: "sweeps", source: "x", description: "step sizes", sweeps: [at(2.5, 3.4), at(1.5, null), at(2, 2.9)] });
    const rows = exponentRows(set.sweeps)!;
    expect(rows.map((r) => [r.a, r.k, r.threshold, r.predicted, r.measured])).toEqual([[1.5, 4, 2, null, null], [2, 4, 2, 3, 2.9], [2.5, 4, 2, 3.5, 3.4]]);
    const svg = await renderSvg(figureFor([{ kind: "sweeps", set }]));
    expect(svg).toContain("threshold a = 2");
    expect(svg).toContain("not recovered");
    expect(svg).toContain("theory: a + (k - 2)/2, k = 4");
    // the theory's slope of each recovered sweep is drawn dashed (none for the refused one), and the log
    // axes carry readable labels (1k, 10k, ... or the sweep's own d), not 1,000,000
    const overlay = JSON.stringify(figureFor([{ kind: "sweeps", set }]));
    const dashed = JSON.parse(overlay).hconcat[0].layer.filter((l: { mark: { strokeDash?: number[] } }) => l.mark.strokeDash);
    expect(dashed).toHaveLength(1);
    expect(new Set(dashed[0].data.values.map((v: { series: string }) => v.series)).size).toBe(2);
    expect(svg).toContain("dashed: the theory's slope");
    expect(svg).not.toMatch(/>\d{1,3},\d{3}</);
    // two sweeps (the paired preset) or equal a: no exponent panel
    expect(exponentRows(set.sweeps.slice(0, 2))).toBeNull();
    expect(exponentRows([at(2, 3), at(2, 3.1), at(2.5, 3.5)].map(({ name, sweep }) => ({ name, sweep: { ...sweep, verdict: set.sweeps[2].sweep.verdict } })))).toBeNull();
  });

  test("the paired and step-size presets have a sweep per run; each resolves", () => {
    for (const name of ["paired", "cumulant-stepsize", "tensor-pca-stepsize", "tensor-pca4-stepsize", "cumulant-best-lr"]) {
      const experiment = loadExperiment(name);
      if (name === "cumulant-best-lr") {
        expect(resolveSweep(experiment, {}).lrGrid).toEqual([0.075, 0.15, 0.3, 0.6]);
        continue;
      }
      expect(hasPerRunSweep(experiment), name).toBe(true);
      for (const run of experiment.runs) expect(resolveSweep(experiment, {}, run.name).target).toBe("v");
    }
    // the paired preset: one model at the same betas, independent against sign-coupled latents, reduced engine
    const paired = loadExperiment("paired").runs.map((r) => r.config);
    expect(paired.map((c) => c.engine)).toEqual(["reduced", "reduced"]);
    const betas = (c: (typeof paired)[number]) => { const m = c.model as { kind: string; betaM: number; betaU: number; betaV: number }; return [m.kind, m.betaM, m.betaU, m.betaV]; };
    expect(betas(paired[0])).toEqual(betas(paired[1]));
    expect(paired.map((c) => (c.model as { coupling: { kind: string } }).coupling.kind)).toEqual(["independent", "sign"]);
    expect(paired.map((c) => (c.learner as { lrExponent: number }).lrExponent)).toEqual([2, 1]);
    // the step-size budgets follow d^(a + (k - 2)/2) above the threshold
    const tensor = loadExperiment("tensor-pca-stepsize");
    expect(tensor.runs.map((r) => resolveSweep(tensor, {}, r.name).steps.power)).toEqual([2, 2, 2, 2.25, 2.5]);
    // a quarter power: the integer part exact, the rest exp(f ln d) (the wasm's in a sweep)
    expect(stepBudget({ factor: 8, power: 2.5, logPower: 0 }, 64, Math.log, Math.exp)).toBe(8 * 64 * 64 * 8);
    expect(stepBudget({ factor: 6, power: 3, logPower: 0 }, 24, Math.log)).toBe(6 * 24 ** 3);
    expect(() => resolveSweep(tensor, { steps: { factor: 1, power: 2.3 } }, "a2")).toThrow(/multiple of 0.25/);
  });

  test("`stairs sweep` on a preset with a sweep per run runs them all: one JSON of kind sweeps, one figure", () => {
    const dir = mkdtempSync(join(tmpdir(), "stairs-sweepset-"));
    const run = (lr: number) => ({ model: { kind: "mixture", d: 64, betaM: 1 }, learner: { kind: "neuron", activation: "relu", lr }, steps: 1000, seed: 3, recovery: { threshold: 0.5 } });
    const sweep = { d: [64, 96], target: "m", replicas: 4, controlReplicas: 2, steps: { factor: 40, power: 1 }, bootstrap: 100 };
    const config = join(dir, "pair.json");
    writeFileSync(config, JSON.stringify({ description: "two step sizes", runs: { slow: run(0.2), fast: run(0.4) }, sweep: { slow: sweep, fast: sweep } }));
    const out = join(dir, "pair-sweep.json"), plot = join(dir, "pair.svg");
    const text = execFileSync(process.execPath, ["dist/cli.js", "sweep", config, "--plain", "--workers", "1", "--out", out, "--plot", plot], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    expect(text).toContain("== slow");
    expect(text).toContain("== fast");
    const result = JSON.parse(readFileSync(out, "utf8"));
    expect(result.kind).toBe("sweeps");
    expect(result.sweeps.map((s: { name: string }) => s.name)).toEqual(["slow", "fast"]);
    expect(result.sweeps[0].sweep.config.learner.lr).toBe(0.2);
    expect(existsSync(plot)).toBe(true);
    expect(readFileSync(plot, "utf8")).toContain("slow: d^");
  });
});
