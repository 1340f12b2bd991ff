// Worker thread of the replica pool (bundled to dist/replica-worker.js): owns one wasm instance for its life
// and runs one replica per task with `runReplica`. Progress goes back through the task's MessagePort.
//
// With checkpoints (`task.checkpoint`, the replica store's), the worker saves the replica's whole state
// into the store every `millis` of wall time (atomically, replacing the previous checkpoint) and, on start,
// resumes from the checkpoint it finds there. A checkpoint that is not whole (truncated, corrupt) or that
// the checkpoint API refuses (another build, another config) is reported through the port and the replica
// starts from step 0; a later checkpoint then replaces it. The main thread deletes the checkpoint once the
// result is stored.
//
// A replica does not depend on its run's replica count, and the store's key leaves it out; the state's
// config key does not, so the replica runs (with checkpoints) under the config with `replicas: replica + 1`:
// a checkpoint saved by a run of 16 replicas resumes in a run of 32.
import type { MessagePort } from "node:worker_threads";
import { init, type Stairs } from "../stairs.js";
import type { ReplicaTask } from "./pool.js";
import type { ReplicaResult } from "../run/result.js";
import type { CheckpointSettings, WorkerNote } from "./pool.js";
import { ReplicaStore } from "./replica-store.js";

let stairs: Promise<Stairs> | undefined;

export default async function runTask(
  task: ReplicaTask & { progress?: MessagePort; checkpoint?: CheckpointSettings },
): Promise<ReplicaResult> {
  stairs ??= init();
  const instance = await stairs;
  // runReplica reports about every 50 ms of work: few enough messages to post each one.
  const onProgress = (p: { step: number }) => task.progress?.postMessage(p.step);
  const note = (n: WorkerNote) => task.progress?.postMessage(n);
  try {
    const stopOnRecovery = task.stopOnRecovery;
    const settings = task.checkpoint;
    if (!settings || !(settings.millis > 0)) return instance.runReplica(task.config, task.replica, { onProgress, stopOnRecovery });
    const store = new ReplicaStore(settings.dir, settings);
    const config = { ...task.config, replicas: task.replica + 1 };
    const save = (state: { bytes: Uint8Array }) => store.putCheckpoint(task.config, task.replica, state.bytes);
    const options = { onProgress, stopOnRecovery, onCheckpoint: save, checkpointMillis: settings.millis };
    const found = store.getCheckpoint(task.config, task.replica);
    if (found && "bytes" in found) {
      let resumed: ReturnType<Stairs["restoreReplica"]> | undefined;
      try {
        resumed = instance.restoreReplica(config, found.bytes);
      } catch (error) {
        note({ refused: (error as Error).message, path: found.path });
      }
      if (resumed) {
        const step = resumed.step;
        resumed.free();
        note({ resumed: step, path: found.path });
        return instance.runReplica(config, task.replica, { ...options, resume: found.bytes });
      }
    } else if (found) {
      note({ refused: found.invalid, path: found.path });
    }
    return instance.runReplica(config, task.replica, options);
  } finally {
    task.progress?.close();
  }
}
