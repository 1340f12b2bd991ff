// The replica store through the command line: a sweep killed with SIGKILL part-way and run again with the
// same store equals an uninterrupted sweep (every field but meta.timing) and says how many replicas came from
// the store; a hand-truncated entry is detected, reported and recomputed; SIGINT stops a sweep within a
// second, leaving no process, no output and a consistent store; shards merged equal the local sweep byte for
// byte (but meta.timing), and merge refuses an incomplete store. Runs the built CLI (dist/cli.js).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const cli = new URL("../dist/cli.js", import.meta.url).pathname;
const stairs = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 120_000 });
// A small fourth-cumulant sweep: 2 dimensions x (6 replicas + 2 control), d^3 budgets; about 2 s of compute.
const SWEEP = ["sweep", "cumulant", "--d", "24,32", "--replicas", "6", "--control-replicas", "2", "--quiet"];
const JOBS = 16;

const dir = mkdtempSync(join(tmpdir(), "stairs-store-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let reference: string;

/** The sweep's JSON text without its meta.timing block (the only part allowed to differ). */
const withoutTiming = (text: string) => {
  const stripped = text.replace(/,\n {4}"timing": \{[\s\S]*?\n {4}\}/, "");
  expect(stripped).not.toBe(text);
  return stripped;
};
const entries = (store: string): string[] =>
  existsSync(join(store, "replicas")) ? (readdirSync(join(store, "replicas"), { recursive: true }) as string[]).filter((f) => f.endsWith(".replica")) : [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a sweep in the background and resolves once the store holds at least `atLeast` entries. */
async function startAndWaitFor(store: string, out: string, atLeast: number) {
  const child = spawn(process.execPath, [cli, ...SWEEP, "--workers", "1", "--store", store, "--out", out], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, at: performance.now() })),
  );
  const deadline = Date.now() + 60_000;
  while (entries(store).length < atLeast) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the sweep did not store ${atLeast} replicas: ${stderr}`);
    await sleep(20);
  }
  return { child, exited, stderr: () => stderr };
}

beforeAll(() => {
  const out = join(dir, "reference.json");
  const r = stairs(...SWEEP, "--no-store", "--out", out);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`${JOBS} replicas: 0 from the store, ${JOBS} computed \\(no store\\)`));
  reference = withoutTiming(readFileSync(out, "utf8"));
});

describe("the replica store on the command line", () => {
  test("a sweep SIGKILLed part-way, run again with the same store, equals the uninterrupted sweep", async () => {
    const store = join(dir, "killed-store");
    const out = join(dir, "killed.json");
    const run = await startAndWaitFor(store, out, 3);
    run.child.kill("SIGKILL");
    const { signal } = await run.exited;
    expect(signal).toBe("SIGKILL");
    expect(existsSync(out)).toBe(false);
    const stored = entries(store).length;
    expect(stored).toBeGreaterThanOrEqual(3);
    expect(stored).toBeLessThan(JOBS);

    const again = stairs(...SWEEP, "--store", store, "--out", out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`${JOBS} replicas: ${stored} from the store, ${JOBS - stored} computed (store ${store})`);
    expect(withoutTiming(readFileSync(out, "utf8"))).toBe(reference);
    const timing = JSON.parse(readFileSync(out, "utf8")).meta.timing;
    expect(timing.replicas).toEqual({ total: JOBS, fromStore: stored, computed: JOBS - stored, invalid: 0, resumed: 0 });
    expect(entries(store)).toHaveLength(JOBS);
  });

  test("a hand-truncated entry is detected, reported and recomputed", () => {
    const store = join(dir, "truncated-store");
    const out = join(dir, "truncated.json");
    expect(stairs(...SWEEP, "--store", store, "--out", out).status).toBe(0);
    const victim = join(store, "replicas", entries(store).sort()[5]);
    const size = statSync(victim).size;
    truncateSync(victim, Math.floor(size / 2));

    const again = stairs(...SWEEP, "--store", store, "--out", out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/store entry of replica \d+ not used, it will be recomputed: truncated: \d+ of \d+ payload bytes/);
    expect(again.stderr).toContain(victim);
    expect(again.stdout).toContain(`${JOBS} replicas: ${JOBS - 1} from the store, 1 computed, 1 invalid entry recomputed`);
    expect(withoutTiming(readFileSync(out, "utf8"))).toBe(reference);
    expect(statSync(victim).size).toBe(size); // the entry was replaced whole
  });

  test("SIGINT stops a sweep within a second: exit 130, no process left, no output, the resume command", async () => {
    const store = join(dir, "sigint-store");
    const out = join(dir, "sigint.json");
    const run = await startAndWaitFor(store, out, 1);
    const sent = performance.now();
    run.child.kill("SIGINT");
    const { code, at } = await run.exited;
    const millis = at - sent;
    console.log(`SIGINT to exit: ${millis.toFixed(0)} ms`);
    expect(millis).toBeLessThan(1000);
    expect(code).toBe(130);
    expect(() => process.kill(run.child.pid!, 0)).toThrow();
    const ps = spawnSync("ps", ["-eo", "pid,args"], { encoding: "utf8" }).stdout;
    expect(ps.split("\n").filter((line) => line.includes(store))).toEqual([]);
    expect(existsSync(out)).toBe(false);
    expect(run.stderr()).toMatch(/SIGINT: stopped; the output was not written\. Finished replicas are kept in the store/);
    expect(run.stderr()).toContain(`resume with: stairs ${SWEEP.join(" ")} --workers 1 --store ${store} --out ${out}`);
    // the store is consistent: every entry valid (the rerun uses all of them), no temporary file left
    const stored = entries(store).length;
    const files = readdirSync(join(store, "replicas"), { recursive: true }) as string[];
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const again = stairs(...SWEEP, "--store", store, "--out", out);
    expect(again.stderr).not.toMatch(/not used/);
    expect(again.stdout).toContain(`${JOBS} replicas: ${stored} from the store, ${JOBS - stored} computed`);
    expect(withoutTiming(readFileSync(out, "utf8"))).toBe(reference);
  });

  test("shards merged equal the local sweep byte for byte but meta.timing; merge refuses an incomplete store", () => {
    const store = join(dir, "shard-store");
    const out = join(dir, "merged.json");
    const definition = SWEEP.slice(1, -1); // without "sweep" and "--quiet"
    expect(stairs("sweep", ...definition, "--store", store, "--shard", "2/3", "--quiet").stdout).toMatch(/^shard 2\/3: \d+ replicas: 0 from the store, \d+ computed/);
    const refused = stairs("merge", ...definition, "--store", store, "--shards", "3", "--out", out);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(new RegExp(`lacks \\d+ of ${JOBS} jobs of this sweep; nothing was written`));
    expect(refused.stderr).toMatch(/d = 24, replica \d \(shard [13]\/3\)/);
    expect(refused.stderr).toContain(`stairs sweep ${definition.join(" ")} --store ${store} --shard 1/3`);
    expect(refused.stderr).not.toContain("--shard 2/3");
    expect(existsSync(out)).toBe(false);
    for (const shard of ["1/3", "3/3"]) expect(stairs("sweep", ...definition, "--store", store, "--shard", shard, "--quiet").status).toBe(0);
    expect(entries(store)).toHaveLength(JOBS);
    const merged = stairs("merge", ...definition, "--store", store, "--out", out);
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toContain(`${JOBS} replicas: ${JOBS} from the store, 0 computed`);
    expect(withoutTiming(readFileSync(out, "utf8"))).toBe(reference);
  });

  test("run --shard i/n: the shards' replicas, then a run that takes all of them from the store, equal one run", () => {
    const store = join(dir, "run-store");
    const args = ["run", "cumulant-correlated", "--set", "model.d=32", "--set", "steps=400", "--set", "replicas=5", "--quiet"];
    const direct = stairs(...args, "--no-store");
    expect(direct.status, direct.stderr).toBe(0);
    const computed = [1, 2].map((i) => stairs(...args, "--store", store, "--shard", `${i}/2`).stderr);
    const counts = computed.map((text) => Number(/shard \d\/2: (\d+) replicas/.exec(text)![1]));
    expect(counts.reduce((a, b) => a + b)).toBe(5);
    const merged = stairs(...args.slice(0, -1), "--store", store, "--out", join(dir, "run.json"));
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toContain(`5 replicas: 5 from the store, 0 computed (store ${store})`);
    expect(readFileSync(join(dir, "run.json"), "utf8")).toBe(direct.stdout);
  });
  test("--shard refuses a bad i/n and an --out (a shard writes only into the store), before any work", () => {
    const bad = stairs("sweep", "mean", "--shard", "3/2", "--store", join(dir, "unused"));
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--shard.*expected i\/n with 1 <= i <= n/);
    const out = stairs("sweep", "mean", "--shard", "1/2", "--store", join(dir, "unused"), "--out", join(dir, "unused.json"));
    expect(out.status).toBe(2); // a usage error (docs/cli.md, exit status)
    expect(out.stderr).toMatch(/--out must be absent with --shard/);
    expect(existsSync(join(dir, "unused"))).toBe(false);
    expect(existsSync(join(dir, "unused.json"))).toBe(false);
  });
});
