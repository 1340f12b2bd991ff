// Scaling of weak-recovery times with the dimension: medians over replicas with censoring, a least-squares
// fit of ln n* against ln d, a variant with a log d correction, and a bootstrap confidence interval.
//
// Platform-neutral and deterministic: logarithms come from the wasm (`ln`), resampling from a seeded wasm
// stream (`uniforms`), and everything else is IEEE +, -, *, / in a fixed order, so a fit has the same bits
// on every host and for every number of workers.

/** A weak-recovery step, or null when the replica did not recover within its step budget (censored). */
export type RecoveryStep = number | null;

export const QUANTILE_LEVELS = { q10: 0.1, q25: 0.25, q50: 0.5, q75: 0.75, q90: 0.9 } as const;
export type Quantiles = Record<keyof typeof QUANTILE_LEVELS, number | null>;

/**
 * The q-quantile of a sorted sample by linear interpolation between order statistics (Hyndman-Fan type 7,
 * R's default). Censored values sort as +infinity, so a quantile is finite only when it falls among the
 * recovered replicas; an infinite quantile is reported as null.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const fraction = h - lo;
  if (fraction === 0 || lo + 1 >= sorted.length) return sorted[lo];
  const a = sorted[lo], b = sorted[lo + 1];
  if (b === Infinity) return Infinity;
  return a + fraction * (b - a);
}

// A typed array sorts numbers without a comparator call per comparison: the bootstrap takes thousands of
// medians (the same order as sort((a, b) => a - b) on these values: integers and +infinity).
function sortedWithCensoring(steps: readonly RecoveryStep[]): Float64Array {
  return Float64Array.from(steps, (s) => (s === null ? Infinity : s)).sort();
}

export function median(steps: readonly RecoveryStep[]): number {
  return quantileSorted(sortedWithCensoring(steps), 0.5);
}

export function quantiles(steps: readonly RecoveryStep[]): Quantiles {
  const sorted = sortedWithCensoring(steps);
  const out = {} as Quantiles;
  for (const [name, q] of Object.entries(QUANTILE_LEVELS)) {
    const value = quantileSorted(sorted, q);
    out[name as keyof Quantiles] = Number.isFinite(value) ? value : null;
  }
  return out;
}

export interface LineFit {
  slope: number;
  intercept: number;
}

/** Ordinary least squares y = slope x + intercept (two-pass: means first, then centred sums). */
export function leastSquares(x: readonly number[], y: readonly number[]): LineFit {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export interface ScalingFit {
  /** ln n* = exponent ln d + intercept (plain), or ln n* = exponent ln d + ln ln d + intercept (corrected). */
  exponent: number;
  intercept: number;
  /**
   * 95% bootstrap percentile interval of the exponent; an end is null (unbounded) when more than 2.5 % of
   * the resamples lost a dimension to censoring on that side (see fitScaling).
   */
  ci: [number | null, number | null];
  /** The dimensions that entered the fit. */
  dimensions: number[];
  /** Bootstrap resamples drawn (all of them enter the interval). */
  resamples: number;
  /** Resamples in which the median of some fitted d was censored: their slope is only a bound, +-infinity. */
  censoredResamples: number;
  /** The same, per dimension (a resample can count at several). */
  censoredResamplesByD: { d: number; resamples: number }[];
}

export interface ScalingFits {
  fit: ScalingFit | null;
  fitLogCorrected: ScalingFit | null;
  /** Why there is no fit (a censored median, fewer than two dimensions), or which dimensions were dropped. */
  message: string | null;
}

export interface ScalingInput {
  d: number;
  steps: readonly RecoveryStep[];
  /**
   * A grid of runs at this d (one per step size of a best-lr sweep): the d's median is the smallest of
   * their medians, chosen again in every bootstrap resample (see bestOfGrid). Absent: `steps` alone.
   */
  groups?: readonly (readonly RecoveryStep[])[];
}

/**
 * The best of a grid of runs at one d: the index of the run whose median weak-recovery step is smallest
 * (a censored median counts as +infinity; on a tie, the first) and that median; index -1 and +infinity when
 * every median is censored.
 */
export function bestOfGrid(groups: readonly (readonly RecoveryStep[])[]): { index: number; median: number } {
  let index = -1, best = Infinity;
  groups.forEach((steps, i) => {
    const m = median(steps);
    if (m < best) {
      best = m;
      index = i;
    }
  });
  return { index, median: best };
}

/**
 * What to do with a dimension whose median is censored (half or more of its replicas did not recover
 * within the budget): "refuse" the fit (default; a fit without it is biased low, as the slowest d is the
 * one left out), or "drop" it and say so.
 */
export type CensoredMedians = "refuse" | "drop";

// The type-7 quantile of a sorted sample that may hold -infinity and +infinity (the bounds of censored
// resamples): an interpolation next to an infinite order statistic is that infinity.
function percentile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const fraction = h - lo;
  const a = sorted[lo];
  if (fraction === 0 || lo + 1 >= sorted.length) return a;
  const b = sorted[lo + 1];
  if (a === -Infinity || b === Infinity) return a === -Infinity ? a : b;
  return a + fraction * (b - a);
}

/**
 * Fits ln(median n*) against ln d, and ln(median n* / ln d) against ln d (the n* ~ d^a log d form), with a
 * bootstrap over replicas: each resample redraws every d's replicas with replacement (index floor(u R) from
 * the seeded stream, d by d in increasing d, replica by replica) and refits both lines from the resampled
 * medians.
 *
 * With a grid of runs per d (`groups`, a best-lr sweep), the d's median is the smallest median of the grid,
 * and each resample redraws every run of the grid (in grid order) and chooses again, so the interval
 * carries the selection's own noise (the minimum of noisy medians is biased low, most where they are close).
 *
 * Censoring. A d whose median is censored refuses the fit (or, with "drop", leaves it with a message).
 * In a resample where the median of a fitted d is censored, the true median is only known to be above the
 * budget, so the slope is only bounded: larger at the d above the mean ln d, smaller below. Such a
 * resample enters the interval as +infinity or -infinity (the sign of the sum of ln d - mean ln d over its
 * censored d; +infinity on a tie) instead of being dropped, which would bias the interval towards
 * the fast resamples; the number of them is reported, and an end of the interval that falls among them is
 * unbounded (null). Null fits when fewer than two dimensions remain.
 */
export function fitScaling(
  data: readonly ScalingInput[],
  resamples: number,
  ln: (x: number) => number,
  uniforms: (n: number) => Float64Array,
  censored: CensoredMedians = "refuse",
): ScalingFits {
  const groupsOf = (p: ScalingInput) => p.groups ?? [p.steps];
  const medians = data.map((p) => bestOfGrid(groupsOf(p)).median);
  const lost = data.filter((_, i) => !Number.isFinite(medians[i]));
  const describe = (p: ScalingInput) => {
    const all = groupsOf(p).flat();
    const grid = p.groups ? `, at every step size of the grid` : "";
    return `d = ${p.d} (${all.filter((s) => s === null).length} of ${all.length} replicas did not recover within the budget${grid})`;
  };
  let message: string | null = null;
  if (lost.length > 0) {
    const which = lost.map(describe).join(", ");
    if (censored === "refuse") {
      return {
        fit: null,
        fitLogCorrected: null,
        message: `no fit: the median is censored at ${which}; a fit without ${lost.length > 1 ? "them" : "it"} would be biased low. ` +
          "Raise the budget, or leave those d out",
      };
    }
    message = `left out of the fit (median censored): ${which}`;
  }
  const kept = data.filter((_, i) => Number.isFinite(medians[i]));
  if (kept.length < 2) {
    return { fit: null, fitLogCorrected: null, message: `no fit: fewer than two dimensions with a finite median${message ? `; ${message}` : ""}` };
  }
  const lnD = kept.map((p) => ln(p.d));
  const lnLnD = kept.map((p) => ln(ln(p.d)));
  let meanLnD = 0;
  for (const x of lnD) meanLnD += x;
  meanLnD /= lnD.length;
  const lines = (m: readonly number[]) => {
    const y: number[] = [], yc: number[] = [];
    m.forEach((value, i) => {
      const lnM = ln(value);
      y.push(lnM);
      yc.push(lnM - lnLnD[i]);
    });
    return { plain: leastSquares(lnD, y), corrected: leastSquares(lnD, yc) };
  };
  const central = lines(kept.map((p) => bestOfGrid(groupsOf(p)).median));

  const perResample = kept.reduce((sum, p) => sum + groupsOf(p).reduce((n, g) => n + g.length, 0), 0);
  const u = uniforms(resamples * perResample);
  const plainSlopes: number[] = [], correctedSlopes: number[] = [];
  const byD = kept.map(() => 0);
  let censoredResamples = 0;
  let k = 0;
  for (let b = 0; b < resamples; b++) {
    const m = kept.map((p) => {
      const drawnGroups = groupsOf(p).map((steps) => {
        const r = steps.length;
        const drawn: RecoveryStep[] = new Array(r);
        for (let i = 0; i < r; i++) drawn[i] = steps[Math.floor(u[k++] * r)];
        return drawn;
      });
      return bestOfGrid(drawnGroups).median;
    });
    let side = 0, anyCensored = false;
    m.forEach((value, i) => {
      if (Number.isFinite(value)) return;
      anyCensored = true;
      byD[i]++;
      side += lnD[i] - meanLnD;
    });
    if (anyCensored) {
      censoredResamples++;
      const bound = side < 0 ? -Infinity : Infinity;
      plainSlopes.push(bound);
      correctedSlopes.push(bound);
      continue;
    }
    const f = lines(m);
    plainSlopes.push(f.plain.slope);
    correctedSlopes.push(f.corrected.slope);
  }
  const interval = (slopes: number[]): [number | null, number | null] => {
    const sorted = [...slopes].sort((a, b) => a - b);
    const ends = [percentile(sorted, 0.025), percentile(sorted, 0.975)];
    return [Number.isFinite(ends[0]) ? ends[0] : null, Number.isFinite(ends[1]) ? ends[1] : null];
  };
  const dimensions = kept.map((p) => p.d);
  const common = { dimensions, resamples, censoredResamples, censoredResamplesByD: kept.map((p, i) => ({ d: p.d, resamples: byD[i] })) };
  return {
    fit: { exponent: central.plain.slope, intercept: central.plain.intercept, ci: interval(plainSlopes), ...common },
    fitLogCorrected: { exponent: central.corrected.slope, intercept: central.corrected.intercept, ci: interval(correctedSlopes), ...common },
    message,
  };
}
