// Figures render to SVG headless, from synthetic results whose curves are known.
import { describe, expect, test } from "vitest";
import { bands, comparisonFigure, REFERENCE_ACCURACY_COLOR, runFigure, sweepFigure } from "../src/cli/plot/figures.js";
import { classify, figureFor, renderSvg } from "../src/cli/plot/render.js";
import { syntheticRun, syntheticSweep } from "./support/plot-fixtures.js";

describe("run figures", () => {
  const run = syntheticRun(32, { m: 2, u: 20, v: Infinity });
  test("bands: the median over replicas at each checkpoint, on n/d", () => {
    const { overlaps, accuracy } = bands(run);
    const first = overlaps.filter((r) => r.series.startsWith("|α_u|"));
    expect(first.length).toBe(30);
    expect(first[0].nOverD).toBe(1);
    // checkpoints before n/d = 0.01 are left out of the log axis
    const early = syntheticRun(32, { m: 2, u: 20, v: Infinity });
    early.replicas.forEach((r) => r.checkpoints.unshift({ ...r.checkpoints[0], step: 0.005 * 32 }));
    expect(bands(early).overlaps.length).toBe(bands(run).overlaps.length);
    // replica shifts are symmetric around the middle one, so the median is the middle replica
    const middle = run.replicas[2].checkpoints.map((c) => Math.abs(c.overlap.u!));
    first.forEach((row, i) => expect(row.median).toBeCloseTo(middle[i], 12));
    first.forEach((row) => expect(row.lo).toBeLessThanOrEqual(row.hi));
    expect(accuracy.length).toBe(30);
  });
  test("an SVG with both panels, the legend and log ticks", async () => {
    const svg = await renderSvg(runFigure(run));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("test accuracy");
    expect(svg).toContain("|α_v| (cumulant)");
    expect(svg).toContain("samples per dimension n/d");
  });
  test("a comparison puts the runs side by side", async () => {
    const correlated = syntheticRun(32, { m: 2, u: 20, v: 40 });
    const svg = await renderSvg(
      comparisonFigure({ kind: "comparison", source: "staircase", description: "Staircase", runs: [{ name: "independent", result: run }, { name: "correlated", result: correlated }] }),
    );
    expect(svg).toContain("independent");
    expect(svg).toContain("correlated");
  });
  test("a comparison draws each run's Bayes lines with their values and the other run's full-test-set median in grey", () => {
    const correlated = syntheticRun(32, { m: 2, u: 20, v: 40 });
    const bayes = { mean: 0.599, covariance: 0.661, full: 0.799 };
    const spec = comparisonFigure({ kind: "comparison", source: "s", description: "S", runs: [{ name: "independent", result: { ...run, bayes } }, { name: "correlated", result: correlated }] });
    const text = JSON.stringify(spec);
    expect(text).toContain("Bayes, all cumulants 0.799");
    expect(text).toContain("Bayes, mean 0.599");
    const layers = (column: number) => ((spec as { hconcat: { vconcat: { layer: { mark: { color?: string }; encoding: { text?: { value?: string } } }[] }[] }[] }).hconcat[column].vconcat[1].layer);
    const grey = (column: number) => layers(column).filter((l) => l.mark.color === REFERENCE_ACCURACY_COLOR);
    expect(grey(0).map((l) => l.encoding.text?.value).filter(Boolean)).toEqual(["correlated"]);
    expect(grey(1).map((l) => l.encoding.text?.value).filter(Boolean)).toEqual(["independent"]);
  });
  test("a theory curve is drawn when the result carries one", async () => {
    const withTheory = { ...run, theory: { nOverD: [1, 10, 100], u: [0.1, 0.5, 0.9] } };
    const spec = runFigure(withTheory) as { vconcat: { layer: unknown[] }[] };
    const plain = runFigure(run) as { vconcat: { layer: unknown[] }[] };
    expect(spec.vconcat[0].layer.length).toBe(plain.vconcat[0].layer.length + 1);
  });
});

describe("sweep figures", () => {
  test("points, error bars and the fitted line labelled with its exponent", async () => {
    const svg = await renderSvg(sweepFigure([syntheticSweep(3)]));
    expect(svg).toContain("n* ∝ d^3.00");
    expect(svg).toContain("95% CI [2.90, 3.10]");
    expect(svg).toContain("null control: 0/12 recovered");
  });
  test("several sweeps side by side", async () => {
    const spec = figureFor([syntheticSweep(3), syntheticSweep(1)].map((s) => classify(s, "x.json")));
    expect((spec as { hconcat: unknown[] }).hconcat.length).toBe(2);
  });
  test("inputs are recognised, and anything else refused", () => {
    expect(classify(syntheticSweep(1), "s.json").kind).toBe("sweep");
    expect(classify(syntheticRun(16, { m: 1, u: 1, v: 1 }), "r.json").kind).toBe("run");
    expect(() => classify({ hello: 1 }, "other.json")).toThrow(/other\.json must be a result of `stairs run`/);
    const run = classify(syntheticRun(16, { m: 1, u: 1, v: 1 }), "r.json");
    expect(() => figureFor([run, run])).toThrow(/one run or comparison/);
  });
});
