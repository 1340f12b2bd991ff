// Worker thread of the replica pool (bundled to dist/replica-worker.js; src/cli/pool.ts starts it): owns one
// wasm instance for its life, instantiated from the module the main thread compiled (workerData.module),
// and runs replicas with `runReplica`. For a run it gets every task once (PoolRun) and claims them one at a
// time from the shared counter until none is left; progress, notes and each result go back as messages
// tagged with the task's position (PoolMessage).
//
// With checkpoints (`run.checkpoint`, the replica store's), the worker saves the replica's whole state
// into the store every `millis` of wall time (atomically, replacing the previous checkpoint) and, on start,
// resumes from the checkpoint it finds there. A checkpoint that is not whole (truncated, corrupt) or that
// the checkpoint API refuses (another build, another config) is reported as a note and the replica
// starts from step 0; a later checkpoint then replaces it. The main thread deletes the checkpoint once the
// result is stored.
//
// A replica does not depend on its run's replica count, and the store's key leaves it out; the state's
// config key does not, so the replica runs (with checkpoints) under the config with `replicas: replica + 1`:
// a checkpoint saved by a run of 16 replicas resumes in a run of 32.
import { parentPort, workerData } from "node:worker_threads";
import { resolveExperimentConfig } from "../config/experiment.js";
import { ReplicaRun } from "../run/replica.js";
import { runReplica } from "../run/run.js";
import { instantiate, provideModule, type Kernels } from "../wasm/wasm.js";
import type { CheckpointSettings, ModuleMessage, PoolMessage, PoolRun, ReplicaTask, WorkerNote } from "./pool.js";
import type { ReplicaResult } from "../run/result.js";
import { ReplicaStore } from "./replica-store.js";

// The module comes in workerData, or, for a thread the entry started before the main thread had compiled
// it (src/cli/prestart.ts), in a first message. It is instantiated at once, while the main thread is still
// preparing the run (the kernels and runReplica alone, not the Stairs class: a smaller bundle to load).
const port = parentPort!;
let kernels: Promise<Kernels> | undefined;
const withModule = (module: WebAssembly.Module) => {
  provideModule(module);
  kernels = instantiate();
  kernels.catch(() => {}); // a failure is reported by the run that awaits it
};
const data = workerData as { module?: WebAssembly.Module } | null;
if (data?.module) withModule(data.module);

/** Progress goes to the main thread at most this often per thread (a result says its task is done). */
const PROGRESS_MILLIS = 100;

port.on("message", async (message: PoolRun | ModuleMessage) => {
  if ("module" in message) return withModule(message.module);
  const run = message;
  const instance = await (kernels ??= instantiate());
  const post = (message: PoolMessage) => port.postMessage(message);
  let posted = performance.now();
  for (;;) {
    const task = Atomics.add(run.next, 0, 1);
    if (task >= run.tasks.length) return;
    const progress = (step: number) => {
      const now = performance.now();
      if (now - posted < PROGRESS_MILLIS) return;
      posted = now;
      post({ kind: "progress", task, step });
    };
    try {
      const result = runTask(instance, run.tasks[task], run.checkpoint, progress, (note) => post({ kind: "note", task, note }));
      post({ kind: "result", task, result });
    } catch (error) {
      post({ kind: "error", task, error });
      return;
    }
  }
});

function runTask(
  kernels: Kernels,
  task: ReplicaTask,
  settings: CheckpointSettings | undefined,
  progress: (step: number) => void,
  note: (n: WorkerNote) => void,
): ReplicaResult {
  const onProgress = (p: { step: number }) => progress(p.step);
  const stopOnRecovery = task.stopOnRecovery;
  if (!settings || !(settings.millis > 0)) return runReplica(kernels, task.config, task.replica, { onProgress, stopOnRecovery });
  const store = new ReplicaStore(settings.dir, settings);
  const config = { ...task.config, replicas: task.replica + 1 };
  const save = (state: { bytes: Uint8Array }) => store.putCheckpoint(task.config, task.replica, state.bytes);
  const options = { onProgress, stopOnRecovery, onCheckpoint: save, checkpointMillis: settings.millis };
  const found = store.getCheckpoint(task.config, task.replica);
  if (found && "bytes" in found) {
    let resumed: ReplicaRun | undefined;
    try {
      resumed = ReplicaRun.restore(kernels, resolveExperimentConfig(config), found.bytes);
    } catch (error) {
      note({ refused: (error as Error).message, path: found.path });
    }
    if (resumed) {
      const step = resumed.step;
      resumed.free();
      note({ resumed: step, path: found.path });
      return runReplica(kernels, config, task.replica, { ...options, resume: found.bytes });
    }
  } else if (found) {
    note({ refused: found.invalid, path: found.path });
  }
  return runReplica(kernels, config, task.replica, options);
}
