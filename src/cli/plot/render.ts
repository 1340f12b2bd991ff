// Vega-Lite spec -> SVG in Node, headless: Vega's View with the "none" renderer builds the scene graph and
// serialises it to SVG without a browser or a canvas.
import { basename } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { StairsInputError } from "../../errors.js";
import type { RunResult as ExperimentResult } from "../../run/result.js";
import type { SweepResult } from "../sweep/sweep.js";
import type { Stairs } from "../../stairs.js";
import type { StepSizeVerdict } from "../../theory/stepsize.js";
import { comparisonFigure, runFigure, sweepFigure, sweepOverlayFigure, type BayesLines, type Comparison, type SweepWithReference } from "./figures.js";
import { referenceScaling, stepSizeVerdictOf, theoryCurve } from "./theory-curve.js";
import { BAYES_LINE_SAMPLES } from "../../analysis/figure-style.js";

export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  // Loaded on first use: most commands draw nothing, and Vega is most of the command line's start-up time.
  const [vega, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** What `stairs sweep` writes for a preset whose runs each have a sweep (the paired sweep). */
export interface SweepSet {
  kind: "sweeps";
  source: string;
  description: string;
  sweeps: { name: string; sweep: SweepResult & { verdict?: StepSizeVerdict | null } }[];
}

export type Plottable =
  | { kind: "run"; result: ExperimentResult; name?: string }
  | { kind: "sweeps"; set: SweepSet }
  | { kind: "comparison"; comparison: Comparison }
  | { kind: "sweep"; sweep: SweepWithReference };

/** Recognises what a JSON file holds: a sweep, a comparison of runs (a preset with "runs"), or one run. */
export function classify(value: unknown, file: string): Plottable {
  const v = value as Record<string, unknown> | null;
  if (v && v.kind === "sweep" && Array.isArray(v.perD)) return { kind: "sweep", sweep: v as unknown as SweepResult };
  if (v && v.kind === "sweeps" && Array.isArray(v.sweeps)) return { kind: "sweeps", set: v as unknown as SweepSet };
  if (v && v.kind === "comparison" && Array.isArray(v.runs)) return { kind: "comparison", comparison: v as unknown as Comparison };
  if (v && Array.isArray(v.replicas) && typeof v.config === "object") {
    return { kind: "run", result: v as unknown as ExperimentResult, name: basename(file).replace(/\.json$/, "") };
  }
  throw new StairsInputError(file, "a JSON file of another kind", "a result of `stairs run`, `npm start` (a comparison) or `stairs sweep`");
}

/** Attaches the single-neuron theory curve to every run of a plottable that has one (see theory-curve.ts). */
export function withTheory(stairs: Stairs, input: Plottable): Plottable {
  if (input.kind === "run") return { ...input, result: { ...input.result, theory: theoryCurve(stairs, input.result), bayes: bayesLines(stairs, input.result) } as ExperimentResult };
  if (input.kind === "comparison") {
    const runs = input.comparison.runs.map(({ name, result }) => ({ name, result: { ...result, theory: theoryCurve(stairs, result), bayes: bayesLines(stairs, result) } }));
    return { kind: "comparison", comparison: { ...input.comparison, runs } };
  }
  if (input.kind === "sweeps") return { kind: "sweeps", set: withVerdicts(stairs, input.set) };
  return { kind: "sweep", sweep: { ...input.sweep, reference: referenceScaling(stairs, input.sweep) } };
}

/** A sweep set with the theory's verdict at each sweep's step size (the exponent-against-a panel of figureFor). */
export function withVerdicts(stairs: Stairs, set: SweepSet): SweepSet {
  return { ...set, sweeps: set.sweeps.map(({ name, sweep }) => ({ name, sweep: { ...sweep, verdict: stepSizeVerdictOf(stairs, sweep) } })) };
}

/**
 * The Bayes-optimal accuracy of each censoring level of a run's model (src/theory/bayes.ts, BAYES_LINE_SAMPLES = 2^18
 * samples on the run's seed; the page draws the same), drawn as reference lines beside its test accuracy; none for tensor PCA or a run
 * without test sets.
 */
export function bayesLines(stairs: Stairs, result: ExperimentResult): BayesLines | undefined {
  if (result.config.model.kind === "tensor-pca" || result.config.record.testSize === 0) return undefined;
  const b = stairs.bayesAccuracy(result.config.model, { samples: BAYES_LINE_SAMPLES, seed: result.config.seed });
  return { mean: b.mean.accuracy, covariance: b.covariance.accuracy, full: b.full.accuracy };
}

/** The figure for one or several inputs: several sweeps side by side, or one run / comparison. */
export function figureFor(inputs: Plottable[], overlay = false): Record<string, unknown> {
  if (inputs.every((i) => i.kind === "sweep" || i.kind === "sweeps")) {
    // a sweep set (the paired sweep) is drawn on one pair of axes, and so are plain sweeps with --overlay
    const named = inputs.flatMap((i) => (i.kind === "sweeps" ? i.set.sweeps : [{ name: i.sweep.source || i.sweep.target, sweep: i.sweep }]));
    if (overlay || inputs.some((i) => i.kind === "sweeps")) {
      const sets = inputs.filter((i) => i.kind === "sweeps") as { kind: "sweeps"; set: SweepSet }[];
      return sweepOverlayFigure(named, sets.length === 1 && inputs.length === 1 ? sets[0].set.description : undefined);
    }
    return sweepFigure(named.map((n) => n.sweep));
  }
  if (inputs.length !== 1) {
    throw new StairsInputError("inputs", `${inputs.length} files`, "one run or comparison result, or any number of sweep results");
  }
  const input = inputs[0];
  if (input.kind === "run") return runFigure(input.result, input.name);
  return comparisonFigure((input as { comparison: Comparison }).comparison);
}
