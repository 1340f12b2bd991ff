// A replica stopped part-way and carried on later, in another process or on another machine, with the
// same bits: its state is everything the next steps read (the learner's parameters, its training stream,
// the step, the failure code, the weak-recovery record and what the per-step check still tracks) and
// everything the result will hold (the checkpoints measured so far, a divergence). The test set is not
// saved: it is regenerated from (seed, TEST_STREAM(r)) at every checkpoint.
//
// The state is self-describing bytes, tagged with what produced it, so a store can keep it as one file:
//   "STAIRSRS" | u32 LE header length | header (UTF-8 JSON) | zero padding to a multiple of 8 |
//   learner state (f64 LE: the parameters as the learner orders them, then its internal state between
//   chunks, e.g. the neuron's lazily scaled weights) | training stream | sha256 of all before (32)
// header: {format, wasmSha256, configKey, replica, step, failure, tracking, recovery, nextCheckpoint,
//          diverged, checkpoints, parameters (their count)}.
// A state restores only into the build (wasm sha256) and the config (configKey) that saved it: another
// build may give other bits, another config another replica; the refusal says which differs.
import type { ExperimentConfig } from "../config/experiment.js";
import { StairsInputError } from "../errors.js";
import type { ReplicaHeaderState } from "../learners/learner.js";
import type { Checkpoint, ReplicaResult } from "./result.js";
import { sha256Hex } from "./sha256.js";

export const REPLICA_STATE_FORMAT = "stairs-replica-state/1";
const MAGIC = "STAIRSRS";

/** A replica's saved state: the bytes (self-describing) and the tags they carry, for a store's keys. */
export interface ReplicaState {
  format: typeof REPLICA_STATE_FORMAT;
  /** The sha256 of the wasm that saved it (hex). */
  wasmSha256: string;
  /** configKey(config) of the resolved config it belongs to. */
  configKey: string;
  replica: number;
  /** Steps done when saved. */
  step: number;
  /** Everything, tags included: restoreReplica accepts these bytes alone. */
  bytes: Uint8Array;
}

/** What a ReplicaRun keeps besides its learner's header. */
export interface ReplicaProgress {
  nextCheckpoint: number;
  diverged: ReplicaResult["diverged"];
  checkpoints: Checkpoint[];
}

interface Header extends ReplicaHeaderState, ReplicaProgress {
  format: string;
  wasmSha256: string;
  configKey: string;
  replica: number;
  parameters: number;
}

/** JSON with object keys sorted at every depth, no spaces: the same text for the same value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(",")}}`;
}

/** The key of a resolved config: sha256 (hex) of its canonical JSON (the engine is part of the config). */
export function configKey(config: ExperimentConfig): string {
  return sha256Hex(new TextEncoder().encode(canonicalJson(config)));
}

export function encodeReplicaState(
  tags: { wasmSha256: string; configKey: string; replica: number },
  header: ReplicaHeaderState,
  progress: ReplicaProgress,
  parameters: Float64Array,
  stream: Uint8Array,
): ReplicaState {
  const full: Header = { format: REPLICA_STATE_FORMAT, ...tags, ...header, ...progress, parameters: parameters.length };
  const json = new TextEncoder().encode(JSON.stringify(full, (_key, v) => (typeof v === "number" && !Number.isFinite(v) ? { f64: String(v) } : v)));
  const start = 12 + json.length;
  const padded = Math.ceil(start / 8) * 8;
  const total = padded + 8 * parameters.length + stream.length + 32;
  const bytes = new Uint8Array(total);
  bytes.set(new TextEncoder().encode(MAGIC));
  const view = new DataView(bytes.buffer);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  for (let i = 0; i < parameters.length; i++) view.setFloat64(padded + 8 * i, parameters[i], true);
  bytes.set(stream, padded + 8 * parameters.length);
  bytes.set(hexBytes(sha256Hex(bytes.subarray(0, total - 32))), total - 32);
  return { format: REPLICA_STATE_FORMAT, wasmSha256: tags.wasmSha256, configKey: tags.configKey, replica: tags.replica, step: header.step, bytes };
}

/** A decoded state: its header, parameters and stream bytes (checked whole: magic, length, sha256). */
export function decodeReplicaState(input: unknown, streamBytes: number): { header: Header; parameters: Float64Array; stream: Uint8Array } {
  const bytes = input instanceof Uint8Array ? input : (input as { bytes?: unknown } | null)?.bytes;
  if (!(bytes instanceof Uint8Array)) throw new StairsInputError("state", input, "a replica state (saveReplica's result, or its bytes)");
  const corrupt = (why: string) => new StairsInputError("state.bytes", `${bytes.length} bytes`, `an intact replica state (${why}: truncated or corrupt)`);
  if (bytes.length < 12 + 32 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw corrupt("no STAIRSRS header");
  const total = bytes.length;
  if (sha256Hex(bytes.subarray(0, total - 32)) !== hex(bytes.subarray(total - 32))) throw corrupt("its sha256 does not match");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(8, true);
  let header: Header;
  try {
    // non-finite numbers (a diverged network's per-unit overlaps) travel as {"f64": "NaN"}
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength)), (_key, v) =>
      v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof v.f64 === "string" ? Number(v.f64) : v,
    );
  } catch {
    throw corrupt("its header is not JSON");
  }
  if (header.format !== REPLICA_STATE_FORMAT) {
    throw new StairsInputError("state.format", header.format, `"${REPLICA_STATE_FORMAT}" (a state of another version of stairs)`);
  }
  const padded = Math.ceil((12 + jsonLength) / 8) * 8;
  if (padded + 8 * header.parameters + streamBytes + 32 !== total) throw corrupt("its length does not match its header");
  const parameters = new Float64Array(header.parameters);
  for (let i = 0; i < parameters.length; i++) parameters[i] = view.getFloat64(padded + 8 * i, true);
  const stream = bytes.slice(padded + 8 * header.parameters, padded + 8 * header.parameters + streamBytes);
  return { header, parameters, stream };
}

/** Refuses a state saved by another build or for another config, saying which. */
export function checkStateTags(header: { wasmSha256: string; configKey: string }, wasmSha256: string, key: string): void {
  if (header.wasmSha256 !== wasmSha256) {
    throw new StairsInputError(
      "state.wasmSha256",
      header.wasmSha256,
      `${wasmSha256} (this build's wasm): the state was saved by another build of stairs, whose kernels may give other bits`,
    );
  }
  if (header.configKey !== key) {
    throw new StairsInputError("state.configKey", header.configKey, `${key} (this config's key): the state was saved from another config`);
  }
}

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

function hexBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}
