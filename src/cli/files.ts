// Files of the command line, one convention for every command:
// - "-" is standard input where a file is read and standard output where one is written;
// - outputs are written whole or not at all (src/cli/atomic.ts), into folders created when missing;
// - an existing output is replaced with a note on stderr ("replacing results/r.json"), never silently; with
//   --no-clobber it is refused before any work, so a long run cannot end by replacing a result it took
//   hours to make. (Rerunning the same command is the replica store's way to resume: docs/cluster.md.)
import { existsSync, readFileSync } from "node:fs";
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
      return readFileSync(0, "utf8");
    } catch (error) {
      throw new StairsInputError(what, path, `a readable JSON file (standard input: ${(error as Error).message})`);
    }
  }
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new StairsInputError(what, path, `a readable JSON file (${(error as Error).message})`);
  }
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

/**
 * Before any work: at most one output on stdout; an existing output is refused when `clobber` is false
 * (--no-clobber), else announced on stderr (unless `quiet`). "-" (stdout) and undefined pass.
 */
export function checkOutputs(outputs: Record<string, string | undefined>, clobber = true, quiet = false): void {
  const stdout = Object.entries(outputs).filter(([, path]) => path === STDIO);
  if (stdout.length > 1) {
    throw new StairsInputError(stdout[1][0], STDIO, `at most one output on standard output (${stdout.map(([o]) => o).join(" and ")} both ask for it)`);
  }
  for (const [option, path] of Object.entries(outputs)) {
    if (path !== undefined && path !== STDIO && existsSync(path)) {
      if (!clobber) throw new StairsInputError(option, path, "a file that does not exist yet (--no-clobber)");
      if (!quiet) process.stderr.write(`stairs: replacing ${path} (--no-clobber keeps existing files)\n`);
    }
  }
}

/** Writes an output: standard output for "-", else atomically (folders created). */
export function writeOutput(path: string, data: string | Uint8Array): void {
  if (path === STDIO) process.stdout.write(data);
  else writeFileAtomic(path, data);
}
