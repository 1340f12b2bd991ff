// `stairs run PRESET_OR_CONFIG [--set path=value ...] [--out RESULT.json] [--plot FIG.svg]`: runs an
// experiment (a preset by name, or a JSON config file) with its replicas spread over worker threads, and
// writes its result whole (a temp file renamed into place) or not at all. A preset with several runs (the
// staircase: independent vs correlated latents) gives a comparison: {kind: "comparison", runs: [{name,
// result}]}. Progress goes to stderr: a bar on a terminal, plain lines otherwise. Without --out the result
// JSON goes to stdout.
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import type { RunResult } from "../../run/result.js";
import { StairsInputError } from "../../errors.js";
import { init } from "../../stairs.js";
import { writeFileAtomic } from "../atomic.js";
import { loadExperiment, selectRun, type NamedRun } from "../experiment.js";
import { addSetOption, positiveInteger } from "../options.js";
import type { Comparison } from "../plot/figures.js";
import { classify, figureFor, renderSvg, withTheory } from "../plot/render.js";
import { runReplicas } from "../pool.js";
import { figureBytes, figureFormat } from "../plot/formats.js";
import { createProgress } from "../progress.js";
import { weakRecoveryTable } from "../summary.js";
import { npzOfResult } from "./export.js";

// Shared with other commands (theory, sample): the atomic writer and a JSON reader whose errors name the file.
export { writeFileAtomic };

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new StairsInputError(what, path, `a readable file (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StairsInputError(what, path, `a JSON file (${(error as Error).message})`);
  }
}

interface RunCliOptions {
  out?: string;
  npz?: string;
  plot?: string;
  run?: string;
  workers: number;
  quiet?: boolean;
  plain?: boolean;
  set: string[];
}

export function registerRun(program: Command): void {
  const command = program
    .command("run")
    .description("run an experiment (a preset or a JSON config) and write its result (JSON), optionally its plot (SVG)")
    .argument("<preset-or-config>", 'a preset name (see `stairs presets`) or an experiment config file, see README "Experiments"')
    .option("--out <file>", "result file, written atomically (default: stdout)")
    .option("--npz <file>", "also write the result as NumPy arrays (.npz, layout in docs/python.md)")
    .option("--plot <file>", "also draw the result: .svg, .png or .pdf by the extension (written atomically)")
    .option("--run <name>", "only this run of a preset that has several")
    .option("--workers <n>", "worker threads (results do not depend on it)", positiveInteger, Math.min(2, availableParallelism()))
    .option("--quiet", "no progress output")
    .option("--plain", "plain progress lines even on a terminal");
  addSetOption(command).action(async (source: string, options: RunCliOptions) => {
    // Every input error surfaces here, before any work and before anything is written.
    const experiment = loadExperiment(source, options.set);
    if (options.plot) figureFormat(options.plot, "--plot");
    const runs: NamedRun[] = options.run !== undefined ? [selectRun(experiment, options.run)] : experiment.runs;
    const stairs = await init();

    const tasks = runs.flatMap((run) => Array.from({ length: run.config.replicas }, (_, replica) => ({ config: run.config, replica })));
    const progress = options.quiet ? null : createProgress(`run ${source}`, 1000, { plain: options.plain });
    let replicas;
    try {
      replicas = await runReplicas(tasks, {
        workers: options.workers,
        onProgress: (done, total) => progress?.update(Math.floor((1000 * done) / total)),
      });
    } finally {
      progress?.stop();
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
    const log = options.out ? console.log : console.error;
    if (options.out) writeFileAtomic(options.out, text);
    else process.stdout.write(text);
    if (options.plot && figure) writeFileAtomic(options.plot, figure);
    if (options.npz) writeFileAtomic(options.npz, npzOfResult(output, source));
    if (!options.quiet) {
      log(weakRecoveryTable(results));
      if (options.out) log(`wrote ${options.out}`);
      if (options.plot) log(`wrote ${options.plot}`);
      if (options.npz) log(`wrote ${options.npz}`);
    }
  });
}
