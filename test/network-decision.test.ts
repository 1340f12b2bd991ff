// The network's decision rule is not trivial by default (CHANGELOG: bias defaults to true), and its
// second layer can take both signs ("random", "random-trained"). With ReLU units, a_k = 1/K > 0 and no
// bias, f >= 0 and "y = +1 iff f > 0" is nearly "always +1"; with the default options a network that has
// found the mean must score near the Bayes accuracy of the mean alone (Phi(beta_m / 2) = 0.841 here).
import type { ExperimentConfigInput, ModelConfigInput } from "../src/index.js";
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const model: ModelConfigInput = { kind: "mcm", d: 64, betaM: 2, betaU: 5, betaV: 5 };
const config = (learner: object, replicas = 6, steps = 300 * 64): ExperimentConfigInput =>
  ({ model, learner: { kind: "network", ...learner }, steps, replicas, seed: 1, record: { points: 8, testSize: 2000 } });

describe("the network's decision rule", () => {
  it("default options: every replica with |alpha_m| > 0.8 scores within 0.12 of the mean-only Bayes accuracy", async () => {
    const bayes = stairs.bayesAccuracy(model, { samples: 1000 }).mean.accuracy; // closed form
    expect(bayes).toBeCloseTo(0.8413, 4);
    const result = await stairs.run(config({}, 12, 600 * 64));
    expect(result.config.learner).toMatchObject({ bias: true, secondLayer: "fixed" });
    const found = result.replicas.map((r) => r.checkpoints.at(-1)!).filter((c) => Math.abs(c.overlap.m as number) > 0.8);
    expect(found.length).toBeGreaterThanOrEqual(4); // 6 of 12 when recorded
    for (const c of found) expect(Math.abs((c.accuracy as number) - bayes)).toBeLessThan(0.12);
  });

  it("without the bias the same networks find m but score near chance (the rule the default replaced)", async () => {
    const result = await stairs.run(config({ bias: false }));
    const last = result.replicas.map((r) => r.checkpoints.at(-1)!);
    expect(last.filter((c) => Math.abs(c.overlap.m as number) > 0.8).length).toBeGreaterThanOrEqual(3);
    for (const c of last) expect(c.accuracy as number).toBeLessThan(0.7);
  });

  it("secondLayer random: a_k = +-1/K with signs of both kinds, fixed or trained; fixed and trained start at 1/K", () => {
    const secondLayer = (mode: string, steps: number) => {
      const r = stairs.runReplica({ ...config({ secondLayer: mode, hidden: 16 }), steps, replicas: 1 }, 0);
      return r;
    };
    // the hash covers W, a, b: the random start differs from the constant one, and training moves a
    const fixed = secondLayer("fixed", 1), random = secondLayer("random", 1);
    expect(random.hash).not.toBe(fixed.hash);
    expect(secondLayer("random", 1).hash).toBe(random.hash);
    expect(secondLayer("random-trained", 1).hash).not.toBe(random.hash);
  });
});
