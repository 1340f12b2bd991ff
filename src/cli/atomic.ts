// Results are written whole or not at all: the bytes go to a temporary file in the same directory, which
// is then renamed over the target (rename is atomic within one file system). A crash or an error leaves
// either the old file or none, never half a file.
import { existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { StairsInputError } from "../errors.js";

let counter = 0;

/** Writes `data` to `path` atomically, creating missing parent directories. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** JSON with two-space indentation and a final newline, written atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

/**
 * Checks output paths before any work (so a run never computes for an hour and then fails to write):
 * none may be an input (writing it would destroy the input), two outputs may not be the same file, none
 * may be a directory, and each must be creatable: the nearest existing directory above it takes a probe
 * file. Paths given as undefined or "-" (stdout) are skipped. Throws StairsInputError naming the option.
 */
export function checkOutputs(outputs: [option: string, path: string | undefined][], inputs: string[]): void {
  const real = (path: string) => {
    const absolute = resolve(path);
    try {
      return realpathSync(absolute);
    } catch {
      return absolute;
    }
  };
  const inputPaths = new Set(inputs.filter((p) => existsSync(p)).map(real));
  const seen = new Map<string, string>();
  for (const [option, path] of outputs) {
    if (path === undefined || path === "-") continue;
    const target = real(path);
    if (inputPaths.has(target)) throw new StairsInputError(option, path, "a file other than the input (writing it would destroy the input)");
    const other = seen.get(target);
    if (other !== undefined) throw new StairsInputError(option, path, `a file other than ${other}'s (both would write ${path})`);
    seen.set(target, option);
    if (existsSync(target) && statSync(target).isDirectory()) throw new StairsInputError(option, path, "a file path (it is a directory)");
    let dir = dirname(target);
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    const probe = join(dir, `.stairs-probe.${process.pid}.${counter++}`);
    try {
      if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
      writeFileSync(probe, "");
      rmSync(probe, { force: true });
    } catch (error) {
      throw new StairsInputError(option, path, `a path where a file can be written (${(error as Error).message})`);
    }
  }
}
