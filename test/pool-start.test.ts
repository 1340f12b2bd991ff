// The entry's early start of the pool's threads (src/cli/prestart.ts): how many for which arguments.
import { availableParallelism } from "node:os";
import { expect, test } from "vitest";
import { PRESTART_MAX, prestartCount } from "../src/cli/prestart.js";

test("threads only for run and sweep, as many as --workers (as the command reads it), at most PRESTART_MAX", () => {
  const cores = Math.min(availableParallelism(), PRESTART_MAX);
  expect(prestartCount(["sweep", "covariance", "--plain"])).toBe(cores);
  expect(prestartCount(["run", "staircase", "--workers", "2"])).toBe(2);
  expect(prestartCount(["sweep", "mean", "--workers=3", "--no-store"])).toBe(3);
  expect(prestartCount(["run", "x", "--workers", "64"])).toBe(PRESTART_MAX);
  // the command refuses these values (and says so): no thread for them
  for (const bad of ["0", "65", "two", "1.5"]) expect(prestartCount(["run", "x", "--workers", bad])).toBe(0);
  expect(prestartCount(["run", "x", "--workers"])).toBe(0);
  expect(prestartCount(["sweep", "--help"])).toBe(0);
  for (const other of [[], ["presets"], ["theory", "c.json"], ["--version"], ["plot", "r.json", "--workers", "2"]]) expect(prestartCount(other)).toBe(0);
});
