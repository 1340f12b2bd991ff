// Worker thread of the replica pool (bundled to dist/replica-worker.js): owns one wasm instance for its life
// and runs one replica per task with `runReplica`. Progress goes back through the task's MessagePort.
import type { MessagePort } from "node:worker_threads";
import { init, type Stairs } from "../stairs.js";
import type { ReplicaTask } from "./pool.js";
import type { ReplicaResult } from "../run/result.js";

let stairs: Promise<Stairs> | undefined;

export default async function runTask(task: ReplicaTask & { progress?: MessagePort }): Promise<ReplicaResult> {
  stairs ??= init();
  const instance = await stairs;
  try {
    // runReplica reports about every 50 ms of work: few enough messages to post each one.
    return instance.runReplica(task.config, task.replica, { onProgress: (p) => task.progress?.postMessage(p.step), stopOnRecovery: task.stopOnRecovery });
  } finally {
    task.progress?.close();
  }
}
