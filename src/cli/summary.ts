// The short table printed after a run: per run and direction, the median weak-recovery step over replicas
// (censored replicas count as never), in steps and in n/d, with how many replicas got there.
import { median } from "../analysis/scaling.js";
import type { RunResult } from "../run/result.js";
import type { Stairs } from "../stairs.js";

const DIRECTIONS = [
  ["m", "mean"],
  ["u", "covariance"],
  ["v", "cumulant"],
] as const;

function cell(result: RunResult, e: "m" | "u" | "v"): string {
  // A direction the model does not have (tensor PCA has only v): its overlaps are null.
  if (result.replicas[0]?.checkpoints[0]?.overlap[e] === null) return "-";
  const steps = result.replicas.map((r) => r.weakRecovery[e]);
  const reached = steps.filter((s) => s !== null).length;
  const m = median(steps);
  const d = result.config.model.d;
  const value = Number.isFinite(m) ? `${Math.round(m)} (${(m / d).toFixed(1)} d)` : "not reached";
  return `${value} ${reached}/${steps.length}`;
}

export function weakRecoveryTable(results: { name: string; result: RunResult }[]): string {
  const threshold = results[0].result.config.recovery.threshold;
  const header = ["direction", ...results.map((r) => r.name)];
  const rows = DIRECTIONS.map(([e, name]) => [`${e} (${name})`, ...results.map((r) => cell(r.result, e))])
    .filter((row) => row.slice(1).some((c) => c !== "-"));
  const widths = header.map((_, i) => Math.max(header[i].length, ...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i])).join("   ");
  return [
    `weak recovery (|alpha| >= ${threshold}): median step over replicas (in units of d), replicas that reached it`,
    line(header),
    ...rows.map(line),
  ].join("\n");
}

/**
 * What the theory says of each run's step size (src/theory/stepsize.ts), for the directions the step size
 * keeps from being recovered or puts in the critical, noise-driven regime: one line each.
 */
export function stepSizeNotes(stairs: Stairs, results: { name: string; result: RunResult }[]): string[] {
  const lines: string[] = [];
  for (const { name, result } of results) {
    if (result.config.model.kind === "tensor-pca") continue;
    const t = stairs.theory({ ...result.config, steps: undefined, theory: { dynamics: false, bayesSamples: 0 } });
    for (const e of ["m", "u", "v"] as const) {
      const x = t.stepSize[e];
      if (x === null || x.regime === "small" || (x.regime === "critical" && x.informationExponent <= 2)) continue;
      const prefix = results.length > 1 ? `${name}: ` : "";
      lines.push(`note: ${prefix}${e}${x.expected ? "" : " is not expected to be recovered at this step size"}: ${x.reason}`);
    }
  }
  return lines;
}
