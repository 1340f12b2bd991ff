// Messages between the page (app.ts) and its runner (worker.ts). Plain structured-clone data only, so
// the worker needs no SharedArrayBuffer and the page embeds in any origin without isolation headers.
import type { ExperimentResult, RunProgress } from "./stairs-api.js";

/** page -> worker: run this (unvalidated) experiment config; the worker validates it again. */
export interface RunRequest {
  type: "run";
  config: unknown;
}

export type RunnerMessage =
  | { type: "progress"; progress: RunProgress }
  | { type: "done"; result: ExperimentResult; seconds: number }
  | { type: "invalid"; field: string; value: unknown; allowed: string; message: string }
  | { type: "failed"; message: string };
