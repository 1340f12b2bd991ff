// The best-lr sweep (sweep.lrGrid): at each d the smallest median over a grid of learning rates is the d's
// weak-recovery time, chosen again in every bootstrap resample; the selection, the fit through the chosen
// medians, and the command line's JSON.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { bestOfGrid, fitScaling, median } from "../src/analysis/scaling.js";
import { resolveSweepSpec } from "../src/cli/sweep/spec.js";

// A seeded stand-in for the wasm stream (the selection logic does not depend on where uniforms come from).
function uniforms(seed: number) {
  let x = seed >>> 0;
  return (n: number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      out[i] = x / 2 ** 32;
    }
    return out;
  };
}

describe("best lr per d", () => {
  test("bestOfGrid takes the smallest median; a censored median is +infinity; a tie goes to the first", () => {
    expect(bestOfGrid([[10, 20, 30], [5, null, null], [8, 9, 12]])).toEqual({ index: 2, median: 9 });
    expect(bestOfGrid([[4, 5, 6], [5, 5, 5], [1, 100, null, null]])).toEqual({ index: 0, median: 5 });
    expect(bestOfGrid([[null, null, 3], [null, 7, null]])).toEqual({ index: -1, median: Infinity });
  });

  test("the fit goes through the best median of each d, not through one fixed lr", () => {
    const c = (x: number) => [x, x, x, x];
    // lr A is best at d = 10 (100 < 1000), lr B at d = 100 (1e4 < 1e5): the best cost grows as d^2, A alone
    // as d^3, B alone as d^1.
    const data = [
      { d: 10, steps: c(100), groups: [c(100), c(1000)] },
      { d: 100, steps: c(1e4), groups: [c(1e5), c(1e4)] },
    ];
    const fits = fitScaling(data, 200, Math.log, uniforms(1));
    expect(fits.fit!.exponent).toBeCloseTo(2, 12);
    expect(fits.fit!.ci[0]).toBeCloseTo(2, 12);
    expect(fitScaling(data.map((p) => ({ d: p.d, steps: p.groups[0] })), 200, Math.log, uniforms(1)).fit!.exponent).toBeCloseTo(3, 12);
    // every lr censored at a d: refused, and said so
    const censored = [data[0], { d: 100, steps: c(1e4), groups: [[null, null, 1], [null, null, null]] }];
    const refused = fitScaling(censored, 200, Math.log, uniforms(1));
    expect(refused.fit).toBeNull();
    expect(refused.message).toMatch(/censored at d = 100 \(5 of 6 replicas did not recover within the budget, at every step size of the grid\)/);
  });

  test("the bootstrap chooses again in every resample: near-equal grids widen the interval, and one group is the plain fit bit for bit", () => {
    const noisy = (scale: number, n: number, seed: number) => Array.from(uniforms(seed)(n), (u) => Math.round(scale * Math.exp(2 * (u - 0.5))));
    const data = [24, 48, 96].map((d, i) => {
      const a = noisy(d ** 3, 16, 10 + i), b = noisy(d ** 3, 16, 20 + i);
      return { d, a, b };
    });
    const grid = fitScaling(data.map((p) => ({ d: p.d, steps: p.a, groups: [p.a, p.b] })), 500, Math.log, uniforms(7));
    // the central medians are the smaller of the two at each d
    const best = data.map((p) => Math.min(median(p.a), median(p.b)));
    const slope = (Math.log(best[2]) - Math.log(best[0])) / (Math.log(96) - Math.log(24));
    expect(Math.abs(grid.fit!.exponent - slope)).toBeLessThan(0.2);
    // a single group is the plain fit: same uniforms in the same order, same bits
    const one = fitScaling(data.map((p) => ({ d: p.d, steps: p.a, groups: [p.a] })), 500, Math.log, uniforms(7));
    const plain = fitScaling(data.map((p) => ({ d: p.d, steps: p.a })), 500, Math.log, uniforms(7));
    expect(one).toEqual(plain);
  });

  test("sweep.lrGrid: distinct positive rates, at least two", () => {
    const base = { d: [16, 24], target: "m", replicas: 4, steps: { factor: 1, power: 1 } };
    expect(resolveSweepSpec({ ...base, lrGrid: [0.1, 0.2] }).lrGrid).toEqual([0.1, 0.2]);
    expect(() => resolveSweepSpec({ ...base, lrGrid: [0.1, 0.1] })).toThrow(/sweep.lrGrid.*distinct learning rates/);
    expect(() => resolveSweepSpec({ ...base, lrGrid: [0.1] })).toThrow(/lrGrid/);
    expect(() => resolveSweepSpec({ ...base, lrGrid: [0.1, -1] })).toThrow(/lrGrid/);
  });

  test("`stairs sweep` with an lrGrid: every lr at every d, the best one chosen, the fit through the best medians", () => {
    const dir = mkdtempSync(join(tmpdir(), "stairs-bestlr-"));
    const config = join(dir, "grid.json");
    writeFileSync(config, JSON.stringify({
      model: { kind: "mixture", d: 64, betaM: 1 },
      learner: { kind: "neuron", activation: "relu", lr: 0.2 },
      steps: 1000,
      seed: 5,
      recovery: { threshold: 0.5 },
      sweep: { d: [64, 128], target: "m", replicas: 6, controlReplicas: 2, steps: { factor: 40, power: 1 }, bootstrap: 200, lrGrid: [0.05, 0.4] },
    }));
    const out = join(dir, "grid-sweep.json");
    const text = execFileSync(process.execPath, ["dist/cli.js", "sweep", config, "--plain", "--workers", "1", "--out", out], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    expect(text).toContain("best lr per d");
    const result = JSON.parse(readFileSync(out, "utf8"));
    for (const p of result.perD) {
      expect(p.lrGrid.map((row: { lr: number }) => row.lr)).toEqual([0.05, 0.4]);
      expect(p.lrGrid.every((row: { recoverySteps: unknown[] }) => row.recoverySteps.length === 6)).toBe(true);
      const medians = p.lrGrid.map((row: { median: number | null }) => row.median ?? Infinity);
      const bestIndex = medians[1] < medians[0] ? 1 : 0;
      expect(p.bestLr).toBe(p.lrGrid[bestIndex].lr);
      expect(p.median).toBe(p.lrGrid[bestIndex].median);
      expect(p.recoverySteps).toEqual(p.lrGrid[bestIndex].recoverySteps);
      expect(p.control.total).toBe(4); // 2 per lr of the grid
    }
    // the larger step wins for the mean direction (information exponent 1) at this budget
    expect(result.perD.map((p: { bestLr: number }) => p.bestLr)).toEqual([0.4, 0.4]);
    const [a, b] = result.perD;
    expect(result.fit.exponent).toBeCloseTo((Math.log(b.median) - Math.log(a.median)) / (Math.log(128) - Math.log(64)), 10);
  });
});
