// The built command line (dist/cli.js, made by `npm test`'s build step): bad input exits non-zero with a
// message that says what is allowed, before any work starts, and writes nothing.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const cli = new URL("../dist/cli.js", import.meta.url).pathname;

function stairs(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("stairs command line", () => {
  const out = () => join(mkdtempSync(join(tmpdir(), "stairs-cli-")), "out.json");

  test("presets lists every preset with its description", () => {
    const { status, stdout } = stairs("presets");
    expect(status).toBe(0);
    for (const name of ["staircase", "mean", "covariance", "cumulant", "cumulant-correlated"]) expect(stdout).toMatch(new RegExp(`^${name} +\\S`, "m"));
  });

  test.each([
    [["sweep", "no-such-preset"], /preset must be one of the presets .*staircase.*; got "no-such-preset"/],
    [["sweep", "missing/file.json"], /config file must be an existing JSON file/],
    [["sweep", "mean", "--set", "model.dd=3"], /unknown --set path "model\.dd": model has no field "dd"; its fields are kind, d, /],
    [["sweep", "mean", "--set", "nonsense=3"], /unknown --set path "nonsense": the config has no field "nonsense"; its fields are model, learner/],
    [["sweep", "mean", "--set", "model.d=2"], /model\.d must be >= 4; got 2/],
    [["sweep", "mean", "--set", "learner.loss=hinge"], /learner\.loss must be one of "correlation", "square"; got "hinge"/],
    [["sweep", "mean", "--target", "w"], /sweep\.target must be one of "m", "u", "v"; got "w"/],
    [["sweep", "mean", "--d", "16,x"], /comma-separated list of positive integers/],
    [["sweep", "mean", "--target", "u"], /model\.betaU must be > 0 for a sweep with target u/],
  ])("sweep %j is refused and writes nothing", (args, message) => {
    const file = out();
    const { status, stderr } = stairs(...args, "--out", file);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(join(file, ".."))).toEqual([]);
  });

  test("plot refuses a file that is not a result, and writes nothing", () => {
    const file = out().replace(/json$/, "svg");
    const { status, stderr } = stairs("plot", cli, "--out", file);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/must be a readable JSON file/);
    expect(existsSync(file)).toBe(false);
  });

  test.each([["presets"], ["sweep"], ["plot"]])("%s --help describes the command", (command) => {
    const { status, stdout } = stairs(command, "--help");
    expect(status).toBe(0);
    expect(stdout).toContain(`Usage: stairs ${command}`);
  });
});
