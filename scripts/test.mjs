// `npm test`: kernel unit tests (as-pect), then API and browser tests (vitest), then one closing line
// "tests: N passed, M failed" that counts both, so CI and humans read one verdict.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => join(root, "node_modules", ".bin", name);
let passed = 0;
let failed = 0;

// as-pect prints "[Tests]: <passed> / <total>" in its summary.
const asp = spawnSync(bin("asp"), ["--config", "as-pect.config.js", "--summary", "--no-logo"], { cwd: root, encoding: "utf8" });
process.stdout.write(asp.stdout);
process.stderr.write(asp.stderr);
const aspCounts = /\[Tests\]:\s*(?:\u001b\[\d+m)?(\d+)(?:\u001b\[\d+m)?\s*\/\s*(\d+)/.exec(asp.stdout);
if (aspCounts) {
  passed += Number(aspCounts[1]);
  failed += Number(aspCounts[2]) - Number(aspCounts[1]);
}
if (asp.status !== 0 || !aspCounts) failed += aspCounts ? 0 : 1;

const report = join(mkdtempSync(join(tmpdir(), "stairs-test-")), "vitest.json");
const vitest = spawnSync(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});
try {
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  if (vitest.status !== 0 && json.numFailedTests === 0) failed += 1; // a suite that failed to load
} catch {
  failed += 1;
}

console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && asp.status === 0 && vitest.status === 0 ? 0 : 1);
