// The overlap ODE (src/theory/dynamics.ts, assembly/dynamics.ts) against independent estimates:
// its population drift against Monte Carlo averages over the wasm's MCM sampler, and its trajectory
// against the simulated single neuron (stairs.run).
import type { ExperimentConfigInput } from "../src/index.js";
import { f64View } from "../src/wasm/memory.js";
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import { resolveModelConfig } from "../src/config/model.js";
import { WasmModel } from "../src/model/model.js";
import { resolveTheoryConfig, theoryLearner } from "../src/config/theory.js";
import { overlapDynamics } from "../src/theory/dynamics.js";
import { populationDrift, withActivation } from "../src/theory/kernels.js";
import { codes } from "../src/wasm/codes.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

/**
 * Monte Carlo estimate of D_e = E[psi x.e] - alpha_e E[psi w.x] and E[psi^2] at a w with overlaps alpha,
 * from n samples of the wasm sampler; returns means and standard errors.
 */
function monteCarloDrift(modelInput: unknown, activationSpec: unknown, loss: "correlation" | "square", alpha: [number, number, number], n: number, seed: number) {
  const k = stairs.kernels;
  const config = resolveModelConfig(modelInput);
  const d = config.d;
  const spikeStream = stairs.stream(seed, 0);
  const model = new WasmModel(k, config, spikeStream.statePtr);
  const { m, u, v } = model.spikes();
  // w = alpha_m m + alpha_u u + alpha_v v + r e with e a unit vector orthogonal to m, u, v
  const g = Float64Array.from(stairs.stream(seed, 1).normal(d));
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < d; i++) s += a[i] * b[i];
    return s;
  };
  for (const e of [m, u, v]) {
    const p = dot(g, e);
    for (let i = 0; i < d; i++) g[i] -= p * e[i];
  }
  const gNorm = Math.sqrt(dot(g, g));
  const rest = Math.sqrt(1 - alpha[0] ** 2 - alpha[1] ** 2 - alpha[2] ** 2);
  const w = new Float64Array(d);
  for (let i = 0; i < d; i++) w[i] = alpha[0] * m[i] + alpha[1] * u[i] + alpha[2] * v[i] + (rest * g[i]) / gNorm;
  const form = theoryLearner(resolveTheoryConfig({ model: modelInput, learner: { kind: "neuron", activation: activationSpec } })).activation;
  const data = stairs.stream(seed, 2);
  const sums = [0, 0, 0, 0], squares = [0, 0, 0, 0];
  const batch = 2000;
  const X = k.alloc(8 * batch * d), Y = k.alloc(8 * batch);
  withActivation(k, form, (act) => {
    for (let done = 0; done < n; done += batch) {
      k.modelSampleBatch(model.ptr, data.statePtr, batch, X, Y, 0, 0);
      const x = f64View(k, X, batch * d);
      const y = f64View(k, Y, batch);
      for (let j = 0; j < batch; j++) {
        const row = x.subarray(j * d, (j + 1) * d);
        const h = dot(w, row);
        const slope = k.activationEvalDerivative(act, h);
        const psi = loss === "correlation" ? y[j] * slope : (y[j] - k.activationEval(act, h)) * slope;
        const values = [psi * (dot(row, m) - alpha[0] * h), psi * (dot(row, u) - alpha[1] * h), psi * (dot(row, v) - alpha[2] * h), psi * psi];
        for (let q = 0; q < 4; q++) {
          sums[q] += values[q];
          squares[q] += values[q] ** 2;
        }
      }
    }
  });
  k.free(X);
  k.free(Y);
  data.free();
  spikeStream.free();
  const mean = sums.map((s) => s / n);
  const se = squares.map((s, q) => Math.sqrt((s / n - mean[q] ** 2) / n));
  // the quadrature's value for the same model (its spikes do not matter) and activation
  const quad = withActivation(k, form, (act) => populationDrift(k, model.ptr, act, codes(k).loss[loss], alpha));
  model.free();
  return { mean, se, quad: [quad.drift.m, quad.drift.u, quad.drift.v, quad.psiSquared] };
}

describe("population drift: quadrature against Monte Carlo over the sampler (within 4 standard errors)", () => {
  const cases: [string, unknown, unknown, "correlation" | "square", [number, number, number]][] = [
    ["MCM sign coupling, ReLU, correlation", { d: 50, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" }, "relu", "correlation", [0.3, 0.4, 0.5]],
    ["MCM skewed, even coupling, ReLU, square", { d: 50, betaM: 1, betaU: 5, betaV: 5, latent: { kind: "skewed", r: 0.3 }, coupling: "even" }, "relu", "square", [0.2, -0.5, 0.4]],
    ["spiked cumulant, -He4, correlation", { kind: "spiked-cumulant", d: 50, betaV: 10 }, "-he4", "correlation", [0.1, 0.2, 0.6]],
    ["labelled mean, partial coupling, tanh, square", { d: 50, betaM: 2, betaU: 3, betaV: 4, coupling: { kind: "partial", p: 0.6 }, labelledMean: true, prior: 0.3 }, "tanh", "square", [0.5, 0.3, -0.3]],
  ];
  it.each(cases)("%s", (_name, model, activation, loss, alpha) => {
    const { mean, se, quad } = monteCarloDrift(model, activation, loss, alpha, 60_000, 11);
    for (let q = 0; q < 4; q++) expect(Math.abs(mean[q] - quad[q])).toBeLessThan(4 * se[q]);
  });
});

describe("overlap ODE", () => {
  it("is converged in its RK4 step: halving odeStep moves no overlap by more than 1e-6", () => {
    const config = { model: { d: 100, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" }, learner: { kind: "neuron", activation: "relu" }, steps: 3000, record: { points: 12 } };
    const a = overlapDynamics(stairs.kernels, resolveTheoryConfig(config));
    const b = overlapDynamics(stairs.kernels, resolveTheoryConfig({ ...config, theory: { odeStep: 0.05 } }));
    expect(b.rk4Steps).toBeGreaterThan(1.9 * a.rk4Steps);
    for (const e of ["m", "u", "v"] as const) {
      a.overlap[e].forEach((x, i) => expect(Math.abs(x - b.overlap[e][i])).toBeLessThan(1e-6));
    }
  });

  it("tracks stairs.run's single neuron at d = 400 (64 replicas) on the time scales of m, u and v", async () => {
    // MCM beta_m = 1, beta_u = beta_v = 5, ReLU, correlation loss, eta = 1/d, 20 d steps, the runs' own
    // checkpoint grid, 64 replicas (16 until numeric contract 3, whose draws put seed 3's ratio for u at 0.58:
    // with 16 replicas it ranged over 0.58-1.41 across seeds 3-8, with 64 over 0.79-1.28 for seeds 3-6 and
    // both couplings). What the deterministic limit should get right at this d, and the tolerances:
    //  - m (exponent 1, no escape phase): mean |alpha_m| within 0.07 for t = n/d >= 1;
    //  - u (exponent 2): the step where mean |alpha_u| first reaches 0.3 within a factor 1.6 (the ODE starts
    //    every replica at 1/sqrt(d), while the escape time of a replica goes with log |alpha_u(0)|), and
    //    |alpha_u| at the end within 0.07;
    //  - v: with the sign coupling the ODE climbs the staircase to |alpha_v| within 0.03 of the runs; with
    //    independent latents it decays to 0 while the runs stay at the noise floor.
    const d = 400;
    const reach = (steps: number[], values: number[], level: number): number => {
      const i = values.findIndex((x) => x >= level);
      if (i <= 0) return i === 0 ? steps[0] : Infinity;
      // geometric interpolation between the bracketing checkpoints
      const f = (level - values[i - 1]) / (values[i] - values[i - 1]);
      return steps[i - 1] * (steps[i] / steps[i - 1]) ** f;
    };
    for (const coupling of ["sign", "independent"] as const) {
      const config: ExperimentConfigInput = {
        model: { d, betaM: 1, betaU: 5, betaV: 5, coupling },
        learner: { kind: "neuron", activation: "relu", loss: "correlation", lr: 1 },
        steps: 20 * d, replicas: 64, seed: 3, record: { points: 24, testSize: 0 },
      };
      const ode = stairs.theory(config).dynamics!;
      const sim = await stairs.run(config);
      const mean = (e: "m" | "u" | "v") =>
        ode.steps.map((n, i) => {
          const values = sim.replicas.map((r) => {
            expect(r.checkpoints[i].step).toBe(n);
            return Math.abs(r.checkpoints[i].overlap[e] as number);
          });
          return values.reduce((s, x) => s + x, 0) / values.length;
        });
      const abs = (e: "m" | "u" | "v") => ode.overlap[e].map(Math.abs);
      const [simM, simU, simV] = [mean("m"), mean("u"), mean("v")];
      const end = ode.steps.length - 1;
      ode.steps.forEach((n, i) => {
        if (n >= d) expect(Math.abs(simM[i] - abs("m")[i]), `${coupling}: alpha_m at step ${n}`).toBeLessThan(0.07);
      });
      const ratio = reach(ode.steps, simU, 0.3) / reach(ode.steps, abs("u"), 0.3);
      expect(ratio, `${coupling}: time for |alpha_u| to reach 0.3, simulation / ODE`).toBeGreaterThan(1 / 1.6);
      expect(ratio).toBeLessThan(1.6);
      expect(Math.abs(simU[end] - abs("u")[end])).toBeLessThan(0.07);
      if (coupling === "sign") {
        expect(abs("v")[end]).toBeGreaterThan(0.15);
        expect(Math.abs(simV[end] - abs("v")[end])).toBeLessThan(0.03);
      } else {
        expect(abs("v")[end]).toBeLessThan(0.01);
        expect(simV[end]).toBeLessThan(0.06);
      }
    }
  });
});
