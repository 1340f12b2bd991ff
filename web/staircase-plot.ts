// The live staircase: mean |overlap| with m, u, v (and the test accuracy) over the replicas finished so
// far, against the step on a log axis, redrawn as each replica arrives from the worker. uPlot draws to one
// canvas and redraws thousands of points in well under a frame.
import uPlot from "uplot";
import type { Checkpoint } from "./stairs-api.js";

const COLORS = { m: "#d9730d", u: "#2f6fdb", v: "#1b9e5a", accuracy: "#6b6b6b", threshold: "#b0b6c3" };

export class StaircasePlot {
  private readonly plot: uPlot;
  /** checkpoints[replica] = the checkpoints that replica has reported so far, in step order. */
  private checkpoints: Checkpoint[][] = [];
  private threshold = 0.5;
  private showAccuracy = false;

  constructor(private readonly container: HTMLElement) {
    const width = Math.max(320, container.clientWidth - 10);
    this.plot = new uPlot(this.options(width), [[], [], [], [], [], []], container);
    new ResizeObserver(() => {
      const w = Math.max(320, container.clientWidth - 10);
      if (Math.abs(w - this.plot.width) > 1) this.plot.setSize({ width: w, height: 340 });
    }).observe(container);
  }

  private options(width: number): uPlot.Options {
    return {
      width,
      height: 340,
      scales: { x: { time: false, distr: 3, log: 10, range: (_u, min, max) => [min, max] }, y: { range: [0, 1] } },
      axes: [
        { label: "samples n (one fresh sample per step)", stroke: "#1d2330", grid: { stroke: "#eceef3" }, ticks: { stroke: "#d9dde6" }, values: (_u, ticks) => ticks.map((tick) => (tick == null ? "" : powerOfTen(tick))) },
        { label: "mean |overlap|, accuracy", stroke: "#1d2330", grid: { stroke: "#eceef3" }, ticks: { stroke: "#d9dde6" }, size: 50 },
      ],
      series: [
        { label: "n", value: (_u, v) => (v == null ? "-" : Math.round(v).toLocaleString("en-US")) },
        { label: "|\u03b1m| mean", stroke: COLORS.m, width: 2, value: fixed, points: { size: 4 } },
        { label: "|\u03b1u| covariance", stroke: COLORS.u, width: 2, value: fixed, points: { size: 4 } },
        { label: "|\u03b1v| cumulant", stroke: COLORS.v, width: 2, value: fixed, points: { size: 4 } },
        { label: "accuracy", stroke: COLORS.accuracy, width: 1.5, dash: [6, 4], value: fixed, show: false, points: { show: false } },
        { label: "threshold", stroke: COLORS.threshold, width: 1, dash: [2, 3], value: fixed, points: { show: false } },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
    };
  }

  /** Starts an empty plot for a new run. */
  reset(threshold: number, showAccuracy: boolean): void {
    this.checkpoints = [];
    this.threshold = threshold;
    if (this.showAccuracy !== showAccuracy) {
      this.showAccuracy = showAccuracy;
      this.plot.setSeries(4, { show: showAccuracy });
    }
    this.redraw();
  }

  /** A replica's checkpoints so far (while it runs) or all of them (when it ends). */
  addReplica(replica: number, checkpoints: readonly Checkpoint[]): void {
    this.checkpoints[replica] = checkpoints.slice();
    this.redraw();
  }

  /** Replaces everything by a finished run's replicas (the final word after the live updates). */
  setAll(replicas: { checkpoints: Checkpoint[] }[]): void {
    this.checkpoints = replicas.map((r) => r.checkpoints.slice());
    this.redraw();
  }

  private redraw(): void {
    // Replicas share one checkpoint grid (a diverged one stops early): average over those with each point.
    const grid = this.checkpoints.reduce<Checkpoint[]>((longest, list) => (list && list.length > longest.length ? list : longest), []);
    const xs: number[] = [], threshold: number[] = [];
    const m: (number | null)[] = [], u: (number | null)[] = [], v: (number | null)[] = [], accuracy: (number | null)[] = [];
    // A direction a model does not have (m and u in tensor PCA) is null in the result: no curve, not 0.
    const mean = (values: (number | null)[]) => {
      const finite = values.filter((x): x is number => x !== null && Number.isFinite(x));
      return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
    };
    grid.forEach((point, i) => {
      if (point.step <= 0) return; // a log axis has no place for the start; the first checkpoint after it shows the noise floor
      const reached = this.checkpoints.map((list) => list?.[i]).filter((c): c is Checkpoint => c !== undefined);
      const abs = (x: number | null) => (x === null ? null : Math.abs(x));
      xs.push(point.step);
      m.push(mean(reached.map((c) => abs(c.overlap.m))));
      u.push(mean(reached.map((c) => abs(c.overlap.u))));
      v.push(mean(reached.map((c) => abs(c.overlap.v))));
      accuracy.push(mean(reached.map((c) => c.accuracy)));
      threshold.push(this.threshold);
    });
    this.plot.setData([xs, m, u, v, accuracy, threshold]);
    this.container.dataset.points = String(xs.length);
    this.container.dataset.replicas = String(this.checkpoints.filter(Boolean).length);
  }
}

/** Tick labels at powers of ten only (10, 100, 1k, 10k, 100k, 1M, 1e7...); the other log ticks stay unlabelled. */
function powerOfTen(value: number): string {
  if (!(value > 0)) return "";
  const exponent = Math.round(Math.log10(value));
  if (Math.abs(value - 10 ** exponent) > 1e-9 * value) return "";
  const names: Record<number, string> = { 0: "1", 1: "10", 2: "100", 3: "1k", 4: "10k", 5: "100k", 6: "1M", 7: "10M", 8: "100M", 9: "1G" };
  return names[exponent] ?? `1e${exponent}`;
}

function fixed(_u: uPlot, value: number | null): string {
  return value == null ? "-" : value.toFixed(3);
}
