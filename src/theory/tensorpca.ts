// The theory of tensor PCA by online SGD (docs/science.md section 5; Ben Arous, Gheissari & Jagannath, JMLR
// 2021): information exponent p, weak recovery after ~ d^(p-1) samples, and the overlap's deterministic
// limit.
//
// Per step, with a = w.v and the spherical gradient G_s = sqrt(beta) p a^(p-1) (v - a w) + N_s, N_s of
// covariance p (I - w w^T) (assembly/tensorpca.ts):
//   a' = (a + eta G_s.v) / |w + eta G_s| = (a + eta G_s.v) (1 + eta^2 |G_s|^2)^(-1/2),
// and to second order in eta, with E[G_s.v] = sqrt(beta) p a^(p-1) (1 - a^2) and
// E|G_s|^2 = p (d - 1) + beta p^2 a^(2p-2) (1 - a^2),
//   da/dn = eta sqrt(beta) p a^(p-1) (1 - a^2) - (eta^2 / 2) (p (d - 1) + beta p^2 a^(2p-2) (1 - a^2)) a.
// Integrated by RK4 on the run's checkpoint grid from a(0) = Phi^-1(3/4) / sqrt(d) ~ 0.674 / sqrt(d), the
// median of |w.v| for w uniform on the sphere (sqrt(d) w.v is close to N(0, 1)): the ODE's escape time
// decreases with a(0), so this start predicts the median escape time over replicas, which sweeps measure. Only +, -, *, / and sqrt appear
// (all correctly rounded in IEEE-754, in JS as in the wasm), and eta and the grid come from the wasm, so
// the curve is the same on every host.
import { checkpointSteps, stepSizes } from "../schedule.js";
import { resolveExperimentConfig, type ExperimentConfig } from "../config/experiment.js";
import type { Scaling } from "./exponents.js";
import { stepSizeVerdict, type StepSizeVerdict } from "./stepsize.js";
import { StairsInputError } from "../errors.js";
import { checkOdeCost } from "./dynamics.js";
import { plainData } from "../config/plain.js";
import { VERSION, WASM_SHA256, type Kernels } from "../wasm/wasm.js";
import type { TensorPcaModelConfig } from "../config/tensorpca.js";

export interface TensorPcaDynamics {
  d: number;
  eta: number;
  start: number;
  rk4Steps: number;
  /** null, or where and why the integration stopped (the overlaps from there on are NaN). */
  diverged: { step: number; reason: string } | null;
  /** Checkpoint steps n and n / d. */
  steps: number[];
  t: number[];
  /** a(n) = w.v; m and u do not exist in this model (empty). */
  overlap: { m: number[]; u: number[]; v: number[] };
}

export interface TensorPcaTheory {
  config: ExperimentConfig;
  meta: { version: string; wasmSha256: string };
  /** v's signal first appears in the order-p term of the loss: exponent p; m and u do not exist. */
  informationExponent: { m: null; u: null; v: number };
  /** At the best step size (eta ~ d^-p/2); the config's own step: stepSize. */
  predictedScaling: { m: null; u: null; v: Scaling | null };
  /** Whether v is expected at the config's eta = lr d^-a, and at what cost (src/theory/stepsize.ts). */
  stepSize: { lrExponent: number; v: StepSizeVerdict | null };
  notes: string[];
  dynamics?: TensorPcaDynamics;
}

/** Phi^-1(3/4), the median of |xi| for xi ~ N(0, 1). */
const MEDIAN_ABS_NORMAL = 0.6744897501960817;

const power = (x: number, k: number) => {
  let r = 1;
  for (let i = 0; i < k; i++) r *= x;
  return r;
};

/** The theory of a tensor-PCA experiment config (steps absent: no ODE). */
export function tensorPcaTheory(kernels: Kernels, given: unknown): TensorPcaTheory {
  const input = plainData(given, "");
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new StairsInputError("config", input, "an object with at least model (a tensor-pca model)");
  }
  const hasSteps = (input as { steps?: unknown }).steps !== undefined;
  const config = resolveExperimentConfig(hasSteps ? input : { ...(input as object), steps: 1 });
  if (config.model.kind !== "tensor-pca") throw new StairsInputError("model.kind", config.model.kind, '"tensor-pca"');
  const model = config.model as TensorPcaModelConfig;
  const p = model.order;
  const scaling: Scaling | null =
    model.beta === 0 ? null : p === 2 ? { samples: "d log d", exponent: 1, log: true } : { samples: `d^${p - 1}`, exponent: p - 1, log: false };
  const notes = [
    `eta = lr d^-${(config.learner as { lrExponent: number }).lrExponent}; d^-p/2 is the largest step at which the drift beats the noise at a random start`,
  ];
  if (model.beta === 0) notes.push("beta = 0: no signal, w wanders on the sphere");
  const a = (config.learner as { lrExponent: number }).lrExponent;
  const verdict = model.beta === 0 ? null : stepSizeVerdict(p, a, `lr d^-${a}`);
  if (verdict && verdict.regime !== "small") notes.push(`v: ${verdict.expected ? "" : "not expected to be recovered at this step size: "}${verdict.reason}`);
  else if (verdict) notes.push(`v: ${verdict.reason}`);
  const result: TensorPcaTheory = {
    config,
    meta: { version: VERSION, wasmSha256: WASM_SHA256 },
    informationExponent: { m: null, u: null, v: p },
    predictedScaling: { m: null, u: null, v: scaling },
    stepSize: { lrExponent: a, v: verdict },
    notes,
  };
  if (hasSteps) result.dynamics = dynamics(kernels, config, model);
  return result;
}

function dynamics(kernels: Kernels, config: ExperimentConfig, model: TensorPcaModelConfig): TensorPcaDynamics {
  const { d, order: p, beta } = model;
  const eta = (stepSizes(kernels, config) as { eta: number }).eta;
  const sqrtBeta = Math.sqrt(beta);
  const drift = (a: number) => {
    const signal = sqrtBeta * p * power(a, p - 1) * (1 - a * a);
    const gradientSquared = p * (d - 1) + beta * p * p * power(a, 2 * p - 2) * (1 - a * a);
    return eta * signal - 0.5 * eta * eta * gradientSquared * a;
  };
  // RK4 step: a tenth of the fastest rate's time scale (noise eta^2 p d, drift eta sqrt(beta) p).
  const h = 0.1 / Math.max(eta * eta * p * d, eta * sqrtBeta * p, 1e-300);
  const steps = checkpointSteps(kernels, config.steps, config.record.points);
  checkOdeCost(steps, h, config.steps, "fewer steps or a smaller step size (lr, a larger lrExponent) make it shorter");
  const start = MEDIAN_ABS_NORMAL / Math.sqrt(d);
  const v: number[] = [];
  let a = start, n = 0, rk4Steps = 0;
  let diverged: TensorPcaDynamics["diverged"] = null;
  for (const target of steps) {
    while (n < target && diverged === null) {
      const dt = Math.min(h, target - n);
      const k1 = drift(a), k2 = drift(a + 0.5 * dt * k1), k3 = drift(a + 0.5 * dt * k2), k4 = drift(a + dt * k3);
      a += (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
      n += dt;
      rk4Steps++;
      if (!(Math.abs(a) <= 1e3)) diverged = { step: n, reason: "the overlap left [-1000, 1000] or became non-finite" };
    }
    v.push(diverged === null ? a : NaN);
  }
  return { d, eta, start, rk4Steps, diverged, steps, t: steps.map((s) => s / d), overlap: { m: [], u: [], v } };
}
