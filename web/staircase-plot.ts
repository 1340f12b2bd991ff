// The live figure of a run, as `stairs plot` draws it (same colours, same statistics, same panels:
// src/analysis/figure-style.ts and src/cli/plot/figures.ts): for each run a panel with the median |overlap|
// with m, u, v and its 25-75 % band against n/d on a log axis, with the recovery threshold; below it, when the
// run scores a test set, the test accuracy on the full test set and on the censored ones (same mean; same mean
// and covariance), each with its band and its Bayes-optimal accuracy as a dashed line of its colour. The runs
// of a multi-run preset stand side by side on the same axes (n/d; one accuracy scale for all, as
// comparisonFigure does). Redrawn as each replica reports; uPlot draws to canvases and redraws thousands of
// points in well under a frame.
import uPlot from "uplot";
import { ACCURACY_COLORS, accuracyDomain, band, DIRECTION_LABELS, FIGURE_COLORS, MIN_N_OVER_D, type Checkpoint, type ExperimentConfig } from "./stairs-api.js";
import type { BayesLines } from "./protocol.js";

const DIRECTIONS = ["m", "u", "v"] as const;
/** The accuracy series in legend order: the full test set, then the two censored ones (record.censored). */
const TEST_SETS = ["full test set", "censored: mean only", "censored: mean + covariance"] as const;
const BAYES_KEYS = ["full", "mean", "covariance"] as const;
const BAYES_LABELS = ["Bayes: full", "Bayes: mean only", "Bayes: mean + covariance"] as const;
const OVERLAP_HEIGHT = 300;
const ACCURACY_HEIGHT = 190;

/** A colour with an alpha channel (the 25-75 % bands). */
const translucent = (hex: string, alpha = "33") => `${hex}${alpha}`;
const axisStyle = { stroke: "#1d2330", grid: { stroke: "#eceef3" }, ticks: { stroke: "#d9dde6" } };

type Column = (number | null)[];

/** What a panel has computed from its replicas: the columns of its two charts and the ranges it spans. */
interface Stats {
  xs: number[];
  overlaps: uPlot.AlignedData;
  accuracy: uPlot.AlignedData;
  accuracyPoints: number;
  /** Lowest and highest accuracy drawn (bands and Bayes lines), for the shared scale. */
  accuracySpan: [number, number] | null;
}

/** One run: a title, its own progress, the overlap chart and (with a test set) the accuracy chart. */
export class RunPanel {
  readonly element: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly status: HTMLElement;
  private readonly overlapChart: uPlot;
  private readonly accuracyChart: uPlot | null;
  /** The directions the model has (tensor PCA: v only) and the test sets the run scores, as indices. */
  private readonly directions: number[];
  private readonly sets: number[];
  /** checkpoints[replica] = the checkpoints that replica has reported so far, in step order. */
  private checkpoints: Checkpoint[][] = [];
  private bayes: BayesLines | null = null;
  private stats: Stats | null = null;
  private ranges: { x: [number, number] | null; accuracy: [number, number] | null } = { x: null, accuracy: null };

  constructor(readonly name: string, readonly config: ExperimentConfig, private readonly onChange: () => void) {
    this.element = element("article", "panel");
    this.element.dataset.run = name;
    const header = element("header", "panel-head");
    const title = element("h3");
    title.textContent = name;
    const subtitle = element("p", "hint");
    subtitle.textContent = describeRun(config).join("; ");
    this.progress = Object.assign(element("progress") as HTMLProgressElement, { max: 1, value: 0 });
    this.status = element("span", "panel-status hint");
    const bar = element("div", "panel-progress");
    bar.append(this.progress, this.status);
    header.append(title, subtitle, bar);
    const overlapBox = element("div", "chart overlaps");
    this.element.append(header, overlapBox);

    this.directions = config.model.kind === "tensor-pca" ? [2] : [0, 1, 2];
    this.sets = config.record.testSize === 0 ? [] : config.record.censored === true ? [0, 1, 2] : [0];
    this.overlapChart = new uPlot(this.overlapOptions(), emptyData(2 + 3 * this.directions.length), overlapBox);
    let accuracyBox: HTMLElement | null = null;
    if (this.sets.length > 0) {
      accuracyBox = element("div", "chart accuracy");
      this.element.append(accuracyBox);
      this.accuracyChart = new uPlot(this.accuracyOptions(), emptyData(1 + 4 * this.sets.length), accuracyBox);
    } else {
      this.accuracyChart = null;
    }
    this.element.dataset.directions = this.directions.map((j) => DIRECTIONS[j]).join("");
    this.element.dataset.testSets = String(this.sets.length);
    this.element.dataset.replicas = "0";
    this.element.dataset.points = "0";
    this.element.dataset.accuracyPoints = "0";
    new ResizeObserver(() => {
      const w = chartWidth(overlapBox);
      if (Math.abs(w - this.overlapChart.width) > 1) {
        this.overlapChart.setSize({ width: w, height: OVERLAP_HEIGHT });
        this.accuracyChart?.setSize({ width: w, height: ACCURACY_HEIGHT });
      }
    }).observe(overlapBox);
  }

  private overlapOptions(): uPlot.Options {
    const n = this.directions.length;
    const quartile = (j: number, q: string): uPlot.Series => ({ label: `${DIRECTIONS[j]} ${q}`, class: "quartile", stroke: "transparent", width: 0, value: fixed, points: { show: false } });
    return {
      ...this.common(OVERLAP_HEIGHT),
      scales: { x: this.xScale(), y: { range: [0, 1] } },
      axes: [xAxis(), { label: "|overlap| (median, 25-75 %)", ...axisStyle, size: 50 }],
      series: [
        xSeries(),
        ...this.directions.map((j): uPlot.Series => ({ label: DIRECTION_LABELS[DIRECTIONS[j]], stroke: FIGURE_COLORS[DIRECTIONS[j]], width: 2, value: fixed, points: { size: 4 } })),
        { label: "threshold", stroke: FIGURE_COLORS.threshold, width: 1, dash: [2, 3], value: fixed, points: { show: false } },
        ...this.directions.flatMap((j) => [quartile(j, "25 %"), quartile(j, "75 %")]),
      ],
      bands: this.directions.map((j, i) => ({ series: [n + 3 + 2 * i, n + 2 + 2 * i] as [number, number], fill: translucent(FIGURE_COLORS[DIRECTIONS[j]]) })),
    };
  }

  private accuracyOptions(): uPlot.Options {
    const k = this.sets.length;
    const color = (j: number) => ACCURACY_COLORS[TEST_SETS[j]];
    const quartile = (j: number, q: string): uPlot.Series => ({ label: `${TEST_SETS[j]} ${q}`, class: "quartile", stroke: "transparent", width: 0, value: fixed, points: { show: false } });
    return {
      ...this.common(ACCURACY_HEIGHT),
      scales: { x: this.xScale(), y: { range: (_u, min, max) => this.ranges.accuracy ?? (min == null || max == null || !(max > min) ? [0.4, 1] : [min, max]) } },
      axes: [xAxis(), { label: "test accuracy", ...axisStyle, size: 50 }],
      series: [
        xSeries(),
        ...this.sets.map((j): uPlot.Series => ({ label: TEST_SETS[j], stroke: color(j), width: 2, value: fixed, points: { size: 3 } })),
        ...this.sets.map((j): uPlot.Series => ({ label: BAYES_LABELS[j], stroke: color(j), width: 1.5, dash: [6, 3], value: fixed, points: { show: false } })),
        ...this.sets.flatMap((j) => [quartile(j, "25 %"), quartile(j, "75 %")]),
      ],
      bands: this.sets.map((j, i) => ({ series: [2 * k + 2 + 2 * i, 2 * k + 1 + 2 * i] as [number, number], fill: translucent(color(j), "26") })),
    };
  }

  private common(height: number): Pick<uPlot.Options, "width" | "height" | "cursor" | "legend"> {
    return { width: 480, height, cursor: { drag: { x: false, y: false }, sync: { key: "stairs" } }, legend: { live: true } };
  }

  /** n/d on a log axis over the range every panel shares (the panel's own before any other reports). */
  private xScale(): uPlot.Scale {
    return { time: false, distr: 3, log: 10, range: (_u, min, max) => this.ranges.x ?? [min, max] };
  }

  /** A replica's checkpoints so far (while it runs) or all of them (when it ends). */
  addReplica(replica: number, checkpoints: readonly Checkpoint[]): void {
    this.checkpoints[replica] = checkpoints.slice();
    this.stats = null;
    this.onChange();
  }

  /** Replaces everything by a finished run's replicas (the final word after the live updates). */
  setAll(replicas: { checkpoints: Checkpoint[] }[]): void {
    this.checkpoints = replicas.map((r) => r.checkpoints.slice());
    this.stats = null;
    this.onChange();
  }

  setBayes(bayes: BayesLines | null): void {
    this.bayes = bayes;
    this.element.dataset.bayes = bayes ? this.sets.map((j) => bayes[BAYES_KEYS[j]]).join(",") : "";
    this.stats = null;
    this.onChange();
  }

  setProgress(fraction: number, text: string): void {
    this.progress.value = fraction;
    this.status.textContent = text;
  }

  /** The statistics of `stairs plot` (bands() of figures.ts): median and 25-75 % at every checkpoint with n/d >= 0.01. */
  computed(): Stats {
    if (this.stats) return this.stats;
    // Over the replicas that reached each checkpoint (a diverged one stops early).
    const grid = this.checkpoints.reduce<Checkpoint[]>((longest, list) => (list && list.length > longest.length ? list : longest), []);
    const d = this.config.model.d;
    const batch = (this.config.learner as { batch?: number }).batch ?? 1;
    const xs: number[] = [], threshold: number[] = [];
    const oMedian: Column[] = this.directions.map(() => []), oLo: Column[] = this.directions.map(() => []), oHi: Column[] = this.directions.map(() => []);
    const aMedian: Column[] = this.sets.map(() => []), aLo: Column[] = this.sets.map(() => []), aHi: Column[] = this.sets.map(() => []);
    const score = [(c: Checkpoint) => c.accuracy, (c: Checkpoint) => c.censored?.mean.accuracy ?? null, (c: Checkpoint) => c.censored?.covariance.accuracy ?? null];
    let accuracyPoints = 0;
    let lo = Infinity, hi = -Infinity;
    grid.forEach((point, index) => {
      if (!(point.step > 0 && (point.step * batch) / d >= MIN_N_OVER_D)) return;
      const reached = this.checkpoints.map((list) => list?.[index]).filter((c): c is Checkpoint => c !== undefined);
      xs.push((point.step * batch) / d);
      threshold.push(this.config.recovery.threshold);
      this.directions.forEach((j, i) => {
        const e = DIRECTIONS[j];
        const b = band(reached.map((c) => (c.overlap[e] === null ? null : Math.abs(c.overlap[e]!))));
        oMedian[i].push(b ? b.median : null);
        oLo[i].push(b ? b.lo : null);
        oHi[i].push(b ? b.hi : null);
      });
      let any = false;
      this.sets.forEach((j, i) => {
        const b = band(reached.map(score[j]));
        aMedian[i].push(b ? b.median : null);
        aLo[i].push(b ? b.lo : null);
        aHi[i].push(b ? b.hi : null);
        if (b) {
          any = true;
          lo = Math.min(lo, b.lo);
          hi = Math.max(hi, b.hi);
        }
      });
      if (any) accuracyPoints++;
    });
    const bayes = this.sets.map((j) => (this.bayes ? this.bayes[BAYES_KEYS[j]] : null));
    if (accuracyPoints > 0) {
      for (const value of bayes) {
        if (value === null) continue;
        lo = Math.min(lo, value);
        hi = Math.max(hi, value);
      }
    }
    const quartiles = (los: Column[], his: Column[]) => los.flatMap((l, i) => [l, his[i]]);
    this.stats = {
      xs,
      overlaps: [xs, ...oMedian, threshold, ...quartiles(oLo, oHi)] as uPlot.AlignedData,
      accuracy: [xs, ...aMedian, ...bayes.map((value) => xs.map(() => value)), ...quartiles(aLo, aHi)] as uPlot.AlignedData,
      accuracyPoints,
      accuracySpan: accuracyPoints > 0 ? [lo, hi] : null,
    };
    return this.stats;
  }

  /** Draws with the ranges every panel shares. */
  draw(x: [number, number] | null, accuracy: [number, number] | null): void {
    const stats = this.computed();
    this.ranges = { x, accuracy };
    this.overlapChart.setData(stats.overlaps);
    this.accuracyChart?.setData(stats.accuracy);
    this.element.dataset.points = String(stats.xs.length);
    this.element.dataset.accuracyPoints = String(stats.accuracyPoints);
    this.element.dataset.replicas = String(this.checkpoints.filter(Boolean).length);
  }

  destroy(): void {
    this.overlapChart.destroy();
    this.accuracyChart?.destroy();
    this.element.remove();
  }
}

/**
 * The panels of an experiment, side by side: one per run, sharing the n/d axis and the accuracy scale
 * (accuracyDomain over every run's bands and Bayes lines, as comparisonFigure does).
 */
export class RunPanels {
  private panels: RunPanel[] = [];
  private pending = false;

  constructor(private readonly container: HTMLElement) {}

  /** Starts empty panels for the runs of a new experiment. */
  reset(runs: { name: string; config: ExperimentConfig }[]): RunPanel[] {
    for (const panel of this.panels) panel.destroy();
    this.panels = runs.map(({ name, config }) => new RunPanel(name, config, () => this.changed()));
    this.container.replaceChildren(...this.panels.map((p) => p.element));
    this.container.dataset.runs = String(runs.length);
    this.redraw();
    return this.panels;
  }

  /** A change in one panel redraws all of them (the shared ranges may move), once per frame at most. */
  private changed(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.redraw();
    });
  }

  /** Redraws now (a finished run, and the tests, need not wait for a frame). */
  redraw(): void {
    const stats = this.panels.map((p) => p.computed());
    const xs = stats.flatMap((s) => (s.xs.length > 0 ? [s.xs[0], s.xs[s.xs.length - 1]] : []));
    const x: [number, number] | null = xs.length > 0 ? [Math.min(...xs), Math.max(...xs)] : null;
    const spans = stats.flatMap((s) => (s.accuracySpan ? [s.accuracySpan] : []));
    const accuracy = spans.length > 0 ? accuracyDomain(Math.min(...spans.map((s) => s[0])), Math.max(...spans.map((s) => s[1]))) : null;
    for (const panel of this.panels) panel.draw(x && x[1] > x[0] ? x : null, accuracy);
  }
}

/** Two short lines: the model, then the learner and the replicas (as describeRun of src/cli/plot/figures.ts). */
function describeRun(config: ExperimentConfig): string[] {
  const { model, learner } = config;
  if (model.kind === "tensor-pca") return [`tensor PCA, d = ${model.d}, order ${model.order}, β = ${model.beta}`, `${config.replicas} replicas`];
  const m = `${model.kind}, d = ${model.d}, β = (${model.betaM}, ${model.betaU}, ${model.betaV})`;
  const l = learner.kind === "network" ? `network K = ${(learner as { hidden: number }).hidden}` : `neuron ${JSON.stringify((learner as { activation: unknown }).activation)}`;
  return [`${m}, ${model.coupling.kind} latents`, `${l}, ${config.replicas} replicas`];
}

function xSeries(): uPlot.Series {
  return { label: "n/d", value: (_u, v) => (v == null ? "-" : String(+v.toPrecision(4))) };
}

function xAxis(): uPlot.Axis {
  return { label: "samples per dimension n/d", ...axisStyle, values: (_u, ticks) => ticks.map((tick) => (tick == null ? "" : powerOfTen(tick))) };
}

function emptyData(series: number): uPlot.AlignedData {
  return Array.from({ length: series }, () => []) as unknown as uPlot.AlignedData;
}

function chartWidth(box: HTMLElement): number {
  return Math.max(280, box.clientWidth - 4);
}

function element(tag: string, className?: string): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.className = className;
  return e;
}

/** Tick labels at powers of ten only (10, 100, 1k, 10k, 100k, 1M, 1e7...); the other log ticks stay unlabelled. */
function powerOfTen(value: number): string {
  if (!(value > 0)) return "";
  const exponent = Math.round(Math.log10(value));
  if (Math.abs(value - 10 ** exponent) > 1e-9 * value) return "";
  const names: Record<number, string> = { [-3]: "0.001", [-2]: "0.01", [-1]: "0.1", 0: "1", 1: "10", 2: "100", 3: "1k", 4: "10k", 5: "100k", 6: "1M", 7: "10M", 8: "100M", 9: "1G" };
  return names[exponent] ?? `1e${exponent}`;
}

function fixed(_u: uPlot, value: number | null): string {
  return value == null ? "-" : value.toFixed(3);
}
