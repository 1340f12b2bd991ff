// Cumulant tensors and the tensor power method: the wasm against the plain-TypeScript reference (bit for
// bit), and what they must show on the models: v lives in the fourth cumulant of the spiked cumulant
// model (and in the third for a skewed latent), and nowhere when beta_v = 0.
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import { cumulantTensorReference, tensorPowerIterationReference } from "../reference/cumulant.js";
import { tensorContractReference } from "../reference/tensor.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const overlap = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe("against the reference", () => {
  it.each([2, 3, 4] as const)("order %i: the empirical cumulant tensor is bit-identical, for odd and even d", (order) => {
    for (const d of [1, 2, 5, 6]) {
      const n = 301;
      const x = stairs.stream(200 + d, 0).gamma(n * d, 2); // skewed data: every cumulant is non-zero
      expect(stairs.cumulantTensor(x, n, d, order)).toEqual(cumulantTensorReference(x, n, d, order));
    }
  });

  it("tensors are exactly symmetric, and the order-2 tensor is the covariance", () => {
    const d = 5, n = 400;
    const x = stairs.stream(7, 0).normal(n * d);
    const t = stairs.cumulantTensor(x, n, d, 4);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++)
        for (let k = 0; k < d; k++)
          for (let l = 0; l < d; l++) {
            const at = (a: number, b: number, c: number, e: number) => t[((a * d + b) * d + c) * d + e];
            expect(at(i, j, k, l)).toBe(at(l, k, j, i));
            expect(at(i, j, k, l)).toBe(at(j, i, l, k));
            expect(at(i, j, k, l)).toBe(at(k, l, i, j));
          }
    const c = stairs.cumulantTensor(x, n, d, 2);
    const mean = (j: number) => Array.from({ length: n }, (_, s) => x[s * d + j]).reduce((a, b) => a + b) / n;
    let cov01 = 0;
    for (let s = 0; s < n; s++) cov01 += (x[s * d] - mean(0)) * (x[s * d + 1] - mean(1));
    expect(c[1]).toBeCloseTo(cov01 / n, 14);
  });

  it("the contraction T(w, ..., w, .) is bit-identical", () => {
    for (const order of [2, 3, 4] as const) {
      for (const d of [3, 8]) {
        const s = stairs.stream(300 + d, order);
        const t = s.normal(d ** order), w = s.normal(d);
        expect(stairs.tensorContract(t, d, order, w)).toEqual(tensorContractReference(t, d, order, w));
      }
    }
  });

  it("the power method matches the reference given the same starts (stream (seed, 2)), and deflation finds a planted rank-two tensor", () => {
    const d = 6, order = 4, restarts = 5, iterations = 40, seed = 13;
    // T = 3 a^4 - 1.5 b^4 + noise, a, b orthonormal.
    const s = stairs.stream(1, 0);
    const g = s.normal(2 * d);
    const a = g.slice(0, d).map((v, _, arr) => v / Math.hypot(...arr));
    let b = g.slice(d);
    const p = overlap(a, b);
    b = b.map((v, i) => v - p * a[i]);
    const nb = Math.hypot(...b);
    b = b.map((v) => v / nb);
    const noise = s.normal(d ** 4);
    const t = new Float64Array(d ** 4);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++)
        for (let k = 0; k < d; k++)
          for (let l = 0; l < d; l++) {
            const at = ((i * d + j) * d + k) * d + l;
            t[at] = 3 * a[i] * a[j] * a[k] * a[l] - 1.5 * b[i] * b[j] * b[k] * b[l] + 1e-3 * noise[at];
          }
    const got = stairs.tensorPowerIteration(t, d, order, { seed, restarts, iterations, components: 2 });
    const startStream = stairs.stream(seed, 2);
    const starts = Array.from({ length: restarts }, () => startStream.normal(d));
    const reference = tensorPowerIterationReference(t, d, order, starts, iterations);
    expect(got[0].weight).toBe(reference.weight);
    expect(got[0].vector).toEqual(reference.vector);
    expect(got[0].weight).toBeCloseTo(3, 2);
    expect(Math.abs(overlap(got[0].vector, a))).toBeGreaterThan(0.999);
    expect(got[1].weight).toBeCloseTo(-1.5, 2);
    expect(Math.abs(overlap(got[1].vector, b))).toBeGreaterThan(0.999);
  });
});

describe("where v lives: the spiked cumulant model at d = 8", () => {
  const d = 8, n = 100_000;
  const options = { seed: 5, restarts: 10, iterations: 100 };

  it("the dominant component of the fourth cumulant is v (overlap > 0.9), weighted prior kappa4 (beta_v/(1+beta_v))^2; the covariance does not see v", () => {
    const config = { kind: "spiked-cumulant", d, betaV: 5 } as const;
    const sample = stairs.sample(config, n, 21);
    const theory = stairs.modelTheory(config);
    const [top] = stairs.tensorPowerIteration(stairs.cumulantTensor(sample.x, n, d, 4), d, 4, options);
    expect(Math.abs(overlap(top.vector, sample.spikes.v))).toBeGreaterThan(0.9);
    // The unlabelled sample's fourth cumulant along v is prior * kappa4(nu) (beta_v/(1+beta_v))^2 = -0.694;
    // its standard error at n = 10^5 is about 0.01.
    expect(Math.abs(top.weight - theory.all.alongV.cumulant4)).toBeLessThan(0.05);
    // Covariance: the identity up to noise, so its top eigenvector is arbitrary and v is not singled out.
    const [cov] = stairs.tensorPowerIteration(stairs.cumulantTensor(sample.x, n, d, 2), d, 2, options);
    expect(Math.abs(cov.weight - 1)).toBeLessThan(0.05);
    expect(Math.abs(overlap(cov.vector, sample.spikes.v))).toBeLessThan(0.9);
  });

  it("with beta_v = 0 the fourth cumulant is noise: its top component is small and is not v", () => {
    const sample = stairs.sample({ kind: "spiked-cumulant", d, betaV: 0 }, n, 21);
    const [top] = stairs.tensorPowerIteration(stairs.cumulantTensor(sample.x, n, d, 4), d, 4, options);
    expect(Math.abs(overlap(top.vector, sample.spikes.v))).toBeLessThan(0.9);
    expect(Math.abs(top.weight)).toBeLessThan(0.1); // against 0.69 with the spike
  });

  it("a symmetric latent leaves the third cumulant empty; a skewed one puts v there", () => {
    const symmetric = stairs.sample({ kind: "spiked-cumulant", d, betaV: 5 }, n, 22);
    const [s3] = stairs.tensorPowerIteration(stairs.cumulantTensor(symmetric.x, n, d, 3), d, 3, options);
    expect(Math.abs(s3.weight)).toBeLessThan(0.1);
    const config = { kind: "spiked-cumulant", d, betaV: 5, latent: { kind: "skewed", r: 0.2 } } as const;
    const skewed = stairs.sample(config, n, 23);
    const [k3] = stairs.tensorPowerIteration(stairs.cumulantTensor(skewed.x, n, d, 3), d, 3, options);
    expect(Math.abs(overlap(k3.vector, skewed.spikes.v))).toBeGreaterThan(0.9);
    expect(Math.abs(k3.weight - stairs.modelTheory(config).all.alongV.cumulant3)).toBeLessThan(0.05);
  });
});

describe("bad input", () => {
  it("names the field, the value and what is allowed", () => {
    const x = new Float64Array(8);
    expect(() => stairs.cumulantTensor(x, 2, 4, 5)).toThrow(/order must be 2, 3 or 4; got 5/);
    expect(() => stairs.cumulantTensor(x, 3, 4, 4)).toThrow(/x.length must be n d = 12; got 8/);
    expect(() => stairs.cumulantTensor(new Float64Array(66), 2, 33, 4)).toThrow(/d must be an integer in \[1, 32 for order 4/);
    expect(() => stairs.cumulantTensor([1, NaN, 0, 0, 0, 0, 0, 0], 2, 4, 2)).toThrow(/x\[1\] must be a finite number; got NaN/);
    expect(() => stairs.tensorContract(new Float64Array(16), 4, 3, [1, 0, 0, 0])).toThrow(/tensor.length must be d\^order = 64; got 16/);
    expect(() => stairs.tensorPowerIteration(new Float64Array(16), 4, 2, { seed: -1 })).toThrow(/options.seed must be an integer/);
  });
});
