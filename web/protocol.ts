// Messages between the page (app.ts) and its runner (worker.ts). Plain structured-clone data only, so
// the worker needs no SharedArrayBuffer and the page embeds in any origin without isolation headers.
import type { ReplicaResult, RunProgress, RunResult } from "./stairs-api.js";

/**
 * page -> worker: run these replicas (indices into 0..replicas-1) of this (unvalidated) experiment config;
 * the worker validates it again. The page shares a run's replicas among a pool of workers.
 */
export interface RunRequest {
  type: "run";
  config: unknown;
  replicas: number[];
}

/** worker -> page: progress within a replica, each finished replica, then its share of the result. */
export type RunnerMessage =
  | { type: "progress"; progress: RunProgress }
  | { type: "replica"; replica: ReplicaResult }
  | { type: "done"; meta: RunResult["meta"]; replicas: ReplicaResult[] }
  | { type: "invalid"; field: string; value: unknown; allowed: string; message: string }
  | { type: "failed"; message: string };
