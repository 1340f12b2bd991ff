// The worker pool's rounds of several bench records side by side: `node build/tools/pool-summary.js FILE...`
// (bundled by `node scripts/build.mjs --bench`; the files written by `npm run bench -- [--pool-only] --json
// FILE`). For the sweep, each round's speed-up of the sweep's own time, of the command's wall time, and the
// host's capacity for two (two 1-worker runs at once); then the medians over every round of every file, and
// of the speed-up over the capacity.
import { readFileSync } from "node:fs";
import { list, median } from "./harness.js";

interface SweepFigure {
  what: string;
  ratios: number[];
  poolRatios?: number[];
  capacities?: number[];
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node build/tools/pool-summary.js FILE... (bench records with a pool section)");
  process.exit(2);
}
const all = { own: [] as number[], command: [] as number[], capacity: [] as number[], ownOverCapacity: [] as number[] };
for (const file of files) {
  const record = JSON.parse(readFileSync(file, "utf8")) as { date: string; pool?: SweepFigure[] };
  const sweep = (record.pool ?? []).find((figure) => figure.what.startsWith("sweep"));
  if (!sweep?.poolRatios || !sweep.capacities) throw new Error(`${file}: no sweep figure with poolRatios and capacities (a bench record from before them?)`);
  const capacities = sweep.capacities;
  const ownOverCapacity = sweep.poolRatios.map((r, i) => r / capacities[i]);
  console.log(`${file} (${record.date}): own ${list(sweep.poolRatios)}; command ${list(sweep.ratios)}; capacity ${list(capacities)}; own/capacity ${list(ownOverCapacity)}`);
  all.own.push(...sweep.poolRatios);
  all.command.push(...sweep.ratios);
  all.capacity.push(...capacities);
  all.ownOverCapacity.push(...ownOverCapacity);
}
const summary = (xs: number[]) => `${median(xs).toFixed(3)} (${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)})`;
console.log(
  `${all.own.length} rounds: the sweep's own speed-up median ${summary(all.own)}, the command's ${summary(all.command)}, ` +
    `the host's capacity for two ${summary(all.capacity)}, own over capacity ${summary(all.ownOverCapacity)}`,
);
