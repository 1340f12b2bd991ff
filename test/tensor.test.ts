import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import { contractExceptReference } from "../src/reference/tensor.js";
import { TensorPcaLearner, type TensorNoise } from "../src/tensorpca/learner.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

describe("dense tensor contraction (assembly/tensor.ts) against the definition", () => {
  for (const [d, p] of [[5, 2], [8, 3], [5, 4], [3, 3], [16, 3]]) {
    it(`d = ${d}, p = ${p}: every slot agrees to rounding (1e-13 of the sum of |terms|)`, () => {
      const s = stairs.stream(300 + d, p);
      const t = stairs.vector(s.normal(d ** p));
      const w = stairs.vector(s.normal(d));
      const out = stairs.vector(d);
      const a = stairs.vector(d ** (p - 1));
      const b = stairs.vector(d ** (p - 1));
      const absT = t.toArray().map(Math.abs);
      const absW = w.toArray().map(Math.abs);
      for (let slot = 0; slot < p; slot++) {
        stairs.kernels.contractExcept(t.ptr, d, p, w.ptr, slot, out.ptr, a.ptr, b.ptr);
        const expected = contractExceptReference(t.array, d, p, w.array, slot);
        const bound = contractExceptReference(absT, d, p, absW, slot);
        out.array.forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThanOrEqual(1e-13 * bound[i]));
      }
    });
  }
});

describe("tensor PCA: the O(d) noise sampler agrees in law with the explicit O(d^p) contraction", () => {
  // At a fixed w with overlap a = w.v, G_s = sqrt(beta) p a^(p-1) (v - a w) + noise with covariance
  // p (I - w w^T) (science.md section 5). Check both modes against that law, n draws each: the mean along
  // v's part orthogonal to w within 4 standard errors (sd sqrt(p / n)), the variance along a fixed unit
  // e orthogonal to w and v within 4 standard errors (sd of a sample variance: p sqrt(2 / n)), and no
  // radial part.
  const d = 8, p = 3, beta = 4, n = 20000;
  for (const noise of ["sampled", "explicit"] as TensorNoise[]) {
    it(`${noise} noise, d = ${d}, p = ${p}`, () => {
      const learner = new TensorPcaLearner(stairs.kernels, { d, order: p, beta, eta: 0, noise }, stairs.stream(5, 0), stairs.stream(5, 1));
      const v = learner.spike();
      // w = 0.6 v + 0.8 f with f a unit vector orthogonal to v; e orthogonal to both.
      const basis = orthonormal([v, ...[1, 2].map((k) => stairs.stream(6, k).normal(d))]);
      const [, f, e] = basis;
      const w = v.map((vi, i) => 0.6 * vi + 0.8 * f[i]);
      learner.setWeights(w);
      const a = 0.6;
      const vPerp = v.map((vi, i) => vi - a * w[i]);
      const vPerpNorm = Math.hypot(...vPerp);
      const expectedMean = Math.sqrt(beta) * p * a ** (p - 1) * vPerpNorm;
      let sumV = 0, sumE = 0, sumE2 = 0, maxRadial = 0;
      for (let k = 0; k < n; k++) {
        const g = learner.gradient();
        sumV += dotArrays(g, vPerp) / vPerpNorm;
        const ge = dotArrays(g, e);
        sumE += ge;
        sumE2 += ge * ge;
        maxRadial = Math.max(maxRadial, Math.abs(dotArrays(g, w)));
      }
      expect(Math.abs(sumV / n - expectedMean)).toBeLessThan(4 * Math.sqrt(p / n));
      const varianceE = sumE2 / n - (sumE / n) ** 2;
      expect(Math.abs(varianceE - p)).toBeLessThan(4 * p * Math.sqrt(2 / n));
      expect(maxRadial).toBeLessThan(1e-12);
      learner.free();
    });
  }
});

function dotArrays(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

function orthonormal(vectors: Float64Array[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const v of vectors) {
    const u = Float64Array.from(v);
    for (const q of out) {
      const c = dotArrays(u, q);
      for (let i = 0; i < u.length; i++) u[i] -= c * q[i];
    }
    const r = Math.hypot(...u);
    out.push(u.map((x) => x / r));
  }
  return out;
}
