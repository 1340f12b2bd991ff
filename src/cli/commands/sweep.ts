// `stairs sweep PRESET_OR_CONFIG`: weak-recovery times over a range of d, fitted exponent, null control.
import type { Command } from "commander";
import { init } from "../../stairs.js";
import { checkOutputs, STDIO, writeOutput } from "../files.js";
import { npzOfResult } from "./export.js";
import { loadExperiment, resolveSweep, selectRun } from "../experiment.js";
import { addForceOption, addSetOption, addVerbosityOptions, budgetFormula, createLog, examples, integerList, positiveInteger } from "../options.js";
import { DEFAULT_WORKERS } from "./run.js";
import { createProgress } from "../progress.js";
import { runSweep, type SweepResult } from "../sweep/sweep.js";

export function registerSweep(program: Command): void {
  const command = program
    .command("sweep")
    .description("time the weak recovery of one direction over a range of d, fit n* ~ d^a, and run the null control")
    .argument("<preset-or-config>", "a preset name (see `stairs presets`) or a JSON config file")
    .option("--d <list>", "dimensions, comma-separated (default: the preset's sweep.d)", integerList)
    .option("--replicas <n>", "replicas per d (default: the preset's sweep.replicas)", positiveInteger)
    .option("--target <direction>", "direction whose weak-recovery step is timed: m, u or v")
    .option("--control-replicas <n>", "replicas of the null control per d (default: the preset's, else as many as --replicas)", positiveInteger)
    .option("--budget <formula>", "step budget per replica as a formula in d, e.g. 6*d^3 or 8*d*log(d) (default: the preset's sweep.steps)", budgetFormula)
    .option("--run <name>", "which run of a preset that has several")
    .option("--workers <n>", `worker threads (results do not depend on it) [default: the available cores, ${DEFAULT_WORKERS} here]`, positiveInteger)
    .option("--out <file>", 'where to write the sweep JSON (written atomically; "-": standard output)')
    .option("--npz <file>", 'also write the sweep as NumPy arrays (.npz, layout in docs/python.md; "-": standard output)')
    .option("--plain", "plain progress lines even on a terminal");
  addForceOption(command);
  addVerbosityOptions(command);
  command.addHelpText("after", examples("stairs sweep mean --out results/sweep-mean.json --npz results/sweep-mean.npz", "stairs sweep cumulant --d 16,24,32 --replicas 16 --budget '6*d^3'"));
  addSetOption(command).action(async (source: string, options: SweepCliOptions) => {
    const experiment = loadExperiment(source, options.set);
    checkOutputs({ "--out": options.out, "--npz": options.npz }, options.force);
    const log = createLog(options);
    const run = selectRun(experiment, options.run);
    const spec = resolveSweep(experiment, {
      d: options.d,
      replicas: options.replicas,
      target: options.target,
      controlReplicas: options.controlReplicas,
      steps: options.budget,
    });
    log.detail(`config: ${JSON.stringify(run.config)}`);
    log.detail(`sweep: ${JSON.stringify(spec)}`);
    const stairs = await init();
    const progress = options.quiet ? null : createProgress(`sweep ${source}`, 1000, { plain: options.plain });
    let result: SweepResult;
    try {
      result = await runSweep(stairs, run.config, spec, {
        workers: options.workers ?? DEFAULT_WORKERS,
        source,
        description: experiment.description,
        onProgress: (done, total) => progress?.update(Math.floor((1000 * done) / total)),
      });
    } finally {
      progress?.stop();
    }
    if (options.out) writeOutput(options.out, JSON.stringify(result, null, 2) + "\n");
    if (options.npz) writeOutput(options.npz, npzOfResult(result, source));
    // The table goes to stdout unless stdout holds the sweep, then to stderr.
    const toStdout = options.out !== STDIO && options.npz !== STDIO;
    if (!options.quiet) printSweep(result, toStdout ? console.log : (line: string) => process.stderr.write(line + "\n"));
    for (const path of [options.out, options.npz]) if (path !== undefined && path !== STDIO) log.info(`wrote ${path}`);
  });
}

interface SweepCliOptions {
  d?: number[];
  replicas?: number;
  target?: string;
  controlReplicas?: number;
  budget?: { factor: number; power: number; logPower: number };
  run?: string;
  workers?: number;
  quiet?: boolean;
  verbose?: boolean;
  force?: boolean;
  out?: string;
  npz?: string;
  plain?: boolean;
  set: string[];
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
  if (result.fit) {
    const f = result.fit;
    print(`fit: n* ~ d^${f.exponent.toFixed(3)}  (95% bootstrap CI [${f.ci[0].toFixed(3)}, ${f.ci[1].toFixed(3)}], ${f.resamples} resamples)`);
  } else print("fit: fewer than two dimensions with a finite median");
  if (result.fitLogCorrected) {
    const f = result.fitLogCorrected;
    print(`fit with log correction: n* ~ d^${f.exponent.toFixed(3)} log d  (95% CI [${f.ci[0].toFixed(3)}, ${f.ci[1].toFixed(3)}])`);
  }
  print(`null control (${result.control.betaSwitchedOff}): ${result.control.recovered}/${result.control.total} recovered`);
  print(`time: ${result.meta.timing.seconds.toFixed(1)} s on ${result.meta.timing.workers} worker(s)`);
}
