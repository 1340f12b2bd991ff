// `stairs merge CONFIG [sweep options] --store DIR --out SWEEP.json`: the sweep's result built from the
// replica store alone (the shards of `stairs sweep --shard i/n`, a Slurm array, GNU parallel...). Byte for
// byte what a local `stairs sweep` of the same options writes, except meta.timing. A store that lacks jobs
// is refused, before anything is written: the missing jobs are listed, with the commands that compute them.
import type { Command } from "commander";
import { StairsInputError } from "../../errors.js";
import { init } from "../../stairs.js";
import { writeJsonAtomic } from "../atomic.js";
import { shellQuote } from "../interrupt.js";
import { assignShards, expectedCost } from "../shard.js";
import { addStoreOptions, openStore } from "../store-options.js";
import { describeCounts } from "../stored.js";
import { assembleSweep, describeJob, sweepJobs } from "../sweep/sweep.js";
import type { ReplicaResult } from "../../run/result.js";
import { addSweepDefinition, definitionArgs, loadSweep, printSweep, type SweepDefinitionOptions } from "./sweep.js";
import { addVerbosityOptions, examples, positiveInteger } from "../options.js";

interface MergeCliOptions extends SweepDefinitionOptions {
  out: string;
  store?: string | boolean;
  shards?: number;
}

/** Missing jobs listed in full up to this many; beyond, the count and the first ones. */
const LIST_LIMIT = 40;

export function registerMerge(program: Command): void {
  const command = program
    .command("merge")
    .description("build a sweep's result from the replica store (after `stairs sweep --shard i/n` or `stairs slurm`); refuses an incomplete store");
  addSweepDefinition(command)
    .requiredOption("--out <file>", "where to write the sweep JSON (written atomically; nothing is written if jobs are missing)")
    .option("--shards <n>", "the number of shards the jobs were split into: missing jobs are then named with their shard", positiveInteger);
  addVerbosityOptions(command).addHelpText("after", examples("stairs merge mean --d 64,128 --replicas 8 --store .stairs/store --shards 4 --out sweep.json"));
  addStoreOptions(command).action(async (source: string, options: MergeCliOptions) => {
    const { experiment, base, spec } = loadSweep(source, options);
    if (options.store === false) throw new StairsInputError("--no-store", true, "absent: merge reads the store");
    const store = openStore(options.store, options.out)!;
    const stairs = await init();
    const startedAt = new Date();
    const jobs = sweepJobs(stairs, base, spec);
    const invalidBefore = store.invalidSeen;
    const results = jobs.map((job) => store.get<ReplicaResult>(job.config, job.replica));
    const missing = jobs.flatMap((job, index) => (results[index] === undefined ? [index] : []));
    if (missing.length > 0) {
      const shardOf = options.shards ? assignShards(jobs.map((job) => expectedCost(job.config)), options.shards) : undefined;
      const lines = missing.slice(0, LIST_LIMIT).map((index) => `  ${describeJob(jobs[index])}${shardOf ? ` (shard ${shardOf[index] + 1}/${options.shards})` : ""}`);
      if (missing.length > LIST_LIMIT) lines.push(`  ... and ${missing.length - LIST_LIMIT} more`);
      const again = ["stairs", "sweep", ...definitionArgs(source, options), "--store", store.dir].map(shellQuote).join(" ");
      const commands = shardOf
        ? [...new Set(missing.map((index) => shardOf[index] + 1))].map((shard) => `  ${again} --shard ${shard}/${options.shards}`)
        : [`  ${again} --out ${shellQuote(options.out)}   (computes only what is missing and writes the sweep)`];
      console.error(
        `stairs merge: the store ${store.dir} lacks ${missing.length} of ${jobs.length} jobs of this sweep; nothing was written:\n` +
          `${lines.join("\n")}\ncompute them with:\n${commands.join("\n")}` +
          (shardOf ? `\nthen run this merge again.` : ""),
      );
      process.exitCode = 2;
      return;
    }
    const seconds = (Date.now() - startedAt.getTime()) / 1000;
    const counts = { total: jobs.length, fromStore: jobs.length, computed: 0, invalid: store.invalidSeen - invalidBefore };
    const timing = { workers: 0, startedAt: startedAt.toISOString(), seconds, replicas: counts };
    const result = assembleSweep(stairs, base, spec, jobs, results as ReplicaResult[], timing, { source, description: experiment.description });
    writeJsonAtomic(options.out, result);
    printSweep(result);
    console.log(describeCounts(counts, store));
    console.log(`wrote ${options.out}`);
  });
}

