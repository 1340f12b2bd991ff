// Both cores: the command line's worker pool on the covariance preset's sweep and on a multi-replica run,
// 1 worker against 2, each pair checked for identical results (a result must not depend on the number of
// workers). Runs dist/cli.js (built by `npm run bench`) in child processes, in rounds of 1 worker, 2 workers,
// two 1-worker runs at once, 2 workers, 1 worker: the host's speed drifts over seconds, so a round's two
// 1-worker runs are compared with its two 2-worker runs, in an order that cancels a steady drift.
//
// The sweep's target (issue 12: at least 1.8x) reads the sweep's own time, which the command writes in
// meta.timing.seconds: its replicas, from the first task to the last result. The command's whole wall time
// is printed beside it; it adds about 0.27 s of serial work to every command (Node's start, loading the
// command line, the fit's bootstrap, writing), which weighs on a 2.5 s sweep (docs/speed.md).
//
// Each round also measures what the host itself gives two cores: two 1-worker runs of the same command at
// once, as two independent processes. Their throughput over one run's (the capacity, 2 x one / the pair's
// makespan) bounds any 2-worker figure of that round: this VM's two vCPUs do not always run as two whole
// cores (docs/speed.md), and a pool cannot beat two processes that share nothing.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { list, median, target, verdicts } from "./harness.js";

const cli = new URL("../dist/cli.js", import.meta.url).pathname;

interface PoolFigure {
  what: string;
  /** Wall-clock seconds of the command, by worker count, two per round (a round runs 1, 2, both at once, 2, 1). */
  seconds: Record<number, number[]>;
  /** The command's own time of its replicas (a sweep's meta.timing.seconds: the pool, without Node's start and the fit), by worker count; absent for a run. */
  poolSeconds?: Record<number, number[]>;
  /** Each round's 1-worker times of the command over its 2-worker times (sum over sum), and their median. */
  ratios: number[];
  commandSpeedUp: number;
  /** A sweep's ratios of its own time (poolSeconds), round by round. */
  poolRatios?: number[];
  /** The median of poolRatios for a sweep (the figure the target reads), of ratios for a run. */
  speedUp: number;
  /** Each round's two 1-worker runs at once: their makespan, and the round's two 1-worker times (summed) over it. */
  twoAtOnceSeconds: number[];
  capacities: number[];
  capacity: number;
  identical: boolean;
}

/**
 * Rounds of (1 worker, 2 workers, two 1-worker runs at once, 2 workers, 1 worker) per case: runs close in
 * time see the same host, and the symmetric order cancels a drift of its speed that is steady over a round.
 */
const ROUNDS = 3;

interface Timed {
  seconds: number;
  result: Record<string, unknown>;
}

/** Runs `stairs ARGS --workers N --out FILE`; resolves to wall-clock seconds and the parsed results. */
function timeRun(args: string[], workers: number, out: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, ...args, "--workers", String(workers), "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`stairs ${args.join(" ")} failed: ${stderr}`));
      resolve({ seconds, result: JSON.parse(readFileSync(out, "utf8")) });
    });
  });
}

/** The result without its timing (the only part allowed to differ between worker counts). */
function withoutTiming(result: Record<string, unknown>): string {
  return JSON.stringify(result, (key, value) => (key === "timing" ? undefined : value));
}

/** A sweep's own time of its replicas, written by the command in meta.timing.seconds. */
const poolTime = (result: Record<string, unknown>) => (result.meta as { timing?: { seconds?: number } } | undefined)?.timing?.seconds;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export const poolFigures: PoolFigure[] = [];

export async function benchPool(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "stairs-bench-pool-"));
  const cases: [string, string[]][] = [
    // --no-store: every replica computed (the replica store would serve the second run from the first).
    ["sweep covariance (d = 64..512, 64 replicas + 32 controls per d)", ["sweep", "covariance", "--plain", "--no-store"]],
    ["run covariance, 8 replicas at d = 512, 10^5 steps", ["run", "covariance", "--quiet", "--no-store", "--set", "model.d=512", "--set", "steps=100000", "--set", "replicas=8"]],
  ];
  console.log(
    `\nWorker pool (dist/cli.js, 1 against 2 workers in ${ROUNDS} rounds of 1, 2, two 1-worker runs at once, 2, 1; the median of the rounds' ratios; ` +
      `this machine has ${availableParallelism()} cores, the default is all of them; "two at once": two 1-worker runs as separate processes, what the host gives two cores)`,
  );
  try {
    for (const [what, args] of cases) {
      const seconds: Record<number, number[]> = { 1: [], 2: [] };
      const poolSeconds: Record<number, number[]> = { 1: [], 2: [] };
      const ratios: number[] = [];
      const twoAtOnceSeconds: number[] = [];
      const capacities: number[] = [];
      const poolRatios: number[] = [];
      let reference: string | undefined;
      let identical = true;
      for (let r = 0; r < ROUNDS; r++) {
        // 1, 2, both at once, 2, 1: the round's sums see the same host on average, whichever way it drifts
        const oneA = await timeRun(args, 1, join(dir, "w1.json"));
        const twoA = await timeRun(args, 2, join(dir, "w2.json"));
        const pair = await Promise.all([timeRun(args, 1, join(dir, "a.json")), timeRun(args, 1, join(dir, "b.json"))]);
        const twoB = await timeRun(args, 2, join(dir, "w2.json"));
        const oneB = await timeRun(args, 1, join(dir, "w1.json"));
        const ones = [oneA, oneB], twos = [twoA, twoB];
        seconds[1].push(...ones.map((t) => t.seconds));
        seconds[2].push(...twos.map((t) => t.seconds));
        ratios.push(sum(ones.map((t) => t.seconds)) / sum(twos.map((t) => t.seconds)));
        const makespan = Math.max(pair[0].seconds, pair[1].seconds);
        twoAtOnceSeconds.push(makespan);
        capacities.push(sum(ones.map((t) => t.seconds)) / makespan);
        const inner = [...ones, ...twos].map((t) => poolTime(t.result));
        if (inner.every((x) => x !== undefined)) {
          poolSeconds[1].push(inner[0]!, inner[1]!);
          poolSeconds[2].push(inner[2]!, inner[3]!);
          poolRatios.push((inner[0]! + inner[1]!) / (inner[2]! + inner[3]!));
        }
        for (const run of [...ones, ...twos, ...pair]) {
          const text = withoutTiming(run.result);
          reference ??= text;
          if (text !== reference) identical = false;
        }
      }
      const hasPool = poolRatios.length === ROUNDS;
      // a sweep's target reads the sweep's own time; a run (no such time) is printed by its wall time
      const speedUp = median(hasPool ? poolRatios : ratios);
      const commandSpeedUp = median(ratios);
      const capacity = median(capacities);
      poolFigures.push({ what, seconds, ...(hasPool ? { poolSeconds, poolRatios } : {}), ratios, commandSpeedUp, speedUp, twoAtOnceSeconds, capacities, capacity, identical });
      console.log(`  ${what}: the command took ${list(seconds[1])} s on 1 worker and ${list(seconds[2])} s on 2, ratios ${list(ratios)} (median ${commandSpeedUp.toFixed(3)}x); results ${identical ? "identical" : "DIFFER"}`);
      if (hasPool) {
        const serial = seconds[1].map((s, i) => s - poolSeconds[1][i]).concat(seconds[2].map((s, i) => s - poolSeconds[2][i]));
        console.log(`    the sweep's own time (meta.timing: its replicas, from the first task to the last result): ${list(poolSeconds[1])} s and ${list(poolSeconds[2])} s, ratios ${list(poolRatios)}`);
        console.log(`    the command's serial rest (Node's start, loading, the fit, writing): ${list(serial)} s`);
      }
      console.log(`    two 1-worker runs at once: ${list(twoAtOnceSeconds)} s, the host's capacity for two ${list(capacities)}x (median ${capacity.toFixed(3)}x)`);
      // issue 12's target is the sweep's; the multi-replica run's speed-up is printed beside it
      if (hasPool) target(`  the sweep's speed-up on 2 workers (its own time, median of ${ROUNDS} rounds)`, speedUp, "at least", 1.8, "x");
      else console.log(`    speed-up on 2 workers (median of ${ROUNDS} rounds): ${speedUp.toFixed(3)}x`);
      console.log(`    the command's speed-up over the host's capacity for two: ${(commandSpeedUp / capacity).toFixed(3)}`);
      if (!identical) verdicts.push(`${what}: results on 1 and 2 workers DIFFER`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
