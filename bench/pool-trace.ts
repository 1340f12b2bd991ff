// Where the worker pool's time goes on the covariance sweep: every task's result arrival time on 1 and N
// workers (run in this process, with the pool of src/cli/pool.ts), each task's cost measured alone, and the
// makespan of a greedy list schedule of those costs, so that the idle time at the end and the fixed costs
// (threads, wasm instantiation) show. Usage: node build/tools/pool-trace.js [workers] (bundled by `node scripts/build.mjs --bench`).
import { init } from "../src/stairs.js";
import { loadSweep } from "../src/cli/commands/sweep.js";
import { sweepJobs } from "../src/cli/sweep/sweep.js";
import { runReplicas } from "../src/cli/pool.js";

const workers = Number(process.argv[2] ?? 2);
const stairs = await init();
const { base, spec } = loadSweep("covariance", {} as never);
const jobs = sweepJobs(stairs, base, spec);

async function trace(n: number) {
  const t0 = performance.now();
  const arrival: number[] = new Array(jobs.length);
  await runReplicas(jobs, { workers: n, onResult: (_r, i) => (arrival[i] = performance.now() - t0) }, () => undefined);
  return { total: performance.now() - t0, arrival };
}

const one = await trace(1);
const two = await trace(workers);
// per-task cost on one worker: the gap between consecutive arrivals, in the pool's order of start
const order = jobs.map((_, i) => i).sort((a, b) => one.arrival[a] - one.arrival[b]);
const cost = new Array<number>(jobs.length);
order.forEach((index, k) => {
  cost[index] = k === 0 ? NaN : one.arrival[index] - one.arrival[order[k - 1]];
});
// the first task's gap includes the thread's start: count it as the second task's cost
const firstGap = one.arrival[order[0]];
cost[order[0]] = cost[order[1]];
const sum = cost.reduce((a, b) => a + b, 0);
// greedy list schedule in the pool's order on `workers` threads
const free = new Array(workers).fill(0);
for (const index of order) {
  const k = free.indexOf(Math.min(...free));
  free[k] += cost[index];
}
const byKind = new Map<string, number>();
jobs.forEach((job, i) => byKind.set(`${job.d} ${job.kind}`, (byKind.get(`${job.d} ${job.kind}`) ?? 0) + cost[i]));
console.log(`tasks ${jobs.length}; sum of task costs ${sum.toFixed(0)} ms; first result after ${firstGap.toFixed(0)} ms on 1 worker`);
for (const [k, v] of byKind) console.log(`  ${k}: ${v.toFixed(0)} ms`);
console.log(`1 worker: ${one.total.toFixed(0)} ms; ${workers} workers: ${two.total.toFixed(0)} ms (${(one.total / two.total).toFixed(2)}x)`);
console.log(`greedy schedule of the measured costs on ${workers}: ${Math.max(...free).toFixed(0)} ms (ends ${free.map((f) => f.toFixed(0)).join(", ")})`);
const lastTwo = [...two.arrival].sort((a, b) => b - a);
console.log(`${workers} workers: last results at ${lastTwo.slice(0, 4).map((x) => x.toFixed(0)).join(", ")} ms`);
