// `stairs run CONFIG.json [--out RESULT.json]`: runs an experiment config and writes its result whole
// (a temp file renamed into place) or not at all. Progress goes to stderr: a bar on a terminal, plain
// lines otherwise (logs, CI). Without --out the result JSON goes to stdout.
import { readFileSync, renameSync, writeFileSync, rmSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { init } from "../../stairs.js";
import { StairsInputError } from "../../errors.js";
import type { RunProgress, RunResult } from "../../run/result.js";

/** Writes `text` to `path` atomically: a sibling temp file, then rename (same directory, same filesystem). */
export function writeFileAtomic(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

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

/** A progress reporter on stderr: a bar on a TTY, else a line every few seconds. */
function progressReporter(replicas: number) {
  const stream = process.stderr;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: "{bar} {percentage}% | replica {replica}/{replicas} step {step}/{steps} | eta {eta_formatted}", hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1000, 0, { replica: 1, replicas, step: 0, steps: 0 });
    return {
      update: (p: RunProgress) => bar.update(Math.round(1000 * p.fraction), { replica: p.replica + 1, replicas, step: p.step, steps: p.steps }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(p: RunProgress) {
      const t = Date.now();
      if (t - last < 2000 && p.fraction < 1) return;
      last = t;
      stream.write(`progress ${(100 * p.fraction).toFixed(1)}% (replica ${p.replica + 1}/${replicas}, step ${p.step}/${p.steps})\n`);
    },
    stop: () => undefined,
  };
}

function summary(result: RunResult): string {
  const last = result.replicas.map((r) => r.checkpoints[r.checkpoints.length - 1]);
  // A direction the model does not have (null overlap: tensor PCA has only v) prints as "-".
  const meanAbs = (e: "m" | "u" | "v") =>
    last.some((c) => c.overlap[e] === null) ? "-" : (last.reduce((s, c) => s + Math.abs(c.overlap[e]!), 0) / last.length).toFixed(3);
  const diverged = result.replicas.filter((r) => r.diverged !== null).length;
  const recovered = (e: "m" | "u" | "v") => result.replicas.filter((r) => r.weakRecovery[e] !== null).length;
  return (
    `${result.replicas.length} replicas, ${result.config.steps} steps: mean |alpha| at the end ` +
    `m ${meanAbs("m")}, u ${meanAbs("u")}, v ${meanAbs("v")}; weak recovery (|alpha| >= ${result.config.recovery.threshold}) ` +
    `m ${recovered("m")}, u ${recovered("u")}, v ${recovered("v")} of ${result.replicas.length}` +
    (diverged > 0 ? `; ${diverged} diverged` : "")
  );
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run an experiment config (JSON) and write its result (JSON)")
    .argument("<config>", "experiment config file, see README \"Experiments\"")
    .option("--out <file>", "result file, written atomically (default: stdout)")
    .option("--quiet", "no progress output")
    .action(async (configPath: string, options: { out?: string; quiet?: boolean }) => {
      const input = readJsonFile(configPath, "config file");
      const stairs = await init();
      const config = stairs.resolveExperiment(input); // every error before any work
      const reporter = options.quiet ? null : progressReporter(config.replicas);
      let result: RunResult;
      try {
        result = await stairs.run(config, { onProgress: reporter?.update });
      } finally {
        reporter?.stop();
      }
      const text = JSON.stringify(result, null, 1) + "\n";
      if (options.out) {
        writeFileAtomic(options.out, text);
        if (!options.quiet) process.stderr.write(`${summary(result)}\nwrote ${options.out}\n`);
      } else {
        process.stdout.write(text);
        if (!options.quiet) process.stderr.write(`${summary(result)}\n`);
      }
    });
}
