// `stairs run PRESET_OR_CONFIG [--set path=value ...] [--out RESULT.json] [--npz R.npz] [--plot FIG]`: runs
// an experiment (a preset by name, a JSON config file, or "-" for standard input) with its replicas
// spread over worker threads, and writes its result whole (a temp file renamed into place) or not at all.
// A preset with several runs (the staircase: independent vs correlated latents) gives a comparison:
// {kind: "comparison", runs: [{name, result}]}. Progress goes to stderr: a bar on a terminal, plain lines
// otherwise. Without --out the result JSON goes to stdout (unless another output took it).
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import type { RunResult } from "../../run/result.js";
import { init } from "../../stairs.js";
import { writeFileAtomic } from "../atomic.js";
import { loadExperiment, selectRun, type NamedRun } from "../experiment.js";
import { checkOutputs, readJson, STDIO, writeOutput } from "../files.js";
import { addForceOption, addSetOption, addVerbosityOptions, createLog, examples, workerCount } from "../options.js";
import type { Comparison } from "../plot/figures.js";
import { classify, figureFor, renderSvg, withTheory } from "../plot/render.js";
import { figureBytes, figureFormat } from "../plot/formats.js";
import { StairsInputError } from "../../errors.js";
import { interruptible } from "../interrupt.js";
import { formatShard, parseShard, shardIndices, type Shard } from "../shard.js";
import { addCheckpointOption, addStoreOptions, openStore } from "../store-options.js";
import { describeCounts, runStoredReplicas } from "../stored.js";
import { startWorkers } from "../pool.js";
import { createProgress } from "../progress.js";
import { stepSizeNotes, weakRecoveryTable } from "../summary.js";
import { npzOfResult } from "./export.js";

// Shared with other commands (theory, sample): the atomic writer and a JSON reader whose errors name the file.
export { writeFileAtomic };
export const readJsonFile = readJson;

/** Worker threads by default: every core this process may use. */
export const DEFAULT_WORKERS = availableParallelism();

interface RunCliOptions {
  out?: string;
  npz?: string;
  plot?: string;
  run?: string;
  workers: number;
  quiet?: boolean;
  verbose?: boolean;
  plain?: boolean;
  clobber?: boolean;
  shard?: Shard;
  store?: string | boolean;
  checkpointEvery?: number;
  set: string[];
}

export function registerRun(program: Command): void {
  const command = program
    .command("run")
    .description("run an experiment (a preset or a JSON config) and write its result (JSON, .npz), optionally its plot")
    .argument("<preset-or-config>", 'a preset name (see `stairs presets`), an experiment config file or a result (its config is used); "-": standard input')
    .option("--out <file>", 'result JSON, written atomically ("-": standard output) [default: standard output]')
    .option("--npz <file>", 'also write the result as NumPy arrays (.npz, layout in docs/python.md; "-": standard output)')
    .option("--plot <file>", "also draw the result: .svg, .png or .pdf by the extension (written atomically)")
    .option("--run <name>", "only this run of a preset that has several")
    .option("--workers <n>", `worker threads, at most 64 (results do not depend on it) [default: the available cores, ${DEFAULT_WORKERS} here]`, workerCount)
    .option("--plain", "plain progress lines even on a terminal")
    .option("--shard <i/n>", "compute only the i-th of n balanced parts of the replicas into the store (a run without --shard then takes them all from it)", parseShard);
  addCheckpointOption(addStoreOptions(command));
  addForceOption(command);
  addVerbosityOptions(command);
  command.addHelpText(
    "after",
    examples("stairs run staircase --out results/staircase.json --plot results/staircase.png", "stairs run cumulant --set model.d=32 --set replicas=8 --npz r.npz", "cat config.json | stairs run - --quiet > result.json"),
  );
  addSetOption(command).action(async (source: string, options: RunCliOptions) => {
    // Every input error surfaces here, before any work and before anything is written.
    const experiment = loadExperiment(source, options.set);
    const runs: NamedRun[] = options.run !== undefined ? [selectRun(experiment, options.run)] : experiment.runs;
    const workers = options.workers ?? DEFAULT_WORKERS;
    // the pool's threads (at most one per replica) start now, while this thread checks the rest
    startWorkers(Math.min(workers, runs.reduce((sum, run) => sum + run.config.replicas, 0)));
    if (options.plot) figureFormat(options.plot, "--plot");
    if (options.shard && (options.out || options.plot || options.npz)) {
      const option = options.out ? "--out" : options.plot ? "--plot" : "--npz";
      throw new StairsInputError(option, options.out ?? options.plot ?? options.npz, "absent with --shard (a shard writes into the store; a run without --shard then takes every replica from it)");
    }
    if (options.shard && options.store === false) throw new StairsInputError("--no-store", true, "absent with --shard (a shard's results go to the store)");
    const stdoutTaken = options.npz === STDIO || options.plot === STDIO;
    const out = options.shard ? undefined : (options.out ?? (stdoutTaken ? undefined : STDIO));
    checkOutputs({ "--out": out, "--npz": options.npz, "--plot": options.plot }, { inputs: [source], clobber: options.clobber, quiet: options.quiet });
    const log = createLog(options);
    for (const run of runs) log.detail(`${run.name}: ${JSON.stringify(run.config)}`);
    log.detail(`${runs.reduce((s, r) => s + r.config.replicas, 0)} replicas on ${workers} worker thread(s)`);
    const stairs = await init();
    for (const run of runs) stairs.checkWork(run.config); // a run that would not finish: refused with the estimate

    const all = runs.flatMap((run) => Array.from({ length: run.config.replicas }, (_, replica) => ({ config: run.config, replica })));
    const store = openStore(options.store, out === STDIO ? undefined : out, options.checkpointEvery);
    const tasks = options.shard ? shardIndices(all.map((task) => task.config), options.shard).map((index) => all[index]) : all;
    const label = options.shard ? `run ${source} shard ${formatShard(options.shard)}` : `run ${source}`;
    const progress = options.quiet ? null : createProgress(label, 1000, { plain: options.plain });
    const kept = () => (store ? `Finished replicas are kept in the store ${store.dir}${store.checkpointMillis > 0 ? ", running ones as their last checkpoint" : ""}.` : "Nothing was kept (--no-store).");
    const { results: replicas, counts } = await interruptible(async (signal) => {
      try {
        return await runStoredReplicas(tasks, {
          workers,
          store,
          signal,
          onProgress: (done, total) => progress?.update(Math.floor((1000 * done) / total)),
        });
      } finally {
        progress?.stop();
      }
    }, kept);
    if (options.shard) {
      console.error(`shard ${formatShard(options.shard)}: ${describeCounts(counts, store)}`);
      return;
    }
    let offset = 0;
    const results = runs.map((run) => {
      const result: RunResult = { config: run.config, meta: stairs.runMeta(run.config), replicas: replicas.slice(offset, offset + run.config.replicas) };
      offset += run.config.replicas;
      return { name: run.name, result };
    });
    const output: RunResult | Comparison =
      results.length === 1 ? results[0].result : { kind: "comparison", source, description: experiment.description, runs: results };

    const text = JSON.stringify(output, null, 1) + "\n";
    const svg = options.plot ? await renderSvg(figureFor([withTheory(stairs, classify(output, source))])) : undefined;
    const figure = options.plot && svg ? await figureBytes(svg, options.plot, "--plot") : undefined;
    if (out) writeOutput(out, text);
    if (options.plot && figure) writeOutput(options.plot, figure);
    if (options.npz) writeOutput(options.npz, npzOfResult(output, source));
    // The table goes to stdout when stdout holds no result, else to stderr.
    const table = out === STDIO || stdoutTaken ? log.info : (line: string) => console.log(line);
    table(weakRecoveryTable(results));
    for (const line of stepSizeNotes(stairs, results)) table(line);
    table(describeCounts(counts, store));
    for (const path of [out, options.npz, options.plot]) if (path !== undefined && path !== STDIO) log.info(`wrote ${path}`);
  });
}
