// `--store DIR` / `--no-store`, shared by run, sweep, merge and slurm. Default: `.stairs/store` beside the
// output file (in the working directory when the result goes to stdout).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import { workerFilename } from "./pool.js";
import { ReplicaStore, defaultStoreDir } from "./replica-store.js";
import { VERSION, WASM_SHA256 } from "../wasm/wasm.js";
import { reportInvalid } from "./stored.js";

export function addStoreOptions(command: Command): Command {
  return command
    .option("--store <dir>", "replica store: finished replicas are taken from it and written to it (default: .stairs/store beside --out)")
    .option("--no-store", "compute every replica and keep none");
}

/** The default of --checkpoint-every, in seconds. */
export const DEFAULT_CHECKPOINT_SECONDS = 120;

/** `--checkpoint-every SECONDS` (run and sweep): checkpoints of running replicas into the store. */
export function addCheckpointOption(command: Command): Command {
  return command.option(
    "--checkpoint-every <seconds>",
    `save each running replica's state into the store every SECONDS of wall time (fractions allowed; 0: never); a rerun resumes from it (default: ${DEFAULT_CHECKPOINT_SECONDS})`,
    checkpointSeconds,
    DEFAULT_CHECKPOINT_SECONDS,
  );
}

export function checkpointSeconds(value: string): number {
  const n = value.trim() === "" ? NaN : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number of seconds >= 0 (0: no checkpoints), e.g. 120 or 0.5; got "${value}"`);
  return n;
}

let codeSha256: string | undefined;

/** sha256 of the worker bundle (dist/replica-worker.js): the TypeScript that runs a replica around the wasm. */
export function replicaCodeSha256(): string {
  codeSha256 ??= createHash("sha256").update(readFileSync(workerFilename())).digest("hex");
  return codeSha256;
}

/** The store the options name, or undefined for --no-store. */
export function openStore(store: string | boolean | undefined, outPath?: string, checkpointEverySeconds = 0): ReplicaStore | undefined {
  if (store === false) return undefined;
  const dir = typeof store === "string" ? store : defaultStoreDir(outPath);
  const opened = new ReplicaStore(dir, { version: VERSION, wasmSha256: WASM_SHA256, codeSha256: replicaCodeSha256(), onInvalid: reportInvalid });
  opened.checkpointMillis = 1000 * checkpointEverySeconds;
  return opened;
}
