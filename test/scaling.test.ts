// Medians with censoring, the log-log fit and its bootstrap interval.
import { beforeAll, describe, expect, test } from "vitest";
import { fitScaling, leastSquares, median, quantiles, quantileSorted, ResampledMedian, type RecoveryStep, type ScalingInput } from "../src/analysis/scaling.js";
import { init, type Stairs } from "../src/stairs.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});
const ln = (x: number) => stairs.kernels.ln(x);

describe("quantiles with censoring", () => {
  test("type-7 interpolation between order statistics", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
  });
  test("a censored replica counts as +infinity", () => {
    expect(median([5, null, 1])).toBe(5);
    expect(median([5, null, null])).toBe(Infinity);
    expect(median([4, 2, null, 8])).toBe(6);
    expect(median([4, null, null, 8])).toBe(Infinity);
    expect(quantiles([1, 2, 3, null])).toEqual({ q10: 1.3, q25: 1.75, q50: 2.5, q75: null, q90: null });
  });
});

describe("the bootstrap's resampled median", () => {
  test("equals median() of the redrawn array, bit for bit (ties, censoring, odd and even sizes)", () => {
    const stream = stairs.stream(7, 3);
    let cases = 0;
    for (const r of [1, 2, 3, 4, 5, 8, 9, 31, 64, 65]) {
      for (const censoredShare of [0, 0.2, 0.5, 0.8, 1]) {
        // steps from a few distinct values (ties), some censored, in a shuffled order
        const pick = stream.uniform(2 * r);
        const steps: RecoveryStep[] = Array.from({ length: r }, (_, i) => (pick[i] < censoredShare ? null : 100 + Math.floor(pick[r + i] * 7) * 13.25));
        const resampled = new ResampledMedian(steps);
        const u = stream.uniform(50 * r);
        for (let b = 0; b < 50; b++) {
          const drawn = Array.from({ length: r }, (_, i) => steps[Math.floor(u[b * r + i] * r)]);
          expect(Object.is(resampled.draw(u, b * r), median(drawn))).toBe(true);
          cases++;
        }
      }
    }
    expect(cases).toBe(10 * 5 * 50);
  });
});

describe("fits", () => {
  test("least squares recovers an exact line", () => {
    const fit = leastSquares([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(fit.slope).toBeCloseTo(2, 14);
    expect(fit.intercept).toBeCloseTo(1, 14);
  });
  test("wasm ln agrees with the host's to 1 ulp", () => {
    for (const x of [0.3, 1, 2, 10, 12345.678]) expect(Math.abs(ln(x) - Math.log(x))).toBeLessThanOrEqual(Number.EPSILON * Math.abs(Math.log(x)) + 1e-300);
  });

  // Replicas n* = c d^a e^(s z) with z on a fixed grid of normal quantiles: the median is c d^a exactly.
  const z = [-1.5, -1, -0.6, -0.3, 0, 0.3, 0.6, 1, 1.5];
  const sample = (a: number, logD = 0): ScalingInput[] =>
    [16, 32, 64, 128].map((d) => ({ d, steps: z.map((zi) => 7 * d ** a * Math.log(d) ** logD * Math.exp(0.4 * zi)) }));
  const uniforms = (seed: number) => {
    const stream = stairs.stream(seed, 99);
    return (n: number) => stream.uniform(n);
  };

  test("the exponent of a pure power law, with an interval around it", () => {
    const { fit, fitLogCorrected } = fitScaling(sample(3), 500, ln, uniforms(1));
    expect(fit!.exponent).toBeCloseTo(3, 10);
    expect(fit!.ci[0]).toBeLessThan(3);
    expect(fit!.ci[1]).toBeGreaterThan(3);
    // the spread of the replicas (0.4 in ln) over 9 replicas makes an interval of a few tenths, not zero
    expect(fit!.ci[1]! - fit!.ci[0]!).toBeGreaterThan(0.05);
    expect(fit!.ci[1]! - fit!.ci[0]!).toBeLessThan(1);
    expect(fit!.censoredResamples).toBe(0);
    expect(fitLogCorrected!.exponent).toBeLessThan(3);
  });
  test("d^a log d is fitted exactly by the corrected form", () => {
    const { fit, fitLogCorrected } = fitScaling(sample(1, 1), 200, ln, uniforms(1));
    expect(fitLogCorrected!.exponent).toBeCloseTo(1, 10);
    // the plain fit sees the log as extra slope, 1 + 1/ln(d) on average over the range
    expect(fit!.exponent).toBeGreaterThan(1.15);
    expect(fit!.exponent).toBeLessThan(1.35);
  });
  test("the bootstrap is a function of the stream: same seed, same bits; another seed, another interval", () => {
    const a = fitScaling(sample(2), 300, ln, uniforms(5));
    const b = fitScaling(sample(2), 300, ln, uniforms(5));
    const c = fitScaling(sample(2), 300, ln, uniforms(6));
    expect(b).toEqual(a);
    expect(c.fit!.ci).not.toEqual(a.fit!.ci);
  });
  test("a censored median refuses the fit with a message naming the d; with \"drop\" it is left out and said", () => {
    const data = sample(2);
    data[3] = { d: 128, steps: data[3].steps.map((s, i) => (i < 5 ? null : s)) };
    const refused = fitScaling(data, 100, ln, uniforms(1));
    expect(refused.fit).toBeNull();
    expect(refused.message).toMatch(/median is censored at d = 128 \(5 of 9 replicas did not recover within the budget\)/);
    const dropped = fitScaling(data, 100, ln, uniforms(1), "drop");
    expect(dropped.fit!.dimensions).toEqual([16, 32, 64]);
    expect(dropped.fit!.exponent).toBeCloseTo(2, 10);
    expect(dropped.message).toMatch(/left out of the fit \(median censored\): d = 128/);
    const none = fitScaling([{ d: 16, steps: [1, 2, 3] }, { d: 32, steps: [null, null, 3] }], 100, ln, uniforms(1), "drop");
    expect(none.fit).toBeNull();
    expect(none.message).toMatch(/fewer than two/);
  });
  test("resamples that lose a d are counted and bound the slope (+infinity at the largest d), not dropped", () => {
    // d = 128: 4 of 9 censored, so its median is finite but a resample loses it with probability ~ 0.37
    const data = sample(2);
    data[3] = { d: 128, steps: data[3].steps.map((s, i) => (i >= 5 ? null : s)) };
    const { fit } = fitScaling(data, 1000, ln, uniforms(2));
    expect(fit!.censoredResamples).toBeGreaterThan(250);
    expect(fit!.censoredResamples).toBeLessThan(500);
    expect(fit!.censoredResamplesByD).toEqual([{ d: 16, resamples: 0 }, { d: 32, resamples: 0 }, { d: 64, resamples: 0 }, { d: 128, resamples: fit!.censoredResamples }]);
    expect(fit!.ci[1]).toBeNull(); // more than 2.5 % of the resamples are only bounded below: the upper end is open
    expect(fit!.ci[0]).not.toBeNull();
    // dropping them instead (the old rule) would have closed the interval below the truth's spread
    const few = sample(2);
    few[3] = { d: 128, steps: few[3].steps.map((s, i) => (i === 8 ? null : s)) };
    const f = fitScaling(few, 1000, ln, uniforms(2)).fit!;
    expect(f.censoredResamples).toBeLessThan(25); // P(>= 5 of 9 draws hit the censored one) ~ 1e-3
    expect(f.ci[1]).not.toBeNull();
  });
});
