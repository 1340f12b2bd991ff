// A pool of worker threads that run replicas (`runReplica`, one wasm instance per thread). Used by `run`
// (every replica of one or several configs) and `sweep` (every (d, replica) and its null control).
//
// A replica is a pure function of (config, replica index), so the results, put back in task order, do not
// depend on the number of workers nor on which thread ran what.
//
// The threads take their tasks themselves: each gets the whole list once, in the pool's order, and claims
// the next task with an atomic increment of a shared counter, so no task waits for the main thread (busy,
// or not scheduled while both cores run workers) to hand it out: a list schedule in that order, whatever the
// main thread does. They instantiate the module the main thread compiled (src/cli/wasm-module.ts), and a
// command starts them before it prepares its jobs (startWorkers; the entry even before the command line
// loads, src/cli/prestart.ts), so that their start overlaps its own.
import type { Worker } from "node:worker_threads";
import type { ExperimentConfig } from "../config/experiment.js";
import type { ReplicaResult } from "../run/result.js";
import { startThread, takePrestarted, workerFilename } from "./prestart.js";
import { wasmModule } from "./wasm-module.js";

export { workerFilename };

export interface ReplicaTask {
  config: ExperimentConfig;
  replica: number;
  /** Stop the replica at the weak recovery of this direction (sweeps). */
  stopOnRecovery?: "m" | "u" | "v";
}

/**
 * Checkpoints of running replicas in the replica store: each worker saves its replica's whole state
 * (saveReplica) every `millis` of wall time under the store's key of (config, replica) and, on start,
 * resumes a replica from the checkpoint it finds there.
 */
export interface CheckpointSettings {
  dir: string;
  version: string;
  wasmSha256: string;
  codeSha256?: string;
  millis: number;
}

/** What a worker says about a task besides its progress: it resumed, or why a checkpoint was not used. */
export type WorkerNote = { resumed: number; path: string } | { refused: string; path: string };

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
  /** Checkpoints inside running replicas (the store's), or none. */
  checkpoint?: CheckpointSettings;
  /** Called when a worker resumes a task from a checkpoint or refuses one (`index` in task order). */
  onNote?: (note: WorkerNote, index: number) => void;
}

/** The error a run stopped by its signal rejects with. */
export class RunInterrupted extends Error {
  constructor(readonly reason: unknown) {
    super(`interrupted${typeof reason === "string" ? ` by ${reason}` : ""}`);
    this.name = "RunInterrupted";
  }
}

/** What the main thread posts to each worker for a run: every task in the pool's order, and the counter. */
export interface PoolRun {
  tasks: readonly ReplicaTask[];
  /** Int32Array over a SharedArrayBuffer: element 0 is the next task to claim. */
  next: Int32Array;
  checkpoint?: CheckpointSettings;
}

/** What a thread started without the module (src/cli/prestart.ts) gets first. */
export interface ModuleMessage {
  module: WebAssembly.Module;
}

/** What a worker posts back, `task` being the position in PoolRun.tasks. */
export type PoolMessage =
  | { kind: "progress"; task: number; step: number }
  | { kind: "note"; task: number; note: WorkerNote }
  | { kind: "result"; task: number; result: ReplicaResult }
  | { kind: "error"; task: number; error: unknown };

// Threads started ahead of a run (startWorkers), taken by the next runReplicas.
const warm: Worker[] = [];

function spawn(): Worker {
  return startThread({ module: wasmModule() });
}

/**
 * Starts `count` worker threads now, for the next runReplicas to take: their start (Node's, the worker
 * bundle's, the instantiation) then overlaps whatever the command does before it runs replicas. They do not
 * keep the process alive; those a run does not take are ended by it.
 */
export function startWorkers(count: number): void {
  // those the entry started: they get the module now
  for (const worker of takePrestarted()) {
    worker.postMessage({ module: wasmModule() } satisfies ModuleMessage);
    warm.push(worker);
  }
  while (warm.length < count) {
    const worker = spawn();
    worker.unref();
    warm.push(worker);
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
  const signal = options.signal;
  if (signal?.aborted) throw new RunInterrupted(signal.reason);
  if (tasks.length === 0) return [];
  startWorkers(0);
  const taken = warm.splice(0, threads);
  for (const extra of warm.splice(0)) void extra.terminate();
  const workers = [...taken, ...Array.from({ length: threads - taken.length }, spawn)];
  const total = tasks.reduce((sum, task) => sum + task.config.steps, 0);
  const progressOf = new Float64Array(tasks.length);
  let done = 0;
  const advance = (index: number, step: number) => {
    if (step <= progressOf[index]) return;
    done += step - progressOf[index];
    progressOf[index] = step;
    options.onProgress?.(done, total);
  };
  // A full-engine step costs O(d); a reduced one O(1).
  const cost = (task: ReplicaTask) => task.config.steps * (task.config.engine === "reduced" ? 1 : task.config.model.d);
  const order = tasks.map((task, index) => ({ task, index })).sort((a, b) => cost(b.task) - cost(a.task) || a.index - b.index);
  const results: T[] = new Array(tasks.length);
  let remaining = tasks.length;
  let settle: (error?: unknown) => void = () => {};
  const finished = new Promise<void>((resolve, reject) => {
    let settled = false;
    settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      // terminate() stops a thread at once, inside a wasm call included
      void Promise.all(workers.map((worker) => worker.terminate())).then(() => (error === undefined ? resolve() : reject(error)));
    };
  });
  const onAbort = () => settle(new RunInterrupted(signal?.reason));
  signal?.addEventListener("abort", onAbort, { once: true });
  const onMessage = (message: PoolMessage) => {
    if (signal?.aborted) return;
    const index = order[message.task].index;
    switch (message.kind) {
      case "progress":
        advance(index, message.step);
        break;
      case "note":
        options.onNote?.(message.note, index);
        break;
      case "result":
        options.onResult?.(message.result, index);
        results[index] = summarize(message.result, index);
        advance(index, tasks[index].config.steps);
        if (--remaining === 0) settle();
        break;
      case "error":
        settle(message.error);
    }
  };
  const run: PoolRun = { tasks: order.map(({ task }) => task), next: new Int32Array(new SharedArrayBuffer(4)), checkpoint: options.checkpoint };
  try {
    for (const worker of workers) {
      worker.ref();
      worker.on("message", onMessage);
      worker.on("error", (error) => settle(error));
      worker.on("exit", (code) => settle(new Error(`a worker thread exited (code ${code}) before the run ended`)));
      worker.postMessage(run);
    }
    await finished;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  return results;
}
