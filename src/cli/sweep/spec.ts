// What a sweep over the dimension runs: the list of d, the direction whose weak recovery is timed, the
// replicas per d, and the step budget as a function of d. A preset may carry defaults in its "sweep"
// section; the command line's options override them.
import * as v from "valibot";
import { finiteNumber, integer, lazySchema, validate } from "../../config/validate.js";
import { StairsInputError } from "../../errors.js";
import { MAX_REDUCED_D } from "../../config/model.js";

export const DIRECTIONS = ["m", "u", "v"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The beta that switches each direction's signal on (the null control sets it to 0). */
export const SIGNAL_BETA = { m: "betaM", u: "betaU", v: "betaV" } as const;

export const sweepSchema = /* @__PURE__ */ lazySchema(() =>
  v.strictObject({
    d: v.pipe(v.array(integer(4, MAX_REDUCED_D)), v.minLength(2)),
    target: v.picklist(DIRECTIONS),
    replicas: integer(3, 4096),
    /**
     * Step budget at dimension d: factor * d^power * (ln d)^logPower, rounded up. The budget must reach well
     * past the expected weak-recovery time (d^(k-1), d log d for k = 2) so that few replicas are censored.
     */
    steps: v.strictObject({
      factor: finiteNumber(v.gtValue(0)),
      /** A multiple of 1/4 (the step-size sweeps' d^(a + (k-2)/2) budgets): integer part exact, the rest exp(f ln d). */
      power: finiteNumber(v.minValue(0), v.maxValue(5), v.check((x: number) => Number.isInteger(4 * x), "a multiple of 0.25")),
      logPower: v.optional(integer(0, 2), 0),
    }),
    /** Replicas of the null control per d (default: as many as the signal). */
    controlReplicas: v.optional(integer(1, 4096)),
    /** Bootstrap resamples for the confidence interval of the exponent. */
    bootstrap: v.optional(integer(100, 100000), 2000),
    /** A d whose median is censored: "refuse" the fit (default) or "drop" that d, saying so. */
    censoredMedians: v.optional(v.picklist(["refuse", "drop"]), "refuse"),
    /**
     * A best-lr sweep: at each d, run every lr of this grid (the learner's lr; its lrExponent is kept, so
     * eta = lr d^-a), take the smallest median weak-recovery step over the grid, and fit that.
     */
    lrGrid: v.optional(v.pipe(v.array(finiteNumber(v.gtValue(0), v.maxValue(1e6))), v.minLength(2), v.maxLength(32))),
  }),
);

type SweepSchema = ReturnType<typeof sweepSchema>;
export type SweepSpecInput = v.InferInput<SweepSchema>;
export interface SweepSpec {
  d: number[];
  target: Direction;
  replicas: number;
  steps: { factor: number; power: number; logPower: number };
  controlReplicas?: number;
  bootstrap: number;
  censoredMedians: "refuse" | "drop";
  lrGrid?: number[];
}

export function resolveSweepSpec(input: unknown): SweepSpec {
  for (const field of ["d", "target", "replicas", "steps"] as const) {
    if ((input as Record<string, unknown>)[field] === undefined) {
      const option = { d: "--d 16,24,32", target: "--target m|u|v", replicas: "--replicas 32", steps: '--budget "6*d^3"' }[field];
      throw new StairsInputError(`sweep.${field}`, undefined, `given by the preset's sweep section or by ${option}`);
    }
  }
  const spec = validate(sweepSchema(), input, "sweep") as SweepSpec;
  const sorted = [...spec.d].sort((a, b) => a - b);
  if (new Set(sorted).size !== sorted.length) {
    throw new StairsInputError("sweep.d", spec.d, "distinct dimensions");
  }
  if (spec.lrGrid && new Set(spec.lrGrid).size !== spec.lrGrid.length) {
    throw new StairsInputError("sweep.lrGrid", spec.lrGrid, "distinct learning rates");
  }
  return { ...spec, d: sorted };
}

/**
 * The step budget at dimension d. `ln` is the wasm's natural logarithm, so the budget is the same on every
 * host; the power of d is a product of exact integers.
 */
export function stepBudget(steps: SweepSpec["steps"], d: number, ln: (x: number) => number, exp: (x: number) => number = Math.exp): number {
  let budget = steps.factor;
  const whole = Math.floor(steps.power);
  for (let i = 0; i < whole; i++) budget *= d;
  if (steps.power > whole) budget *= exp((steps.power - whole) * ln(d));
  for (let i = 0; i < steps.logPower; i++) budget *= ln(d);
  return Math.ceil(budget);
}
