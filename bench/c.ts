// The C baselines (bench/c/*.c): the same steps in plain C, compiled here with the system's cc at -O3 and
// at -O3 -march=native, run in this same process's time window and timed by the same statistic (median
// of 5 batches). Skipped, and said so, when no C compiler is found.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export const C_FLAGS = { "-O3": ["-O3"], "-O3 -march=native": ["-O3", "-march=native"] } as const;
export type CFlavour = keyof typeof C_FLAGS;

const source = new URL("../bench/c/", import.meta.url).pathname;
const out = new URL("../build/bench-c/", import.meta.url).pathname;

export interface CCompiler {
  path: string;
  version: string;
}

/** The system's C compiler (cc, else gcc, else clang), or null. */
export function findCompiler(): CCompiler | null {
  for (const path of [process.env.CC, "cc", "gcc", "clang"]) {
    if (!path) continue;
    const probe = spawnSync(path, ["--version"], { encoding: "utf8" });
    if (probe.status === 0) return { path, version: probe.stdout.split("\n")[0].trim() };
  }
  return null;
}

/** Compiles bench/c/NAME.c with each flavour's flags; returns the binaries' paths. */
export function compileBaseline(cc: CCompiler, name: string): Record<CFlavour, string> {
  mkdirSync(out, { recursive: true });
  const binaries = {} as Record<CFlavour, string>;
  for (const [flavour, flags] of Object.entries(C_FLAGS) as [CFlavour, readonly string[]][]) {
    const binary = join(out, `${name}${flavour.includes("native") ? "-native" : ""}`);
    execFileSync(cc.path, [...flags, "-o", binary, join(source, `${name}.c`), "-lm"], { stdio: "inherit" });
    binaries[flavour] = binary;
  }
  return binaries;
}

/** Runs a baseline binary; returns the JSON it prints. */
export function runBaseline(binary: string, args: (string | number)[]): Record<string, number> {
  return JSON.parse(execFileSync(binary, args.map(String), { encoding: "utf8" }));
}
