// Several sweeps on one pair of axes (the paired and step-size presets): the overlay figure, and
// `stairs sweep` on a preset whose runs each have a sweep section (one command, one JSON, one figure).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { sweepOverlayFigure } from "../src/cli/plot/figures.js";
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

  test("the paired and step-size presets have a sweep per run; each resolves", () => {
    for (const name of ["paired", "cumulant-stepsize", "tensor-pca-stepsize"]) {
      const experiment = loadExperiment(name);
      expect(hasPerRunSweep(experiment), name).toBe(true);
      for (const run of experiment.runs) expect(resolveSweep(experiment, {}, run.name).target).toBe("v");
    }
    // the step-size budgets follow d^(a + (k - 2)/2) above the threshold
    const tensor = loadExperiment("tensor-pca-stepsize");
    expect(tensor.runs.map((r) => resolveSweep(tensor, {}, r.name).steps.power)).toEqual([2, 2, 2.25, 2.5]);
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
