// The overlap ODE (src/theory/dynamics.ts, assembly/dynamics.ts) against independent estimates:
// its population drift against Monte Carlo averages over the wasm's MCM sampler, and its trajectory
// against a plain TypeScript simulation of the single neuron (test/theory-sgd.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import { resolveModelConfig } from "../src/model/config.js";
import { WasmModel } from "../src/model/model.js";
import { resolveTheoryConfig } from "../src/theory/config.js";
import { overlapDynamics } from "../src/theory/dynamics.js";
import { LOSS_KIND, populationDrift, withActivation } from "../src/theory/kernels.js";
import { simulateNeuron } from "./theory-sgd.js";

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
  const form = resolveTheoryConfig({ model: modelInput, learner: { activation: activationSpec } }).learner.activation;
  const data = stairs.stream(seed, 2);
  const sums = [0, 0, 0, 0], squares = [0, 0, 0, 0];
  const batch = 2000;
  const X = k.alloc(8 * batch * d), Y = k.alloc(8 * batch);
  withActivation(k, form, (act) => {
    for (let done = 0; done < n; done += batch) {
      k.modelSampleBatch(model.ptr, data.statePtr, batch, X, Y, 0, 0);
      const x = new Float64Array(k.memory.buffer, X, batch * d);
      const y = new Float64Array(k.memory.buffer, Y, batch);
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
  const quad = withActivation(k, form, (act) => populationDrift(k, model.ptr, act, LOSS_KIND[loss], alpha));
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
    const config = { model: { d: 100, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" }, learner: { activation: "relu" }, steps: 3000, record: { points: 12 } };
    const a = overlapDynamics(stairs.kernels, resolveTheoryConfig(config));
    const b = overlapDynamics(stairs.kernels, resolveTheoryConfig({ ...config, theory: { odeStep: 0.025 } }));
    expect(b.rk4Steps).toBeGreaterThan(1.9 * a.rk4Steps);
    for (const e of ["m", "u", "v"] as const) {
      a.overlap[e].forEach((x, i) => expect(Math.abs(x - b.overlap[e][i])).toBeLessThan(1e-6));
    }
  });

  it("tracks the simulated single neuron at d = 400 (16 replicas): mean |alpha| within 0.06 for t = n/d >= 1, plateaus within 0.04", () => {
    // MCM beta_m = 1, beta_u = beta_v = 5, ReLU, correlation loss, eta = 1/d, 20 d steps. With the sign
    // coupling the ODE climbs the staircase m -> u -> v; with independent latents v decays in the ODE and
    // stays at the noise floor (~ 1/sqrt(d)) in the simulation. Measured differences are <= 0.041.
    const d = 400;
    for (const coupling of ["sign", "independent"] as const) {
      const model = { d, betaM: 1, betaU: 5, betaV: 5, coupling };
      const ode = stairs.theory({ model, learner: { activation: "relu" }, steps: 20 * d, record: { points: 24 } }).dynamics!;
      const sim = simulateNeuron(stairs, { model, activation: "relu", loss: "correlation", eta: 1 / d, steps: ode.steps, replicas: 16, seed: 3 });
      ode.steps.forEach((n, i) => {
        if (n < d) return;
        (["m", "u", "v"] as const).forEach((e, j) => {
          const simMean = sim.reduce((s, r) => s + r[i][j], 0) / sim.length;
          const tolerance = i === ode.steps.length - 1 ? 0.04 : 0.06;
          expect(Math.abs(simMean - Math.abs(ode.overlap[e][i])), `${coupling} alpha_${e} at step ${n}`).toBeLessThan(tolerance);
        });
      });
      const end = ode.steps.length - 1;
      if (coupling === "sign") expect(Math.abs(ode.overlap.v[end])).toBeGreaterThan(0.15);
      else expect(Math.abs(ode.overlap.v[end])).toBeLessThan(0.01);
    }
  });
});
