// The live staircase: the median |overlap| with m, u, v and its 25-75 % band (and the test accuracy) over
// the replicas reported so far, against n/d on a log axis, as `stairs plot` draws it (same colours, same
// statistics: src/analysis/figure-style.ts), redrawn as each replica arrives from the worker. uPlot draws to one
// canvas and redraws thousands of points in well under a frame.
import uPlot from "uplot";
import { band, DIRECTION_LABELS, FIGURE_COLORS, type Checkpoint } from "./stairs-api.js";

const COLORS = FIGURE_COLORS;
const DIRECTIONS = ["m", "u", "v"] as const;
/** Series indices: 0 x, 1-3 the medians of m, u, v, 4 accuracy, 5 threshold, 6-11 the 25 % and 75 % of m, u, v. */
const LO = (j: number) => 6 + 2 * j;
const HI = (j: number) => 7 + 2 * j;

/** What the plot needs to know of a run: its threshold, whether it scores accuracy, d and batch for n/d. */
export interface PlotSetup {
  threshold: number;
  showAccuracy: boolean;
  d: number;
  batch: number;
  /** The directions the model has (tensor PCA: v only). */
  directions: readonly ("m" | "u" | "v")[];
}

/** A colour with an alpha channel (the 25-75 % bands). */
const translucent = (hex: string) => `${hex}33`;

export class StaircasePlot {
  private readonly plot: uPlot;
  /** checkpoints[replica] = the checkpoints that replica has reported so far, in step order. */
  private checkpoints: Checkpoint[][] = [];
  private setup: PlotSetup = { threshold: 0.5, showAccuracy: false, d: 1, batch: 1, directions: DIRECTIONS };

  constructor(private readonly container: HTMLElement) {
    const width = Math.max(320, container.clientWidth - 10);
    this.plot = new uPlot(this.options(width), Array.from({ length: 12 }, () => []) as unknown as uPlot.AlignedData, container);
    new ResizeObserver(() => {
      const w = Math.max(320, container.clientWidth - 10);
      if (Math.abs(w - this.plot.width) > 1) this.plot.setSize({ width: w, height: 340 });
    }).observe(container);
  }

  private options(width: number): uPlot.Options {
    const quartile = (j: number, q: string): uPlot.Series => ({ label: `${DIRECTIONS[j]} ${q}`, stroke: "transparent", width: 0, value: fixed, points: { show: false } });
    return {
      width,
      height: 340,
      scales: { x: { time: false, distr: 3, log: 10, range: (_u, min, max) => [min, max] }, y: { range: [0, 1] } },
      axes: [
        { label: "samples per dimension n/d", stroke: "#1d2330", grid: { stroke: "#eceef3" }, ticks: { stroke: "#d9dde6" }, values: (_u, ticks) => ticks.map((tick) => (tick == null ? "" : powerOfTen(tick))) },
        { label: "|overlap| (median, 25-75 %), accuracy", stroke: "#1d2330", grid: { stroke: "#eceef3" }, ticks: { stroke: "#d9dde6" }, size: 50 },
      ],
      series: [
        { label: "n/d", value: (_u, v) => (v == null ? "-" : String(+v.toPrecision(4))) },
        { label: DIRECTION_LABELS.m, stroke: COLORS.m, width: 2, value: fixed, points: { size: 4 } },
        { label: DIRECTION_LABELS.u, stroke: COLORS.u, width: 2, value: fixed, points: { size: 4 } },
        { label: DIRECTION_LABELS.v, stroke: COLORS.v, width: 2, value: fixed, points: { size: 4 } },
        { label: "accuracy (median)", stroke: COLORS.accuracy, width: 1.5, dash: [6, 4], value: fixed, show: false, points: { show: false } },
        { label: "threshold", stroke: COLORS.threshold, width: 1, dash: [2, 3], value: fixed, points: { show: false } },
        quartile(0, "25 %"), quartile(0, "75 %"), quartile(1, "25 %"), quartile(1, "75 %"), quartile(2, "25 %"), quartile(2, "75 %"),
      ],
      bands: DIRECTIONS.map((e, j) => ({ series: [HI(j), LO(j)] as [number, number], fill: translucent(COLORS[e]) })),
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
    };
  }

  /** Starts an empty plot for a new run. */
  reset(setup: PlotSetup): void {
    this.checkpoints = [];
    this.setup = setup;
    this.plot.setSeries(4, { show: setup.showAccuracy });
    DIRECTIONS.forEach((e, j) => {
      const show = setup.directions.includes(e);
      for (const index of [1 + j, LO(j), HI(j)]) this.plot.setSeries(index, { show });
    });
    this.container.dataset.directions = setup.directions.join("");
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
    // The statistics of `stairs plot` (src/analysis/figure-style.ts): median and 25-75 % over the replicas
    // that reached each checkpoint (a diverged one stops early), against n/d.
    const grid = this.checkpoints.reduce<Checkpoint[]>((longest, list) => (list && list.length > longest.length ? list : longest), []);
    const { d, batch } = this.setup;
    const xs: number[] = [], threshold: number[] = [], accuracy: (number | null)[] = [];
    const median: (number | null)[][] = [[], [], []], lo: (number | null)[][] = [[], [], []], hi: (number | null)[][] = [[], [], []];
    grid.forEach((point, i) => {
      if (point.step <= 0) return; // a log axis has no place for the start; the first checkpoint after it shows the noise floor
      const reached = this.checkpoints.map((list) => list?.[i]).filter((c): c is Checkpoint => c !== undefined);
      xs.push((point.step * batch) / d);
      DIRECTIONS.forEach((e, j) => {
        // A direction a model does not have (m and u in tensor PCA) is null in the result: no curve, not 0.
        const b = band(reached.map((c) => (c.overlap[e] === null ? null : Math.abs(c.overlap[e]!))));
        median[j].push(b ? b.median : null);
        lo[j].push(b ? b.lo : null);
        hi[j].push(b ? b.hi : null);
      });
      accuracy.push(band(reached.map((c) => c.accuracy))?.median ?? null);
      threshold.push(this.setup.threshold);
    });
    this.plot.setData([xs, median[0], median[1], median[2], accuracy, threshold, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]] as uPlot.AlignedData);
    this.container.dataset.points = String(xs.length);
    this.container.dataset.replicas = String(this.checkpoints.filter(Boolean).length);
  }
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
