// A pool of worker threads that run replicas (`runReplica`, one wasm instance per thread). Used by `run`
// (every replica of one or several configs) and `sweep` (every (d, replica) and its null control).
//
// A replica is a pure function of (config, replica index), so the results, put back in task order, do not
// depend on the number of workers nor on which thread ran what.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel } from "node:worker_threads";
import Tinypool from "tinypool";
import type { ExperimentConfig } from "../config/experiment.js";
import type { ReplicaResult } from "../run/result.js";

export interface ReplicaTask {
  config: ExperimentConfig;
  replica: number;
}

/** The worker script: next to the bundle (dist/replica-worker.js), or the built one when running from src/. */
export function workerFilename(): string {
  for (const relative of ["./replica-worker.js", "../../dist/replica-worker.js"]) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error("dist/replica-worker.js not found: run `npm run build` first");
}

export interface PoolOptions {
  workers: number;
  /** Called with (steps done, total steps) over all tasks as replicas advance. */
  onProgress?: (done: number, total: number) => void;
  /** Called with each full result as soon as it arrives (the replica store writes it there). */
  onResult?: (result: ReplicaResult, index: number) => void;
  /**
   * Stops the run: the worker threads are terminated at once (a replica inside a wasm call included) and
   * the promise rejects with the signal's reason; results already handed to onResult stay handed.
   */
  signal?: AbortSignal;
}

/** The error a run stopped by its signal rejects with. */
export class RunInterrupted extends Error {
  constructor(readonly reason: unknown) {
    super(`interrupted${typeof reason === "string" ? ` by ${reason}` : ""}`);
    this.name = "RunInterrupted";
  }
}

/**
 * Runs every task in a pool of `options.workers` threads and returns the results in task order. The
 * costliest tasks (steps x d) start first so that the threads finish together; `summarize` (run inside the
 * worker's caller, on each result as it arrives) can shrink a result that would be costly to keep.
 */
export async function runReplicas<T = ReplicaResult>(
  tasks: readonly ReplicaTask[],
  options: PoolOptions,
  summarize: (result: ReplicaResult, index: number) => T = (result) => result as T,
): Promise<T[]> {
  // never more threads than tasks: a thread is a wasm instance, started for nothing otherwise
  const threads = Math.max(1, Math.min(options.workers, tasks.length));
  const pool = new Tinypool({ filename: workerFilename(), minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  const total = tasks.reduce((sum, task) => sum + task.config.steps, 0);
  const progressOf = new Float64Array(tasks.length);
  let done = 0;
  const advance = (index: number, step: number) => {
    if (step <= progressOf[index]) return;
    done += step - progressOf[index];
    progressOf[index] = step;
    options.onProgress?.(done, total);
  };
  const cost = (task: ReplicaTask) => task.config.steps * task.config.model.d;
  const order = tasks.map((task, index) => ({ task, index })).sort((a, b) => cost(b.task) - cost(a.task) || a.index - b.index);
  const results: T[] = new Array(tasks.length);
  const signal = options.signal;
  if (signal?.aborted) throw new RunInterrupted(signal.reason);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      // destroy() terminates every thread, busy or idle; the pending runs then reject, and are ignored.
      void pool.destroy();
      reject(new RunInterrupted(signal?.reason));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    const all = Promise.all(
      order.map(async ({ task, index }) => {
        const channel = new MessageChannel();
        channel.port2.on("message", (step: number) => advance(index, step));
        try {
          const result: ReplicaResult = await pool.run({ ...task, progress: channel.port1 }, { transferList: [channel.port1] });
          if (signal?.aborted) return;
          options.onResult?.(result, index);
          results[index] = summarize(result, index);
        } finally {
          channel.port2.close();
        }
        advance(index, task.config.steps);
      }),
    );
    all.catch(() => {});
    await Promise.race([all, aborted]);
  } finally {
    if (onAbort) signal?.removeEventListener("abort", onAbort);
    await pool.destroy();
  }
  return results;
}
