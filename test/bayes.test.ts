// Bayes-optimal accuracies (assembly/bayes.ts, src/theory/bayes.ts): the closed form of the mean-only
// problem, and the Monte Carlo of the covariance-censored and full problems against independent grid
// quadratures of the definition, accuracy = integral of max(q p_+, (1 - q) p_-) over the span of the
// spikes (midpoint rule; the full law's density by a direct quadrature over lambda, not the kernel's closed
// form). Tolerance: 4 standard errors plus the grid's error (bounded by halving the grid: < 1e-4).
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import { normalCdf } from "./support/moments.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const gauss = (x: number, mean: number, variance: number): number => Math.exp(-((x - mean) ** 2) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);

/** Midpoint rule of f over [-L, L] with n cells. */
function integrate1(f: (x: number) => number, L: number, n: number): number {
  const h = (2 * L) / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += f(-L + (i + 0.5) * h);
  return s * h;
}

function integrate2(f: (x: number, y: number) => number, L: number, n: number): number {
  const h = (2 * L) / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = -L + (i + 0.5) * h;
    for (let j = 0; j < n; j++) s += f(x, -L + (j + 0.5) * h);
  }
  return s * h * h;
}

const within = (estimate: { accuracy: number; standardError: number }, exact: number, slack = 1e-4) =>
  expect(Math.abs(estimate.accuracy - exact)).toBeLessThan(4 * estimate.standardError + slack);

describe("Bayes-optimal accuracies of the censored problems and of the model", () => {
  it("mean only: Phi(beta_m / 2) at q = 1/2; with a prior and a labelled mean, the quadrature of the definition", () => {
    for (const betaM of [0.5, 1, 2, 3]) {
      const b = stairs.bayesAccuracy({ kind: "mixture", d: 8, betaM }, { samples: 1000 });
      expect(b.mean.method).toBe("closed form");
      expect(Math.abs(b.mean.accuracy - normalCdf(betaM / 2))).toBeLessThan(1e-14);
    }
    const q = 0.3, betaM = 0.8;
    const b = stairs.bayesAccuracy({ kind: "mixture", d: 8, betaM, prior: q, labelledMean: true }, { samples: 1000 });
    const exact = integrate1((x) => Math.max(q * gauss(x, betaM, 1), (1 - q) * gauss(x, -betaM, 1)), 12, 200000);
    expect(Math.abs(b.mean.accuracy - exact)).toBeLessThan(1e-8);
    expect(stairs.bayesAccuracy({ kind: "gaussian", d: 8, prior: 0.3 }, { samples: 1000 }).mean.accuracy).toBe(0.7);
  });

  it("covariance, independent latents, beta_m = 0: the closed form of N(0, 1 + beta_u) against N(0, 1)", () => {
    const betaU = 5;
    const b = stairs.bayesAccuracy({ kind: "spiked-covariance", d: 8, betaU }, { samples: 1 << 18, seed: 3 });
    // decide +1 iff |x_u| > r, r^2 = (1 + beta_u) ln(1 + beta_u) / beta_u
    const r = Math.sqrt(((1 + betaU) * Math.log(1 + betaU)) / betaU);
    const exact = 0.5 * (2 * normalCdf(r) - 1) + (1 - normalCdf(r / Math.sqrt(1 + betaU)));
    within(b.covariance, exact, 0);
    within(b.full, exact, 0); // the full law of a spiked covariance model is that Gaussian
  });

  it("full law of the spiked cumulant model (independent Rademacher latent): quadrature along v", () => {
    const betaV = 10;
    const b = stairs.bayesAccuracy({ kind: "spiked-cumulant", d: 8, betaV }, { samples: 1 << 18, seed: 4 });
    const s = Math.sqrt(betaV / (1 + betaV)), variance = 1 / (1 + betaV);
    const plus = (x: number) => 0.5 * (gauss(x, s, variance) + gauss(x, -s, variance));
    const exact = integrate1((x) => 0.5 * Math.max(plus(x), gauss(x, 0, 1)), 10, 400000);
    within(b.full, exact);
    expect(b.covariance.accuracy).toBe(0.5); // v is whitened out of mean and covariance: no information
  });

  it("sign coupling (beta_m = 0): full and covariance-censored laws on span(u, v) by a 2-d quadrature", () => {
    const betaU = 2, betaV = 4;
    const b = stairs.bayesAccuracy({ kind: "mcm", d: 8, betaM: 0, betaU, betaV, coupling: "sign" }, { samples: 1 << 18, seed: 5 });
    const s = Math.sqrt(betaV / (1 + betaV)), variance = 1 / (1 + betaV), a = Math.sqrt(betaU);
    // p_+(x_u, x_v) = int phi(l) N(x_u; a l, 1) N(x_v; s sign(l), 1/(1 + beta_v)) dl, by halves (Simpson)
    const half = (xu: number, sign: number) => {
      const n = 200, h = 8 / n;
      let sum = 0;
      for (let i = 0; i <= n; i++) {
        const l = sign * i * h;
        const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
        sum += w * gauss(l, 0, 1) * gauss(xu, a * l, 1);
      }
      return (sum * h) / 3;
    };
    const halves = new Map<number, [number, number]>(); // depends on x_u only
    const full = integrate2((xu, xv) => {
      let hv = halves.get(xu);
      if (hv === undefined) halves.set(xu, (hv = [half(xu, 1), half(xu, -1)]));
      const plus = hv[0] * gauss(xv, s, variance) + hv[1] * gauss(xv, -s, variance);
      return 0.5 * Math.max(plus, gauss(xu, 0, 1) * gauss(xv, 0, 1));
    }, 8, 400);
    within(b.full, full, 3e-4);
    // the censored Gaussian: C = [[1 + beta_u, rho], [rho, 1]], rho = sqrt(beta_u) s sqrt(2/pi)
    const rho = a * s * Math.sqrt(2 / Math.PI), det = 1 + betaU - rho * rho;
    const covariance = integrate2((xu, xv) => {
      const quad = (xu * xu - 2 * rho * xu * xv + (1 + betaU) * xv * xv) / det;
      const plus = Math.exp(-quad / 2) / (2 * Math.PI * Math.sqrt(det));
      return 0.5 * Math.max(plus, gauss(xu, 0, 1) * gauss(xv, 0, 1));
    }, 10, 1000);
    within(b.covariance, covariance);
  });

  it("the paper's betas (docs/science.md section 8): 0.842, 0.874, 0.886 at (2, 5, 5) and 0.60, 0.66, 0.80 at (0.5, 2, 20)", () => {
    const at = (betaM: number, betaU: number, betaV: number) => stairs.bayesAccuracy({ kind: "mcm", d: 8, betaM, betaU, betaV }, { samples: 1 << 18, seed: 1 });
    const a = at(2, 5, 5);
    expect(Math.abs(a.mean.accuracy - 0.8413)).toBeLessThan(1e-4);
    expect(Math.abs(a.covariance.accuracy - 0.874)).toBeLessThan(1.5e-3);
    expect(Math.abs(a.full.accuracy - 0.886)).toBeLessThan(1.5e-3);
    const b = at(0.5, 2, 20);
    expect(Math.abs(b.mean.accuracy - 0.60)).toBeLessThan(5e-3);
    expect(Math.abs(b.covariance.accuracy - 0.66)).toBeLessThan(5e-3);
    expect(Math.abs(b.full.accuracy - 0.80)).toBeLessThan(5e-3);
    // the cumulant adds at most ~0.012 at (2, 5, 5) and ~0.14 at (0.5, 2, 20)
    expect(a.full.accuracy - a.covariance.accuracy).toBeLessThan(0.015);
    expect(b.full.accuracy - b.covariance.accuracy).toBeGreaterThan(0.12);
  });

  it("is a pure function of (model, samples, seed), part of stairs.theory, and validated", () => {
    const model = { kind: "mcm", d: 16, betaM: 1, betaU: 3, betaV: 3, coupling: "partial" };
    const one = stairs.bayesAccuracy(model, { samples: 5000, seed: 9 });
    expect(stairs.bayesAccuracy(model, { samples: 5000, seed: 9 })).toEqual(one);
    expect(stairs.bayesAccuracy(model, { samples: 5000, seed: 10 }).full.accuracy).not.toBe(one.full.accuracy);
    const t = stairs.theory({ model, seed: 9, theory: { bayesSamples: 5000 } });
    expect(t.bayes).toEqual(one);
    expect(stairs.theory({ model, theory: { bayesSamples: 0 } }).bayes).toBeNull();
    expect(() => stairs.bayesAccuracy(model, { samples: 1 })).toThrow(/bayes.samples/);
    expect(() => stairs.bayesAccuracy({ ...model, d: 2 })).toThrow(/model.d/);
  });
});
