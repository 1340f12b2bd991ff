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
  if (missing.length > 0) {
    await runReplicas(
      missing.map((index) => tasks[index]),
      {
        ...options,
        onResult: (result, i) => {
          const task = tasks[missing[i]];
          options.store?.put(task.config, task.replica, result);
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

/** A one-line account: "12 replicas: 8 from the store, 4 computed (1 invalid entry recomputed)". */
export function describeCounts(counts: ReplicaCounts, store?: ReplicaStore): string {
  const where = store ? ` (store ${store.dir})` : " (no store)";
  const invalid = counts.invalid > 0 ? `, ${counts.invalid} invalid ${counts.invalid === 1 ? "entry" : "entries"} recomputed` : "";
  return `${counts.total} replicas: ${counts.fromStore} from the store, ${counts.computed} computed${invalid}${where}`;
}

/** Reports an invalid entry on stderr (the caller counts it). */
export function reportInvalid(entry: InvalidEntry): void {
  console.error(`stairs: store entry of replica ${entry.replica} not used, it will be recomputed: ${entry.reason} (${entry.path})`);
}
