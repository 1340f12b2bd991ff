// The command line's outputs, tried as a hostile user would (issue 13, "The defects found"): an output that
// is the input, an output that cannot be written, and absurd worker counts are refused before any work,
// without touching the input and without writing a partial result; a config file with a UTF-8 byte-order
// mark is read like any other.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const cli = new URL("../dist/cli.js", import.meta.url).pathname;

function stairs(...args: string[]) {
  const t0 = Date.now();
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, millis: Date.now() - t0 };
}

const small = { model: { kind: "mcm", d: 16 }, learner: { kind: "neuron" }, steps: 200, replicas: 2, record: { points: 4, testSize: 10 } };
// Long enough (about a minute) that finishing it before refusing would show.
const long = { ...small, steps: 30_000_000, replicas: 1, record: { points: 4, testSize: 0 } };

function dir() {
  return mkdtempSync(join(tmpdir(), "stairs-outputs-"));
}

describe("outputs are checked before any work", () => {
  test("run --out equal to the config file is refused and leaves the config as it was", () => {
    const d = dir();
    const config = join(d, "cfg.json");
    const text = JSON.stringify(small);
    writeFileSync(config, text);
    const r = stairs("run", config, "--out", config, "--quiet");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--out must be a file other than the input/);
    expect(readFileSync(config, "utf8")).toBe(text);
  });

  test("plot --out equal to its input is refused and leaves the input as it was", () => {
    const d = dir();
    const result = join(d, "r.json");
    expect(stairs("run", writeConfig(d), "--out", result, "--quiet").status).toBe(0);
    const before = readFileSync(result, "utf8");
    const r = stairs("plot", result, "--out", result);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--out must be a file other than the input/);
    expect(readFileSync(result, "utf8")).toBe(before);
  });

  test("run --out ok.json --plot into a path that cannot be written: refused at once, ok.json not written", () => {
    const d = dir();
    const blocker = join(d, "file");
    writeFileSync(blocker, "a file, not a directory");
    const ok = join(d, "ok.json");
    const r = stairs("run", writeConfig(d, long), "--out", ok, "--plot", join(blocker, "x.svg"), "--quiet");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--plot must be a path where a file can be written/);
    expect(existsSync(ok)).toBe(false);
    expect(r.millis).toBeLessThan(20_000); // the run itself would take about a minute
  });

  test.each([
    ["sweep", ["sweep", "mean", "--d", "64,128", "--replicas", "3", "--out"]],
    ["theory --json", ["theory", "CONFIG", "--json"]],
  ])("%s into a path that cannot be written is refused before any work", (_name, args) => {
    const d = dir();
    const blocker = join(d, "file");
    writeFileSync(blocker, "x");
    const argv = args.map((a) => (a === "CONFIG" ? writeConfig(d) : a));
    const r = stairs(...argv, join(blocker, "out.json"));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/must be a path where a file can be written/);
  });

  test("--workers 10000 is refused with the bound", () => {
    const r = stairs("run", writeConfig(dir()), "--workers", "10000", "--quiet");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/at most 64 worker threads/);
  });

  test("a run that would not finish is refused with the estimate", () => {
    const huge = { ...small, steps: 2 ** 48, replicas: 1 };
    const r = stairs("run", writeConfig(dir(), huge), "--quiet");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/steps must be smaller: one replica would take about .* days of one core/);
  });

  test("a config file with a UTF-8 byte-order mark runs like one without", () => {
    const d = dir();
    const plain = join(d, "plain.json");
    const bom = join(d, "bom.json");
    writeFileSync(plain, JSON.stringify(small));
    writeFileSync(bom, "\uFEFF" + JSON.stringify(small));
    const a = stairs("run", plain, "--quiet");
    const b = stairs("run", bom, "--quiet");
    expect(b.status).toBe(0);
    const hashes = (s: string) => JSON.parse(s).replicas.map((r: { hash: string }) => r.hash);
    expect(hashes(b.stdout)).toEqual(hashes(a.stdout));
  });
});

function writeConfig(d: string, config: object = small): string {
  const path = join(d, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
}
