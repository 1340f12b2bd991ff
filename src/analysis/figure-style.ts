// What every figure of stairs shares, the page (web/staircase-plot.ts) and the command line's SVG, PNG and
// PDF (src/cli/plot/): the colours of the directions and the statistics drawn. Both draw |alpha_e| against
// n/d (samples per dimension) on a log axis: the median over replicas and the 25-75 % band. Platform-neutral.

/** Okabe-Ito colours (distinct for the common colour-vision deficiencies). */
export const FIGURE_COLORS = { m: "#0072b2", u: "#e69f00", v: "#009e73", accuracy: "#6a3d9a", threshold: "#888888", reference: "#555555", fit: "#d55e00" } as const;

/** How the directions are named in legends. */
export const DIRECTION_LABELS = { m: "|α_m| (mean)", u: "|α_u| (covariance)", v: "|α_v| (cumulant)" } as const;

/**
 * The test sets whose accuracy a run figure draws, by legend label (the full one; with record.censored the
 * two whose y = +1 class is replaced by a Gaussian), each with its colour; the Bayes line of each (dashed)
 * takes the colour of its set.
 */
export const ACCURACY_COLORS = { "full test set": "#6a3d9a", "censored: mean only": "#1f77b4", "censored: mean + covariance": "#ff7f0e" } as const;

/** Samples of the Monte Carlo behind a figure's Bayes lines (stairs.bayesAccuracy on the run's model, seed = the run's seed). */
export const BAYES_LINE_SAMPLES = 1 << 18;

/** The log axis starts at n/d = 0.01: before, no learner has moved from its random start. */
export const MIN_N_OVER_D = 0.01;

/** The accuracy axis shared by the runs of a comparison: [lo, hi] (the bands and the Bayes lines) rounded out to 0.02. */
export function accuracyDomain(lo: number, hi: number): [number, number] {
  return [Math.floor(lo * 50) / 50, Math.ceil(hi * 50) / 50];
}

/** The q-quantile of sorted values (linear interpolation, NumPy's default). */
export function sortedQuantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

/** Median and 25-75 % band of the finite values (null when there are none). */
export function band(values: readonly (number | null)[]): { median: number; lo: number; hi: number } | null {
  const sorted = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return { median: sortedQuantile(sorted, 0.5), lo: sortedQuantile(sorted, 0.25), hi: sortedQuantile(sorted, 0.75) };
}

/**
 * Tick values of a log axis over [lo, hi]: the powers of ten, and 2 and 5 times them when fewer than three
 * powers fall in the range, so that an axis neither crowds nor goes bare.
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi >= lo)) return [];
  const first = Math.floor(Math.log10(lo)), last = Math.ceil(Math.log10(hi));
  const inRange = (x: number) => x >= lo * (1 - 1e-9) && x <= hi * (1 + 1e-9);
  const powers: number[] = [];
  for (let k = first; k <= last; k++) powers.push(Number(`1e${k}`));
  const ticks = powers.filter(inRange);
  if (ticks.length >= 3) return ticks;
  return powers.flatMap((p) => [p, 2 * p, 5 * p]).filter(inRange);
}

/** A tick label: 0.01, 0.1, 1, 10, 100, 1k, 10k, 100k, 1M, 10M, ... (no thousands separators). */
export function tickLabel(value: number): string {
  if (!(value > 0)) return String(value);
  const units: [number, string][] = [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];
  for (const [scale, unit] of units) if (value >= scale) return `${+(value / scale).toPrecision(3)}${unit}`;
  return String(+value.toPrecision(3));
}
