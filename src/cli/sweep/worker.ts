// Worker thread of the sweep pool (bundled to dist/sweep-worker.js): owns one wasm instance for its life
// and runs one replica per task. Progress goes back through the MessagePort that comes with the task.
import type { MessagePort } from "node:worker_threads";
import { init, type Stairs } from "../../stairs.js";
import type { ReplicaResult, ExperimentConfig } from "../experiment-contract.js";
import { summarizeReplica, type SweepJob, type SweepJobResult } from "./job.js";

let stairs: Promise<Stairs> | undefined;

type RunReplica = (config: ExperimentConfig, replica: number, onProgress?: (step: number) => void) => ReplicaResult;

export default async function runJob({ job, progress }: { job: SweepJob; progress?: MessagePort }): Promise<SweepJobResult> {
  stairs ??= init();
  const instance = await stairs;
  const runReplica = (instance as unknown as { runReplica: RunReplica }).runReplica.bind(instance);
  // At most about a hundred progress messages per job, however often the learner reports.
  const every = Math.max(1, Math.floor(job.config.steps / 100));
  let posted = 0;
  const result = runReplica(job.config, job.replica, (step) => {
    if (step - posted >= every) {
      posted = step;
      progress?.postMessage(step);
    }
  });
  progress?.close();
  return summarizeReplica(job, result);
}
