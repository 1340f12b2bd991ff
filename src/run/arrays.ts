// Results as flat arrays for NumPy (`.npz`) and pandas (`.csv`): what `stairs run --npz`, `stairs sweep
// --npz` and `stairs export` write. The layout is documented in docs/python.md; every array is float64
// (NaN where a value does not exist: a direction the model lacks, a checkpoint after a divergence, a
// replica that never reached the threshold) or a string array, so `np.load(path)` needs no pickles.
//
// Platform-neutral: plain data in, arrays (or CSV text) out.
import type { RunResult } from "./result.js";
import type { NpzArray } from "../io/npz.js";

export const DIRECTIONS = ["m", "u", "v"] as const;

/** A comparison of named runs (`stairs run` of a preset with several runs). */
export interface ComparisonLike {
  kind: "comparison";
  source?: string;
  description?: string;
  runs: { name: string; result: RunResult }[];
}

/** The parts of a sweep result (`stairs sweep`) that are exported. */
export interface SweepLike {
  kind: "sweep";
  source?: string;
  description?: string;
  target: "m" | "u" | "v";
  config: unknown;
  sweep: unknown;
  meta: unknown;
  perD: {
    d: number;
    steps: number;
    replicas: number;
    recoverySteps: (number | null)[];
    median: number | null;
    quantiles: Record<string, number | null>;
    unrecovered: number;
    diverged: number;
    finalOverlapMedian: number;
    control: { recovered: number; total: number; maxFinalOverlap: number | null };
  }[];
  fit: { exponent: number; intercept: number; ci: [number, number] } | null;
  fitLogCorrected: { exponent: number; intercept: number; ci: [number, number] } | null;
  control: { recovered: number; total: number; betaSwitchedOff: string };
}

const num = (x: number | null | undefined): number => (x === null || x === undefined ? NaN : x);
const f64 = (shape: number[], data: ArrayLike<number>): NpzArray => ({ shape, data: Float64Array.from(data) });
const text = (value: string): NpzArray => ({ shape: [], strings: [value] });
const texts = (values: string[]): NpzArray => ({ shape: [values.length], strings: values });

/** The batch of a learner config (samples per step); 1 for the neuron and tensor PCA. */
function batchOf(result: RunResult): number {
  const learner = result.config.learner as { batch?: number };
  return typeof learner.batch === "number" ? learner.batch : 1;
}

/**
 * The arrays of one run (R replicas, K checkpoints, H hidden units, the three directions m, u, v):
 * steps, samples, n_over_d (K,); overlaps (R, K, 3); per_unit_overlaps (R, K, H, 3) for a network;
 * accuracy, loss (R, K) and, with record.censored, accuracy_censored_mean / _covariance and
 * loss_censored_mean / _covariance (R, K); weak_recovery (R, 3); diverged_step (R,); threshold ();
 * replica (R,); hash (R,); directions (3,); config and meta as JSON strings.
 */
export function runArrays(result: RunResult): Record<string, NpzArray> {
  const R = result.replicas.length;
  // Replicas share one checkpoint grid; one that diverged stopped early: take the longest.
  let grid = result.replicas[0]?.checkpoints.map((c) => c.step) ?? [];
  for (const r of result.replicas) if (r.checkpoints.length > grid.length) grid = r.checkpoints.map((c) => c.step);
  const K = grid.length;
  const column = new Map(grid.map((step, k) => [step, k]));
  const batch = batchOf(result);
  const d = result.config.model.d;
  const H = Math.max(0, ...result.replicas.flatMap((r) => r.checkpoints.map((c) => c.perUnit?.length ?? 0)));
  const censored = result.replicas.some((r) => r.checkpoints.some((c) => c.censored !== undefined));

  const overlaps = new Float64Array(R * K * 3).fill(NaN);
  const perUnit = new Float64Array(R * K * H * 3).fill(NaN);
  const grids = ["accuracy", "loss", ...(censored ? ["accuracy_censored_mean", "accuracy_censored_covariance", "loss_censored_mean", "loss_censored_covariance"] : [])];
  const scores: Record<string, Float64Array> = Object.fromEntries(grids.map((name) => [name, new Float64Array(R * K).fill(NaN)]));
  const weak = new Float64Array(R * 3);
  const diverged = new Float64Array(R);
  result.replicas.forEach((replica, r) => {
    for (const c of replica.checkpoints) {
      const k = column.get(c.step);
      if (k === undefined) continue;
      DIRECTIONS.forEach((e, j) => (overlaps[(r * K + k) * 3 + j] = num(c.overlap[e])));
      c.perUnit?.forEach((unit, h) => DIRECTIONS.forEach((e, j) => (perUnit[((r * K + k) * H + h) * 3 + j] = num(unit[e]))));
      scores.accuracy[r * K + k] = num(c.accuracy);
      scores.loss[r * K + k] = num(c.loss);
      if (censored && c.censored) {
        scores.accuracy_censored_mean[r * K + k] = num(c.censored.mean.accuracy);
        scores.accuracy_censored_covariance[r * K + k] = num(c.censored.covariance.accuracy);
        scores.loss_censored_mean[r * K + k] = num(c.censored.mean.loss);
        scores.loss_censored_covariance[r * K + k] = num(c.censored.covariance.loss);
      }
    }
    DIRECTIONS.forEach((e, j) => (weak[r * 3 + j] = num(replica.weakRecovery[e])));
    diverged[r] = replica.diverged ? replica.diverged.step : NaN;
  });

  const out: Record<string, NpzArray> = {
    kind: text("run"),
    directions: texts([...DIRECTIONS]),
    steps: f64([K], grid),
    samples: f64([K], grid.map((s) => s * batch)),
    n_over_d: f64([K], grid.map((s) => (s * batch) / d)),
    overlaps: { shape: [R, K, 3], data: overlaps },
  };
  if (H > 0) out.per_unit_overlaps = { shape: [R, K, H, 3], data: perUnit };
  for (const name of grids) out[name] = { shape: [R, K], data: scores[name] };
  Object.assign(out, {
    weak_recovery: { shape: [R, 3], data: weak },
    threshold: f64([], [result.config.recovery.threshold]),
    diverged_step: { shape: [R], data: diverged },
    replica: f64([R], result.replicas.map((r) => r.replica)),
    hash: texts(result.replicas.map((r) => r.hash)),
    config: text(JSON.stringify(result.config)),
    meta: text(JSON.stringify(result.meta)),
  });
  return out;
}

/** A comparison: `runs` (the names), and every run's arrays under "NAME/" (`r["correlated/overlaps"]`). */
export function comparisonArrays(comparison: ComparisonLike): Record<string, NpzArray> {
  const out: Record<string, NpzArray> = {
    kind: text("comparison"),
    runs: texts(comparison.runs.map((r) => r.name)),
    description: text(comparison.description ?? ""),
  };
  for (const { name, result } of comparison.runs) {
    for (const [key, value] of Object.entries(runArrays(result))) out[`${name}/${key}`] = value;
  }
  return out;
}

/** Quantile levels of a sweep's `quantiles` array (columns). */
export const SWEEP_QUANTILES = [
  ["q10", 0.1],
  ["q25", 0.25],
  ["q50", 0.5],
  ["q75", 0.75],
  ["q90", 0.9],
] as const;

/**
 * The arrays of a sweep over D dimensions with R replicas each: d, budget, median, unrecovered, diverged,
 * final_overlap_median, control_recovered, control_total (D,); recovery_steps (D, R) with NaN for "not
 * within the budget"; quantiles (D, 5) at quantile_levels (5,); fit and fit_log_corrected as
 * [exponent, intercept, ci_lo, ci_hi] (NaN when there was no fit); target; config, sweep, meta as JSON.
 */
export function sweepArrays(sweep: SweepLike): Record<string, NpzArray> {
  const D = sweep.perD.length;
  const R = Math.max(0, ...sweep.perD.map((p) => p.recoverySteps.length));
  const steps = new Float64Array(D * R).fill(NaN);
  sweep.perD.forEach((p, i) => p.recoverySteps.forEach((s, r) => (steps[i * R + r] = num(s))));
  const per = (f: (p: SweepLike["perD"][number]) => number | null) => f64([D], sweep.perD.map((p) => num(f(p))));
  const fit = (f: SweepLike["fit"]) => f64([4], f ? [f.exponent, f.intercept, f.ci[0], f.ci[1]] : [NaN, NaN, NaN, NaN]);
  return {
    kind: text("sweep"),
    target: text(sweep.target),
    d: per((p) => p.d),
    budget: per((p) => p.steps),
    recovery_steps: { shape: [D, R], data: steps },
    median: per((p) => p.median),
    quantiles: f64([D, SWEEP_QUANTILES.length], sweep.perD.flatMap((p) => SWEEP_QUANTILES.map(([key]) => num(p.quantiles[key])))),
    quantile_levels: f64([SWEEP_QUANTILES.length], SWEEP_QUANTILES.map(([, q]) => q)),
    unrecovered: per((p) => p.unrecovered),
    diverged: per((p) => p.diverged),
    final_overlap_median: per((p) => p.finalOverlapMedian),
    control_recovered: per((p) => p.control.recovered),
    control_total: per((p) => p.control.total),
    fit: fit(sweep.fit),
    fit_log_corrected: fit(sweep.fitLogCorrected),
    config: text(JSON.stringify(sweep.config)),
    sweep: text(JSON.stringify(sweep.sweep)),
    meta: text(JSON.stringify(sweep.meta)),
  };
}

/** What a result file holds, by its shape. */
export function resultKind(value: unknown): "run" | "comparison" | "sweep" | null {
  const v = value as Record<string, unknown> | null;
  if (v === null || typeof v !== "object") return null;
  if (v.kind === "sweep" && Array.isArray(v.perD)) return "sweep";
  if (v.kind === "comparison" && Array.isArray(v.runs)) return "comparison";
  if (Array.isArray(v.replicas) && v.config !== null && typeof v.config === "object") return "run";
  return null;
}

/** The arrays of any result (run, comparison or sweep); null for another kind of JSON. */
export function resultArrays(value: unknown): Record<string, NpzArray> | null {
  const kind = resultKind(value);
  if (kind === "run") return runArrays(value as RunResult);
  if (kind === "comparison") return comparisonArrays(value as ComparisonLike);
  if (kind === "sweep") return sweepArrays(value as SweepLike);
  return null;
}

const cell = (x: number | null | undefined): string => (x === null || x === undefined || Number.isNaN(x) ? "" : String(x));
/** A CSV text field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
const field = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * A run or comparison as one tidy CSV table, a row per (run, replica, checkpoint): run, replica, step,
 * samples, n_over_d, alpha_m, alpha_u, alpha_v, accuracy, loss (and the censored scores when recorded);
 * empty cells for missing values (pandas reads them as NaN). A sweep: a row per (d, replica) with
 * d, budget, replica, recovery_step (empty: not within the budget).
 */
export function resultCsv(value: unknown): string | null {
  const kind = resultKind(value);
  if (kind === "sweep") {
    const sweep = value as SweepLike;
    const rows = ["target,d,budget,replica,recovery_step"];
    for (const p of sweep.perD) p.recoverySteps.forEach((s, r) => rows.push([sweep.target, p.d, p.steps, r, cell(s)].join(",")));
    return rows.join("\n") + "\n";
  }
  if (kind === null) return null;
  const runs = kind === "run" ? [{ name: "", result: value as RunResult }] : (value as ComparisonLike).runs;
  const censored = runs.some(({ result }) => result.replicas.some((r) => r.checkpoints.some((c) => c.censored !== undefined)));
  const header = ["run", "replica", "step", "samples", "n_over_d", "alpha_m", "alpha_u", "alpha_v", "accuracy", "loss"];
  if (censored) header.push("accuracy_censored_mean", "accuracy_censored_covariance", "loss_censored_mean", "loss_censored_covariance");
  const rows = [header.join(",")];
  for (const { name, result } of runs) {
    const batch = batchOf(result);
    const d = result.config.model.d;
    for (const replica of result.replicas) {
      for (const c of replica.checkpoints) {
        const row = [field(name), replica.replica, c.step, c.step * batch, (c.step * batch) / d, cell(c.overlap.m), cell(c.overlap.u), cell(c.overlap.v), cell(c.accuracy), cell(c.loss)];
        if (censored) {
          const s = c.censored;
          row.push(cell(s?.mean.accuracy), cell(s?.covariance.accuracy), cell(s?.mean.loss), cell(s?.covariance.loss));
        }
        rows.push(row.join(","));
      }
    }
  }
  return rows.join("\n") + "\n";
}
