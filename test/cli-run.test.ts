// `stairs run` end to end on the built CLI: a preset with overrides, its JSON, plot and table.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";

const cli = new URL("../dist/cli.js", import.meta.url).pathname;
const stairs = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 60_000 });

test("run staircase (shrunk with --set) writes a comparison, its plot and the weak-recovery table", () => {
  const dir = mkdtempSync(join(tmpdir(), "stairs-run-"));
  const out = join(dir, "sub/staircase.json");
  const plot = join(dir, "sub/staircase.svg");
  const { status, stdout, stderr } = stairs(
    "run", "staircase", "--set", "model.d=32", "--set", "steps=2000", "--set", "replicas=2", "--set", "correlated.seed=7",
    "--out", out, "--plot", plot, "--plain",
  );
  expect(stderr).toMatch(/run staircase: 100\.0%/);
  expect(status).toBe(0);
  const result = JSON.parse(readFileSync(out, "utf8"));
  expect(result.kind).toBe("comparison");
  expect(result.runs.map((r: { name: string }) => r.name)).toEqual(["independent", "correlated"]);
  expect(result.runs[0].result.config.model.d).toBe(32);
  expect(result.runs[1].result.config.seed).toBe(7);
  expect(result.runs[0].result.replicas.length).toBe(2);
  expect(readFileSync(plot, "utf8")).toMatch(/^<svg/);
  expect(stdout).toMatch(/^direction +independent +correlated/m);
  expect(stdout).toMatch(/^v \(cumulant\) /m);
  // the replica store sits beside the output by default (.stairs/store)
  expect(readdirSync(join(dir, "sub")).sort()).toEqual([".stairs", "staircase.json", "staircase.svg"]);
});

test("run --run picks one run of a preset; a config file works like a preset", () => {
  const dir = mkdtempSync(join(tmpdir(), "stairs-run-"));
  const one = stairs("run", "staircase", "--run", "correlated", "--set", "model.d=16", "--set", "steps=300", "--set", "replicas=1", "--quiet", "--no-store"); // stdout: no store in the working directory
  expect(one.status).toBe(0);
  const result = JSON.parse(one.stdout);
  expect(result.config.model.coupling).toEqual({ kind: "sign" });
  expect(result.replicas.length).toBe(1);
  const bad = stairs("run", "staircase", "--run", "both", "--out", join(dir, "x.json"));
  expect(bad.status).not.toBe(0);
  expect(bad.stderr).toMatch(/--run must be one of the runs of staircase: independent, correlated/);
  expect(readdirSync(dir)).toEqual([]);
  const file = join(dir, "neuron.json");
  writeFileSync(file, JSON.stringify({ description: "a file", model: { kind: "spiked-covariance", d: 16 }, learner: { kind: "neuron" }, steps: 100 }));
  const fromFile = stairs("run", file, "--set", "seed=3", "--quiet", "--no-store");
  expect(fromFile.status).toBe(0);
  expect(JSON.parse(fromFile.stdout).config).toMatchObject({ seed: 3, steps: 100, model: { kind: "spiked-covariance", d: 16, betaU: 5 } });
});
