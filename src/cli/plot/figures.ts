// Vega-Lite figures of runs and sweeps: plain data in, a Vega-Lite spec out (rendered by ./render.ts).
//
// - A run: |alpha_m|, |alpha_u|, |alpha_v| and the test accuracy against n/d on a log axis; the line is the
//   median over replicas at each checkpoint, the band the 25-75 % quantiles; the theory curve (dashed)
//   where the result carries one.
// - A comparison (e.g. the staircase preset): the runs side by side, sharing their axes.
// - A sweep: median weak-recovery step n* against d on log-log axes, the 25-75 % quantiles as error bars,
//   and the fitted line d^a labelled with its exponent and bootstrap interval.
import type { RunResult as ExperimentResult } from "../../run/result.js";
import type { SweepResult } from "../sweep/sweep.js";
import type { Scaling } from "../../theory/exponents.js";
import type { StepSizeVerdict } from "../../theory/stepsize.js";
import { ACCURACY_COLORS, accuracyDomain, DIRECTION_LABELS, FIGURE_COLORS, logTicks, MIN_N_OVER_D, sortedQuantile } from "../../analysis/figure-style.js";

export { ACCURACY_COLORS, MIN_N_OVER_D };

type Spec = Record<string, unknown>;

/** Legend label -> colour of each direction (the page uses the same colours: src/analysis/figure-style.ts). */
export const DIRECTION_COLORS = {
  [DIRECTION_LABELS.m]: FIGURE_COLORS.m,
  [DIRECTION_LABELS.u]: FIGURE_COLORS.u,
  [DIRECTION_LABELS.v]: FIGURE_COLORS.v,
} as Record<string, string>;

/**
 * Vega expression of the tick labels of a log axis, as tickLabel() of figure-style.ts writes them:
 * 0.01, 0.1, 1, 10, 100, 1k, 10k, 100k, 1M (no thousands separators).
 */
const LOG_LABEL =
  "datum.value >= 1e9 ? format(datum.value / 1e9, '~g') + 'G' : datum.value >= 1e6 ? format(datum.value / 1e6, '~g') + 'M' : " +
  "datum.value >= 1e3 ? format(datum.value / 1e3, '~g') + 'k' : format(datum.value, '~g')";

/** A deterministic high-dimensional limit of the overlaps, sampled at n/d (from `stairs theory`). */
export interface TheoryCurve {
  nOverD: number[];
  m?: number[];
  u?: number[];
  v?: number[];
}

/** Bayes-optimal accuracies of the run's model: mean only, mean and covariance, everything. */
export interface BayesLines {
  mean: number;
  covariance: number;
  full: number;
}

export interface Comparison {
  kind: "comparison";
  source: string;
  description: string;
  runs: { name: string; result: ExperimentResult & { theory?: TheoryCurve; bayes?: BayesLines } }[];
}

interface BandRow {
  nOverD: number;
  series: string;
  median: number;
  lo: number;
  hi: number;
}

/** Median and 25-75 % band over replicas at every checkpoint step with n/d >= MIN_N_OVER_D. */
export function bands(result: ExperimentResult): { overlaps: BandRow[]; accuracy: BandRow[] } {
  const d = result.config.model.d;
  const batch = (result.config.learner as { batch?: number }).batch ?? 1;
  const byStep = new Map<number, { m: number[]; u: number[]; v: number[]; accuracy: number[]; mean: number[]; covariance: number[] }>();
  for (const replica of result.replicas) {
    for (const c of replica.checkpoints) {
      if (!(c.step > 0 && (c.step * batch) / d >= MIN_N_OVER_D)) continue;
      let entry = byStep.get(c.step);
      if (!entry) byStep.set(c.step, (entry = { m: [], u: [], v: [], accuracy: [], mean: [], covariance: [] }));
      // A direction the model does not have (tensor PCA has only v) has a null overlap: no line.
      for (const e of ["m", "u", "v"] as const) {
        const overlap = c.overlap[e];
        if (overlap !== null) entry[e].push(Math.abs(overlap));
      }
      if (c.accuracy !== null && Number.isFinite(c.accuracy)) entry.accuracy.push(c.accuracy);
      const censored = (c as { censored?: { mean: { accuracy: number | null }; covariance: { accuracy: number | null } } }).censored;
      if (censored) {
        if (censored.mean.accuracy !== null) entry.mean.push(censored.mean.accuracy);
        if (censored.covariance.accuracy !== null) entry.covariance.push(censored.covariance.accuracy);
      }
    }
  }
  const overlaps: BandRow[] = [], accuracy: BandRow[] = [];
  const row = (step: number, series: string, values: number[]): BandRow => {
    const sorted = [...values].sort((a, b) => a - b);
    return { nOverD: (step * batch) / d, series, median: sortedQuantile(sorted, 0.5), lo: sortedQuantile(sorted, 0.25), hi: sortedQuantile(sorted, 0.75) };
  };
  for (const step of [...byStep.keys()].sort((a, b) => a - b)) {
    const entry = byStep.get(step)!;
    for (const e of ["m", "u", "v"] as const) if (entry[e].length > 0) overlaps.push(row(step, DIRECTION_LABELS[e], entry[e]));
    if (entry.accuracy.length > 0) accuracy.push(row(step, "full test set", entry.accuracy));
    if (entry.mean.length > 0) accuracy.push(row(step, "censored: mean only", entry.mean));
    if (entry.covariance.length > 0) accuracy.push(row(step, "censored: mean + covariance", entry.covariance));
  }
  return { overlaps, accuracy };
}

function theoryRows(theory: TheoryCurve | undefined): { nOverD: number; series: string; value: number }[] {
  if (!theory) return [];
  const rows: { nOverD: number; series: string; value: number }[] = [];
  for (const e of ["m", "u", "v"] as const) {
    const values = theory[e];
    if (!values) continue;
    theory.nOverD.forEach((x, i) => {
      if (x >= MIN_N_OVER_D && Number.isFinite(values[i])) rows.push({ nOverD: x, series: DIRECTION_LABELS[e], value: Math.abs(values[i]) });
    });
  }
  return rows;
}

const WIDTH = 480;
const HEIGHT = 260;

/** A log axis with ticks at powers of ten (and 2, 5 times them over short ranges), labelled 1k, 10k, ... */
function logAxis(values: number[]): Spec {
  const finite = values.filter((x) => x > 0 && Number.isFinite(x));
  const ticks = finite.length > 0 ? logTicks(Math.min(...finite), Math.max(...finite)) : [];
  return { values: ticks, labelExpr: LOG_LABEL, labelOverlap: true };
}

function xAxis(values: number[] = [], title = "samples per dimension n/d") {
  return { field: "nOverD", type: "quantitative", scale: { type: "log" }, title, axis: logAxis(values) };
}

/** The colour encoding of the directions present (tensor PCA: v only), so the legend names no other. */
function colorEncoding(series: Iterable<string>): Spec {
  const present = new Set(series);
  const domain = Object.keys(DIRECTION_COLORS).filter((label) => present.has(label));
  return {
    field: "series",
    type: "nominal",
    title: null,
    scale: { domain, range: domain.map((label) => DIRECTION_COLORS[label]) },
    legend: { orient: "bottom", direction: "horizontal" },
  };
}

function overlapPanel(result: ExperimentResult & { theory?: TheoryCurve }, title: Spec): Spec {
  const { overlaps } = bands(result);
  const theory = theoryRows(result.theory);
  const color = colorEncoding([...overlaps, ...theory].map((r) => r.series));
  const x = xAxis(overlaps.map((r) => r.nOverD));
  const layers: Spec[] = [
    { data: { values: overlaps }, mark: { type: "area", opacity: 0.2 }, encoding: { x, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, color } },
    {
      data: { values: overlaps },
      mark: { type: "line", strokeWidth: 2 },
      encoding: { x, y: { field: "median", type: "quantitative", title: "overlap |α| (median, 25-75 %)", scale: { domain: [0, 1] } }, color },
    },
  ];
  if (theory.length > 0) {
    layers.push({
      data: { values: theory },
      mark: { type: "line", strokeDash: [6, 4], strokeWidth: 2, opacity: 0.9 },
      encoding: { x, y: { field: "value", type: "quantitative" }, color, detail: { field: "series" } },
    });
  }
  layers.push(thresholdRule(result));
  return { title, width: WIDTH, height: HEIGHT, layer: layers };
}

function thresholdRule(result: ExperimentResult): Spec {
  return {
    data: { values: [{ threshold: result.config.recovery.threshold }] },
    mark: { type: "rule", strokeDash: [2, 3], color: FIGURE_COLORS.threshold },
    encoding: { y: { field: "threshold", type: "quantitative" } },
  };
}

/** The full-test-set median of another run of a comparison, drawn grey in each run's accuracy panel. */
export interface ReferenceAccuracy {
  name: string;
  rows: BandRow[];
}

export const REFERENCE_ACCURACY_COLOR = "#888";

function accuracyPanel(result: ExperimentResult & { bayes?: BayesLines }, domain?: [number, number], references: ReferenceAccuracy[] = []): Spec | null {
  const { accuracy } = bands(result);
  if (accuracy.length === 0) return null;
  const scale = domain ? { domain } : { zero: false };
  // Fixed colours per series (no colour scale: the overlaps' legend owns it across the figure's columns)
  const x = xAxis(accuracy.map((r) => r.nOverD));
  const layers: Spec[] = [];
  for (const reference of references) {
    // Another run's full-test-set accuracy (e.g. the independent plateau under the correlated run's curves)
    const values = reference.rows.filter((r) => r.series === "full test set");
    if (values.length === 0) continue;
    layers.push({ data: { values }, mark: { type: "line", strokeWidth: 1.5, strokeDash: [4, 2], color: REFERENCE_ACCURACY_COLOR }, encoding: { x, y: { field: "median", type: "quantitative", scale } } });
    const last = values[values.length - 1];
    layers.push({
      data: { values: [last] },
      mark: { type: "text", align: "right", baseline: "top", dy: 3, fontSize: 10, color: REFERENCE_ACCURACY_COLOR },
      encoding: { x: { field: "nOverD", type: "quantitative" }, y: { field: "median", type: "quantitative", scale }, text: { value: reference.name } },
    });
  }
  for (const [series, color] of Object.entries(ACCURACY_COLORS)) {
    const values = accuracy.filter((r) => r.series === series);
    if (values.length === 0) continue;
    layers.push(
      { data: { values }, mark: { type: "area", opacity: 0.15, color }, encoding: { x, y: { field: "lo", type: "quantitative", scale }, y2: { field: "hi" } } },
      { data: { values }, mark: { type: "line", strokeWidth: 2, color }, encoding: { x, y: { field: "median", type: "quantitative", title: "test accuracy", scale } } },
    );
  }
  if (result.bayes) {
    // Bayes-optimal accuracy of each censoring level: the ceiling of the curve of the same colour
    const b = result.bayes;
    const rules: [keyof typeof ACCURACY_COLORS, number][] = [["censored: mean only", b.mean], ["censored: mean + covariance", b.covariance], ["full test set", b.full]];
    const names: Record<keyof typeof ACCURACY_COLORS, string> = { "censored: mean only": "Bayes, mean", "censored: mean + covariance": "Bayes, mean + cov.", "full test set": "Bayes, all cumulants" };
    for (const [series, value] of rules) {
      layers.push({ data: { values: [{ value }] }, mark: { type: "rule", strokeDash: [6, 3], strokeWidth: 1.5, opacity: 0.8, color: ACCURACY_COLORS[series] }, encoding: { y: { field: "value", type: "quantitative" } } });
      // Its value at the left end, above the rule (the curves start at chance there)
      layers.push({
        data: { values: [{ value, text: `${names[series]} ${value.toFixed(3)}` }] },
        mark: { type: "text", align: "left", baseline: "bottom", dx: 4, dy: -1, fontSize: 10, color: ACCURACY_COLORS[series] },
        encoding: { x: { value: 0 }, y: { field: "value", type: "quantitative" }, text: { field: "text" } },
      });
    }
  }
  return { width: WIDTH, height: Math.round(HEIGHT * 0.75), layer: layers };
}

/** Two short lines: the model, then the learner and the replicas. */
function describeRun(result: ExperimentResult): string[] {
  const { model, learner } = result.config;
  if (model.kind === "tensor-pca") {
    return [`tensor PCA, d = ${model.d}, order ${model.order}, β = ${model.beta}`, `${result.replicas.length} replicas`];
  }
  const m = `${model.kind}, d = ${model.d}, β = (${model.betaM}, ${model.betaU}, ${model.betaV})`;
  const l = learner.kind === "network" ? `network K = ${(learner as { hidden: number }).hidden}` : `neuron ${JSON.stringify((learner as { activation: unknown }).activation)}`;
  return [`${m}, ${model.coupling.kind} latents`, `${l}, ${result.replicas.length} replicas`];
}

function runColumn(result: ExperimentResult & { theory?: TheoryCurve; bayes?: BayesLines }, name: string, accuracyDomain?: [number, number], references: ReferenceAccuracy[] = []): Spec {
  const panels = [overlapPanel(result, { text: name, subtitle: describeRun(result), limit: 2 * WIDTH, subtitleFontSize: 11 })];
  const accuracy = accuracyPanel(result, accuracyDomain, references);
  if (accuracy) panels.push(accuracy);
  return { vconcat: panels, spacing: 8 };
}

const CONFIG = {
  font: "DejaVu Sans, Helvetica, Arial, sans-serif",
  view: { stroke: "#ddd" },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: "#eee" },
  title: { fontSize: 13, anchor: "start" },
  legend: { labelFontSize: 11, symbolStrokeWidth: 3, labelLimit: 300 },
};

/** How to read a run panel, in short lines (Vega estimates text width without a canvas, generously). */
function legendLines(theory: boolean, bayes = false, references = false): string[] {
  return [
    "lines: median over replicas, bands: 25-75 %",
    `dotted: weak-recovery threshold${theory ? ", dashed: theory (overlap ODE)" : ""}`,
    "accuracy: purple the full test set, blue the censored set with the mean only, orange with the mean and covariance",
    ...(bayes ? ["dashed rules (accuracy): the Bayes-optimal accuracy of each test set, in its colour"] : []),
    ...(references ? ["grey dashed (accuracy): the full-test-set accuracy (median) of the other run(s), for comparison"] : []),
  ];
}

function figure(body: Spec, title: string, subtitle?: string | string[]): Spec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, ...(subtitle ? { subtitle } : {}), fontSize: 14, subtitleFontSize: 11, anchor: "start" },
    background: "white",
    padding: 12,
    config: CONFIG,
    ...body,
  };
}

export function runFigure(result: ExperimentResult & { theory?: TheoryCurve; bayes?: BayesLines }, name = "overlaps"): Spec {
  return figure(runColumn(result, name), "Overlaps and accuracy", legendLines(result.theory !== undefined, result.bayes !== undefined));
}

export function comparisonFigure(comparison: Comparison): Spec {
  // One accuracy scale for every column, so that the runs' accuracies compare at a glance.
  const rows = comparison.runs.flatMap(({ result }) => bands(result).accuracy);
  const ceilings = comparison.runs.flatMap(({ result }) => (result.bayes ? [result.bayes.mean, result.bayes.covariance, result.bayes.full] : []));
  const lo = Math.min(...rows.map((r) => r.lo)), hi = Math.max(...rows.map((r) => r.hi), ...ceilings);
  const domain: [number, number] | undefined = rows.length > 0 ? accuracyDomain(lo, hi) : undefined;
  // Each network run's accuracy panel also shows the other runs' full-test-set medians (independent against
  // correlated latents: the plateau under the third step).
  const accuracies = comparison.runs.map(({ name, result }) => ({ name, rows: bands(result).accuracy }));
  const withAccuracy = accuracies.filter((a) => a.rows.length > 0);
  const columns = comparison.runs.map(({ name, result }) =>
    runColumn(result, name, domain, withAccuracy.length > 1 ? withAccuracy.filter((a) => a.name !== name) : []));
  return figure(
    { hconcat: columns, spacing: 24, resolve: { scale: { color: "shared" } } },
    comparison.description || comparison.source,
    legendLines(comparison.runs.some(({ result }) => result.theory !== undefined), comparison.runs.some(({ result }) => result.bayes !== undefined), withAccuracy.length > 1),
  );
}

function fmt(x: number | null, digits = 2): string {
  if (x === null) return "unbounded";
  return x.toFixed(digits);
}

/** The fitted power law n* = e^intercept d^exponent at d. */
const fitAt = (fit: { intercept: number; exponent: number }, d: number) => Math.exp(fit.intercept) * d ** fit.exponent;

/** The theory's scaling d^exponent (log d) through the value anchor at d = middle, at d: a reference slope. */
const referenceAt = (reference: { exponent: number; log: boolean }, anchor: number, middle: number, d: number) =>
  anchor * (d / middle) ** reference.exponent * (reference.log ? Math.log(d) / Math.log(middle) : 1);

/** A sweep with the theory's predicted scaling of its target (drawn as a reference slope). */
export type SweepWithReference = SweepResult & { reference?: Scaling | null };

export function sweepPanel(sweep: SweepWithReference): Spec {
  const rows = sweep.perD.map((p) => ({
    d: p.d,
    median: p.median,
    lo: p.quantiles.q25 ?? p.steps,
    hi: p.quantiles.q75 ?? p.steps,
    label: p.unrecovered > 0 ? `${p.unrecovered}/${p.replicas} unrecovered` : "",
  }));
  const finite = rows.filter((r) => r.median !== null);
  const ds = sweep.perD.map((p) => p.d);
  const dRange = [Math.min(...ds), Math.max(...ds)];
  const fitLine = sweep.fit ? (d: number) => fitAt(sweep.fit!, d) : null;
  // The theory's slope, through the fitted line (or the medians) at the geometric middle of the d range.
  const reference = sweep.reference ?? null;
  const middle = Math.sqrt(dRange[0] * dRange[1]);
  const medians = finite.map((r) => r.median as number);
  const anchor = fitLine ? fitLine(middle) : medians.length > 0 ? Math.exp(medians.reduce((a, m) => a + Math.log(m), 0) / medians.length) : null;
  const referenceLine = reference && anchor ? (d: number) => referenceAt(reference, anchor, middle, d) : null;
  const gridMedians = sweep.perD.flatMap((p) => (p.lrGrid ?? []).map((row) => row.median).filter((m): m is number => m !== null));
  const yValues = [...gridMedians, ...finite.flatMap((r) => [r.lo, r.hi, r.median as number]), ...(fitLine ? dRange.map(fitLine) : []), ...(referenceLine ? dRange.map(referenceLine) : [])];
  const xEncoding = {
    field: "d",
    type: "quantitative",
    scale: { type: "log", nice: false, padding: 12 },
    title: "dimension d",
    axis: { values: ds, format: "d", labelOverlap: true },
  };
  const yEncoding = { type: "quantitative", scale: { type: "log" }, axis: logAxis(yValues) };
  const layers: Spec[] = [
    {
      data: { values: finite },
      mark: { type: "rule", strokeWidth: 1.5, color: "#444" },
      encoding: { x: xEncoding, y: { field: "lo", ...yEncoding, title: `weak recovery of ${sweep.target}: step n* (median, 25-75 %)` }, y2: { field: "hi" } },
    },
    {
      data: { values: finite },
      mark: { type: "point", filled: true, size: 60, color: "#111" },
      encoding: { x: xEncoding, y: { field: "median", ...yEncoding } },
    },
  ];
  if (sweep.sweep.lrGrid) {
    // a best-lr sweep: every lr's median as an open mark (the filled points are the best of them)
    const grid = sweep.perD.flatMap((p) => (p.lrGrid ?? []).filter((row) => row.median !== null).map((row) => ({ d: p.d, gridMedian: row.median, lr: `lr = ${row.lr}` })));
    layers.push({
      data: { values: grid },
      mark: { type: "point", filled: false, size: 50, opacity: 0.8 },
      encoding: { x: xEncoding, y: { field: "gridMedian", ...yEncoding }, shape: { field: "lr", type: "nominal", title: "median at each lr" }, color: { field: "lr", type: "nominal", legend: null } },
    });
  }
  const subtitle: string[] = [];
  if (referenceLine && reference) {
    const formula = reference.log ? `d${reference.exponent === 1 ? "" : "^" + reference.exponent} log d` : `d^${reference.exponent}`;
    layers.push({
      data: { values: dRange.map((d) => ({ d, reference: referenceLine(d), series: `theory: n* ∝ ${formula}` })) },
      mark: { type: "line", color: FIGURE_COLORS.reference, strokeWidth: 1.5, strokeDash: [6, 4] },
      encoding: { x: { field: "d", type: "quantitative" }, y: { field: "reference", type: "quantitative" } },
    });
    subtitle.push(`dashed: the theory's slope, n* ∝ ${formula}`);
  }
  if (sweep.fit && fitLine) {
    const { exponent, ci } = sweep.fit;
    const line = dRange.map((d) => ({ d, fit: fitLine(d) }));
    layers.push({
      data: { values: line },
      mark: { type: "line", color: FIGURE_COLORS.fit, strokeWidth: 2 },
      encoding: { x: { field: "d", type: "quantitative" }, y: { field: "fit", type: "quantitative" } },
    });
    // The label sits in the top-left corner, which a rising line never crosses.
    layers.push({
      data: { values: [{}] },
      mark: { type: "text", align: "left", baseline: "top", color: FIGURE_COLORS.fit, fontSize: 14, fontWeight: "bold" },
      encoding: { x: { value: 10 }, y: { value: 10 }, text: { value: `fit: n* ∝ d^${fmt(exponent)}` } },
    });
    subtitle.push(`n* ∝ d^a: a = ${fmt(exponent)}, 95% CI [${fmt(ci[0])}, ${fmt(ci[1])}]`);
    if (sweep.fitLogCorrected) {
      const c = sweep.fitLogCorrected;
      subtitle.push(`n* ∝ d^a log d: a = ${fmt(c.exponent)} [${fmt(c.ci[0])}, ${fmt(c.ci[1])}]`);
    }
  }
  if (sweep.fitMessage) subtitle.push(sweep.fitMessage);
  if (sweep.fit && sweep.fit.censoredResamples > 0) subtitle.push(`${sweep.fit.censoredResamples}/${sweep.fit.resamples} resamples lost a d to censoring`);
  if (sweep.sweep.lrGrid) subtitle.push(`best lr of ${sweep.sweep.lrGrid.join(", ")} at each d (eta = lr d^-${(sweep.config.learner as { lrExponent?: number }).lrExponent ?? 1}): ${sweep.perD.map((p) => `${p.d}: ${p.bestLr ?? "none"}`).join(", ")}`);
  subtitle.push(`null control: ${sweep.control.recovered}/${sweep.control.total} recovered`);
  if (sweep.independentControl) subtitle.push(`independent latents, same betas: ${sweep.independentControl.recovered}/${sweep.independentControl.total} recovered`);
  for (const r of rows) if (r.label !== "") subtitle.push(`d = ${r.d}: ${r.label}`);
  return { title: { text: sweep.source || sweep.description, subtitle, limit: 2 * WIDTH }, width: WIDTH, height: HEIGHT + 40, layer: layers };
}

export function sweepFigure(sweeps: SweepWithReference[]): Spec {
  const panels = sweeps.map(sweepPanel);
  const title = sweeps.length === 1 ? (sweeps[0].description || "Weak-recovery time against dimension") : "Weak-recovery time against dimension";
  return figure({ hconcat: panels, spacing: 28, resolve: { scale: { y: "independent", x: "independent" } } }, title);
}

const OVERLAY_COLORS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

/** A sweep of a step-size set with the theory's verdict at its own step-size rule (stepSizeVerdictOf). */
export type SweepWithVerdict = SweepResult & { verdict?: StepSizeVerdict | null };

/**
 * Several sweeps on one pair of log-log axes (the paired sweep: independent against correlated latents):
 * each series its colour, its medians with 25-75 % bars, its fitted line over its own range of d, and its
 * exponent with the bootstrap interval in the legend and the subtitle (and the log-corrected exponent).
 * When every sweep carries the theory's verdict at its step size and they differ in the exponent a of
 * eta = lr d^-a (the step-size presets), a second panel draws the fitted exponent against a beside the
 * theory's a + (k - 2)/2 and the threshold a = k/2 (exponentPanel).
 */
export function sweepOverlayFigure(sweeps: { name: string; sweep: SweepWithVerdict }[], title?: string): Spec {
  const points: Spec[] = [], lines: Spec[] = [];
  const subtitle: string[] = [];
  const names: string[] = [];
  for (const { name, sweep } of sweeps) {
    const f = sweep.fit;
    const lc = sweep.fitLogCorrected;
    const logText = lc && sweep.sweep.steps.logPower > 0 ? `; d^${fmt(lc.exponent)} log d [${fmt(lc.ci[0])}, ${fmt(lc.ci[1])}]` : "";
    const series = f ? `${name}: d^${fmt(f.exponent)} [${fmt(f.ci[0])}, ${fmt(f.ci[1])}]${logText}` : `${name}: not recovered within the budget (no fit)`;
    names.push(series);
    for (const p of sweep.perD) {
      if (p.median === null) continue;
      points.push({ series, d: p.d, median: p.median, lo: p.quantiles.q25 ?? p.steps, hi: p.quantiles.q75 ?? p.steps });
    }
    if (f) {
      for (const d of [Math.min(...f.dimensions), Math.max(...f.dimensions)]) lines.push({ series, d, fit: fitAt(f, d) });
    }
    const lr = (sweep.config.learner as { lr?: number; lrExponent?: number; lrW?: number });
    const rule = sweep.config.learner.kind === "network" ? `eta = ${lr.lrW} / d` : sweep.sweep.lrGrid ? `eta = lr d^-${lr.lrExponent ?? 1}, best lr of ${sweep.sweep.lrGrid.join(", ")}` : `eta = ${lr.lr} d^-${lr.lrExponent ?? 1}`;
    const parts = [`${name} (${rule}, ${sweep.sweep.replicas} replicas, d = ${sweep.perD[0].d}..${sweep.perD[sweep.perD.length - 1].d})`];
    if (f) parts.push(`n* ∝ d^${fmt(f.exponent)}, 95% CI [${fmt(f.ci[0])}, ${fmt(f.ci[1])}]${f.censoredResamples > 0 ? `, ${f.censoredResamples} resamples lost a d` : ""}`);
    const c = sweep.fitLogCorrected;
    if (c && (sweep.sweep.steps.logPower > 0 || sweep.verdict?.log)) parts.push(`n* ∝ d^a log d: a = ${fmt(c.exponent)} [${fmt(c.ci[0])}, ${fmt(c.ci[1])}]`);
    if (sweep.fitMessage) parts.push(sweep.fitMessage.startsWith("no fit") ? "not recovered within the budget (no fit: censored medians)" : sweep.fitMessage);
    parts.push(`null control ${sweep.control.recovered}/${sweep.control.total}`);
    if (sweep.independentControl) parts.push(`independent latents at the same betas ${sweep.independentControl.recovered}/${sweep.independentControl.total} recovered`);
    subtitle.push(parts.join("; "));
  }
  // The theory's slope of each sweep (dashed, its colour), through its fitted line at the middle of its d range.
  const references: Spec[] = [];
  sweeps.forEach(({ sweep }, i) => {
    const f = sweep.fit, verdict = sweep.verdict, series = names[i];
    if (!f || !verdict || verdict.exponent === null) return;
    const reference = { exponent: verdict.exponent, log: verdict.log };
    const lo = Math.min(...f.dimensions), hi = Math.max(...f.dimensions), middle = Math.sqrt(lo * hi);
    for (const d of [lo, hi]) references.push({ series, d, reference: referenceAt(reference, fitAt(f, middle), middle, d) });
  });
  const color = { field: "series", type: "nominal", title: null, scale: { domain: names, range: OVERLAY_COLORS.slice(0, names.length) }, legend: { orient: "bottom", direction: "vertical", labelLimit: 600 } };
  const ds = points.map((p) => p.d as number);
  const yValues = [...points.flatMap((p) => [p.lo as number, p.hi as number, p.median as number]), ...lines.map((l) => l.fit as number), ...references.map((r) => r.reference as number)];
  // Over less than a decade or so the powers of ten leave too few ticks: then the sweeps' own d (if few).
  const distinct = [...new Set(ds)].sort((a, b) => a - b);
  const xAxisSpec = logTicks(Math.min(...ds), Math.max(...ds)).length < 3 && distinct.length <= 10 ? { values: distinct, format: "d", labelOverlap: true } : logAxis(ds);
  const x = { field: "d", type: "quantitative", scale: { type: "log", nice: false, padding: 16 }, title: "dimension d", axis: xAxisSpec };
  const y = { type: "quantitative", scale: { type: "log" }, axis: logAxis(yValues) };
  const layers: Spec[] = [
    { data: { values: points }, mark: { type: "rule", strokeWidth: 1.5 }, encoding: { x, y: { field: "lo", ...y }, y2: { field: "hi" }, color } },
    { data: { values: points }, mark: { type: "point", filled: true, size: 60 }, encoding: { x, y: { field: "median", ...y, title: "weak-recovery step n* (median, 25-75 %)" }, color } },
    { data: { values: lines }, mark: { type: "line", strokeWidth: 2 }, encoding: { x, y: { field: "fit", ...y }, color, detail: { field: "series" } } },
  ];
  if (references.length > 0) {
    layers.push({ data: { values: references }, mark: { type: "line", strokeWidth: 1.5, strokeDash: [6, 4] }, encoding: { x, y: { field: "reference", ...y }, color, detail: { field: "series" } } });
    subtitle.push("dashed: the theory's slope at each sweep's step size, through its fit at the middle of its d range");
  }
  const overlay = { width: 2 * WIDTH, height: 2 * HEIGHT, layer: layers };
  const exponents = exponentRows(sweeps);
  if (exponents === null) return figure(overlay, title ?? "Weak-recovery time against dimension", subtitle);
  return figure({ hconcat: [overlay, exponentPanel(exponents)], spacing: 40 }, title ?? "Weak-recovery time against dimension", subtitle);
}

/** One sweep of a step-size set: its a, the theory's verdict, the fitted exponent (null: no fit). */
export interface ExponentRow {
  name: string;
  a: number;
  /** The theory: information exponent k, threshold a_c = max(1, k/2), exponent at a (null below a_c). */
  k: number;
  threshold: number;
  predicted: number | null;
  measured: number | null;
  ci: [number | null, number | null] | null;
}

/** The step-size set's rows, or null when the sweeps are not one (fewer than 3, a verdict missing, a repeated). */
export function exponentRows(sweeps: { name: string; sweep: SweepWithVerdict }[]): ExponentRow[] | null {
  if (sweeps.length < 3 || sweeps.some(({ sweep }) => !sweep.verdict)) return null;
  const rows = sweeps.map(({ name, sweep }) => {
    const v = sweep.verdict!;
    return { name, a: v.lrExponent, k: v.informationExponent, threshold: v.thresholdExponent, predicted: v.exponent, measured: sweep.fit?.exponent ?? null, ci: sweep.fit?.ci ?? null };
  });
  if (new Set(rows.map((r) => r.a)).size !== rows.length || new Set(rows.map((r) => r.k)).size !== 1) return null;
  return rows.sort((p, q) => p.a - q.a);
}

/**
 * The fitted exponent against a (eta = lr d^-a) with its 95 % interval, the theory's line a + (k - 2)/2 from
 * the threshold a = k/2 on (dashed; for k <= 2 the exponent a, with a log for k = 2) and the threshold as a
 * vertical rule; a sweep without a fit (its medians censored: not recovered within the budget) is a cross
 * at the bottom of the panel.
 */
export function exponentPanel(rows: ExponentRow[]): Spec {
  const k = rows[0].k, threshold = rows[0].threshold;
  const aMin = Math.min(...rows.map((r) => r.a)), aMax = Math.max(...rows.map((r) => r.a));
  const theoryAt = (a: number) => (k >= 3 ? a + (k - 2) / 2 : a);
  const theory = [threshold, Math.max(aMax, threshold)].map((a) => ({ a, exponent: theoryAt(a), series: `theory: a + (k - 2)/2, k = ${k}` }));
  const measured = rows.filter((r) => r.measured !== null);
  const values: number[] = [...theory.map((t) => t.exponent)];
  for (const r of measured) for (const x of [r.measured, ...(r.ci ?? [])]) if (x !== null) values.push(x);
  const yMin = Math.floor(2 * (Math.min(...values) - 0.5)) / 2, yMax = Math.ceil(2 * (Math.max(...values) + 0.25)) / 2;
  // an unbounded end of an interval (resamples that lost a d to censoring) runs to the edge of the panel
  const fitted = measured.map((r) => ({ a: r.a, exponent: r.measured, lo: r.ci?.[0] ?? yMin, hi: r.ci?.[1] ?? yMax }));
  const refused = rows.filter((r) => r.measured === null).map((r) => ({ a: r.a, exponent: yMin + 0.15, label: "not recovered" }));
  const pad = 0.15 * Math.max(aMax - aMin, 0.5);
  const x = { field: "a", type: "quantitative", scale: { domain: [aMin - pad, aMax + pad], nice: false }, title: "a in eta = lr d^-a" };
  const y = { field: "exponent", type: "quantitative", scale: { domain: [yMin, yMax], nice: false }, title: "exponent of n* ~ d^x (fit, 95 % CI)" };
  return {
    width: WIDTH,
    height: 2 * HEIGHT,
    layer: [
      { data: { values: [{ a: threshold }] }, mark: { type: "rule", color: FIGURE_COLORS.threshold, strokeDash: [2, 3], strokeWidth: 1.5 }, encoding: { x } },
      { data: { values: [{ a: threshold, exponent: yMax, label: `threshold a = ${threshold}` }] }, mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 4, color: FIGURE_COLORS.threshold }, encoding: { x, y, text: { field: "label" } } },
      { data: { values: theory }, mark: { type: "line", color: FIGURE_COLORS.reference, strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { x, y } },
      { data: { values: [theory[1]] }, mark: { type: "text", align: "right", baseline: "bottom", dy: -6, color: FIGURE_COLORS.reference }, encoding: { x, y, text: { field: "series" } } },
      { data: { values: fitted }, mark: { type: "rule", color: FIGURE_COLORS.fit, strokeWidth: 2 }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" } } },
      { data: { values: fitted }, mark: { type: "point", filled: true, size: 70, color: FIGURE_COLORS.fit }, encoding: { x, y } },
      { data: { values: refused }, mark: { type: "point", shape: "cross", size: 90, filled: true, color: "#111" }, encoding: { x, y } },
      { data: { values: refused }, mark: { type: "text", angle: 0, dy: -12, fontSize: 10, color: "#111" }, encoding: { x, y, text: { field: "label" } } },
    ],
  };
}
