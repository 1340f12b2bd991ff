// `stairs sweep PRESET_OR_CONFIG`: weak-recovery times over a range of d, fitted exponent, null control.
import type { Command } from "commander";
import { init } from "../../stairs.js";
import { writeJsonAtomic } from "../atomic.js";
import { hasPerRunSweep, loadExperiment, resolveSweep, selectRun } from "../experiment.js";
import { addSetOption, budgetFormula, integerList, positiveInteger } from "../options.js";
import { createProgress } from "../progress.js";
import { runSweep, type SweepResult } from "../sweep/sweep.js";
import { figureFor, renderSvg, type SweepSet } from "../plot/render.js";
import { writeFileAtomic } from "../atomic.js";
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
    .option("--plot <file>", "also draw n* against d (a preset with a sweep per run: all on one pair of axes) as SVG")
    .option("--plain", "plain progress lines even on a terminal");
  addSetOption(command).action(async (source: string, options: SweepCliOptions) => {
    const experiment = loadExperiment(source, options.set);
    // A preset whose runs each have a sweep section (sweep: {RUN: {...}, ...}) sweeps them all: the paired sweep.
    const perRun = options.run === undefined && hasPerRunSweep(experiment);
    const runs = perRun ? experiment.runs : [selectRun(experiment, options.run)];
    const specs = runs.map((run) =>
      resolveSweep(experiment, {
        d: options.d,
        replicas: options.replicas,
        target: options.target,
        controlReplicas: options.controlReplicas,
        steps: options.budget,
      }, run.name),
    );
    const stairs = await init();
    const results: { name: string; sweep: SweepResult }[] = [];
    for (const [i, run] of runs.entries()) {
      const label = runs.length > 1 ? `sweep ${source} (${run.name})` : `sweep ${source}`;
      const progress = createProgress(label, 1000, { plain: options.plain });
      try {
        const sweep = await runSweep(stairs, run.config, specs[i], {
          workers: options.workers,
          source: runs.length > 1 ? `${source}/${run.name}` : source,
          description: experiment.description,
          onProgress: (done, total) => progress.update(Math.floor((1000 * done) / total)),
        });
        results.push({ name: run.name, sweep });
      } finally {
        progress.stop();
      }
    }
    const output: SweepResult | SweepSet = perRun ? { kind: "sweeps", source, description: experiment.description, sweeps: results } : results[0].sweep;
    if (options.out) writeJsonAtomic(options.out, output);
    for (const { name, sweep } of results) {
      if (perRun) console.log(`\n== ${name}`);
      printSweep(sweep);
    }
    if (options.plot) {
      const input = perRun ? { kind: "sweeps" as const, set: output as SweepSet } : { kind: "sweep" as const, sweep: output as SweepResult };
      writeFileAtomic(options.plot, await renderSvg(figureFor([input])));
    }
    if (options.out) console.log(`wrote ${options.out}`);
    if (options.plot) console.log(`wrote ${options.plot}`);
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
  plot?: string;
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
  const end = (x: number | null, side: string) => (x === null ? `unbounded ${side}` : x.toFixed(3));
  if (result.fit) {
    const f = result.fit;
    const lostText = f.censoredResamples > 0
      ? `; ${f.censoredResamples} lost a d to censoring (${f.censoredResamplesByD.filter((x) => x.resamples > 0).map((x) => `d = ${x.d}: ${x.resamples}`).join(", ")}), counted as +-infinity`
      : "; none lost a d to censoring";
    console.log(`fit: n* ~ d^${f.exponent.toFixed(3)}  (95% bootstrap CI [${end(f.ci[0], "below")}, ${end(f.ci[1], "above")}], ${f.resamples} resamples${lostText})`);
  }
  if (result.fitMessage) console.log(`fit: ${result.fitMessage}`);
  if (result.fitLogCorrected) {
    const f = result.fitLogCorrected;
    console.log(`fit with log correction: n* ~ d^${f.exponent.toFixed(3)} log d  (95% CI [${end(f.ci[0], "below")}, ${end(f.ci[1], "above")}])`);
  }
  console.log(`null control (${result.control.betaSwitchedOff}): ${result.control.recovered}/${result.control.total} recovered`);
  if (result.independentControl) {
    const per = result.perD.map((p) => `d = ${p.d}: ${p.independentControl?.recovered}/${p.independentControl?.total}`).join(", ");
    console.log(`independent latents at the same betas (the informative control): ${result.independentControl.recovered}/${result.independentControl.total} recovered within the budget (${per})`);
  }
  console.log(`time: ${result.meta.timing.seconds.toFixed(1)} s on ${result.meta.timing.workers} worker(s)`);
}
