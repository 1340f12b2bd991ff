// `stairs slurm CONFIG [sweep options] --tasks N [--partition P] [--time T] [--cpus-per-task C] [--store DIR]
// [--out SWEEP.json] [--submit]`: a sweep as a Slurm job array. Writes two sbatch scripts -- the array (task i
// runs `stairs sweep ... --shard i/N` into the store, with as many worker threads as cores it was given) and
// the merge (`stairs merge`, submitted with --dependency=afterok on the array) -- prints them, and with
// --submit hands them to sbatch. A failed or preempted task is resubmitted alone (`sbatch --array=i ...`): the
// replicas it had finished are in the store, so it computes only the rest.
import { chmodSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { realpathSync } from "node:fs";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { StairsInputError } from "../../errors.js";
import { writeFileAtomic } from "../atomic.js";
import { shellQuote } from "../interrupt.js";
import { addVerbosityOptions, examples, positiveInteger } from "../options.js";
import { addStoreOptions, openStore } from "../store-options.js";
import { addSweepDefinition, definitionArgs, loadSweep, type SweepDefinitionOptions } from "./sweep.js";

interface SlurmCliOptions extends SweepDefinitionOptions {
  tasks: number;
  partition?: string;
  time?: string;
  cpusPerTask: number;
  store?: string | boolean;
  out?: string;
  jobsDir?: string;
  submit?: boolean;
}

/** A value for an #SBATCH line: no spaces or shell characters (Slurm reads these lines itself). */
function sbatchValue(value: string): string {
  if (!/^[A-Za-z0-9_.:,@+=-]+$/.test(value)) throw new InvalidArgumentError(`expected a plain Slurm value (letters, digits, _.:,@+=-); got "${value}"`);
  return value;
}

export interface SlurmScripts {
  array: { path: string; text: string };
  merge: { path: string; text: string };
}

/** The two scripts (text and where they go), from the sweep's options. */
export function slurmScripts(source: string, options: SlurmCliOptions, storeDir: string, out: string, jobsDir: string): SlurmScripts {
  const node = process.execPath;
  const cli = realpathSync(process.argv[1]);
  const cwd = process.cwd();
  const definition = definitionArgs(source, options).map(shellQuote).join(" ");
  const stairs = `${shellQuote(node)} ${shellQuote(cli)}`;
  const logs = join(jobsDir, "logs");
  const common = (name: string) =>
    [
      `#SBATCH --job-name=${name}`,
      `#SBATCH --chdir=${cwd}`,
      options.partition ? `#SBATCH --partition=${sbatchValue(options.partition)}` : undefined,
      options.time ? `#SBATCH --time=${sbatchValue(options.time)}` : undefined,
    ].filter((line) => line !== undefined);
  const array = [
    "#!/bin/bash",
    `# stairs sweep as a Slurm job array: task i of ${options.tasks} computes shard i/${options.tasks} into the replica store.`,
    `# Written by: ${["stairs", ...process.argv.slice(2)].map(shellQuote).join(" ")}`,
    `# A failed task is resubmitted alone: sbatch --array=i ${join(jobsDir, "sweep-array.sbatch")}`,
    ...common("stairs-sweep"),
    `#SBATCH --array=1-${options.tasks}`,
    `#SBATCH --ntasks=1`,
    `#SBATCH --cpus-per-task=${options.cpusPerTask}`,
    `#SBATCH --output=${logs}/sweep-%A_%a.out`,
    "set -euo pipefail",
    `exec ${stairs} sweep ${definition} --store ${shellQuote(storeDir)} --shard "$SLURM_ARRAY_TASK_ID/${options.tasks}" --workers "\${SLURM_CPUS_PER_TASK:-1}" --plain`,
    "",
  ].join("\n");
  const merge = [
    "#!/bin/bash",
    `# stairs merge: the sweep's result from the replica store, once every array task has succeeded`,
    `# (submitted with --dependency=afterok:<array job>).`,
    ...common("stairs-merge"),
    `#SBATCH --ntasks=1`,
    `#SBATCH --cpus-per-task=1`,
    `#SBATCH --output=${logs}/merge-%j.out`,
    "set -euo pipefail",
    `exec ${stairs} merge ${definition} --store ${shellQuote(storeDir)} --shards ${options.tasks} --out ${shellQuote(out)}`,
    "",
  ].join("\n");
  return { array: { path: join(jobsDir, "sweep-array.sbatch"), text: array }, merge: { path: join(jobsDir, "sweep-merge.sbatch"), text: merge } };
}

export function registerSlurm(program: Command): void {
  const command = program
    .command("slurm")
    .description("write (and with --submit, submit) a Slurm job array that runs a sweep in shards, and a merge job after it");
  addSweepDefinition(command)
    .requiredOption("--tasks <n>", "array tasks (shards)", positiveInteger)
    .option("--partition <p>", "Slurm partition", sbatchValue)
    .option("--time <t>", "time limit per array task, e.g. 02:00:00", sbatchValue)
    .option("--cpus-per-task <c>", "cores per array task (its worker threads)", positiveInteger, 1)
    .option("--out <file>", "the merged sweep JSON", "sweep.json")
    .option("--jobs-dir <dir>", "where the scripts and logs go (default: .stairs/slurm beside --out)")
    .option("--submit", "submit both with sbatch (the merge with --dependency=afterok on the array)");
  addVerbosityOptions(command).addHelpText("after", examples("stairs slurm cumulant --tasks 16 --partition cpu --time 02:00:00 --out results/sweep-cumulant.json --submit"));
  addStoreOptions(command).action(async (source: string, options: SlurmCliOptions) => {
    loadSweep(source, options); // input errors now, not in the cluster's queue
    if (options.store === false) throw new StairsInputError("--no-store", true, "absent: the array's tasks meet in the store");
    const out = resolve(options.out ?? "sweep.json");
    const store = openStore(options.store, out)!;
    const jobsDir = resolve(options.jobsDir ?? join(out, "..", ".stairs", "slurm"));
    const scripts = slurmScripts(source, options, store.dir, out, jobsDir);
    for (const script of [scripts.array, scripts.merge]) {
      writeFileAtomic(script.path, script.text);
      chmodSync(script.path, 0o755);
      console.log(`# ${script.path}\n${script.text}`);
    }
    writeFileAtomic(join(jobsDir, "logs", ".keep"), "");
    if (!options.submit) {
      console.log(`submit with:\n  array=$(sbatch --parsable ${shellQuote(scripts.array.path)})\n  sbatch --dependency=afterok:$array ${shellQuote(scripts.merge.path)}`);
      return;
    }
    const sbatch = (args: string[]) => execFileSync("sbatch", ["--parsable", ...args], { encoding: "utf8" }).trim().split(";")[0];
    const arrayId = sbatch([scripts.array.path]);
    const mergeId = sbatch([`--dependency=afterok:${arrayId}`, scripts.merge.path]);
    console.log(`submitted: array job ${arrayId} (${options.tasks} tasks), merge job ${mergeId} (after the array succeeds) -> ${out}`);
    console.log(`array=${arrayId} merge=${mergeId}`);
  });
}
