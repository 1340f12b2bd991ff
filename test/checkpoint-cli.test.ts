// Checkpoints inside running replicas, through the command line: a long replica checkpointed every 0.2 s
// into the store and SIGKILLed after a checkpoint exists resumes, in a rerun with the same store, from that
// checkpoint (at a step S > 0) and gives the same result file as a run that never stopped; the checkpoint is
// deleted once the result is stored; a checkpoint of a run of 1 replica resumes in a run of 2. A truncated checkpoint and a checkpoint of another config (the
// checkpoint API refuses it) are reported, and the replica is recomputed from step 0. Runs the built CLI.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const cli = new URL("../dist/cli.js", import.meta.url).pathname;
const stairs = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 120_000 });
// One long replica: about 3 s of compute on an idle core (8e6 steps at d = 48), 20 checkpoints of the grid.
const STEPS = 8_000_000;
const RUN = ["run", "cumulant", "--set", "model.d=48", "--set", "replicas=1", "--set", `steps=${STEPS}`];
const EVERY = ["--checkpoint-every", "0.2"];

const dir = mkdtempSync(join(tmpdir(), "stairs-checkpoint-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let reference: string;
const files = (store: string, suffix: string): string[] =>
  existsSync(join(store, "replicas"))
    ? (readdirSync(join(store, "replicas"), { recursive: true }) as string[]).filter((f) => f.endsWith(suffix)).map((f) => join(store, "replicas", f))
    : [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(() => {
  const out = join(dir, "reference.json");
  const r = stairs(...RUN, "--no-store", "--quiet", "--out", out);
  expect(r.status, r.stderr).toBe(0);
  reference = readFileSync(out, "utf8");
});

describe("checkpoints of running replicas in the store", () => {
  let saved: string; // a copy of the checkpoint the killed run left

  test("SIGKILL after a checkpoint, rerun with the same store: resumed at step S > 0, the same result", async () => {
    const store = join(dir, "store");
    const out = join(dir, "killed.json");
    const child = spawn(process.execPath, [cli, ...RUN, ...EVERY, "--quiet", "--store", store, "--out", out], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<string | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 60_000;
    while (files(store, ".checkpoint").length === 0) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no checkpoint was written: ${stderr}`);
      await sleep(20);
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(existsSync(out)).toBe(false);
    expect(files(store, ".replica")).toEqual([]);
    const [checkpoint] = files(store, ".checkpoint");
    saved = join(dir, "saved.checkpoint");
    copyFileSync(checkpoint, saved);

    const again = stairs(...RUN, ...EVERY, "--store", store, "--out", out);
    expect(again.status, again.stderr).toBe(0);
    const resumed = /replica 0 resumed from its checkpoint at step (\d+) of (\d+)/.exec(again.stderr);
    expect(resumed, again.stderr).not.toBeNull();
    const step = Number(resumed![1]);
    console.log(`resumed at step ${step} of ${STEPS}`);
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThan(STEPS);
    expect(again.stdout).toContain(`1 replicas: 0 from the store, 1 computed (1 resumed from a checkpoint) (store ${store})`);
    expect(readFileSync(out, "utf8")).toBe(reference);
    // the result is stored and its checkpoint deleted; no temporary file is left
    expect(files(store, ".replica")).toHaveLength(1);
    expect(files(store, ".checkpoint")).toEqual([]);
    expect(files(store, ".tmp")).toEqual([]);
  });

  test("a truncated checkpoint is detected, reported and ignored: the replica is recomputed from step 0", () => {
    const target = join(dir, "truncated-store");
    const out = join(dir, "truncated.json");
    // the killed run's checkpoint where a fresh store looks for it (the key its header names), cut in half
    const path = join(target, "replicas", pathInStore(saved));
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(saved, path);
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const again = stairs(...RUN, ...EVERY, "--store", target, "--out", out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/checkpoint of replica 0 not used, it starts from step 0: truncated: \d+ of \d+ payload bytes/);
    expect(again.stderr).toContain(path);
    expect(again.stderr).not.toMatch(/resumed/);
    expect(again.stdout).toContain("1 replicas: 0 from the store, 1 computed (store");
    expect(readFileSync(out, "utf8")).toBe(reference);
    expect(existsSync(path)).toBe(false);
  });

  test("a checkpoint saved by a run of 1 replica resumes in a run of 2 (the replica count is not in the key)", () => {
    const target = join(dir, "grown-store");
    const out = join(dir, "grown.json");
    const path = join(target, "replicas", pathInStore(saved));
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(saved, path);
    const again = stairs(...RUN, "--set", "replicas=2", ...EVERY, "--workers", "2", "--store", target, "--out", out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/replica 0 resumed from its checkpoint at step [1-9]\d* of/);
    expect(again.stdout).toContain("2 replicas: 0 from the store, 2 computed (1 resumed from a checkpoint)");
    expect(JSON.parse(readFileSync(out, "utf8")).replicas[0]).toEqual(JSON.parse(reference).replicas[0]);
  });

  test("--checkpoint-every takes seconds >= 0 only", () => {
    for (const bad of ["-1", "abc"]) {
      const r = stairs(...RUN, "--no-store", "--checkpoint-every", bad);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`option '--checkpoint-every <seconds>' argument '${bad}' is invalid. expected a number of seconds >= 0`);
    }
  });

  test("a checkpoint of another config under this replica's key is refused by the checkpoint API and recomputed", () => {
    const store = join(dir, "other-store");
    const out = join(dir, "other.json");
    const SHORT = [...RUN, "--set", "steps=400000"];
    expect(stairs(...SHORT, "--quiet", "--store", store, "--out", out).status).toBe(0);
    const [entry] = files(store, ".replica");
    rmSync(entry);
    const key = entry.slice(entry.lastIndexOf("/") + 1, -".replica".length);
    // the long run's state, framed as a whole checkpoint of the short config's key: the store's checks pass
    const bytes = readFileSync(saved);
    const newline = bytes.indexOf(0x0a);
    const fields = bytes.subarray(0, newline).toString("utf8").split(" ");
    fields[2] = key;
    const path = entry.replace(/\.replica$/, ".checkpoint");
    writeFileSync(path, Buffer.concat([Buffer.from(fields.join(" ")), bytes.subarray(newline)]));
    const again = stairs(...SHORT, ...EVERY, "--store", store, "--out", out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/checkpoint of replica 0 not used, it starts from step 0: .*state\.configKey.*another config/);
    expect(again.stdout).toContain("1 replicas: 0 from the store, 1 computed (store");
    expect(existsSync(path)).toBe(false);
  });
});

/** The path of a checkpoint file relative to its store's replicas/ directory (`<kk>/<key>.checkpoint`). */
function pathInStore(file: string): string {
  const bytes = readFileSync(file);
  const key = bytes.subarray(0, bytes.indexOf(0x0a)).toString("utf8").split(" ")[2];
  return join(key.slice(0, 2), `${key}.checkpoint`);
}

