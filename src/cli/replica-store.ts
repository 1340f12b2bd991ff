// The replica store: a directory holding each finished replica's result, so that a run or sweep that was
// stopped, killed or split into shards (on one machine or over a cluster) computes each replica once.
//
// Key: sha256 of (store format, package version, the wasm's sha256, the sha256 of the JavaScript that drives
// a replica -- dist/replica-worker.js, so that a change of the TypeScript layer is a new key too --, the
// canonical resolved config without `replicas`, the replica index). A replica is a pure function of (config, replica index) -- its streams are
// (seed, 1 + 2 r) and (seed, 2 + 2 r) -- and does not depend on how many replicas the run has, so the
// replica count is left out of the key: a run extended from 16 to 32 replicas reuses the first 16. Every other
// field (the engine too, when a config has one) is in the canonical config: sorted keys, numbers written
// so that they read back to the same double (-0, NaN and the infinities included).
//
// An entry is one file, `replicas/<key[0..2]>/<key>.replica`: a header line
// `stairs-replica-store 1 <key> <payload bytes> <payload sha256>` and the payload (JSON: the key's inputs
// and the result, in its own key order, numbers exact). It is written atomically -- a temporary file in the same directory, fsync, rename, fsync
// of the directory -- so a reader (another shard, a rerun after SIGKILL) sees the whole entry or none.
// Reading verifies the header, the length and the checksum and that the payload is the entry of this key;
// an entry that fails (truncated, corrupt, from another key) is reported through `onInvalid`, never used,
// and counts as missing: the caller recomputes it and `put` replaces it.
//
// What the directory needs when shards share it: one file system that every writer sees (NFS, Lustre,
// GPFS, CephFS, a local disk), where rename within a directory is atomic. Concurrent writers of one key
// write identical bytes, so whichever rename lands last is as good as the first.
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** Bumped when the entry layout or the key changes; entries of another format are never read. */
export const STORE_FORMAT = 1;
const MAGIC = "stairs-replica-store";

/** The store's default directory: `.stairs/store` beside the output file, else in the working directory. */
export function defaultStoreDir(outPath?: string): string {
  return resolve(outPath ? dirname(outPath) : ".", ".stairs", "store");
}

/**
 * JSON with sorted object keys and exact numbers: a finite number as JavaScript writes it (the shortest
 * text that reads back to the same double), -0, NaN and the infinities as {"$number": "-0" | "NaN" | ...}.
 * `undefined` object fields are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
      if (Number.isFinite(value) && !Object.is(value, -0)) return JSON.stringify(value);
      return `{"$number":"${Object.is(value, -0) ? "-0" : String(value)}"}`;
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
      const entries = Object.keys(value)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
      return `{${entries.join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

/**
 * JSON in the value's own key order (so a result read back serializes as the computed one did), with -0,
 * NaN and the infinities written as canonicalJson writes them.
 */
export function exactJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? { $number: Object.is(v, -0) ? "-0" : String(v) } : v,
  );
}

/** Reads canonicalJson's or exactJson's output back (the special numbers included). */
export function parseCanonicalJson(text: string): unknown {
  return JSON.parse(text, (_key, value) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === "$number" && typeof value.$number === "string") {
        return value.$number === "-0" ? -0 : Number(value.$number);
      }
    }
    return value;
  });
}

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** What a key is made of: everything a replica's result depends on. */
export interface KeyParts {
  version: string;
  wasmSha256: string;
  /** sha256 of the code that runs a replica around the wasm (the worker bundle); optional for tests. */
  codeSha256?: string;
  /** A resolved experiment config (its `replicas` is ignored). */
  config: object;
  replica: number;
}

/** The canonical text of a key's inputs; its sha256 is the key. */
export function keyText(parts: KeyParts): string {
  const { replicas: _replicas, ...config } = parts.config as Record<string, unknown>;
  return canonicalJson({
    format: STORE_FORMAT,
    version: parts.version,
    wasmSha256: parts.wasmSha256,
    codeSha256: parts.codeSha256,
    config,
    replica: parts.replica,
  });
}

export function replicaKey(parts: KeyParts): string {
  return sha256(keyText(parts));
}

/** Why an entry was not used. */
export interface InvalidEntry {
  path: string;
  key: string;
  replica: number;
  reason: string;
}

export interface ReplicaStoreOptions {
  version: string;
  wasmSha256: string;
  codeSha256?: string;
  /** Called for each entry that exists but cannot be used (it is then treated as missing). */
  onInvalid?: (entry: InvalidEntry) => void;
}

export class ReplicaStore {
  readonly dir: string;
  /** Invalid entries met so far (reported through onInvalid). */
  invalidSeen = 0;
  private readonly options: ReplicaStoreOptions;

  constructor(dir: string, options: ReplicaStoreOptions) {
    this.dir = resolve(dir);
    this.options = options;
  }

  key(config: object, replica: number): string {
    const { version, wasmSha256, codeSha256 } = this.options;
    return replicaKey({ version, wasmSha256, codeSha256, config, replica });
  }

  /** Where the entry of (config, replica) lives. */
  path(config: object, replica: number): string {
    return this.pathOfKey(this.key(config, replica));
  }

  private pathOfKey(key: string): string {
    return join(this.dir, "replicas", key.slice(0, 2), `${key}.replica`);
  }

  /**
   * The stored result of (config, replica), verified; undefined when there is none or the entry is invalid
   * (then `onInvalid` hears why).
   */
  get<T = unknown>(config: object, replica: number): T | undefined {
    const key = this.key(config, replica);
    const path = this.pathOfKey(key);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      this.invalid(path, key, replica, `unreadable (${(error as Error).message})`);
      return undefined;
    }
    const reason = this.verify(bytes, key, replica);
    if (typeof reason === "string") {
      this.invalid(path, key, replica, reason);
      return undefined;
    }
    return reason.result as T;
  }

  /** True when a valid entry of (config, replica) exists (an invalid one is reported). */
  has(config: object, replica: number): boolean {
    return this.get(config, replica) !== undefined;
  }

  /** Stores the result of (config, replica) atomically (replacing an invalid entry, if any). */
  put(config: object, replica: number, result: unknown): void {
    const key = this.key(config, replica);
    const path = this.pathOfKey(key);
    // The entry holds the key's inputs (without `replicas`, as in the key): two writers of one key write the same bytes.
    const { replicas: _replicas, ...keyed } = config as Record<string, unknown>;
    const payload = Buffer.from(
      exactJson({ key, replica, version: this.options.version, wasmSha256: this.options.wasmSha256, codeSha256: this.options.codeSha256, config: keyed, result }),
      "utf8",
    );
    const header = Buffer.from(`${MAGIC} ${STORE_FORMAT} ${key} ${payload.length} ${sha256(payload)}\n`, "utf8");
    const dir = dirname(path);
    mkdirSync(dir, { recursive: true });
    const temporary = join(dir, `.${key}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      const fd = openSync(temporary, "wx", 0o644);
      try {
        for (const chunk of [header, payload]) {
          let offset = 0;
          while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
        }
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    syncDirectory(dir);
  }

  /** The parsed payload, or why the bytes are not a valid entry of this key. */
  private verify(bytes: Buffer, key: string, replica: number): string | { result: unknown } {
    const newline = bytes.indexOf(0x0a);
    if (newline < 0) return `truncated: no complete header line (${bytes.length} bytes)`;
    const fields = bytes.subarray(0, newline).toString("utf8").split(" ");
    if (fields.length !== 5 || fields[0] !== MAGIC) return "not a replica-store entry (bad header)";
    if (fields[1] !== String(STORE_FORMAT)) return `store format ${fields[1]}, this build reads format ${STORE_FORMAT}`;
    if (fields[2] !== key) return `header names key ${fields[2].slice(0, 16)}..., not this entry's key`;
    const length = Number(fields[3]);
    const payload = bytes.subarray(newline + 1);
    if (!Number.isSafeInteger(length) || length < 0) return "bad header (payload length)";
    if (payload.length < length) return `truncated: ${payload.length} of ${length} payload bytes`;
    if (payload.length > length) return `${payload.length - length} bytes after the payload`;
    if (sha256(payload) !== fields[4]) return "checksum mismatch: the payload is not what was written";
    let entry: { key?: unknown; replica?: unknown; result?: unknown };
    try {
      entry = parseCanonicalJson(payload.toString("utf8")) as typeof entry;
    } catch (error) {
      return `payload is not JSON (${(error as Error).message})`;
    }
    if (entry.key !== key || entry.replica !== replica || entry.result === undefined) return "payload is not this entry";
    return { result: entry.result };
  }

  private invalid(path: string, key: string, replica: number, reason: string): void {
    this.invalidSeen++;
    this.options.onInvalid?.({ path, key, replica, reason });
  }
}

/** fsync of a directory, so that a rename in it survives a crash (best effort: not every file system allows it). */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // e.g. EISDIR / EINVAL on some platforms: the rename is still atomic, only its durability is the OS's.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
