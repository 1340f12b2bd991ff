// The reduced engine's chi-square (gamma) sampler and Bartlett factors (assembly/reduced-random.ts): laws at
// 1 to 10^12 degrees of freedom, and agreement with the generator's own Marsaglia-Tsang sampler.
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import { readF64 } from "../src/wasm/memory.js";
import { ksStatistic, normalCdf, skewnessEstimate } from "./support/moments.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

function draw(kind: "exact" | "generator", seed: number, n: number, dof: number): Float64Array {
  const k = stairs.kernels;
  const s = stairs.stream(seed, 7);
  const out = k.alloc(8 * n);
  try {
    if (kind === "exact") k.fillChiSquareExact(s.statePtr, out, n, dof);
    else k.fillChiSquare(s.statePtr, out, n, dof);
    return readF64(k, out, n);
  } finally {
    k.free(out);
    s.free();
  }
}

// CDFs: exact for 1 and 3 degrees of freedom; Wilson-Hilferty, (X/k)^(1/3) ~ N(1 - 2/(9k), 2/(9k)), for
// k >= 1000, whose error in the CDF is below 1e-5 at k = 1000 (checked against 30-digit arithmetic) and
// shrinks like 1/k: far below what 5e5 draws resolve (the KS bound here is 2.3e-3).
function cdf(dof: number): (x: number) => number {
  if (dof === 1) return (x) => (x <= 0 ? 0 : 2 * normalCdf(Math.sqrt(x)) - 1);
  if (dof === 3) return (x) => (x <= 0 ? 0 : 2 * normalCdf(Math.sqrt(x)) - 1 - Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2));
  const s = Math.sqrt(2 / (9 * dof));
  // (x/k)^(1/3) - 1 = expm1(log1p((x - k)/k) / 3), exact enough at k = 1e12 (x - k is exact there).
  return (x) => normalCdf((Math.expm1(Math.log1p((x - dof) / dof) / 3) + 2 / (9 * dof)) / s);
}

function quantile(F: (x: number) => number, p: number, dof: number): number {
  let lo = 0, hi = dof + 60 * Math.sqrt(2 * dof) + 60;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (F(mid) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

const DOFS = [1, 3, 1e3, 1e9, 1e12];
const n = 500_000;

describe("chi-square at 1 to 1e12 degrees of freedom (n = 5e5 per dof, seed 11): moments within 4 SE, KS and tails", () => {
  for (const dof of DOFS) {
    it(`dof ${dof}`, () => {
      const x = draw("exact", 11, n, dof);
      // Centred sums (x - k) keep the moments exact at k = 1e12.
      let s1 = 0, s2 = 0;
      for (const v of x) s1 += v - dof;
      const meanOffset = s1 / n;
      for (const v of x) s2 += (v - dof - meanOffset) ** 2;
      const variance = s2 / n;
      expect(Math.abs(meanOffset)).toBeLessThan(4 * Math.sqrt((2 * dof) / n));
      // Var of the sample variance: (mu4 - sigma^4) / n, mu4 = 12 k^2 + 48 k for chi^2(k).
      expect(Math.abs(variance - 2 * dof)).toBeLessThan(4 * Math.sqrt((8 * dof * dof + 48 * dof) / n));
      if (dof <= 1e3) {
        const g1 = skewnessEstimate(x);
        expect(Math.abs(g1.value - Math.sqrt(8 / dof))).toBeLessThan(4 * g1.se);
      }
      const F = cdf(dof);
      // KS at the 1 % level: P(sqrt(n) D > 1.628) = 0.01.
      expect(Math.sqrt(n) * ksStatistic(x, F)).toBeLessThan(1.628);
      for (const p of [1e-4, 1e-3]) {
        const lo = quantile(F, p, dof);
        const hi = quantile(F, 1 - p, dof);
        let below = 0, above = 0;
        for (const v of x) {
          if (v < lo) below++;
          if (v > hi) above++;
        }
        const se = Math.sqrt(n * p * (1 - p));
        expect(Math.abs(below - n * p)).toBeLessThan(4 * se);
        expect(Math.abs(above - n * p)).toBeLessThan(4 * se);
      }
    });
  }
});

describe("the stable acceptance test decides as the generator's own sampler does", () => {
  // Same stream, same tries, same d V: the two differ only in the rounding of the log-acceptance bound
  // (below 2e-9 even at 1e12), which moves a decision with probability ~1e-9 per try.
  for (const dof of [1, 3, 40, 1e3, 1e9, 1e12]) {
    it(`dof ${dof}: 1e5 draws are the same bits`, () => {
      expect(draw("exact", 5, 100_000, dof)).toEqual(draw("generator", 5, 100_000, dof));
    });
  }
  it("no degrees of freedom gives 0", () => {
    expect(draw("exact", 5, 3, 0)).toEqual(new Float64Array(3));
  });
});

describe("Bartlett factors: T T^T is Wishart(n, I) (2e4 draws, mean and variance of each entry within 4 SE)", () => {
  for (const [rows, dof] of [[3, 5], [4, 2], [4, 1e9]] as const) {
    it(`rows ${rows}, n = ${dof}`, () => {
      const k = stairs.kernels;
      const count = 20_000;
      const s = stairs.stream(13, rows);
      const out = k.alloc(8 * count * rows * rows);
      k.fillBartlett(s.statePtr, out, count, rows, dof);
      const T = readF64(k, out, count * rows * rows);
      k.free(out);
      s.free();
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j <= i; j++) {
          let s1 = 0, s2 = 0;
          for (let c = 0; c < count; c++) {
            const base = c * rows * rows;
            let g = 0;
            for (let l = 0; l < rows; l++) g += T[base + i * rows + l] * T[base + j * rows + l];
            const centred = g - (i === j ? dof : 0);
            s1 += centred;
            s2 += centred * centred;
          }
          // E G = n I; Var G_ii = 2 n, Var G_ij = n (i != j), for any n (also n < rows, where G is singular).
          const mean = s1 / count;
          const expectedVar = i === j ? 2 * dof : dof;
          expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(expectedVar / count));
          const variance = s2 / count - mean * mean;
          // Var of a sample variance ~ (mu4 - sigma^4) / count; mu4 <= 3 sigma^4 (1 + 4 / n): bound by 12 sigma^4.
          expect(Math.abs(variance - expectedVar)).toBeLessThan(4 * Math.sqrt((12 * expectedVar * expectedVar) / count));
        }
      }
    });
  }
});
