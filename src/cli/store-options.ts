// `--store DIR` / `--no-store`, shared by run, sweep, merge and slurm. Default: `.stairs/store` beside the
// output file (in the working directory when the result goes to stdout).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { workerFilename } from "./pool.js";
import { ReplicaStore, defaultStoreDir } from "./replica-store.js";
import { VERSION, WASM_SHA256 } from "../wasm/wasm.js";
import { reportInvalid } from "./stored.js";

export function addStoreOptions(command: Command): Command {
  return command
    .option("--store <dir>", "replica store: finished replicas are taken from it and written to it (default: .stairs/store beside --out)")
    .option("--no-store", "compute every replica and keep none");
}

let codeSha256: string | undefined;

/** sha256 of the worker bundle (dist/replica-worker.js): the TypeScript that runs a replica around the wasm. */
export function replicaCodeSha256(): string {
  codeSha256 ??= createHash("sha256").update(readFileSync(workerFilename())).digest("hex");
  return codeSha256;
}

/** The store the options name, or undefined for --no-store. */
export function openStore(store: string | boolean | undefined, outPath?: string): ReplicaStore | undefined {
  if (store === false) return undefined;
  const dir = typeof store === "string" ? store : defaultStoreDir(outPath);
  return new ReplicaStore(dir, { version: VERSION, wasmSha256: WASM_SHA256, codeSha256: replicaCodeSha256(), onInvalid: reportInvalid });
}
