// Worker thread of the replica pool (bundled to dist/replica-worker.js): owns one wasm instance for its life
// and runs one replica per task with `runReplica`. Progress goes back through the task's MessagePort.
import type { MessagePort } from "node:worker_threads";
import { init, type Stairs } from "../stairs.js";
import type { ExperimentConfig } from "../config/experiment.js";
import type { ReplicaResult } from "../run/result.js";

let stairs: Promise<Stairs> | undefined;

export default async function runTask(task: { config: ExperimentConfig; replica: number; progress?: MessagePort }): Promise<ReplicaResult> {
  stairs ??= init();
  const instance = await stairs;
  try {
    // runReplica reports about every 50 ms of work: few enough messages to post each one.
    return instance.runReplica(task.config, task.replica, (p) => task.progress?.postMessage(p.step));
  } finally {
    task.progress?.close();
  }
}
