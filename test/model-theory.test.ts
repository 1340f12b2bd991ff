// The closed-form theory (src/theory/model.ts, assembly/latent.ts) against independent computations in the
// test: the couplings' definitions in docs/science.md integrated numerically (composite Simpson, JS Math), the
// known constants, and the moment formulas written out by hand.
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import { hermite, normalCdf } from "./support/moments.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** Phi^-1 by bisection on the test's own normalCdf (JS Math). */
function quantile(q: number): number {
  let lo = -40, hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (normalCdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Composite Simpson of f phi over [a, b] with 2 m panels. */
function simpson(f: (x: number) => number, a: number, b: number, m = 4000): number {
  const h = (b - a) / (2 * m);
  let s = f(a) * phi(a) + f(b) * phi(b);
  for (let i = 1; i < 2 * m; i++) {
    const x = a + i * h;
    s += (i % 2 === 1 ? 4 : 2) * f(x) * phi(x);
  }
  return (s * h) / 3;
}

/**
 * E[He_k(lambda) nu(lambda)] for a deterministic coupling nu(lambda), integrated piecewise between its
 * jump points so that Simpson sees only smooth pieces.
 */
function expectation(k: number, nu: (l: number) => number, jumps: number[]): number {
  const points = [-14, ...jumps.filter((t) => Math.abs(t) < 14).sort((a, b) => a - b), 14];
  let total = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const mid = 0.5 * (a + b);
    const value = nu(mid); // constant on the piece
    total += simpson((x) => hermite(k, x) * value, a, b);
  }
  return total;
}

// The couplings exactly as docs/science.md defines them.
function deterministicCoupling(coupling: string, r: number): { nu: (l: number) => number; jumps: number[] } {
  const s = Math.sqrt(r * (1 - r));
  const high = (1 - r) / s, low = -r / s;
  if (coupling === "sign") {
    const t = quantile(1 - r);
    return { nu: (l) => (l > t ? high : low), jumps: [t] };
  }
  if (coupling === "even") {
    const t = quantile(1 - r / 2);
    return { nu: (l) => (Math.abs(l) >= t ? high : low), jumps: [-t, t] };
  }
  const t = Math.sqrt(2 * Math.log(2)); // cubic
  return { nu: (l) => Math.sign(l) * Math.sign(Math.abs(l) - t), jumps: [-t, 0, t] };
}

describe("the Hermite coefficients E[He_k(lambda) nu] of every coupling", () => {
  const cases: ["sign" | "even" | "cubic", { kind: "rademacher" } | { kind: "skewed"; r: number }][] = [
    ["sign", { kind: "rademacher" }],
    ["even", { kind: "rademacher" }],
    ["cubic", { kind: "rademacher" }],
    ["sign", { kind: "skewed", r: 0.3 }],
    ["sign", { kind: "skewed", r: 0.85 }],
    ["even", { kind: "skewed", r: 0.7 }],
  ];
  it.each(cases)("%s coupling, %j latent: closed forms = quadrature of the definition (k = 1..8, to 1e-9)", (coupling, latent) => {
    const theory = stairs.modelTheory({ d: 8, coupling, latent });
    const r = latent.kind === "skewed" ? latent.r : 0.5;
    const { nu, jumps } = deterministicCoupling(coupling, r);
    for (let k = 1; k <= 8; k++) {
      expect(Math.abs(theory.coupling.hermite[k] - expectation(k, nu, jumps))).toBeLessThan(1e-9);
    }
    // nu has zero mean and unit variance under lambda ~ N(0, 1).
    expect(Math.abs(expectation(0, nu, jumps))).toBeLessThan(1e-9);
    expect(Math.abs(expectation(0, (l) => nu(l) ** 2, jumps) - 1)).toBeLessThan(1e-9);
  });

  it("partial(p) is p times sign, independent is zero", () => {
    const sign = stairs.modelTheory({ d: 8, coupling: "sign", latent: { kind: "skewed", r: 0.4 } }).coupling.hermite;
    const partial = stairs.modelTheory({ d: 8, coupling: { kind: "partial", p: 0.35 }, latent: { kind: "skewed", r: 0.4 } }).coupling.hermite;
    partial.forEach((h, k) => expect(Math.abs(h - 0.35 * sign[k])).toBeLessThan(1e-15));
    expect(stairs.modelTheory({ d: 8 }).coupling.hermite.every((h) => h === 0)).toBe(true);
  });

  it("known values: E[lambda nu] = sqrt(2/pi) for sign, (high - low) phi(t) for the skewed sign, 0 for even and cubic", () => {
    expect(stairs.modelTheory({ d: 8, coupling: "sign" }).coupling.lambdaNu).toBeCloseTo(Math.sqrt(2 / Math.PI), 15);
    const r = 0.3;
    const skewed = stairs.modelTheory({ d: 8, coupling: "sign", latent: { kind: "skewed", r } });
    expect(skewed.coupling.lambdaNu).toBeCloseTo(phi(quantile(1 - r)) / Math.sqrt(r * (1 - r)), 13);
    expect(stairs.modelTheory({ d: 8, coupling: "even" }).coupling.threshold).toBeCloseTo(0.6744897501960817, 14); // Phi^-1(3/4)
    expect(Math.abs(stairs.modelTheory({ d: 8, coupling: "even" }).coupling.lambdaNu)).toBe(0);
    expect(Math.abs(stairs.modelTheory({ d: 8, coupling: "cubic" }).coupling.lambdaNu)).toBeLessThan(1e-16);
    // cubic: E[He_3 nu] = 2 (2 ln 2 phi(0)) = 4 ln 2 / sqrt(2 pi)
    expect(stairs.modelTheory({ d: 8, coupling: "cubic" }).coupling.hermite[3]).toBeCloseTo((4 * Math.LN2) / Math.sqrt(2 * Math.PI), 14);
  });

  it.each([
    ["independent", "rademacher", null],
    ["sign", "rademacher", 1],
    [{ kind: "partial", p: 0.5 }, "rademacher", 1],
    [{ kind: "partial", p: 0 }, "rademacher", null],
    ["even", "rademacher", 2],
    ["cubic", "rademacher", 3],
    ["sign", "skewed", 1],
    ["even", "skewed", 2],
  ] as const)("correlation exponent k* of %j with a %s latent is %s", (coupling, latent, k) => {
    expect(stairs.modelTheory({ d: 8, coupling, latent }).coupling.correlationExponent).toBe(k);
  });
});

describe("moments", () => {
  it("rho, class covariances, cumulants along v and the mixture, written out by hand", () => {
    const [bm, bu, bv, q] = [1.5, 4, 3, 0.3];
    const t = stairs.modelTheory({ d: 8, betaM: bm, betaU: bu, betaV: bv, prior: q, coupling: "sign", labelledMean: true });
    const lambdaNu = Math.sqrt(2 / Math.PI);
    const rho = Math.sqrt((bu * bv) / (1 + bv)) * lambdaNu;
    expect(t.rho).toBeCloseTo(rho, 14);
    expect(t.whitening).toBeCloseTo(1 - 1 / Math.sqrt(1 + bv), 15);
    expect(t.plus.covariance).toEqual([[1, 0, 0], [0, 1 + bu, t.rho], [0, t.rho, 1]]);
    expect(t.plus.mean).toEqual({ m: bm, u: 0, v: 0 });
    expect(t.minus.mean).toEqual({ m: -bm, u: 0, v: 0 });
    expect(t.plus.alongV.cumulant4).toBeCloseTo((bv / (1 + bv)) ** 2 * -2, 14);
    expect(t.plus.alongV.cumulant3).toBe(0);
    expect(t.all.mean.m).toBeCloseTo(q * bm - (1 - q) * bm, 14);
    expect(t.all.covariance[0][0]).toBeCloseTo(1 + q * (1 - q) * (2 * bm) ** 2, 14);
    expect(t.all.covariance[1][1]).toBeCloseTo(1 + q * bu, 14);
    expect(t.all.covariance[1][2]).toBeCloseTo(q * rho, 14);
    expect(t.all.alongV.cumulant4).toBeCloseTo(q * (bv / (1 + bv)) ** 2 * -2, 14);
    expect(t.mixedUV[1]).toBeCloseTo(rho, 14);
  });

  it("the skewed latent: kappa3 and kappa4 of a standardised Bernoulli(r)", () => {
    const r = 0.2;
    const t = stairs.modelTheory({ kind: "spiked-cumulant", d: 8, betaV: 2, latent: { kind: "skewed", r } });
    // Direct moments of nu: E[nu^3], E[nu^4] - 3 from its two values.
    const s = Math.sqrt(r * (1 - r));
    const [hi, lo] = [(1 - r) / s, -r / s];
    expect(t.latent.cumulant3).toBeCloseTo(r * hi ** 3 + (1 - r) * lo ** 3, 13);
    expect(t.latent.cumulant4).toBeCloseTo(r * hi ** 4 + (1 - r) * lo ** 4 - 3, 13);
    expect(t.tensorSpike.order3).toBeCloseTo((2 / 3) ** 1.5 * t.latent.cumulant3, 13);
    expect(t.rho).toBe(0);
  });

  it.each([
    [{ kind: "gaussian", d: 8 }, { m: null, u: null, v: null }],
    [{ kind: "mixture", d: 8 }, { m: 1, u: null, v: null }],
    [{ kind: "spiked-covariance", d: 8 }, { m: null, u: 2, v: null }],
    [{ kind: "spiked-cumulant", d: 8 }, { m: null, u: null, v: 4 }],
    [{ kind: "spiked-cumulant", d: 8, latent: "skewed" }, { m: null, u: null, v: 3 }],
    [{ d: 8 }, { m: 1, u: 2, v: 4 }],
    [{ d: 8, coupling: "sign" }, { m: 1, u: 2, v: 2 }],
    [{ d: 8, coupling: "even" }, { m: 1, u: 2, v: 3 }],
    [{ d: 8, coupling: "cubic" }, { m: 1, u: 2, v: 4 }],
    [{ kind: "spiked-cumulant", d: 8, coupling: "sign" }, { m: null, u: null, v: 4 }],
  ] as const)("lowest cumulant carrying each direction, %j", (config, expected) => {
    expect(stairs.modelTheory(config).lowestCumulant).toEqual(expected);
  });
});
