// The accuracy-staircase preset's claims on a shorter run of its own configs (reduced engine, K = 16,
// lr_W = 0.25, beta = (0.5, 2, 20), d = 128): 4 replicas per run and 2000 d samples instead of 16 and 4000 d
// (docs/results.md "Bayes lines and the accuracy staircase"). Measured with seed 1 at the last checkpoint:
// independent full 0.637-0.652 with covariance-censored within 0.02 of it; correlated full 0.685-0.721,
// 0.04-0.08 above its covariance-censored accuracy; the median step correlated - independent 0.047.
// The thresholds below leave a margin of about half of each measured gap.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const preset = JSON.parse(readFileSync(new URL("../presets/accuracy-staircase.json", import.meta.url), "utf8"));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};

type Last = { full: number; covariance: number };
async function lastCheckpoints(name: "independent" | "correlated"): Promise<Last[]> {
  const config = { ...preset.runs[name], replicas: 4, steps: 256_000, record: { ...preset.runs[name].record, points: 8 } };
  const result = await stairs.run(config);
  expect(result.config.engine).toBe("reduced");
  return result.replicas.map((r) => {
    const c = r.checkpoints.at(-1)! as { accuracy: number; censored: { covariance: { accuracy: number } } };
    return { full: c.accuracy, covariance: c.censored.covariance.accuracy };
  });
}

describe("the accuracy-staircase preset (shortened)", () => {
  it("independent: a plateau at the covariance level; correlated: a third step above it, from the fourth cumulant", async () => {
    const independent = await lastCheckpoints("independent");
    const correlated = await lastCheckpoints("correlated");
    const bayes = (name: string) => stairs.bayesAccuracy(preset.runs[name].model, { samples: 1 << 16 });
    const bi = bayes("independent"), bc = bayes("correlated");
    // Independent: no higher cumulant used, below the all-cumulant Bayes line
    expect(median(independent.map((l) => Math.abs(l.full - l.covariance)))).toBeLessThan(0.02);
    for (const l of independent) expect(l.full).toBeLessThan(bi.full.accuracy - 0.1);
    // Correlated: above its own covariance-censored accuracy and above the independent plateau
    expect(median(correlated.map((l) => l.full - l.covariance))).toBeGreaterThan(0.03);
    expect(median(correlated.map((l) => l.full)) - median(independent.map((l) => l.full))).toBeGreaterThan(0.025);
    for (const l of correlated) expect(l.full).toBeLessThan(bc.full.accuracy);
  });
});
