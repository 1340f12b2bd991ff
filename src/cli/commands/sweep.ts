// `stairs sweep PRESET_OR_CONFIG`: weak-recovery times over a range of d, fitted exponent, null control.
import type { Command } from "commander";
import { init } from "../../stairs.js";
import { checkOutputs, STDIO, writeOutput } from "../files.js";
import { npzOfResult } from "./export.js";
import { DEFAULT_WORKERS } from "./run.js";
import { hasPerRunSweep, loadExperiment, resolveSweep, selectRun } from "../experiment.js";
import { addForceOption, addSetOption, addVerbosityOptions, budgetFormula, createLog, examples, integerList, positiveInteger, workerCount } from "../options.js";
import { createProgress } from "../progress.js";
import { runSweep, runSweepShard, type SweepResult } from "../sweep/sweep.js";
import { figureFor, renderSvg, withVerdicts, type SweepSet } from "../plot/render.js";
import { exponentRows, type ExponentRow } from "../plot/figures.js";
import { writeFileAtomic } from "../atomic.js";
import { StairsInputError } from "../../errors.js";
import { interruptible } from "../interrupt.js";
import { formatShard, parseShard, type Shard } from "../shard.js";
import { addCheckpointOption, addStoreOptions, openStore } from "../store-options.js";
import { describeCounts } from "../stored.js";

/** The options that define a sweep (shared by sweep, merge and slurm, so that all three mean the same jobs). */
export function addSweepDefinition(command: Command): Command {
  command
    .argument("<preset-or-config>", "a preset name (see `stairs presets`) or a JSON config file")
    .option("--d <list>", "dimensions, comma-separated (default: the preset's sweep.d)", integerList)
    .option("--replicas <n>", "replicas per d (default: the preset's sweep.replicas)", positiveInteger)
    .option("--target <direction>", "direction whose weak-recovery step is timed: m, u or v")
    .option("--control-replicas <n>", "replicas of the null control per d (default: the preset's, else as many as --replicas)", positiveInteger)
    .option("--budget <formula>", "step budget per replica as a formula in d, e.g. 6*d^3 or 8*d*log(d) (default: the preset's sweep.steps)", budgetFormula)
    .option("--run <name>", "which run of a preset that has several");
  return addSetOption(command);
}

/** The sweep the options define: experiment, base config and spec (input errors thrown before any work). */
export function loadSweep(source: string, options: SweepDefinitionOptions) {
  const experiment = loadExperiment(source, options.set);
  // a sweep per run (the paired and step-size presets): the first run stands for the set here
  const run = options.run === undefined && hasPerRunSweep(experiment) ? experiment.runs[0] : selectRun(experiment, options.run);
  const spec = resolveSweep(experiment, {
    d: options.d,
    replicas: options.replicas,
    target: options.target,
    controlReplicas: options.controlReplicas,
    steps: options.budget,
  }, run.name);
  return { experiment, base: run.config, spec };
}

export function registerSweep(program: Command): void {
  const command = program
    .command("sweep")
    .description("time the weak recovery of one direction over a range of d, fit n* ~ d^a, and run the null control");
  addSweepDefinition(command)
    .option("--workers <n>", `worker threads, at most 64 (results do not depend on it) [default: the available cores, ${DEFAULT_WORKERS} here]`, workerCount)
    .option("--out <file>", 'where to write the sweep JSON (written atomically; "-": standard output)')
    .option("--npz <file>", 'also write the sweep as NumPy arrays (.npz, layout in docs/python.md; "-": standard output)')
    .option("--plot <file>", "also draw n* against d as SVG (a preset with a sweep per run: all its runs on one pair of axes)")
    .option("--shard <i/n>", "run only the i-th of n balanced parts of the jobs into the store (then `stairs merge`)", parseShard)
    .option("--plain", "plain progress lines even on a terminal");
  addForceOption(command);
  addVerbosityOptions(command);
  command.addHelpText("after", examples("stairs sweep mean --out results/sweep-mean.json --npz results/sweep-mean.npz", "stairs sweep cumulant --d 16,24,32 --replicas 16 --budget '6*d^3'"));
  addCheckpointOption(addStoreOptions(command)).action(async (source: string, options: SweepCliOptions) => {
    const { experiment, base, spec } = loadSweep(source, options);
    if (!options.shard) checkOutputs({ "--out": options.out, "--npz": options.npz, "--plot": options.plot }, { inputs: [source], clobber: options.clobber, quiet: options.quiet });
    const log = createLog(options);
    log.detail(`config: ${JSON.stringify(base)}`);
    log.detail(`sweep: ${JSON.stringify(spec)}`);
    if (options.shard && options.out) {
      throw new StairsInputError("--out", options.out, "absent with --shard (a shard writes into the store; `stairs merge` writes the sweep)");
    }
    if (options.shard && options.store === false) throw new StairsInputError("--no-store", true, "absent with --shard (a shard's results go to the store)");
    const store = openStore(options.store, options.out === STDIO ? undefined : options.out, options.checkpointEvery);
    const stairs = await init();
    const label = options.shard ? `sweep ${source} shard ${formatShard(options.shard)}` : `sweep ${source}`;
    const progress = options.quiet ? null : createProgress(label, 1000, { plain: options.plain });
    const sweepOptions = {
      workers: options.workers ?? DEFAULT_WORKERS,
      source,
      description: experiment.description,
      store,
      onProgress: (done: number, total: number) => progress?.update(Math.floor((1000 * done) / total)),
    };
    const kept = () => (store ? `Finished replicas are kept in the store ${store.dir}${store.checkpointMillis > 0 ? ", running ones as their last checkpoint" : ""}.` : "Nothing was kept (--no-store).");
    if (options.shard) {
      const shard = options.shard;
      const { counts } = await interruptible(async (signal) => {
        try {
          return await runSweepShard(stairs, base, spec, shard, { ...sweepOptions, signal });
        } finally {
          progress?.stop();
        }
      }, kept);
      console.log(`shard ${formatShard(shard)}: ${describeCounts(counts, store)}`);
      return;
    }
    // A preset whose runs each have a sweep section (sweep: {RUN: {...}, ...}) sweeps them all: the paired
    // sweep and the step-size sweeps, one JSON of kind "sweeps" and one figure.
    if (options.run === undefined && hasPerRunSweep(experiment)) {
      const sweeps: { name: string; sweep: SweepResult }[] = [];
      for (const run of experiment.runs) {
        const runSpec = resolveSweep(experiment, {
          d: options.d, replicas: options.replicas, target: options.target, controlReplicas: options.controlReplicas, steps: options.budget,
        }, run.name);
        const runProgress = options.quiet ? null : createProgress(`sweep ${source} (${run.name})`, 1000, { plain: options.plain });
        const sweep = await interruptible(async (signal) => {
          try {
            return await runSweep(stairs, run.config, runSpec, {
              ...sweepOptions, source: `${source}/${run.name}`, signal,
              onProgress: (done: number, total: number) => runProgress?.update(Math.floor((1000 * done) / total)),
            });
          } finally {
            runProgress?.stop();
          }
        }, kept);
        sweeps.push({ name: run.name, sweep });
      }
      progress?.stop();
      const set: SweepSet = { kind: "sweeps", source, description: experiment.description, sweeps };
      if (options.out) writeOutput(options.out, JSON.stringify(set, null, 2) + "\n");
      for (const { name, sweep } of sweeps) {
        console.log(`\n== ${name}`);
        printSweep(sweep);
      }
      // The step-size presets: the theory's exponent at each a beside the measured one (and a second panel).
      const withTheory = withVerdicts(stairs, set);
      const rows = exponentRows(withTheory.sweeps);
      if (rows) printExponents(rows);
      if (options.plot) writeFileAtomic(options.plot, await renderSvg(figureFor([{ kind: "sweeps", set: withTheory }])));
      if (options.out) console.log(`wrote ${options.out}`);
      if (options.plot) console.log(`wrote ${options.plot}`);
      return;
    }
    const result = await interruptible(async (signal) => {
      try {
        return await runSweep(stairs, base, spec, { ...sweepOptions, signal });
      } finally {
        progress?.stop();
      }
    }, kept);
    if (options.out) writeOutput(options.out, JSON.stringify(result, null, 2) + "\n");
    if (options.npz) writeOutput(options.npz, npzOfResult(result, source));
    // The table goes to stdout unless stdout holds the sweep, then to stderr; --quiet: nothing.
    const toStdout = options.out !== STDIO && options.npz !== STDIO;
    const print = toStdout ? (line: string) => console.log(line) : log.info;
    printSweep(result, print);
    if (result.meta.timing.replicas) print(describeCounts(result.meta.timing.replicas, store));
    for (const path of [options.out, options.npz]) if (path !== undefined && path !== STDIO) log.info(`wrote ${path}`);
    if (options.plot) writeFileAtomic(options.plot, await renderSvg(figureFor([{ kind: "sweep", sweep: result }])));
    if (options.plot) log.info(`wrote ${options.plot}`);
  });
}

export interface SweepDefinitionOptions {
  d?: number[];
  replicas?: number;
  target?: string;
  controlReplicas?: number;
  budget?: { factor: number; power: number; logPower: number };
  run?: string;
  set: string[];
}

interface SweepCliOptions extends SweepDefinitionOptions {
  workers?: number;
  out?: string;
  npz?: string;
  clobber?: boolean;
  verbose?: boolean;
  plot?: string;
  shard?: Shard;
  store?: string | boolean;
  checkpointEvery?: number;
  plain?: boolean;
  quiet?: boolean;
}

/** The exponent against a of a step-size set: the theory's a + (k - 2)/2 (or "not recovered") and the fit. */
export function printExponents(rows: ExponentRow[], print: (line: string) => void = console.log): void {
  print(`\nexponent of n* against a (eta = lr d^-a), information exponent k = ${rows[0].k}, threshold a = ${rows[0].threshold}:`);
  print("  run        a      theory           measured (95% CI)");
  const end = (x: number | null) => (x === null ? "unbounded" : x.toFixed(3));
  for (const r of rows) {
    const theory = r.predicted === null ? "not recovered" : `d^${r.predicted}`;
    const measured = r.measured === null ? "not recovered within the budget (no fit)" : `d^${r.measured.toFixed(3)} [${end(r.ci![0])}, ${end(r.ci![1])}]`;
    print(`  ${r.name.padEnd(9)}  ${String(r.a).padEnd(5)}  ${theory.padEnd(15)}  ${measured}`);
  }
}

export function printSweep(result: SweepResult, print: (line: string) => void = console.log): void {
  print(`\nweak recovery of ${result.target} (threshold ${result.config.recovery.threshold}), ${result.sweep.replicas} replicas per d:`);
  print("     d     budget     median n*    25-75 %                 unrecovered   control recovered");
  for (const p of result.perD) {
    const q = `${p.quantiles.q25 ?? "-"} - ${p.quantiles.q75 ?? "-"}`;
    print(
      `${String(p.d).padStart(6)} ${String(p.steps).padStart(10)} ${String(p.median ?? "censored").padStart(13)}    ${q.padEnd(22)}  ${String(p.unrecovered).padStart(5)}/${p.replicas}     ${p.control.recovered}/${p.control.total}`,
    );
  }
  if (result.sweep.lrGrid) {
    print(`best lr per d (eta = lr d^-${(result.config.learner as { lrExponent?: number }).lrExponent ?? 1}; the table above is the best lr's; median n* at each lr of the grid):`);
    print(`     d  best lr  ${result.sweep.lrGrid.map((lr) => `lr = ${lr}`.padStart(13)).join(" ")}`);
    for (const p of result.perD) {
      const cells = (p.lrGrid ?? []).map((row) => String(row.median ?? "censored").padStart(13)).join(" ");
      print(`${String(p.d).padStart(6)}  ${String(p.bestLr ?? "none").padStart(7)}  ${cells}`);
    }
  }
  const end = (x: number | null, side: string) => (x === null ? `unbounded ${side}` : x.toFixed(3));
  if (result.fit) {
    const f = result.fit;
    const lostText = f.censoredResamples > 0
      ? `; ${f.censoredResamples} lost a d to censoring (${f.censoredResamplesByD.filter((x) => x.resamples > 0).map((x) => `d = ${x.d}: ${x.resamples}`).join(", ")}), counted as +-infinity`
      : "; none lost a d to censoring";
    print(`fit: n* ~ d^${f.exponent.toFixed(3)}  (95% bootstrap CI [${end(f.ci[0], "below")}, ${end(f.ci[1], "above")}], ${f.resamples} resamples${lostText})`);
  }
  if (result.fitMessage) print(`fit: ${result.fitMessage}`);
  if (result.fitLogCorrected) {
    const f = result.fitLogCorrected;
    print(`fit with log correction: n* ~ d^${f.exponent.toFixed(3)} log d  (95% CI [${end(f.ci[0], "below")}, ${end(f.ci[1], "above")}])`);
  }
  print(`null control (${result.control.betaSwitchedOff}): ${result.control.recovered}/${result.control.total} recovered`);
  if (result.independentControl) {
    const per = result.perD.map((p) => `d = ${p.d}: ${p.independentControl?.recovered}/${p.independentControl?.total}`).join(", ");
    print(`independent latents at the same betas (the informative control): ${result.independentControl.recovered}/${result.independentControl.total} recovered within the budget (${per})`);
  }
  const t = result.meta.timing;
  print(`time: ${t.seconds.toFixed(1)} s ${t.workers > 0 ? `on ${t.workers} worker(s)` : "(merged from the replica store)"}`);
}

/**
 * The command-line arguments that define this sweep again (`mean --d 64,128 --replicas 8 --set seed=3`):
 * what merge prints for missing jobs and what the Slurm scripts run (from the same working directory).
 */
export function definitionArgs(source: string, options: SweepDefinitionOptions): string[] {
  const args = [source];
  if (options.d) args.push("--d", options.d.join(","));
  if (options.replicas !== undefined) args.push("--replicas", String(options.replicas));
  if (options.target !== undefined) args.push("--target", options.target);
  if (options.controlReplicas !== undefined) args.push("--control-replicas", String(options.controlReplicas));
  if (options.budget) {
    const b = options.budget;
    args.push("--budget", `${b.factor}*d^${b.power}${b.logPower > 0 ? `*log(d)^${b.logPower}` : ""}`);
  }
  if (options.run !== undefined) args.push("--run", options.run);
  for (const set of options.set) args.push("--set", set);
  return args;
}
