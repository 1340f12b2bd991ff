// The reduced engine against the full engine, in law (docs/reduced-engine.md): the same configs run with
// "engine": "full" and "engine": "reduced" at d = 64, 400 replicas each (fixed seeds): the mean |alpha_e|
// and the mean test accuracy at every checkpoint within 4 standard errors of each other, and a two-sample
// Kolmogorov-Smirnov test on the weak-recovery steps that does not reject at the 1 % level. And the reduced
// engine against the deterministic limit at d = 10^6: the overlap ODE of stairs.theory.
import { beforeAll, describe, expect, it } from "vitest";
import { init, type ExperimentInput, type RunResult, type Stairs } from "../src/index.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const REPLICAS = 400;

/** Two-sample KS statistic; +infinity (not recovered) is a value like any other (equal in both samples). */
function ksTwoSample(a: number[], b: number[]): number {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0, j = 0, D = 0;
  while (i < x.length && j < y.length) {
    const t = Math.min(x[i], y[j]);
    while (i < x.length && x[i] === t) i++;
    while (j < y.length && y[j] === t) j++;
    D = Math.max(D, Math.abs(i / x.length - j / y.length));
  }
  return D;
}

/** c(0.01) sqrt((n + m) / (n m)): the 1 % critical value of the two-sample KS statistic (c = 1.628). */
const ksCritical = (n: number, m: number) => 1.628 * Math.sqrt((n + m) / (n * m));

function compare(full: RunResult, reduced: RunResult, directions: ("m" | "u" | "v")[], recovered: ("m" | "u" | "v")[], accuracy: boolean) {
  const failures: string[] = [];
  const K = full.replicas[0].checkpoints.length;
  expect(reduced.replicas[0].checkpoints.length).toBe(K);
  const stat = (r: RunResult, k: number, get: (c: RunResult["replicas"][0]["checkpoints"][0]) => number) => {
    const x = r.replicas.map((rep) => get(rep.checkpoints[k]));
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / (x.length - 1);
    return { mean, se2: variance / x.length };
  };
  for (let k = 1; k < K; k++) {
    const step = full.replicas[0].checkpoints[k].step;
    const quantities: [string, (c: RunResult["replicas"][0]["checkpoints"][0]) => number][] = directions.map((e) => [`|alpha_${e}|`, (c) => Math.abs(c.overlap[e]!)]);
    if (accuracy) quantities.push(["accuracy", (c) => c.accuracy!]);
    for (const [name, get] of quantities) {
      const a = stat(full, k, get), b = stat(reduced, k, get);
      const se = Math.sqrt(a.se2 + b.se2);
      if (se > 0 && Math.abs(a.mean - b.mean) > 4 * se) failures.push(`step ${step} ${name}: full ${a.mean.toFixed(4)}, reduced ${b.mean.toFixed(4)} (se ${se.toExponential(2)})`);
    }
  }
  for (const e of recovered) {
    const steps = (r: RunResult) => r.replicas.map((rep) => rep.weakRecovery[e] ?? Infinity);
    const a = steps(full), b = steps(reduced);
    const D = ksTwoSample(a, b);
    if (D > ksCritical(a.length, b.length)) failures.push(`weak recovery of ${e}: KS D = ${D.toFixed(3)} > ${ksCritical(a.length, b.length).toFixed(3)}`);
    // The test has power: most replicas recover within the run.
    expect(a.filter(Number.isFinite).length).toBeGreaterThan(a.length / 2);
  }
  expect(failures).toEqual([]);
}

async function both(config: object) {
  // config: a valid experiment without its engine (the two engines run it alike)
  const full = await stairs.run({ ...config, engine: "full" } as ExperimentInput);
  const reduced = await stairs.run({ ...config, engine: "reduced", seed: 1001 } as ExperimentInput);
  expect(full.config.engine).toBe("full");
  expect(reduced.config.engine).toBe("reduced");
  expect(reduced.meta.engine).toBe("reduced");
  return { full, reduced };
}

const record = { points: 12, testSize: 200 };

describe("reduced and full engines agree in law (d = 64, 400 replicas each)", () => {
  for (const coupling of ["sign", "independent"] as const) {
    it(`ReLU neuron on the MCM, ${coupling} latents`, async () => {
      const { full, reduced } = await both({
        model: { kind: "mcm", d: 64, betaM: 1, betaU: 5, betaV: 5, coupling },
        learner: { kind: "neuron", activation: "relu", loss: "correlation", lr: 1 },
        steps: 1500, replicas: REPLICAS, seed: 1, record, recovery: { threshold: 0.5 },
      });
      compare(full, reduced, ["m", "u", "v"], ["m", "u"], true);
    }, 120_000);
  }

  it("-He4 neuron on the spiked cumulant model (eta = d^-1.5)", async () => {
    // At d = 64 the fourth-cumulant direction itself needs ~ d^3 steps; within 6000 steps |alpha_v| reaches
    // 0.3 by the noise-driven excursions that its drift biases, which every replica does (median ~ 1300).
    const { full, reduced } = await both({
      model: { kind: "spiked-cumulant", d: 64, betaV: 10 },
      learner: { kind: "neuron", activation: "-he4", loss: "correlation", lr: 1, lrExponent: 1.5 },
      steps: 6000, replicas: REPLICAS, seed: 1, record: { points: 12, testSize: 200 }, recovery: { threshold: 0.3 },
    });
    compare(full, reduced, ["v"], ["v"], true);
  }, 120_000);

  it("K = 4 network, trained second layer and bias, logistic loss", async () => {
    const { full, reduced } = await both({
      model: { kind: "mcm", d: 64, betaM: 2, betaU: 5, betaV: 5, coupling: "sign" },
      learner: { kind: "network", hidden: 4, activation: "relu", loss: "logistic", lrW: 1, lrA: 0.2, secondLayer: "trained", bias: true },
      steps: 1500, replicas: REPLICAS, seed: 1, record, recovery: { threshold: 0.5 },
    });
    compare(full, reduced, ["m", "u", "v"], ["m"], true);
  }, 120_000);

  it("tensor PCA of order 3", async () => {
    const { full, reduced } = await both({
      model: { kind: "tensor-pca", d: 64, order: 3, beta: 4 },
      learner: { kind: "tensor-pca", lr: 1 },
      steps: 3000, replicas: REPLICAS, seed: 1, record: { points: 12 }, recovery: { threshold: 0.5 },
    });
    compare(full, reduced, ["v"], ["v"], false);
  }, 120_000);
});

describe("the reduced engine follows the overlap ODE at d = 10^6", () => {
  // ReLU neuron, MCM beta = (0.5, 5, 5) with nu = sign(lambda), eta = 3 / d: m is found first (n ~ d), then
  // u and v settle at the top of the (u, v) block by n ~ 10 d. At d = 10^6 the fluctuations of alpha_m are
  // ~ d^-1/2; the escape of u and v from the random start varies between replicas (the ODE starts at the
  // typical alpha = d^-1/2), so only the final u and v are compared.
  it("mean |alpha_m| within 0.02 of the ODE at every checkpoint, final |alpha_m|, |alpha_u|, |alpha_v| within 0.02", async () => {
    const config = {
      engine: "reduced",
      model: { kind: "mcm", d: 1_000_000, betaM: 0.5, betaU: 5, betaV: 5, coupling: "sign" },
      learner: { kind: "neuron", activation: "relu", loss: "correlation", lr: 3 },
      steps: 12_000_000, replicas: 4, seed: 2, record: { points: 24, testSize: 0 }, recovery: { threshold: 0.5 },
    };
    const result = await stairs.run(config as ExperimentInput);
    const ode = stairs.theory(config).dynamics!;
    const K = result.replicas[0].checkpoints.length;
    expect(ode.steps).toEqual(result.replicas[0].checkpoints.map((c) => c.step));
    const mean = (k: number, e: "m" | "u" | "v") => result.replicas.reduce((s, r) => s + Math.abs(r.checkpoints[k].overlap[e]!), 0) / result.replicas.length;
    for (let k = 0; k < K; k++) expect(Math.abs(mean(k, "m") - Math.abs(ode.overlap.m[k]))).toBeLessThan(0.02);
    for (const e of ["m", "u", "v"] as const) expect(Math.abs(mean(K - 1, e) - Math.abs(ode.overlap[e][K - 1]))).toBeLessThan(0.02);
  }, 300_000);
});
