// The replica store (src/cli/replica-store.ts): keys name exactly what produced a result, entries are
// written atomically and verified when read; a truncated or corrupt entry is reported and never used.
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveExperimentConfig } from "../src/config/experiment.js";
import { canonicalJson, exactJson, parseCanonicalJson, ReplicaStore, defaultStoreDir, type InvalidEntry } from "../src/cli/replica-store.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "stairs-store-test-"));
  dirs.push(d);
  return d;
};
const config = resolveExperimentConfig({ model: { kind: "mcm", d: 16 }, steps: 100, replicas: 4, seed: 7 });
const WASM = "ab".repeat(32);
const result = { replica: 2, weakRecovery: { m: 12, u: null, v: null }, overlap: [0.5, -0, NaN, Infinity, -Infinity, 1e-310], hash: "x" };

describe("canonical JSON", () => {
  it("sorts keys and keeps -0, NaN and the infinities", () => {
    expect(canonicalJson({ b: 1, a: [0.1, -0, NaN, -Infinity], c: undefined })).toBe('{"a":[0.1,{"$number":"-0"},{"$number":"NaN"},{"$number":"-Infinity"}],"b":1}');
    const back = parseCanonicalJson(canonicalJson(result)) as typeof result;
    expect(Object.is(back.overlap[1], -0)).toBe(true);
    expect(back.overlap[2]).toBeNaN();
    expect(back.overlap.slice(3)).toEqual([Infinity, -Infinity, 1e-310]);
    expect(canonicalJson({ x: 1, y: { q: 2, p: 3 } })).toBe(canonicalJson({ y: { p: 3, q: 2 }, x: 1 }));
  });
});

describe("the replica store", () => {
  it("keys by config, replica index, wasm, worker code and version, not by the replica count", () => {
    const store = new ReplicaStore(tempDir(), { version: "1", wasmSha256: WASM });
    const key = store.key(config, 2);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(store.key({ ...config, replicas: 64 }, 2)).toBe(key);
    expect(store.key(config, 3)).not.toBe(key);
    expect(store.key({ ...config, seed: 8 }, 2)).not.toBe(key);
    expect(store.key({ ...config, model: { ...config.model, d: 17 } }, 2)).not.toBe(key);
    expect(new ReplicaStore(store.dir, { version: "1", wasmSha256: "cd".repeat(32) }).key(config, 2)).not.toBe(key);
    expect(new ReplicaStore(store.dir, { version: "2", wasmSha256: WASM }).key(config, 2)).not.toBe(key);
    expect(new ReplicaStore(store.dir, { version: "1", wasmSha256: WASM, codeSha256: "ef".repeat(32) }).key(config, 2)).not.toBe(key);
  });

  it("returns what was put, exactly, and leaves no temporary file", () => {
    const store = new ReplicaStore(tempDir(), { version: "1", wasmSha256: WASM });
    expect(store.get(config, 2)).toBeUndefined();
    store.put(config, 2, result);
    const back = store.get<typeof result>(config, 2)!;
    expect(canonicalJson(back)).toBe(canonicalJson(result));
    expect(Object.keys(back)).toEqual(Object.keys(result)); // the result's own key order: it serializes as computed
    expect(exactJson(back)).toBe(exactJson(result));
    expect(store.get(config, 1)).toBeUndefined();
    const files = readdirSync(join(store.dir, "replicas"), { recursive: true }) as string[];
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".replica"))).toHaveLength(1);
  });

  it("detects, reports and never uses a truncated, corrupt or misplaced entry", () => {
    const invalid: InvalidEntry[] = [];
    const store = new ReplicaStore(tempDir(), { version: "1", wasmSha256: WASM, onInvalid: (e) => invalid.push(e) });
    store.put(config, 0, result);
    store.put(config, 1, result);
    const path = store.path(config, 0);
    const size = readFileSync(path).length;

    truncateSync(path, size - 10);
    expect(store.get(config, 0)).toBeUndefined();
    expect(invalid.at(-1)).toMatchObject({ path, replica: 0 });
    expect(invalid.at(-1)!.reason).toMatch(/truncated: \d+ of \d+ payload bytes/);

    truncateSync(path, 20);
    expect(store.get(config, 0)).toBeUndefined();
    expect(invalid.at(-1)!.reason).toMatch(/truncated: no complete header line/);

    store.put(config, 0, result); // recomputed: the entry is replaced whole
    expect(canonicalJson(store.get(config, 0))).toBe(canonicalJson(result));

    const bytes = readFileSync(path);
    bytes[bytes.length - 5] ^= 1;
    writeFileSync(path, bytes);
    expect(store.get(config, 0)).toBeUndefined();
    expect(invalid.at(-1)!.reason).toMatch(/checksum mismatch/);

    writeFileSync(path, readFileSync(store.path(config, 1))); // another key's entry under this name
    expect(store.get(config, 0)).toBeUndefined();
    expect(invalid.at(-1)!.reason).toMatch(/not this entry's key/);
    expect(invalid).toHaveLength(4);
    expect(store.has(config, 1)).toBe(true);
  });

  it("defaults to .stairs/store beside the output", () => {
    expect(defaultStoreDir("/a/b/out.json")).toBe("/a/b/.stairs/store");
    expect(defaultStoreDir()).toBe(join(process.cwd(), ".stairs", "store"));
  });
});
