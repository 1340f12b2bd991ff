// `stairs sweep PRESET_OR_CONFIG`: weak-recovery times over a range of d, fitted exponent, null control.
import type { Command } from "commander";
import { init } from "../../stairs.js";
import { writeFileAtomic, writeJsonAtomic } from "../atomic.js";
import { npzOfResult } from "./export.js";
import { loadExperiment, resolveSweep, selectRun } from "../experiment.js";
import { addSetOption, budgetFormula, integerList, positiveInteger } from "../options.js";
import { createProgress } from "../progress.js";
import { runSweep, type SweepResult } from "../sweep/sweep.js";
import { availableParallelism } from "node:os";

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
    .option("--workers <n>", "worker threads", positiveInteger, Math.min(2, availableParallelism()))
    .option("--out <file>", "where to write the sweep JSON (written atomically)")
    .option("--npz <file>", "also write the sweep as NumPy arrays (.npz, layout in docs/python.md)")
    .option("--plain", "plain progress lines even on a terminal");
  addSetOption(command).action(async (source: string, options: SweepCliOptions) => {
    const experiment = loadExperiment(source, options.set);
    const run = selectRun(experiment, options.run);
    const spec = resolveSweep(experiment, {
      d: options.d,
      replicas: options.replicas,
      target: options.target,
      controlReplicas: options.controlReplicas,
      steps: options.budget,
    });
    const stairs = await init();
    const progress = createProgress(`sweep ${source}`, 1000, { plain: options.plain });
    let result: SweepResult;
    try {
      result = await runSweep(stairs, run.config, spec, {
        workers: options.workers,
        source,
        description: experiment.description,
        onProgress: (done, total) => progress.update(Math.floor((1000 * done) / total)),
      });
    } finally {
      progress.stop();
    }
    if (options.out) writeJsonAtomic(options.out, result);
    if (options.npz) writeFileAtomic(options.npz, npzOfResult(result, source));
    printSweep(result);
    if (options.out) console.log(`wrote ${options.out}`);
    if (options.npz) console.log(`wrote ${options.npz}`);
  });
}

interface SweepCliOptions {
  d?: number[];
  replicas?: number;
  target?: string;
  controlReplicas?: number;
  budget?: { factor: number; power: number; logPower: number };
  run?: string;
  workers: number;
  out?: string;
  npz?: string;
  plain?: boolean;
  set: string[];
}

export function printSweep(result: SweepResult): void {
  console.log(`\nweak recovery of ${result.target} (threshold ${result.config.recovery.threshold}), ${result.sweep.replicas} replicas per d:`);
  console.log("     d     budget     median n*    25-75 %                 unrecovered   control recovered");
  for (const p of result.perD) {
    const q = `${p.quantiles.q25 ?? "-"} - ${p.quantiles.q75 ?? "-"}`;
    console.log(
      `${String(p.d).padStart(6)} ${String(p.steps).padStart(10)} ${String(p.median ?? "censored").padStart(13)}    ${q.padEnd(22)}  ${String(p.unrecovered).padStart(5)}/${p.replicas}     ${p.control.recovered}/${p.control.total}`,
    );
  }
  if (result.fit) {
    const f = result.fit;
    console.log(`fit: n* ~ d^${f.exponent.toFixed(3)}  (95% bootstrap CI [${f.ci[0].toFixed(3)}, ${f.ci[1].toFixed(3)}], ${f.resamples} resamples)`);
  } else console.log("fit: fewer than two dimensions with a finite median");
  if (result.fitLogCorrected) {
    const f = result.fitLogCorrected;
    console.log(`fit with log correction: n* ~ d^${f.exponent.toFixed(3)} log d  (95% CI [${f.ci[0].toFixed(3)}, ${f.ci[1].toFixed(3)}])`);
  }
  console.log(`null control (${result.control.betaSwitchedOff}): ${result.control.recovered}/${result.control.total} recovered`);
  console.log(`time: ${result.meta.timing.seconds.toFixed(1)} s on ${result.meta.timing.workers} worker(s)`);
}
