// The deterministic high-dimensional limit of the single neuron's overlaps (assembly/dynamics.ts): the
// population drift integrated as an ODE in the step count, sampled on the simulation's checkpoint grid.
import type { Kernels } from "../wasm/wasm.js";
import { checkpointSteps } from "../schedule.js";
import { theoryLearner, type TheoryConfig } from "../config/theory.js";
import { codes } from "../wasm/codes.js";
import { overlapOde, withActivation, withModel } from "./kernels.js";

export interface OverlapDynamics {
  d: number;
  /** SGD step eta = lr d^-lrExponent. */
  eta: number;
  /** alpha_e(0), the same for m, u, v. */
  start: number;
  /** The RK4 step actually bounded by: odeStep / (eta max(1, eta d)) SGD steps. */
  maxStep: number;
  rk4Steps: number;
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
  const { alpha, rk4Steps } = withModel(kernels, config.model, (model) =>
    withActivation(kernels, learner.activation, (activation) =>
      overlapOde(kernels, model, activation, codes(kernels).loss[learner.loss], eta, d, [start, start, start], steps, maxStep),
    ),
  );
  return {
    d,
    eta,
    start,
    maxStep,
    rk4Steps,
    steps,
    t: steps.map((n) => n / d),
    overlap: { m: alpha.map((a) => a[0]), u: alpha.map((a) => a[1]), v: alpha.map((a) => a[2]) },
  };
}
