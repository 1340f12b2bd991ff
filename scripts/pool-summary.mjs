// The worker pool's rounds of several bench records side by side: `node scripts/pool-summary.mjs FILE...`
// (files written by `npm run bench -- [--pool-only] --json FILE`). For the sweep, each round's speed-up of
// the sweep's own time, of the command's wall time, and the host's capacity for two (two 1-worker runs at
// once); then the medians over every round of every file, and of the speed-up over the capacity.
import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/pool-summary.mjs FILE... (bench records with a pool section)");
  process.exit(2);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
};
const fixed = (xs) => xs.map((x) => x.toFixed(2)).join(" ");
const all = { own: [], command: [], capacity: [], ownOverCapacity: [] };
for (const file of files) {
  const record = JSON.parse(readFileSync(file, "utf8"));
  const sweep = (record.pool ?? []).find((figure) => figure.what.startsWith("sweep"));
  if (!sweep?.poolRatios || !sweep.capacities) throw new Error(`${file}: no sweep figure with poolRatios and capacities (a bench record from before them?)`);
  const ownOverCapacity = sweep.poolRatios.map((r, i) => r / sweep.capacities[i]);
  console.log(`${file} (${record.date}): own ${fixed(sweep.poolRatios)}; command ${fixed(sweep.ratios)}; capacity ${fixed(sweep.capacities)}; own/capacity ${fixed(ownOverCapacity)}`);
  all.own.push(...sweep.poolRatios);
  all.command.push(...sweep.ratios);
  all.capacity.push(...sweep.capacities);
  all.ownOverCapacity.push(...ownOverCapacity);
}
const range = (xs) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;
console.log(
  `${all.own.length} rounds: the sweep's own speed-up median ${median(all.own).toFixed(3)} (${range(all.own)}), the command's ${median(all.command).toFixed(3)} (${range(all.command)}), ` +
    `the host's capacity for two ${median(all.capacity).toFixed(3)} (${range(all.capacity)}), own over capacity ${median(all.ownOverCapacity).toFixed(3)} (${range(all.ownOverCapacity)})`,
);
