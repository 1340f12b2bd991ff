// Files of the command line, one convention for every command:
// - "-" is standard input where a file is read and standard output where one is written;
// - outputs are written whole or not at all (src/cli/atomic.ts), into folders created when missing;
// - an existing output is replaced with a note on stderr ("replacing results/r.json"), never silently; with
//   --no-clobber it is refused before any work, so a long run cannot end by replacing a result it took
//   hours to make. (Rerunning the same command is the replica store's way to resume: docs/cluster.md.)
// - outputs are checked before any work (checkOutputs): not an input, not a directory, writable;
// - a UTF-8 byte-order mark at the start of an input is not part of its text.
import { existsSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { StairsInputError } from "../errors.js";
import { writeFileAtomic } from "./atomic.js";

export const STDIO = "-";

let stdinRead = false;

/** The text of a file, or of standard input for "-" (read once: a second "-" is an error). */
export function readText(path: string, what: string): string {
  if (path === STDIO) {
    if (stdinRead) throw new StairsInputError(what, path, "at most one input read from standard input");
    stdinRead = true;
    try {
      return withoutBom(readFileSync(0, "utf8"));
    } catch (error) {
      throw new StairsInputError(what, path, `a readable JSON file (standard input: ${(error as Error).message})`);
    }
  }
  try {
    return withoutBom(readFileSync(path, "utf8"));
  } catch (error) {
    throw new StairsInputError(what, path, `a readable JSON file (${(error as Error).message})`);
  }
}

function withoutBom(text: string): string {
  return text.replace(/^\uFEFF/, "");
}

/** A JSON file (or standard input for "-"), with errors that name the file. */
export function readJson(path: string, what: string): unknown {
  const text = readText(path, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StairsInputError(what, path, `a readable JSON file (${(error as Error).message})`);
  }
}

/** What checkOutputs needs besides the outputs: the inputs of the command, --no-clobber, --quiet. */
export interface OutputCheck {
  /** Files the command reads: an output may not be one of them ("-", standard input, is skipped). */
  inputs?: string[];
  /** false (--no-clobber): an existing output is refused; else it is replaced with a note on stderr. */
  clobber?: boolean;
  /** No note on stderr about replaced outputs. */
  quiet?: boolean;
}

let probes = 0;

/**
 * Checks the outputs before any work, so a run never computes for an hour and then fails to write (the
 * key of `outputs` is the option named in the error; undefined paths are skipped, "-" is standard
 * output): at most one output on standard output; none may be an input (writing it would destroy the
 * input) and two may not be the same file; none may be a directory; each must be creatable (the nearest
 * existing directory above it takes a probe file); an existing one is refused with --no-clobber, else
 * announced on stderr (unless quiet) once every check has passed. Throws StairsInputError naming the option.
 */
export function checkOutputs(outputs: Record<string, string | undefined>, check: OutputCheck = {}): void {
  const entries = Object.entries(outputs).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const stdout = entries.filter(([, path]) => path === STDIO);
  if (stdout.length > 1) {
    throw new StairsInputError(stdout[1][0], STDIO, `at most one output on standard output (${stdout.map(([o]) => o).join(" and ")} both ask for it)`);
  }
  const real = (path: string) => {
    const absolute = resolve(path);
    try {
      return realpathSync(absolute);
    } catch {
      return absolute;
    }
  };
  const inputs = new Set((check.inputs ?? []).filter((p) => p !== STDIO && existsSync(p)).map(real));
  const seen = new Map<string, string>();
  const replaced: string[] = [];
  for (const [option, path] of entries) {
    if (path === STDIO) continue;
    const target = real(path);
    if (inputs.has(target)) throw new StairsInputError(option, path, "a file other than the input (writing it would destroy the input)");
    const other = seen.get(target);
    if (other !== undefined) throw new StairsInputError(option, path, `a file other than ${other}'s (both would write ${path})`);
    seen.set(target, option);
    if (existsSync(target)) {
      if (statSync(target).isDirectory()) throw new StairsInputError(option, path, "a file path (it is a directory)");
      if (check.clobber === false) throw new StairsInputError(option, path, "a file that does not exist yet (--no-clobber)");
      replaced.push(path);
    }
    let dir = dirname(target);
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    const probe = join(dir, `.stairs-probe.${process.pid}.${probes++}`);
    try {
      if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
      writeFileSync(probe, "");
      rmSync(probe, { force: true });
    } catch (error) {
      throw new StairsInputError(option, path, `a path where a file can be written (${(error as Error).message})`);
    }
  }
  if (!check.quiet) for (const path of replaced) process.stderr.write(`stairs: replacing ${path} (--no-clobber keeps existing files)\n`);
}

/** Writes an output: standard output for "-", else atomically (folders created). */
export function writeOutput(path: string, data: string | Uint8Array): void {
  if (path === STDIO) process.stdout.write(data);
  else writeFileAtomic(path, data);
}
