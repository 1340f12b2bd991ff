// Measurements: the censored test sets keep exactly the moments they promise, and test accuracy at a
// fixed w matches its closed form on the real and censored sets (statistical, fixed seeds, 4 standard errors).
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import { codes } from "../src/wasm/codes.js";
import { both, model, view } from "./support/learners.js";
import { moments, normalCdf } from "./support/moments.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

// The test-set codes, from the module (the loops below are built before beforeAll runs).
const { model: MODEL, censoredMean: CENSORED_MEAN, censoredCovariance: CENSORED_COVARIANCE } = codes((await init()).kernels).testSet;

/** Projections (m.x, u.x, v.x, o.x) of the y = +1 rows, o a unit vector orthogonal to m, u, v. */
function projections(d: number, n: number, x: number, y: number, s: { m: Float64Array; u: Float64Array; v: Float64Array }) {
  const o = new Float64Array(d).map((_, i) => (i % 2 === 0 ? 1 : -1));
  for (const e of [s.m, s.u, s.v]) {
    let p = 0;
    for (let i = 0; i < d; i++) p += o[i] * e[i];
    for (let i = 0; i < d; i++) o[i] -= p * e[i];
  }
  const on = Math.hypot(...o);
  o.forEach((_, i) => (o[i] /= on));
  const labels = view(stairs, y, n);
  const rows: number[][] = [[], [], [], []];
  for (let r = 0; r < n; r++) {
    if (labels[r] < 0) continue;
    const row = view(stairs, x + 8 * r * d, d);
    [s.m, s.u, s.v, o].forEach((e, j) => {
      let p = 0;
      for (let i = 0; i < d; i++) p += row[i] * e[i];
      rows[j].push(p);
    });
  }
  return rows.map((r) => Float64Array.from(r));
}

function covariance(a: Float64Array, b: Float64Array): number {
  const ma = moments(a).mean, mb = moments(b).mean;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / a.length;
}

describe("E[lambda nu] of each coupling (wasm), the source of rho", () => {
  it("sign sqrt(2/pi), partial(p) p sqrt(2/pi), independent / even / cubic 0", () => {
    const e = (coupling: unknown) => {
      const m = model(stairs, { kind: "mcm", d: 4, coupling });
      const value = stairs.kernels.modelLatentCorrelation(m.ptr);
      m.free();
      return value;
    };
    expect(e("sign")).toBeCloseTo(Math.sqrt(2 / Math.PI), 12);
    expect(e({ kind: "partial", p: 0.3 })).toBeCloseTo(0.3 * Math.sqrt(2 / Math.PI), 12);
    for (const c of ["independent", "even", "cubic"]) expect(e(c)).toBe(0);
  });
});

describe("censored test sets (MCM d = 8, beta_m = 1.5, beta_u = 3, beta_v = 4, n = 200000)", () => {
  const d = 8, n = 200_000, betaM = 1.5, betaU = 3, betaV = 4;

  function draw(coupling: string, mode: number) {
    const k = stairs.kernels;
    const m = model(stairs, { kind: "mcm", d, betaM, betaU, betaV, coupling }, 3);
    const state = stairs.stream(3, 100 + mode);
    const x = k.alloc(8 * n * d);
    const y = k.alloc(8 * n);
    if (mode === MODEL) k.modelSampleBatch(m.ptr, state.statePtr, n, x, y, 0, 0);
    else k.censoredSampleBatch(m.ptr, state.statePtr, mode, n, x, y);
    const labels = view(stairs, y, n);
    let positives = 0;
    for (const v of labels) if (v > 0) positives++;
    const rows = projections(d, n, x, y, m.spikes());
    k.free(x);
    k.free(y);
    state.free();
    m.free();
    return { rows, positives };
  }

  for (const coupling of ["sign", "independent"]) {
    const rho = coupling === "sign" ? Math.sqrt((betaU * betaV) / (1 + betaV)) * Math.sqrt(2 / Math.PI) : 0;
    for (const [mode, label] of [[MODEL, "the model itself"], [CENSORED_MEAN, "censored (mean)"], [CENSORED_COVARIANCE, "censored (mean and covariance)"]] as const) {
      it(`${coupling} coupling, ${label}: the y = +1 class has the promised mean and covariance`, () => {
        const { rows, positives } = draw(coupling, mode);
        const [pm, pu, pv, po] = rows;
        const N = pm.length;
        expect(Math.abs(positives - n / 2)).toBeLessThan(4 * Math.sqrt(n / 4));
        // Mean beta_m m; the other directions centred. SE of a mean: sd / sqrt(N).
        expect(Math.abs(moments(pm).mean - betaM)).toBeLessThan(4 / Math.sqrt(N));
        expect(Math.abs(moments(pu).mean)).toBeLessThan((4 * Math.sqrt(1 + betaU)) / Math.sqrt(N));
        expect(Math.abs(moments(pv).mean)).toBeLessThan(4 / Math.sqrt(N));
        // Variances (SE ~ sqrt(2) var / sqrt(N) for near-Gaussian projections, sqrt(var of the squares) in general;
        // 6 sqrt(2) var / sqrt(N) leaves room for the non-Gaussian v.x of the model).
        const keepsCovariance = mode !== CENSORED_MEAN;
        const varU = keepsCovariance ? 1 + betaU : 1;
        const cross = keepsCovariance ? rho : 0;
        expect(Math.abs(moments(pu).variance - varU)).toBeLessThan((4 * Math.SQRT2 * varU) / Math.sqrt(N));
        expect(Math.abs(moments(pv).variance - 1)).toBeLessThan((6 * Math.SQRT2) / Math.sqrt(N));
        expect(Math.abs(moments(po).variance - 1)).toBeLessThan((4 * Math.SQRT2) / Math.sqrt(N));
        expect(Math.abs(covariance(pu, pv) - cross)).toBeLessThan((4 * Math.sqrt(varU + cross * cross)) / Math.sqrt(N));
        // Only the model keeps the fourth cumulant along v: excess kurtosis (beta_v / (1 + beta_v))^2 kappa4
        // for independent latents (kappa4 = -2 for Rademacher nu); 0 for the Gaussian censored sets.
        const kurtosis = moments(pv).excessKurtosis;
        const expected = mode === MODEL && coupling === "independent" ? -2 * (betaV / (1 + betaV)) ** 2 : mode === MODEL ? null : 0;
        if (expected !== null) expect(Math.abs(kurtosis - expected)).toBeLessThan(4 * Math.sqrt(24 / N));
      });
    }
  }
});

describe("test accuracy at a fixed w matches its closed form (n = 40000 test samples, 4 standard errors)", () => {
  const n = 40_000;

  function accuracyAt(input: object, spec: string, direction: "m" | "u" | "v", mode: number): number {
    const k = stairs.kernels;
    const m = model(stairs, input, 6);
    const { wasm } = both(stairs, spec);
    const neuron = k.neuronCreate(m.ptr, wasm.ptr, codes(k).loss.correlation, 0.1, 0.5, 6, 1);
    view(stairs, k.neuronWeights(neuron), m.config.d).set(m.spikes()[direction]);
    const test = stairs.stream(6, 2);
    const out = k.alloc(16);
    k.neuronEvaluate(neuron, test.statePtr, n, mode, out);
    const accuracy = view(stairs, out, 1)[0];
    k.free(out);
    test.free();
    k.neuronFree(neuron);
    wasm.free();
    m.free();
    return accuracy;
  }

  const se = (p: number) => Math.sqrt((p * (1 - p)) / n);

  it("ReLU at w = m on a Gaussian mixture: 1/2 [P(beta_m + g > tau) + P(g < tau)], tau = 1/sqrt(2 pi)", () => {
    const betaM = 1.2, tau = 1 / Math.sqrt(2 * Math.PI);
    const expected = 0.5 * (1 - normalCdf(tau - betaM) + normalCdf(tau));
    const got = accuracyAt({ kind: "mixture", d: 20, betaM }, "relu", "m", MODEL);
    expect(Math.abs(got - expected)).toBeLessThan(4 * se(expected));
    // The mean-censored set keeps the mean, so a neuron that reads the mean scores the same.
    expect(Math.abs(accuracyAt({ kind: "mixture", d: 20, betaM }, "relu", "m", CENSORED_MEAN) - expected)).toBeLessThan(4 * se(expected));
  });

  it("-He4 at w = v on the spiked cumulant model (beta_v = 10): above chance, and at chance once censored", () => {
    // Predict +1 iff He4(z) < 0, i.e. r1 < |z| < r2 with r^2 = 3 -+ sqrt 6. y = -1: z ~ N(0, 1). y = +1:
    // z = A nu + B g with A = sqrt(beta/(1+beta)), B = 1/sqrt(1+beta), nu = +-1 (symmetric, so take nu = 1).
    const beta = 10, A = Math.sqrt(beta / (1 + beta)), B = 1 / Math.sqrt(1 + beta);
    const r1 = Math.sqrt(3 - Math.sqrt(6)), r2 = Math.sqrt(3 + Math.sqrt(6));
    const nullPositive = 2 * (normalCdf(r2) - normalCdf(r1));
    const spikePositive =
      normalCdf((r2 - A) / B) - normalCdf((r1 - A) / B) + normalCdf((-r1 - A) / B) - normalCdf((-r2 - A) / B);
    const expected = 0.5 * (spikePositive + 1 - nullPositive); // 0.660
    const input = { kind: "spiked-cumulant", d: 20, betaV: beta };
    expect(Math.abs(accuracyAt(input, "-he4", "v", MODEL) - expected)).toBeLessThan(4 * se(expected));
    // Both censored sets replace the y = +1 class by N(0, I): exactly chance.
    expect(Math.abs(accuracyAt(input, "-he4", "v", CENSORED_MEAN) - 0.5)).toBeLessThan(4 * se(0.5));
    expect(Math.abs(accuracyAt(input, "-he4", "v", CENSORED_COVARIANCE) - 0.5)).toBeLessThan(4 * se(0.5));
  });
});
