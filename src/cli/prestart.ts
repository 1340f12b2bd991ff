// The replica pool's worker threads, started by the command line's entry (src/cli/entry.ts, dist/cli.js)
// before the command line itself loads (dist/cli-main.js: commander, valibot and the bundle take about
// 90 ms), so that a thread's start (Node's worker bootstrap and the worker bundle, about 60-80 ms) overlaps
// that loading instead of following it. Only for `run` and `sweep`, as many threads as --workers (or the
// available cores), at most PRESTART_MAX: any more start once the jobs are known (src/cli/pool.ts).
//
// The entry and the command line are two bundles, each with its own copy of this module, so the threads
// pass from one to the other through globalThis. They get the compiled wasm module later, in a message.
// Small on purpose: it imports no part of the library.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** Threads started before the config is read: what a run or sweep on a workstation keeps busy. */
export const PRESTART_MAX = 8;
const KEY = Symbol.for("stairs.cli.prestartedWorkers");
type Holder = { [KEY]?: Worker[] };

/** The worker script: next to the bundle (dist/replica-worker.js), or the built one when running from src/. */
export function workerFilename(): string {
  for (const relative of ["./replica-worker.js", "../../dist/replica-worker.js"]) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error("dist/replica-worker.js not found: run `npm run build` first");
}

/**
 * A pool thread (with `workerData`, if given): until a run listens, an error of a waiting thread is the
 * run's to report (the thread is then dead), so it is not left unhandled here.
 */
export function startThread(workerData?: unknown): Worker {
  const worker = new Worker(workerFilename(), workerData === undefined ? undefined : { workerData });
  worker.on("error", () => {});
  return worker;
}

/**
 * How many threads to start for these arguments (process.argv without node and the script): 0 unless the
 * command is run or sweep; --workers N as the command will read it, else the available cores; 0 for a
 * --workers value the command will refuse (it says so) and for --help.
 */
export function prestartCount(args: readonly string[]): number {
  if (args[0] !== "run" && args[0] !== "sweep") return 0;
  let workers = availableParallelism();
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") break;
    if (arg === "--help" || arg === "-h") return 0;
    const value = arg === "--workers" ? (args[i + 1] ?? "") : arg.startsWith("--workers=") ? arg.slice("--workers=".length) : undefined;
    if (value !== undefined) workers = /^\d+$/.test(value) ? Number(value) : NaN;
  }
  return workers >= 1 && workers <= 64 ? Math.min(workers, PRESTART_MAX) : 0;
}

/** Starts the threads for these arguments; they do not keep the process alive until a run takes them. */
export function prestart(args: readonly string[]): void {
  const count = prestartCount(args);
  if (count === 0) return;
  const workers = ((globalThis as Holder)[KEY] ??= []);
  while (workers.length < count) {
    const worker = startThread();
    worker.unref();
    workers.push(worker);
  }
}

/** The threads prestart started (and forgets them). */
export function takePrestarted(): Worker[] {
  const workers = (globalThis as Holder)[KEY] ?? [];
  delete (globalThis as Holder)[KEY];
  return workers;
}
