// stairs.theory: Hermite coefficients of the activations, information exponents and predicted scaling on
// the MCM, config validation, and the `stairs theory` command. Expected values are derived in the comments
// (closed forms), independently of the quadratures that compute them.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const PHI0 = 1 / Math.sqrt(2 * Math.PI);
const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
const mcm = { d: 64, betaM: 1, betaU: 5, betaV: 5 };

describe("Hermite coefficients (c_k = E[sigma(xi) He_k(xi)], no 1/k!)", () => {
  it("ReLU: c1 = 1/2, c2 = 1/sqrt(2 pi), c3 = 0, c4 = -1/sqrt(2 pi) within 1e-10", () => {
    const { hermite } = stairs.theory({ model: mcm, learner: { kind: "neuron", activation: "relu" } });
    expect(hermite).toHaveLength(9);
    expect(Math.abs(hermite[1] - 0.5)).toBeLessThan(1e-10);
    expect(Math.abs(hermite[2] - PHI0)).toBeLessThan(1e-10);
    expect(Math.abs(hermite[3])).toBeLessThan(1e-10);
    expect(Math.abs(hermite[4] + PHI0)).toBeLessThan(1e-10);
    // c0 = E[relu] = phi(0); c6 = 3 phi(0) (Stein: c_k = phi(0) He_{k-2}(0))
    expect(Math.abs(hermite[0] - PHI0)).toBeLessThan(1e-12);
    expect(Math.abs(hermite[6] - 3 * PHI0)).toBeLessThan(1e-11);
  });

  it("He_k activations give unit vectors once divided by k! (c = k! e_k), also for -He_k and combinations", () => {
    for (let k = 1; k <= 8; k++) {
      const { hermite } = stairs.theory({ model: mcm, learner: { kind: "neuron", activation: `he${k}` }, theory: { hermiteOrder: 10 } });
      hermite.forEach((c, j) => expect(Math.abs(c / factorial(j) - (j === k ? 1 : 0))).toBeLessThan(1e-12));
    }
    const a = [0.5, -1, 0, 2, 0.25];
    const { hermite } = stairs.theory({ model: mcm, learner: { kind: "neuron", activation: { kind: "hermite", coefficients: a } }, theory: { hermiteOrder: 6 } });
    hermite.forEach((c, j) => expect(Math.abs(c / factorial(j) - (a[j] ?? 0))).toBeLessThan(1e-12));
  });

  it("tanh and erf are odd: every even coefficient is 0; erf's c1 = 1/sqrt(pi), tanh's c1 = E[1 - tanh^2]", () => {
    for (const activation of ["tanh", "erf"]) {
      const { hermite } = stairs.theory({ model: mcm, learner: { kind: "neuron", activation }, theory: { hermiteOrder: 12 } });
      hermite.forEach((c, k) => {
        if (k % 2 === 0) expect(c).toBe(0);
      });
    }
    // erf(z/sqrt 2) = 2 Phi(z) - 1: c1 = E[2 phi(xi)] = 2 / sqrt(4 pi) = 1/sqrt(pi)
    expect(Math.abs(stairs.theory({ model: mcm, learner: { kind: "neuron", activation: "erf" } }).hermite[1] - 1 / Math.sqrt(Math.PI))).toBeLessThan(1e-13);
    // tanh: c1 = E[tanh'(xi)] (Stein), by composite Simpson on [-12, 12] with 24000 panels (error < 1e-13)
    let simpson = 0;
    const n = 24000, h = 24 / n;
    for (let i = 0; i <= n; i++) {
      const x = -12 + i * h;
      const f = (1 - Math.tanh(x) ** 2) * PHI0 * Math.exp(-x * x / 2);
      simpson += (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * f;
    }
    simpson *= h / 3;
    expect(Math.abs(stairs.theory({ model: mcm, learner: { kind: "neuron", activation: "tanh" } }).hermite[1] - simpson)).toBeLessThan(1e-12);
  });
});

describe("information exponents on the MCM", () => {
  it("ReLU on the MCM: m, u, v = 1, 2, 4 (Rademacher nu), with the signs that pull", () => {
    const r = stairs.theory({ model: mcm, learner: { kind: "neuron", activation: "relu" } });
    expect(r.informationExponent).toEqual({ m: 1, u: 2, v: 4 });
    expect(r.lossExpansion.order).toEqual(["m", "u", "v"]);
    // coefficients of the population loss L = -E[y relu(w.x)] (q = 1/2, s_v^2 = 5/6):
    //   alpha_m: -q c1 beta_m = -1/4;  alpha_u^2: -q c2 beta_u / 2 = -(5/4) phi(0);
    //   alpha_v^4: -q c4 kappa4 s_v^4 / 24 = -(1/2)(-phi(0))(-2)(25/36)/24
    expect(r.lossExpansion.m.coefficient).toBeCloseTo(-0.25, 12);
    expect(r.lossExpansion.u.coefficient).toBeCloseTo(-1.25 * PHI0, 12);
    expect(r.lossExpansion.v.coefficient).toBeCloseTo(-(PHI0 * 25) / (36 * 24), 12);
    expect([r.lossExpansion.m.attractive, r.lossExpansion.u.attractive, r.lossExpansion.v.attractive]).toEqual([true, true, true]);
    expect(r.predictedScaling.m).toMatchObject({ samples: "d", exponent: 1, log: false });
    expect(r.predictedScaling.u).toMatchObject({ samples: "d log d", exponent: 1, log: true });
    expect(r.predictedScaling.v).toMatchObject({ samples: "d^3", exponent: 3, log: false });
    expect(r.correlation.kStar).toBeNull();
    expect(r.lossExpansion.vAfterU).toBeNull();
  });

  it("a skewed latent gives v the exponent 3 (~ d^2): through the mean, since ReLU's c3 = 0", () => {
    const r = stairs.theory({ model: { ...mcm, latent: { kind: "skewed", r: 0.7 } }, learner: { kind: "neuron", activation: "relu" } });
    expect(r.informationExponent).toEqual({ m: 1, u: 2, v: 3 });
    expect(r.predictedScaling.v).toMatchObject({ samples: "d^2", exponent: 2 });
    // pure exponent 4 (c3 kappa3 = 0); the term alpha_m alpha_v^3 has -q c4 beta_m kappa3 s_v^3 / 3!
    expect(r.lossExpansion.v.exponent).toBe(4);
    expect(r.lossExpansion.sequential.v.powers).toEqual({ m: 1, u: 0, v: 0 });
    const rr = 0.7, kappa3 = (1 - 2 * rr) / Math.sqrt(rr * (1 - rr));
    expect(r.lossExpansion.sequential.v.coefficient).toBeCloseTo((-0.5 * -PHI0 * kappa3 * Math.sqrt(5 / 6) ** 3) / 6, 12);
    expect(Math.abs(r.latentHermite[3] - kappa3)).toBeLessThan(1e-13);
    // with an activation whose c3 != 0, the skewed latent is seen directly: pure exponent 3
    const direct = stairs.theory({ model: { ...mcm, latent: { kind: "skewed", r: 0.7 } }, learner: { kind: "neuron", activation: { kind: "hermite", coefficients: [0, 1, 1, 1] } } });
    expect(direct.lossExpansion.v.exponent).toBe(3);
  });

  it("correlated latents (sign coupling): E[lambda nu] = sqrt(2/pi), k* = 1, v rides on u at ~ d log d", () => {
    const r = stairs.theory({ model: { ...mcm, coupling: "sign" }, learner: { kind: "neuron", activation: "relu" } });
    expect(r.informationExponent).toEqual({ m: 1, u: 2, v: 4 });
    expect(Math.abs(r.correlation.expectation - Math.sqrt(2 / Math.PI))).toBeLessThan(1e-13);
    expect(r.correlation.kStar).toBe(1);
    // bilinear term alpha_u alpha_v: -q c2 sqrt(beta_u) s_v E[lambda nu]
    expect(r.lossExpansion.vAfterU).toMatchObject({ exponent: 1, degree: 2 });
    expect(r.lossExpansion.vAfterU!.terms[0].coefficient).toBeCloseTo(-0.5 * PHI0 * Math.sqrt(5) * Math.sqrt(5 / 6) * Math.sqrt(2 / Math.PI), 12);
    expect(r.predictedScaling.v).toMatchObject({ samples: "d log d", exponent: 1, log: true });
  });

  it("the even coupling (k* = 2) needs the mean or c3 != 0: ReLU's sigma' = 1/2 + odd cannot see an even nu(lambda)", () => {
    const withMean = stairs.theory({ model: { ...mcm, coupling: "even" }, learner: { kind: "neuron", activation: "relu" } });
    expect(withMean.correlation.kStar).toBe(2);
    expect(Math.abs(withMean.correlation.expectation)).toBeLessThan(1e-13);
    expect(withMean.lossExpansion.vAfterU?.terms[0]).toMatchObject({ m: 1, u: 2 }); // alpha_m alpha_u^2 alpha_v, via c4
    const noMean = stairs.theory({ model: { ...mcm, betaM: 0, coupling: "even" }, learner: { kind: "neuron", activation: "relu" } });
    expect(noMean.lossExpansion.vAfterU).toBeNull();
  });

  it("a term through a found overlap pulls or not by the sign that overlap settles at", () => {
    // sigma = +-He1 + He3 on the MCM: c1 = +-1, c2 = 0, c3 = 6. m settles at sign(c1 beta_m) (L = -q c1
    // beta_m alpha_m); u's term alpha_m alpha_u^2 has -q c3 beta_m (beta_u/2) = -7.5, so it pulls only
    // when alpha_m > 0.
    const up = stairs.theory({ model: mcm, learner: { kind: "neuron", activation: { kind: "hermite", coefficients: [0, 1, 0, 1] } } });
    const down = stairs.theory({ model: mcm, learner: { kind: "neuron", activation: { kind: "hermite", coefficients: [0, -1, 0, 1] } } });
    for (const r of [up, down]) {
      expect(r.lossExpansion.u.exponent).toBeNull(); // c2 = c4 = ... = 0: no pure exponent
      expect(r.lossExpansion.sequential.u).toMatchObject({ exponent: 2, powers: { m: 1, u: 0, v: 0 } });
      expect(r.lossExpansion.sequential.u.coefficient).toBeCloseTo(-7.5, 12);
    }
    expect(up.lossExpansion.sequential.u.effectiveCoefficient).toBeCloseTo(-7.5, 12);
    expect(up.lossExpansion.sequential.u.attractive).toBe(true);
    expect(down.lossExpansion.sequential.u.effectiveCoefficient).toBeCloseTo(7.5, 12);
    expect(down.lossExpansion.sequential.u.attractive).toBe(false);
    expect(up.predictedScaling.u).toMatchObject({ samples: "d log d" });
    expect(down.predictedScaling.u).toBeNull();
  });

  it("spiked cumulant: -He4 pulls towards v (c4 kappa4 > 0), He4 does not; odd activations see neither u nor v", () => {
    const model = { kind: "spiked-cumulant", d: 16, betaV: 10 };
    const minus = stairs.theory({ model, learner: { kind: "neuron", activation: "-he4" } });
    expect(minus.informationExponent).toEqual({ m: null, u: null, v: 4 });
    expect(minus.lossExpansion.v.attractive).toBe(true);
    expect(minus.predictedScaling.v).toMatchObject({ samples: "d^3" });
    const plus = stairs.theory({ model, learner: { kind: "neuron", activation: "he4" } });
    expect(plus.lossExpansion.v.attractive).toBe(false);
    expect(plus.predictedScaling.v).toBeNull();
    for (const activation of ["tanh", "erf"]) {
      const r = stairs.theory({ model: { kind: "spiked-covariance", d: 16, betaU: 5 }, learner: { kind: "neuron", activation } });
      expect(r.informationExponent.u).toBeNull();
      expect(stairs.theory({ model, learner: { kind: "neuron", activation } }).informationExponent.v).toBeNull();
    }
  });
});

describe("theory config and result", () => {
  it.each([
    [{ model: { d: 3 } }, /model.d must be >= 4; got 3/],
    [{ model: mcm, learner: { kind: "neuron", activation: "softplus" } }, /learner.activation must be "relu", "tanh", "erf"/],
    [{ model: mcm, learner: { kind: "neuron", loss: "hinge" } }, /learner.loss must be one of "correlation", "square"; got "hinge"/],
    [{ model: mcm, theory: { hermiteOrder: 99 } }, /theory.hermiteOrder must be <= 30; got 99/],
    [{ model: mcm, extra: 1 }, /must be absent/],
    [{ learner: { kind: "neuron", activation: "relu" } }, /model must be a model config/],
  ])("rejects %j naming the field", (input, message) => {
    expect(() => stairs.theory(input)).toThrow(message);
  });

  it("has the dynamics on the learners' checkpoint grid when steps are given, none otherwise", () => {
    const r = stairs.theory({ model: mcm, learner: { kind: "neuron", activation: "relu", loss: "correlation", lr: 1 }, steps: 5000, record: { points: 20 }, replicas: 8, seed: 2 });
    const dyn = r.dynamics!;
    expect(dyn.steps[0]).toBe(0);
    expect(dyn.steps[dyn.steps.length - 1]).toBe(5000);
    expect(dyn.steps.length).toBeLessThanOrEqual(20);
    expect(dyn.eta).toBe(1 / 64);
    expect(dyn.overlap.m[0]).toBe(0.125);
    expect(stairs.theory({ model: mcm }).dynamics).toBeUndefined();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r); // plain JSON: no Infinity, no undefined holes
  });
});

describe("stairs theory (command line)", () => {
  const cli = join(__dirname, "..", "dist", "cli.js");
  it("prints the table and writes the JSON atomically; a bad config exits non-zero and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "stairs-theory-"));
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ model: { ...mcm, coupling: "sign" }, learner: { kind: "neuron", activation: "relu" }, steps: 2000, record: { points: 12 } }));
    const out = join(dir, "theory.json");
    const text = execFileSync(process.execPath, [cli, "theory", config, "--json", out], { encoding: "utf8" });
    expect(text).toMatch(/Hermite coefficients c_k = E\[sigma\(xi\) He_k\(xi\)\]/);
    expect(text).toMatch(/\n\s+v after u\s+1/);
    expect(text).toMatch(/Overlap ODE/);
    const written = JSON.parse(readFileSync(out, "utf8"));
    expect(written.informationExponent).toEqual({ m: 1, u: 2, v: 4 });
    expect(written.hermite.length).toBe(9);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ model: { d: 64, coupling: "diagonal" } }));
    const badOut = join(dir, "bad-out.json");
    const run = spawnSync(process.execPath, [cli, "theory", bad, "--json", badOut], { encoding: "utf8" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/model.coupling/);
    expect(existsSync(badOut)).toBe(false);
  });
});
