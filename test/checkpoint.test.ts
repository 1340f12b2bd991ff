// Checkpoints inside a replica (src/run/checkpoint.ts): a replica saved at an arbitrary step in one
// process and resumed in another gives the same result, hash included, as one that never stopped -- for a
// neuron, a network (trained second layer, bias, spherical rows, mini-batches) and tensor PCA (both noises),
// in the full and in the reduced engine.
// And a state is refused, saying which, when it comes from another build, another config or is corrupt.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { init, StairsInputError, type ExperimentConfigInput, type Stairs } from "../src/index.js";

const DIST = new URL("../dist/index.js", import.meta.url).href;

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const CONFIGS: [string, ExperimentConfigInput, number][] = [
  [
    "neuron",
    { model: { kind: "mcm", d: 32, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" }, learner: { kind: "neuron", activation: "relu", lr: 1 }, steps: 3000, replicas: 2, seed: 1, record: { points: 12, testSize: 100, censored: true } },
    1234, // between two checkpoints
  ],
  [
    "network",
    {
      model: { kind: "mcm", d: 24, betaM: 1, betaU: 4, betaV: 4 },
      learner: { kind: "network", hidden: 3, activation: "erf", loss: "logistic", lrW: 2, lrA: 1, secondLayer: "trained", spherical: true, batch: 2, bias: true },
      steps: 800, replicas: 2, seed: 7, record: { points: 10, testSize: 50 },
    },
    333,
  ],
  [
    "network, batch 1 (the fused step: rows kept in parts between chunks)",
    {
      model: { kind: "mcm", d: 24, betaM: 1, betaU: 4, betaV: 4 },
      learner: { kind: "network", hidden: 3, activation: "erf", loss: "logistic", lrW: 2, lrA: 1, secondLayer: "trained", spherical: true, batch: 1, bias: true },
      steps: 800, replicas: 2, seed: 7, record: { points: 10, testSize: 50 },
    },
    333,
  ],
  [
    "tensor PCA, sampled noise",
    { model: { kind: "tensor-pca", d: 16, order: 3, beta: 4 }, learner: { kind: "tensor-pca" }, steps: 4000, replicas: 2, seed: 3, record: { points: 10 } },
    2777,
  ],
  [
    "tensor PCA, explicit noise",
    { model: { kind: "tensor-pca", d: 8, order: 3, beta: 4 }, learner: { kind: "tensor-pca", noise: "explicit" }, steps: 600, replicas: 1, seed: 3, record: { points: 8 } },
    101,
  ],
  // The reduced engine (docs/reduced-engine.md): the state is the order parameters, at a d no full run reaches.
  [
    "reduced neuron",
    { engine: "reduced", model: { kind: "mcm", d: 1_000_000, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" }, learner: { kind: "neuron", activation: "relu", lr: 1 }, steps: 5000, replicas: 2, seed: 1, record: { points: 12, testSize: 100, censored: true } },
    2345,
  ],
  [
    "reduced network",
    {
      engine: "reduced",
      model: { kind: "mcm", d: 4096, betaM: 1, betaU: 4, betaV: 4 },
      learner: { kind: "network", hidden: 3, activation: "erf", loss: "logistic", lrW: 2, lrA: 1, secondLayer: "trained", spherical: true, batch: 2, bias: true },
      steps: 800, replicas: 2, seed: 7, record: { points: 10, testSize: 50 },
    },
    333,
  ],
  [
    "reduced tensor PCA",
    { engine: "reduced", model: { kind: "tensor-pca", d: 100_000, order: 3, beta: 4 }, learner: { kind: "tensor-pca" }, steps: 4000, replicas: 2, seed: 3, record: { points: 10 } },
    2777,
  ],
];

/** Runs a script in a new Node process with `stairs` (dist/index.js) initialised; returns its stdout. */
function node(script: string): string {
  const code = `import { init } from ${JSON.stringify(DIST)}; import { readFileSync, writeFileSync } from "node:fs";
const stairs = await init();
${script}`;
  return execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
}

describe("a replica checkpointed part-way and resumed in a new process", () => {
  it.each(CONFIGS)("%s: the same result and hash as the uninterrupted replica", (_name, config, at) => {
    const dir = mkdtempSync(join(tmpdir(), "stairs-checkpoint-"));
    const configFile = join(dir, "config.json");
    const stateFile = join(dir, "state.bin");
    writeFileSync(configFile, JSON.stringify(config));
    const replica = 1 % (config as { replicas: number }).replicas;
    const whole = stairs.runReplica(config, replica);
    // process 1: run to step `at` (between checkpoints) and save
    const saved = node(`const config = JSON.parse(readFileSync(${JSON.stringify(configFile)}, "utf8"));
const run = stairs.startReplica(config, ${replica});
while (run.step < ${at}) run.advance(${at} - run.step);
const state = stairs.saveReplica(run);
writeFileSync(${JSON.stringify(stateFile)}, state.bytes);
console.log(JSON.stringify({ step: state.step, replica: state.replica, configKey: state.configKey, wasmSha256: state.wasmSha256 }));`);
    const tags = JSON.parse(saved);
    expect(tags.step).toBe(at);
    expect(tags.replica).toBe(replica);
    expect(tags.wasmSha256).toBe(stairs.wasmSha256);
    expect(tags.configKey).toBe(stairs.configKey(config));
    // process 2: restore from the bytes alone and finish
    const resumed = JSON.parse(
      node(`const config = JSON.parse(readFileSync(${JSON.stringify(configFile)}, "utf8"));
const run = stairs.restoreReplica(config, new Uint8Array(readFileSync(${JSON.stringify(stateFile)})));
while (!run.done) run.advance(1000);
console.log(JSON.stringify(run.result()));
run.free();`),
    );
    expect(resumed.hash).toBe(whole.hash);
    expect(resumed).toEqual(JSON.parse(JSON.stringify(whole)));
    // and runReplica's resume option gives the same, in this process
    const bytes = new Uint8Array(readFileSync(stateFile));
    expect(stairs.runReplica(config, replica, { resume: bytes }).hash).toBe(whole.hash);
  });

  it("runReplica's onCheckpoint states resume to the same hash (checkpointMillis: 0.001, a state every slice)", () => {
    const config = CONFIGS[0][1];
    const states: { step: number; bytes: Uint8Array }[] = [];
    const whole = stairs.runReplica(config, 0, { onCheckpoint: (s) => states.push(s), checkpointMillis: 0.001 });
    expect(states.length).toBeGreaterThan(2);
    for (const s of [states[0], states[Math.floor(states.length / 2)], states[states.length - 1]]) {
      expect(s.step).toBeGreaterThan(0);
      expect(stairs.runReplica(config, 0, { resume: s.bytes }).hash).toBe(whole.hash);
    }
  });
});

describe("a state that does not belong is refused, saying which", () => {
  const config = CONFIGS[0][1];
  const saveAt = (step: number) => {
    const run = stairs.startReplica(config, 0);
    while (run.step < step) run.advance(step - run.step);
    const state = stairs.saveReplica(run);
    run.free();
    return state;
  };
  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(StairsInputError);
      return error as StairsInputError;
    }
    throw new Error("not refused");
  };

  it("another config: state.configKey", () => {
    const state = saveAt(500);
    const e = refusal(() => stairs.restoreReplica({ ...config, seed: 2 }, state));
    expect(e.field).toBe("state.configKey");
    expect(e.message).toContain("another config");
  });

  it("another build: state.wasmSha256 (a header rewritten with another sha256, its digest recomputed)", () => {
    const state = saveAt(500);
    const bytes = state.bytes.slice();
    const text = new TextDecoder().decode(bytes);
    const at = text.indexOf(state.wasmSha256);
    bytes.set(new TextEncoder().encode("0".repeat(64)), at);
    bytes.set(createHash("sha256").update(bytes.subarray(0, bytes.length - 32)).digest(), bytes.length - 32);
    const e = refusal(() => stairs.restoreReplica(config, bytes));
    expect(e.field).toBe("state.wasmSha256");
    expect(e.message).toContain("another build");
  });

  it("truncated or flipped bytes: state.bytes", () => {
    const state = saveAt(500);
    expect(refusal(() => stairs.restoreReplica(config, state.bytes.subarray(0, state.bytes.length - 9))).field).toBe("state.bytes");
    const flipped = state.bytes.slice();
    flipped[flipped.length - 40] ^= 1;
    expect(refusal(() => stairs.restoreReplica(config, flipped)).field).toBe("state.bytes");
    expect(refusal(() => stairs.restoreReplica(config, "not a state" as unknown as Uint8Array)).field).toBe("state");
  });

  it("runReplica with another replica's state: resume.replica", () => {
    const state = saveAt(500); // replica 0
    expect(refusal(() => stairs.runReplica(config, 1, { resume: state })).field).toBe("resume.replica");
  });
});
