// Shards: `--shard i/n` runs the i-th of n deterministic, disjoint subsets of a run's or a sweep's replica
// jobs, which together cover every job once. The subsets are balanced by expected cost (a replica at d = 512
// with a d^3 budget costs far more than one at d = 16): the jobs, costliest first (ties in list order), each
// go to the shard with the least cost so far (ties to the lowest shard) -- the longest-processing-time rule,
// within 4/3 of the best split. The assignment depends only on the job list, so every shard computes it alike.
import { InvalidArgumentError } from "commander";
import type { ExperimentConfig } from "../config/experiment.js";

export interface Shard {
  /** 1-based: 1 .. count. */
  index: number;
  count: number;
}

/** Commander parser of `--shard i/n` (1 <= i <= n, e.g. 1/4 .. 4/4; `$SLURM_ARRAY_TASK_ID/n` with --array=1-n). */
export function parseShard(value: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !(count >= 1 && count <= 100000) || !(index >= 1 && index <= count)) {
    throw new InvalidArgumentError(`expected i/n with 1 <= i <= n <= 100000 (e.g. 2/4); got "${value}"`);
  }
  return { index, count };
}

/** Expected cost of a replica, in units of one sample's work at d = 1: steps x batch x d x hidden units. */
export function expectedCost(config: ExperimentConfig): number {
  const learner = config.learner as { kind: string; hidden?: number; batch?: number };
  const units = learner.kind === "network" ? (learner.hidden ?? 1) : 1;
  return config.steps * (learner.batch ?? 1) * config.model.d * units;
}

/** The shard (0-based) of each job, from the jobs' costs. */
export function assignShards(costs: readonly number[], count: number): Int32Array {
  const order = costs.map((cost, index) => ({ cost, index })).sort((a, b) => b.cost - a.cost || a.index - b.index);
  const load = new Float64Array(count);
  const shardOf = new Int32Array(costs.length);
  for (const { cost, index } of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s] < load[best]) best = s;
    shardOf[index] = best;
    load[best] += cost;
  }
  return shardOf;
}

/** Indices (in list order) of the jobs that belong to the shard. */
export function shardIndices(configs: readonly ExperimentConfig[], shard: Shard): number[] {
  const shardOf = assignShards(configs.map(expectedCost), shard.count);
  return configs.flatMap((_, index) => (shardOf[index] === shard.index - 1 ? [index] : []));
}

export const formatShard = (shard: Shard) => `${shard.index}/${shard.count}`;
