// Messages between the page (app.ts) and its runner (worker.ts). Plain structured-clone data only, so
// the worker needs no SharedArrayBuffer and the page embeds in any origin without isolation headers.
import type { ReplicaResult, RunProgress, RunResult } from "./stairs-api.js";

/** page -> worker: run this (unvalidated) experiment config; the worker validates it again. */
export interface RunRequest {
  type: "run";
  config: unknown;
}

/** worker -> page: progress within a replica, each finished replica, then the whole result. */
export type RunnerMessage =
  | { type: "progress"; progress: RunProgress }
  | { type: "replica"; replica: ReplicaResult }
  | { type: "done"; result: RunResult; seconds: number }
  | { type: "invalid"; field: string; value: unknown; allowed: string; message: string }
  | { type: "failed"; message: string };
