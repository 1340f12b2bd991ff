// Options shared by the commands that load an experiment: `--set` (repeatable) and the parsing of lists.
import { availableParallelism } from "node:os";
import { InvalidArgumentError, type Command } from "commander";

/** Adds the repeatable `--set path=value` option. */
export function addSetOption(command: Command): Command {
  return command.option(
    "--set <path=value>",
    "override a config field, e.g. --set model.d=32 --set learner.lr=0.5 (value parsed as JSON when it parses; repeatable)",
    (value: string, previous: string[]) => [...previous, value],
    [] as string[],
  );
}

/** Commander parser of a comma-separated list of positive integers ("16,24,32"). */
export function integerList(value: string): number[] {
  const parts = value.split(",").map((s) => s.trim());
  const numbers = parts.map(Number);
  if (parts.length === 0 || numbers.some((n, i) => parts[i] === "" || !Number.isInteger(n) || n <= 0)) {
    throw new InvalidArgumentError(`expected a comma-separated list of positive integers, e.g. 16,24,32; got "${value}"`);
  }
  return numbers;
}

/**
 * Commander parser of a sweep's step budget written as a formula in d: "40*d", "6*d^3", "8*d*log(d)",
 * "2*d^2*log(d)^2" (log is the natural logarithm). Returns the sweep.steps object.
 */
export function budgetFormula(value: string): { factor: number; power: number; logPower: number } {
  const match = /^\s*([0-9.]+(?:e[+-]?\d+)?)\s*\*\s*d(?:\^(\d(?:\.\d+)?))?\s*(?:\*\s*(?:log|ln)\(d\)(?:\^(\d))?)?\s*$/i.exec(value);
  const factor = match ? Number(match[1]) : NaN;
  if (!match || !(factor > 0)) {
    throw new InvalidArgumentError(`expected a budget like 40*d, 6*d^3 or 8*d*log(d) (factor * d^power * log(d)^logPower); got "${value}"`);
  }
  return { factor, power: match[2] === undefined ? 1 : Number(match[2]), logPower: match[3] !== undefined ? Number(match[3]) : /log|ln/i.test(value) ? 1 : 0 };
}

/** Commander parser of a positive integer. */
/** --workers: each thread holds a wasm instance and its memory; more threads than this only thrash. */
export const MAX_WORKERS = 64;

export function workerCount(value: string): number {
  const n = positiveInteger(value);
  if (n > MAX_WORKERS) throw new InvalidArgumentError(`expected at most ${MAX_WORKERS} worker threads (this machine has ${availableParallelism()} cores); got "${value}"`);
  return n;
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer; got "${value}"`);
  return n;
}

/** `-q, --quiet` and `-v, --verbose`, which every command takes. */
export function addVerbosityOptions(command: Command): Command {
  return command
    .option("-q, --quiet", "no progress and no messages on standard error but errors (results and tables on standard output stay)")
    .option("-v, --verbose", "say more: the resolved config, each file written");
}

/** Messages on stderr (stdout stays for results): info unless --quiet, detail only with --verbose. */
export function createLog(options: { quiet?: boolean; verbose?: boolean }): { info: (line: string) => void; detail: (line: string) => void } {
  return {
    info: (line) => (options.quiet ? undefined : void process.stderr.write(line + "\n")),
    detail: (line) => (options.verbose && !options.quiet ? void process.stderr.write(line + "\n") : undefined),
  };
}

/** `--no-clobber`: refuse, before any work, to replace an existing output (by default it is replaced, with a note). */
export function addForceOption(command: Command): Command {
  return command.option("--no-clobber", "refuse to replace an existing output, before any work (by default it is replaced, with a note on stderr)");
}

/** An example block for a command's help. */
export function examples(...lines: string[]): string {
  return `\nExample${lines.length > 1 ? "s" : ""}:\n${lines.map((line) => `  ${line}`).join("\n")}`;
}
