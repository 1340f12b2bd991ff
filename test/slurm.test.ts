// Sweeps on a real Slurm cluster (Debian's slurm-wlm and munge on localhost, started by scripts/slurm-local.mjs
// as root, stopped by their PIDs afterwards): `stairs slurm --submit` runs a sweep as a 4-task job array and
// a merge job after it; the merged sweep equals the local sweep in every field but meta.timing. Then one
// task of a slower sweep (d = 48, 64) is cancelled part-way (scancel) and resubmitted alone: the merge equals
// that sweep run locally, and the resubmitted task took the replicas it had stored from the store and
// computed only the rest.
// Skipped, with the reason, only where the binaries are missing; .ci/run installs them and sets
// STAIRS_REQUIRE_SLURM=1, so CI runs it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { slurmUnavailable, startLocalSlurm, type LocalSlurm } from "../scripts/slurm-local.mjs";
import { loadExperiment, resolveSweep } from "../src/cli/experiment.js";
import { shardIndices } from "../src/cli/shard.js";
import { sweepJobs } from "../src/cli/sweep/sweep.js";
import { init } from "../src/stairs.js";
import { ReplicaStore } from "../src/cli/replica-store.js";
import { replicaCodeSha256 } from "../src/cli/store-options.js";
import { VERSION, WASM_SHA256 } from "../src/wasm/wasm.js";

const why = slurmUnavailable();
if (why && process.env.STAIRS_REQUIRE_SLURM === "1") throw new Error(`STAIRS_REQUIRE_SLURM=1 (.ci/run) but no local Slurm: ${why}`);
if (why) console.warn(`skipping the Slurm tests: ${why}`);

const cli = new URL("../dist/cli.js", import.meta.url).pathname;
const TASKS = 4;
// 2 dimensions x (8 replicas + 2 control) of the fourth-cumulant sweep: about 1 s of compute in all.
const DEFINITION = ["cumulant", "--d", "24,32", "--replicas", "8", "--control-replicas", "2"];
const JOBS = 20;
// The cancelled sweep: the same jobs at d = 48, 64, about 5 s of compute on one core. At d = 24, 32 a signal
// replica stops at its weak recovery within milliseconds, so a shard could store all its replicas in the
// ~20 ms between the first one stored and scancel's SIGTERM; here a shard of the first two tasks (which start
// first, on the 2 CPUs) still has about a second of work left after its first replica is stored.
const CANCEL_D = [48, 64];
const CANCEL_DEFINITION = ["cumulant", "--d", CANCEL_D.join(","), "--replicas", "8", "--control-replicas", "2"];
const WAIT_MS = 150_000;

const withoutTiming = (text: string) => {
  const stripped = text.replace(/,\n {4}"timing": \{[\s\S]*?\n {4}\}/, "");
  expect(stripped).not.toBe(text);
  return stripped;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(why !== null)("a sweep on a local Slurm cluster", () => {
  let dir: string;
  let cluster: LocalSlurm;
  let reference: string;
  const pids: number[] = [];
  const stairs = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, env: cluster.env, encoding: "utf8", timeout: 120_000 });
  const submit = (name: string, definition = DEFINITION) => {
    const r = stairs("slurm", ...definition, "--tasks", String(TASKS), "--store", join(dir, `${name}-store`), "--out", join(dir, `${name}.json`), "--jobs-dir", join(dir, `${name}-jobs`), "--submit");
    expect(r.status, r.stderr).toBe(0);
    const ids = /array=(\d+) merge=(\d+)/.exec(r.stdout)!;
    expect(r.stdout).toContain(`#SBATCH --array=1-${TASKS}`);
    expect(r.stdout).toMatch(/--dependency=afterok|merge job \d+ \(after the array succeeds\)/);
    return { array: ids[1], merge: ids[2], store: join(dir, `${name}-store`), out: join(dir, `${name}.json`), jobs: join(dir, `${name}-jobs`) };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "stairs-slurm-test-"));
    cluster = await startLocalSlurm({ dir: join(dir, "cluster") });
    for (const name of ["slurmctld.pid", "slurmd.pid", "munge/munged.pid"]) pids.push(Number(readFileSync(join(cluster.dir, name), "utf8")));
    const local = stairs("sweep", ...DEFINITION, "--no-store", "--quiet", "--out", join(dir, "local.json"));
    expect(local.status, local.stderr).toBe(0);
    reference = withoutTiming(readFileSync(join(dir, "local.json"), "utf8"));
  });
  afterAll(async () => {
    await cluster?.stop();
    // every daemon ended, by its PID
    for (const pid of pids) expect(() => process.kill(pid, 0), `daemon ${pid} still running`).toThrow();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("a 4-task array merged after it equals the local sweep (all but meta.timing)", async () => {
    const job = submit("array");
    const states = await cluster.waitJobs([job.array, job.merge], WAIT_MS);
    expect(states.map((s) => s.state), JSON.stringify(states)).toEqual(Array(TASKS + 1).fill("COMPLETED"));
    expect(withoutTiming(readFileSync(job.out, "utf8"))).toBe(reference);
    let computed = 0;
    for (let task = 1; task <= TASKS; task++) {
      const log = readFileSync(join(job.jobs, "logs", `sweep-${job.array}_${task}.out`), "utf8");
      const m = new RegExp(`shard ${task}/${TASKS}: (\\d+) replicas: 0 from the store, (\\d+) computed`).exec(log);
      expect(m, log).not.toBeNull();
      computed += Number(m![2]);
    }
    expect(computed).toBe(JOBS);
  });

  test("a task cancelled part-way and resubmitted: the same merge, and only unstored replicas recomputed", async () => {
    // The jobs of each shard, to watch the store fill.
    const stairsApi = await init();
    const experiment = loadExperiment("cumulant");
    const spec = resolveSweep(experiment, { d: CANCEL_D, replicas: 8, controlReplicas: 2 });
    const all = sweepJobs(stairsApi, experiment.runs[0].config, spec);
    expect(all).toHaveLength(JOBS);
    const local = stairs("sweep", ...CANCEL_DEFINITION, "--no-store", "--quiet", "--out", join(dir, "cancel-local.json"));
    expect(local.status, local.stderr).toBe(0);
    const cancelReference = withoutTiming(readFileSync(join(dir, "cancel-local.json"), "utf8"));
    const job = submit("cancel", CANCEL_DEFINITION);
    const store = new ReplicaStore(job.store, { version: VERSION, wasmSha256: WASM_SHA256, codeSha256: replicaCodeSha256() });
    const shardJobs = Array.from({ length: TASKS }, (_, i) => shardIndices(all.map((j) => j.config), { index: i + 1, count: TASKS }).map((k) => all[k]));
    const storedOf = (task: number) => shardJobs[task - 1].filter((j) => store.has(j.config, j.replica)).length;

    // Cancel the first task caught with some, not all, of its replicas stored.
    let victim = 0;
    const deadline = Date.now() + WAIT_MS;
    while (victim === 0) {
      for (let task = 1; task <= TASKS && victim === 0; task++) {
        const stored = storedOf(task);
        if (stored >= 1 && stored < shardJobs[task - 1].length) victim = task;
      }
      if (victim === 0) {
        if (Date.now() > deadline) throw new Error("no task was caught part-way");
        await sleep(10);
      }
    }
    cluster.client("scancel", [`${job.array}_${victim}`]);
    const first = await cluster.waitJobs([job.array], WAIT_MS);
    expect(first.find((s) => s.id === `${job.array}_${victim}`)!.state).toBe("CANCELLED");
    const storedBefore = storedOf(victim);
    expect(storedBefore).toBeGreaterThanOrEqual(1);
    expect(storedBefore, `task ${victim} stored all its replicas before scancel took effect`).toBeLessThan(shardJobs[victim - 1].length);
    // the merge never runs after a failed array: nothing written
    await sleep(1500);
    expect(cluster.jobs([job.merge])[0].state).toBe("PENDING");
    expect(existsSync(job.out)).toBe(false);
    cluster.client("scancel", [job.merge]);

    // Resubmit the one task, and the merge after it.
    const again = cluster.sbatch([`--array=${victim}`, join(job.jobs, "sweep-array.sbatch")]);
    const merge = cluster.sbatch([`--dependency=afterok:${again}`, join(job.jobs, "sweep-merge.sbatch")]);
    const states = await cluster.waitJobs([again, merge], WAIT_MS);
    expect(states.map((s) => s.state), JSON.stringify(states)).toEqual(["COMPLETED", "COMPLETED"]);
    const log = readFileSync(join(job.jobs, "logs", `sweep-${again}_${victim}.out`), "utf8");
    const total = shardJobs[victim - 1].length;
    expect(log).toContain(`shard ${victim}/${TASKS}: ${total} replicas: ${storedBefore} from the store, ${total - storedBefore} computed`);
    expect(withoutTiming(readFileSync(job.out, "utf8"))).toBe(cancelReference);
    expect(cancelReference).not.toBe(reference);
  });
});

describe("stairs slurm without --submit", () => {
  test("writes and prints the array and merge scripts with the options given, and refuses an unsafe value", () => {
    const dir = mkdtempSync(join(tmpdir(), "stairs-slurm-scripts-"));
    try {
      const run = (...args: string[]) => spawnSync(process.execPath, [cli, "slurm", ...DEFINITION, ...args], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      const r = run("--tasks", "3", "--partition", "short", "--time", "01:30:00", "--cpus-per-task", "4", "--store", "/shared/store", "--out", "s.json", "--set", "seed=5");
      expect(r.status, r.stderr).toBe(0);
      const array = readFileSync(join(dir, ".stairs", "slurm", "sweep-array.sbatch"), "utf8");
      const merge = readFileSync(join(dir, ".stairs", "slurm", "sweep-merge.sbatch"), "utf8");
      expect(r.stdout).toContain(array);
      expect(r.stdout).toContain(merge);
      expect(r.stdout).toMatch(/sbatch --dependency=afterok:\$array .*sweep-merge\.sbatch/);
      for (const line of ["#SBATCH --array=1-3", "#SBATCH --cpus-per-task=4", "#SBATCH --partition=short", "#SBATCH --time=01:30:00", `#SBATCH --chdir=${dir}`]) {
        expect(array).toContain(line);
      }
      expect(array).toMatch(/ sweep cumulant --d 24,32 --replicas 8 --control-replicas 2 --set seed=5 --store \/shared\/store --shard "\$SLURM_ARRAY_TASK_ID\/3" --workers "\$\{SLURM_CPUS_PER_TASK:-1\}"/);
      expect(merge).toMatch(/ merge cumulant --d 24,32 --replicas 8 --control-replicas 2 --set seed=5 --store \/shared\/store --shards 3 --out .*s\.json$/m);
      expect(merge).toContain("#SBATCH --partition=short");
      expect(existsSync(join(dir, "s.json"))).toBe(false);
      const bad = run("--tasks", "2", "--partition", "a b;rm");
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toMatch(/expected a plain Slurm value/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
