// The theory curve drawn beside a simulation: the deterministic high-dimensional limit of a single
// neuron's overlaps (`stairs.theory(config).dynamics`, the population drift integrated as an ODE on the
// run's checkpoint grid), for the directions whose signal is on; for tensor PCA, the ODE of w.v
// (`stairs.tensorPcaTheory`). Networks have none.
import type { RunResult } from "../../run/result.js";
import type { Stairs } from "../../stairs.js";
import type { SweepResult } from "../sweep/sweep.js";
import type { Scaling } from "../../theory/exponents.js";
import type { StepSizeVerdict } from "../../theory/stepsize.js";
import type { TheoryCurve } from "./figures.js";

/** The theory's predicted scaling of a sweep's target (d^(p-1) for tensor PCA of order p), or null. */
export function referenceScaling(stairs: Stairs, sweep: SweepResult): Scaling | null {
  try {
    const config = sweep.config;
    if (config.model.kind === "tensor-pca") return stairs.tensorPcaTheory(config).predictedScaling.v;
    return stairs.theory({ ...config, theory: { dynamics: false } }).predictedScaling[sweep.target];
  } catch {
    return null; // a learner the theory does not cover: no reference line
  }
}

/**
 * What the theory says of a sweep's target at the sweep's own step-size rule eta = lr d^-a (recovered or
 * not, and the exponent a + (k-2)/2 above the threshold; src/theory/stepsize.ts), or null.
 */
export function stepSizeVerdictOf(stairs: Stairs, sweep: SweepResult): StepSizeVerdict | null {
  try {
    const config = sweep.config;
    if (config.model.kind === "tensor-pca") {
      const { steps: _steps, ...withoutSteps } = config; // no steps: no ODE
      return stairs.tensorPcaTheory(withoutSteps).stepSize.v;
    }
    return stairs.theory({ ...config, theory: { dynamics: false, bayesSamples: 0 } }).stepSize[sweep.target];
  } catch {
    return null;
  }
}

export function theoryCurve(stairs: Stairs, result: RunResult): TheoryCurve | undefined {
  const { model, learner } = result.config;
  if (model.kind === "tensor-pca") {
    const tensor = stairs.tensorPcaTheory(result.config).dynamics;
    return tensor && model.beta > 0 ? { nOverD: tensor.t, v: tensor.overlap.v } : undefined;
  }
  if (learner.kind !== "neuron") return undefined;
  const dynamics = stairs.theory({ ...result.config, theory: { dynamics: true } }).dynamics;
  if (!dynamics) return undefined;
  const curve: TheoryCurve = { nOverD: dynamics.t };
  if (model.betaM > 0) curve.m = dynamics.overlap.m;
  if (model.betaU > 0) curve.u = dynamics.overlap.u;
  if (model.betaV > 0) curve.v = dynamics.overlap.v;
  return curve;
}
