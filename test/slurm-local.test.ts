// The local Slurm harness (scripts/slurm-local.mjs) itself: munged, slurmctld and slurmd come up on this
// machine, a job array runs side by side with a dependent job after it, and stop() leaves no daemon behind.
// Skipped (with the reason) only where the binaries are missing; .ci/run installs them, so CI runs it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { slurmUnavailable, startLocalSlurm } from "../scripts/slurm-local.mjs";

const why: string | null = slurmUnavailable();
if (why && process.env.STAIRS_REQUIRE_SLURM === "1") throw new Error(`STAIRS_REQUIRE_SLURM=1 (.ci/run) but no local Slurm: ${why}`);
if (why) console.warn(`skipping the local Slurm tests: ${why}`);

describe.skipIf(why !== null)("a local Slurm cluster", () => {
  it("runs a 4-task array and a job that depends on it, then stops every daemon", async () => {
    const cluster = await startLocalSlurm();
    const pids: number[] = [];
    // The PID files name the daemons; stop() must end each of them.
    try {
      for (const name of ["slurmctld.pid", "slurmd.pid", "munge/munged.pid"]) {
        const path = join(cluster.dir, name);
        if (existsSync(path)) pids.push(Number(readFileSync(path, "utf8")));
      }
      const array = cluster.sbatch(["--array=0-3", `--output=${cluster.dir}/jobs/task-%a.txt`, "--wrap", "echo task $SLURM_ARRAY_TASK_ID"]);
      const after = cluster.sbatch(["--dependency=afterok:" + array, `--output=${cluster.dir}/jobs/after.txt`, "--wrap", "cat " + cluster.dir + "/jobs/task-*.txt"]);
      const states = await cluster.waitJobs([array, after], 60_000);
      expect(states.map((s) => s.state)).toEqual(Array(5).fill("COMPLETED"));
      expect(readFileSync(join(cluster.dir, "jobs", "after.txt"), "utf8")).toBe("task 0\ntask 1\ntask 2\ntask 3\n");
    } finally {
      await cluster.stop();
    }
    expect(pids.length).toBeGreaterThanOrEqual(2);
    for (const pid of pids) expect(() => process.kill(pid, 0), `daemon ${pid} still running`).toThrow();
  });
});
