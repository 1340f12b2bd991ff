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
export function quantileSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const fraction = h - lo;
  if (fraction === 0 || lo + 1 >= sorted.length) return sorted[lo];
  const a = sorted[lo], b = sorted[lo + 1];
  if (b === Infinity) return Infinity;
  return a + fraction * (b - a);
}

function sortedWithCensoring(steps: readonly RecoveryStep[]): number[] {
  return steps.map((s) => (s === null ? Infinity : s)).sort((a, b) => a - b);
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
  /** 95% bootstrap percentile interval of the exponent. */
  ci: [number, number];
  /** The dimensions whose median was finite and entered the fit. */
  dimensions: number[];
  /** Bootstrap resamples used (those with at least two finite medians). */
  resamples: number;
}

export interface ScalingFits {
  fit: ScalingFit | null;
  fitLogCorrected: ScalingFit | null;
}

export interface ScalingInput {
  d: number;
  steps: readonly RecoveryStep[];
}

/**
 * Fits ln(median n*) against ln d, and ln(median n* / ln d) against ln d (the n* ~ d^a log d form), with a
 * bootstrap over replicas: each resample redraws every d's replicas with replacement (index floor(u R) from
 * the seeded stream, d by d in increasing d, replica by replica) and refits both lines from the resampled
 * medians. Dimensions whose median is censored are left out (of that resample). Null when fewer than two
 * dimensions have a finite median.
 */
export function fitScaling(
  data: readonly ScalingInput[],
  resamples: number,
  ln: (x: number) => number,
  uniforms: (n: number) => Float64Array,
): ScalingFits {
  const lnD = data.map((p) => ln(p.d));
  const lnLnD = data.map((p) => ln(ln(p.d)));
  const fitFrom = (medians: readonly number[]) => {
    const x: number[] = [], y: number[] = [], yc: number[] = [];
    medians.forEach((m, i) => {
      if (!Number.isFinite(m)) return;
      const lnM = ln(m);
      x.push(lnD[i]);
      y.push(lnM);
      yc.push(lnM - lnLnD[i]);
    });
    if (x.length < 2) return null;
    return { plain: leastSquares(x, y), corrected: leastSquares(x, yc), count: x.length };
  };

  const central = fitFrom(data.map((p) => median(p.steps)));
  if (central === null) return { fit: null, fitLogCorrected: null };
  const dimensions = data.filter((p) => Number.isFinite(median(p.steps))).map((p) => p.d);

  const perResample = data.reduce((sum, p) => sum + p.steps.length, 0);
  const u = uniforms(resamples * perResample);
  const plainSlopes: number[] = [], correctedSlopes: number[] = [];
  let k = 0;
  for (let b = 0; b < resamples; b++) {
    const medians = data.map((p) => {
      const r = p.steps.length;
      const drawn: RecoveryStep[] = new Array(r);
      for (let i = 0; i < r; i++) drawn[i] = p.steps[Math.floor(u[k++] * r)];
      return median(drawn);
    });
    const f = fitFrom(medians);
    if (f === null) continue;
    plainSlopes.push(f.plain.slope);
    correctedSlopes.push(f.corrected.slope);
  }
  const interval = (slopes: number[]): [number, number] => {
    const sorted = [...slopes].sort((a, b) => a - b);
    return [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
  };
  return {
    fit: { exponent: central.plain.slope, intercept: central.plain.intercept, ci: interval(plainSlopes), dimensions, resamples: plainSlopes.length },
    fitLogCorrected: {
      exponent: central.corrected.slope,
      intercept: central.corrected.intercept,
      ci: interval(correctedSlopes),
      dimensions,
      resamples: correctedSlopes.length,
    },
  };
}
