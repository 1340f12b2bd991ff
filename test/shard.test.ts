// --shard i/n: disjoint subsets that cover every job, the same on every call, balanced by expected cost.
import { describe, expect, it } from "vitest";
import { assignShards, expectedCost, parseShard, shardIndices } from "../src/cli/shard.js";
import { resolveExperimentConfig } from "../src/config/experiment.js";

describe("shards", () => {
  it("parses i/n with 1 <= i <= n and refuses the rest", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(parseShard(" 1 / 1 ")).toEqual({ index: 1, count: 1 });
    for (const bad of ["0/4", "5/4", "1/0", "a/b", "1", "-1/4", "1.5/4"]) expect(() => parseShard(bad), bad).toThrow(/expected i\/n with 1 <= i <= n/);
  });

  it("covers every job once, deterministically, and balances a d^3 sweep by cost", () => {
    // 3 dimensions x 10 replicas with budgets 6 d^3: a d = 64 replica costs 19x a d = 24 one.
    const configs = [24, 32, 64].flatMap((d) =>
      Array.from({ length: 10 }, () => resolveExperimentConfig({ model: { kind: "mcm", d }, steps: 6 * d ** 3 })),
    );
    const costs = configs.map(expectedCost);
    expect(costs[29] / costs[0]).toBeCloseTo((64 / 24) ** 4, 6);
    for (const n of [1, 2, 3, 4, 7, 30, 40]) {
      const parts = Array.from({ length: n }, (_, i) => shardIndices(configs, { index: i + 1, count: n }));
      expect(parts.flat().sort((a, b) => a - b)).toEqual(configs.map((_, i) => i));
      expect(shardIndices(configs, { index: 1, count: n })).toEqual(parts[0]);
      const loads = parts.map((p) => p.reduce((sum, i) => sum + costs[i], 0));
      const total = costs.reduce((a, b) => a + b);
      // longest processing time first: within 4/3 of the best split, which is at least max(total / n, the largest job)
      const lowerBound = Math.max(total / n, Math.max(...costs));
      expect(Math.max(...loads)).toBeLessThanOrEqual((4 / 3) * lowerBound);
    }
    // against an equal count of jobs per shard in list order (shard 4 would get every d = 64 job)
    const loads4 = [0, 0, 0, 0];
    const four = assignShards(costs, 4);
    costs.forEach((c, i) => (loads4[four[i]] += c));
    const contiguous = [0, 1, 2, 3].map((s) => costs.slice(Math.round((s * 30) / 4), Math.round(((s + 1) * 30) / 4)).reduce((a, b) => a + b, 0));
    expect(Math.max(...loads4)).toBeLessThan(Math.max(...contiguous) / 2);
  });
});
