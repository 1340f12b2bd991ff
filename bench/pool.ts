// Both cores: the command line's worker pool on the covariance preset's sweep and on a multi-replica run,
// 1 worker against 2, each pair checked for identical results (a result must not depend on the number of
// workers). Runs dist/cli.js (built by `npm run bench`) in child processes, in alternating rounds: the host's
// speed drifts over seconds, so each round's 1-worker run is compared with the 2-worker run right after it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { median, target, verdicts } from "./harness.js";

const cli = new URL("../dist/cli.js", import.meta.url).pathname;

interface PoolFigure {
  what: string;
  /** Wall-clock seconds of each round, by worker count (rounds alternate 1 and 2 workers). */
  seconds: Record<number, number[]>;
  /** Each round's 1-worker time over its 2-worker time, and their median (the figure the target reads). */
  ratios: number[];
  speedUp: number;
  identical: boolean;
}

/** Rounds of (1 worker, 2 workers) per case: pairs close in time see the same host, whose speed drifts. */
const ROUNDS = 3;

/** Runs `stairs ARGS --workers N --out FILE`; returns wall-clock seconds and the parsed results. */
function timeRun(args: string[], workers: number, dir: string): { seconds: number; result: Record<string, unknown> } {
  const out = join(dir, `w${workers}.json`);
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [cli, ...args, "--workers", String(workers), "--out", out], { encoding: "utf8" });
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(`stairs ${args.join(" ")} failed: ${run.stderr}`);
  return { seconds, result: JSON.parse(readFileSync(out, "utf8")) };
}

/** The result without its timing (the only part allowed to differ between worker counts). */
function withoutTiming(result: Record<string, unknown>): string {
  return JSON.stringify(result, (key, value) => (key === "timing" ? undefined : value));
}


export const poolFigures: PoolFigure[] = [];

export async function benchPool(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "stairs-bench-pool-"));
  const cases: [string, string[]][] = [
    // --no-store: every replica computed (the replica store would serve the second run from the first).
    ["sweep covariance (d = 64..512, 64 replicas + 32 controls per d)", ["sweep", "covariance", "--plain", "--no-store"]],
    ["run covariance, 8 replicas at d = 512, 10^5 steps", ["run", "covariance", "--quiet", "--no-store", "--set", "model.d=512", "--set", "steps=100000", "--set", "replicas=8"]],
  ];
  console.log(
    `\nWorker pool (dist/cli.js, 1 against 2 workers in ${ROUNDS} alternating rounds, the median of the rounds' ratios; ` +
      `this machine has ${availableParallelism()} cores, the default is all of them)`,
  );
  try {
    for (const [what, args] of cases) {
      const seconds: Record<number, number[]> = { 1: [], 2: [] };
      const ratios: number[] = [];
      let reference: string | undefined;
      let identical = true;
      for (let r = 0; r < ROUNDS; r++) {
        const one = timeRun(args, 1, dir);
        const two = timeRun(args, 2, dir);
        seconds[1].push(one.seconds);
        seconds[2].push(two.seconds);
        ratios.push(one.seconds / two.seconds);
        for (const run of [one, two]) {
          const text = withoutTiming(run.result);
          reference ??= text;
          if (text !== reference) identical = false;
        }
      }
      const speedUp = median(ratios);
      poolFigures.push({ what, seconds, ratios, speedUp, identical });
      const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(", ");
      console.log(`  ${what}: ${list(seconds[1])} s on 1 worker, ${list(seconds[2])} s on 2; ratios ${list(ratios)}; results ${identical ? "identical" : "DIFFER"}`);
      // issue 12's target is the sweep's; the multi-replica run's speed-up is printed beside it
      if (args[0] === "sweep") target(`  speed-up on 2 workers (median of ${ROUNDS} rounds)`, speedUp, "at least", 1.8, "x");
      else console.log(`    speed-up on 2 workers (median of ${ROUNDS} rounds): ${speedUp.toFixed(3)}x`);
      if (!identical) verdicts.push(`${what}: results on 1 and 2 workers DIFFER`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
