// Replicas through the replica store: each task whose result the store holds (verified) is taken from it,
// the rest run in the worker pool and each finished result is written to the store as soon as it arrives,
// so a run that is interrupted, killed or split into shards computes every replica once.
import type { ExperimentConfig } from "../config/experiment.js";
import type { ReplicaResult } from "../run/result.js";
import type { InvalidEntry, ReplicaStore } from "./replica-store.js";
import { runReplicas, type PoolOptions, type ReplicaTask } from "./pool.js";

export interface StoredRunOptions extends PoolOptions {
  /** No store (--no-store): every replica is computed and nothing is kept. */
  store?: ReplicaStore;
}

/** How many results came from where. */
export interface ReplicaCounts {
  /** Tasks asked for. */
  total: number;
  /** Taken from the store (verified). */
  fromStore: number;
  /** Computed in this run (and stored, with a store). */
  computed: number;
  /** Entries found invalid (truncated, corrupt): reported and recomputed. */
  invalid: number;
  /** Computed replicas that resumed from a checkpoint in the store (the rest of `computed` started at step 0). */
  resumed?: number;
}

/** Returns the results in task order. `onInvalid` of the store hears about bad entries. */
export async function runStoredReplicas(
  tasks: readonly ReplicaTask[],
  options: StoredRunOptions,
): Promise<{ results: ReplicaResult[]; counts: ReplicaCounts }> {
  const invalidBefore = options.store?.invalidSeen ?? 0;
  const results: (ReplicaResult | undefined)[] = tasks.map((task) => options.store?.get<ReplicaResult>(task.config, task.replica));
  const missing = tasks.flatMap((task, index) => (results[index] === undefined ? [index] : []));
  const counts: ReplicaCounts = { total: tasks.length, fromStore: tasks.length - missing.length, computed: 0, invalid: (options.store?.invalidSeen ?? 0) - invalidBefore };
  const store = options.store;
  if (store && store.checkpointMillis > 0) counts.resumed = 0;
  if (missing.length > 0) {
    await runReplicas(
      missing.map((index) => tasks[index]),
      {
        ...options,
        checkpoint: store && store.checkpointMillis > 0 ? store.checkpointSettings() : undefined,
        onNote: (note, i) => {
          const task = tasks[missing[i]];
          if ("resumed" in note) {
            counts.resumed = (counts.resumed ?? 0) + 1;
            console.error(`stairs: replica ${task.replica} resumed from its checkpoint at step ${note.resumed} of ${task.config.steps} (${note.path})`);
          } else {
            console.error(`stairs: checkpoint of replica ${task.replica} not used, it starts from step 0: ${note.refused} (${note.path})`);
          }
          options.onNote?.(note, missing[i]);
        },
        onResult: (result, i) => {
          const task = tasks[missing[i]];
          store?.put(task.config, task.replica, result);
          // the result is stored (renamed into place): the checkpoint is no longer needed
          store?.deleteCheckpoint(task.config, task.replica);
          results[missing[i]] = result;
          counts.computed++;
          options.onResult?.(result, missing[i]);
        },
      },
      () => undefined,
    );
  }
  return { results: results as ReplicaResult[], counts };
}

/** The tasks of `tasks` that the store does not hold (a valid entry), in order. */
export function missingTasks<T extends { config: ExperimentConfig; replica: number }>(tasks: readonly T[], store: ReplicaStore): T[] {
  return tasks.filter((task) => !store.has(task.config, task.replica));
}

/** A one-line account: "12 replicas: 8 from the store, 4 computed (1 resumed from a checkpoint), 1 invalid entry recomputed (store DIR)". */
export function describeCounts(counts: ReplicaCounts, store?: ReplicaStore): string {
  const where = store ? ` (store ${store.dir})` : " (no store)";
  const invalid = counts.invalid > 0 ? `, ${counts.invalid} invalid ${counts.invalid === 1 ? "entry" : "entries"} recomputed` : "";
  const resumed = counts.resumed ? ` (${counts.resumed} resumed from a checkpoint)` : "";
  return `${counts.total} replicas: ${counts.fromStore} from the store, ${counts.computed} computed${resumed}${invalid}${where}`;
}

/** Reports an invalid entry on stderr (the caller counts it). */
export function reportInvalid(entry: InvalidEntry): void {
  console.error(`stairs: store entry of replica ${entry.replica} not used, it will be recomputed: ${entry.reason} (${entry.path})`);
}
