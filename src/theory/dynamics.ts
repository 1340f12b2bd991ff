// The deterministic high-dimensional limit of the single neuron's overlaps (assembly/dynamics.ts): the
// population drift integrated as an ODE in the step count, sampled on the simulation's checkpoint grid.
import type { Kernels } from "../wasm/wasm.js";
import { checkpointSteps } from "../schedule.js";
import { theoryLearner, type TheoryConfig } from "../config/theory.js";
import { codes } from "../wasm/codes.js";
import { StairsInputError } from "../errors.js";
import { overlapOde, withActivation, withModel, type OdeFailure } from "./kernels.js";

/**
 * The most RK4 steps a theory ODE may take (about 4 s for the neuron's on this project's 2-core machine):
 * a config needing more is refused before any work, with the estimate. The neuron's stiff regions may
 * refine its grid up to twice this.
 */
export const MAX_RK4_STEPS = 2 ** 17;

/** RK4 steps of a grid of `times` with steps at most h in each gap; refuses more than MAX_RK4_STEPS. */
export function checkOdeCost(times: number[], h: number, steps: number, hint: string): number {
  let total = 0;
  let n = 0;
  for (const t of times) {
    if (t > n) total += Math.ceil((t - n) / h);
    n = t;
  }
  if (!(total <= MAX_RK4_STEPS)) {
    const most = Math.max(1, Math.floor(steps * (MAX_RK4_STEPS / total)));
    throw new StairsInputError(
      "steps",
      steps,
      `at most about ${most} at this step size: the overlap ODE would take ${total.toExponential(2)} RK4 steps (RK4 step ${h.toPrecision(3)} SGD steps), over the limit of 2^17; ${hint}`,
    );
  }
  return total;
}

export interface OverlapDynamics {
  d: number;
  /** SGD step eta = lr d^-lrExponent. */
  eta: number;
  /** alpha_e(0), the same for m, u, v. */
  start: number;
  /** The RK4 step actually bounded by: odeStep / (eta max(1, eta d)) SGD steps. */
  maxStep: number;
  rk4Steps: number;
  /** null, or where and why the integration stopped (the overlaps from there on are NaN). */
  diverged: OdeFailure;
  /** Checkpoint steps n (the runs' geometric grid, src/schedule.ts) and n / d. */
  steps: number[];
  t: number[];
  /** alpha_e(n) for e = m, u, v: signed overlaps; the simulation's mean |alpha| compares with |alpha|. */
  overlap: { m: number[]; u: number[]; v: number[] };
}

/**
 * Integrates d alpha_e/dn = eta D_e(alpha) - (eta^2 d / 2) E[psi^2] alpha_e from alpha_e(0) = start to
 * config.steps. The RK4 step is odeStep in natural time eta n, shortened by 1/(eta d) when the noise
 * term's rate eta^2 d E[psi^2] / 2 per step dominates (eta d > 1).
 */
export function overlapDynamics(kernels: Kernels, config: TheoryConfig): OverlapDynamics {
  if (config.steps === undefined) throw new Error("overlapDynamics needs config.steps");
  const learner = theoryLearner(config);
  const d = config.model.d;
  const eta = kernels.learningRate(learner.lr, d, learner.lrExponent); // as the runs compute it
  const maxStep = config.theory.odeStep / (eta * Math.max(1, eta * d));
  const steps = checkpointSteps(kernels, config.steps, config.record.points); // the runs' grid
  const start = config.theory.start;
  checkOdeCost(steps, maxStep, config.steps, "a larger theory.odeStep, fewer steps or a smaller step size (lr, lrExponent) make it shorter");
  const { alpha, rk4Steps, failure } = withModel(kernels, config.model, (model) =>
    withActivation(kernels, learner.activation, (activation) =>
      overlapOde(kernels, model, activation, codes(kernels).loss[learner.loss], eta, d, [start, start, start], steps, maxStep, 2 * MAX_RK4_STEPS),
    ),
  );
  return {
    d,
    eta,
    start,
    maxStep,
    rk4Steps,
    diverged: failure,
    steps,
    t: steps.map((n) => n / d),
    overlap: { m: alpha.map((a) => a[0]), u: alpha.map((a) => a[1]), v: alpha.map((a) => a[2]) },
  };
}
