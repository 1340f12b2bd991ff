// `stairs sample` end to end: runs the built command line (node dist/cli.js, made by `npm test`'s build),
// reads the .npy files back with the TypeScript reader and compares them with the API's numbers.
import type { ExperimentConfigInput, ModelConfigInput } from "../src/index.js";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import { decodeNpy, encodeNpy, npyHeader } from "../src/io/npy.js";

const cli = new URL("../dist/cli.js", import.meta.url).pathname;
let stairs: Stairs;
let dir: string;
beforeAll(async () => {
  stairs = await init();
  dir = mkdtempSync(join(tmpdir(), "stairs-sample-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [cli, "sample", ...args], { encoding: "utf8" });
const load = (path: string) => decodeNpy(new Uint8Array(readFileSync(path)));

describe("the .npy format", () => {
  it("writes NumPy's version 1.0 header: magic, 64-byte alignment, the dict NumPy writes", () => {
    const header = npyHeader([3, 5]);
    expect(header.length % 64).toBe(0);
    expect(Array.from(header.slice(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    expect(header[8] + 256 * header[9]).toBe(header.length - 10);
    const text = new TextDecoder().decode(header.slice(10));
    expect(text).toMatch(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(3, 5\), \} *\n$/);
    expect(new TextDecoder().decode(npyHeader([7]).slice(10))).toContain("'shape': (7,)");
  });

  it("round-trips float64 values bit for bit, including -0, NaN and the extremes", () => {
    const values = new Float64Array([0, -0, 1.5, -Number.MAX_VALUE, Number.MIN_VALUE, Infinity, NaN, Math.PI]);
    const back = decodeNpy(encodeNpy(values, [2, 4]));
    expect(back.shape).toEqual([2, 4]);
    expect(new Uint8Array(back.data.buffer)).toEqual(new Uint8Array(values.buffer));
  });
});

describe("stairs sample", () => {
  it("writes x (n x d), y (n) and the spikes (3 x d) of the API's sample with the same seed", () => {
    const config: ModelConfigInput = { kind: "mcm", d: 12, coupling: { kind: "partial", p: 0.5 }, latent: { kind: "skewed", r: 0.4 } };
    writeFileSync(join(dir, "model.json"), JSON.stringify(config));
    const out = join(dir, "a");
    const result = run(join(dir, "model.json"), "--n", "257", "--seed", "31", "--out", out);
    expect(result.status, result.stderr).toBe(0);
    const expected = stairs.sample(config, 257, 31);
    const x = load(`${out}.x.npy`), y = load(`${out}.y.npy`), spikes = load(`${out}.spikes.npy`);
    expect(x.shape).toEqual([257, 12]);
    expect(y.shape).toEqual([257]);
    expect(spikes.shape).toEqual([3, 12]);
    expect(x.data).toEqual(expected.x);
    expect(y.data).toEqual(expected.y);
    expect(spikes.data).toEqual(Float64Array.from([...expected.spikes.m, ...expected.spikes.u, ...expected.spikes.v]));
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("takes an experiment config's \"model\" (and its seed when --seed is absent)", () => {
    const experiment: ExperimentConfigInput & { model: ModelConfigInput } = { model: { kind: "spiked-cumulant", d: 8, betaV: 3 }, learner: { kind: "neuron" }, steps: 100, seed: 4 };
    writeFileSync(join(dir, "experiment.json"), JSON.stringify(experiment));
    const out = join(dir, "b");
    const result = run(join(dir, "experiment.json"), "--n", "40", "--out", out, "--quiet");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("");
    expect(load(`${out}.x.npy`).data).toEqual(stairs.sample(experiment.model, 40, 4).x);
  });

  it.each([
    ["an invalid model", { kind: "mcm", d: 8, coupling: { kind: "partial", p: 1.5 } }, ["--n", "10"], /model.coupling.p must be <= 1; got 1.5/],
    ["an invalid experiment's model", { model: { kind: "mcm", d: 3 } }, ["--n", "10"], /model.d must be >= 4; got 3/],
    ["a bad --n", { d: 8 }, ["--n", "ten"], /--n must be an integer in \[1, 2\^31 - 1\]; got "ten"/],
    ["a fractional --n", { d: 8 }, ["--n", "2.5"], /--n must be an integer .*; got 2.5/],
    ["a bad --seed", { d: 8 }, ["--n", "10", "--seed", "-3"], /--seed must be an integer .*; got "-3"/],
  ])("%s: exits non-zero with the field, the value and what is allowed, and writes nothing", (_, config, args, message) => {
    const sub = mkdtempSync(join(dir, "bad-"));
    writeFileSync(join(sub, "config.json"), JSON.stringify(config));
    const result = run(join(sub, "config.json"), ...args, "--out", join(sub, "c"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(readdirSync(sub)).toEqual(["config.json"]);
  });

  it("a missing or unreadable config file fails clearly", () => {
    const result = run(join(dir, "nope.json"), "--n", "5", "--out", join(dir, "d"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/config file must be a readable JSON file \(.*\); got ".*nope.json"/);
    expect(() => execFileSync(process.execPath, [cli, "sample", "--help"], { encoding: "utf8" })).not.toThrow();
  });
});
