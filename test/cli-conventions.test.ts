// The command line's conventions (docs/cli.md): "-" for standard input and output, output folders created,
// --quiet and --verbose everywhere, exit status 2 for usage errors and 1 for run-time failures, no
// silent overwrite (a note, or --no-clobber), a result accepted as its config, workers from the available cores, an
// example in every help text, developer commands hidden, shell completion; and errors that name the
// innermost field the same way from the API and the command line. Each test failed before its fix.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type * as Library from "../src/index.js";

const { init, StairsInputError } = (await import(process.env.STAIRS_LIB ?? "../src/index.js")) as typeof Library;

// STAIRS_CLI and STAIRS_LIB point these tests at another build (docs/packaging.md runs them against the
// build before issue 15 to show that each failed there): the command line and the library it checks.
const cli = process.env.STAIRS_CLI ?? new URL("../dist/cli.js", import.meta.url).pathname;
let dir: string;
const stairs = (args: string[], input?: string, node: string[] = []) => spawnSync(process.execPath, [...node, cli, ...args], { cwd: dir, encoding: "utf8", input, timeout: 120_000 });
// A machine with 3 cores, whatever this one has: os.availableParallelism and os.cpus patched before the CLI loads.
const FAKE_CORES = 3;
const config = { model: { kind: "mcm", d: 16 }, steps: 60, replicas: 2, seed: 1, record: { points: 8, testSize: 50 } };
const configText = JSON.stringify(config);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "stairs-conventions-"));
  writeFileSync(join(dir, "c.json"), configText);
  writeFileSync(
    join(dir, "fake-cores.cjs"),
    `const os = require("node:os"); const cpus = os.cpus; os.availableParallelism = () => ${FAKE_CORES}; os.cpus = () => Array.from({ length: ${FAKE_CORES} }, () => cpus()[0]); require("node:module").syncBuiltinESMExports();`,
  );
});

describe('"-" is standard input and output', () => {
  it("run --out - writes the JSON to stdout and no file named -", () => {
    const r = stairs(["run", "c.json", "--out", "-", "--quiet", "--workers", "1"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).replicas.length).toBe(2);
    expect(existsSync(join(dir, "-"))).toBe(false);
  });

  it("theory --json - writes the JSON to stdout (the report to stderr) and no file named -", () => {
    const r = stairs(["theory", "c.json", "--json", "-"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).config.model.d).toBe(16);
    expect(r.stderr).toMatch(/Information exponents/);
    expect(existsSync(join(dir, "-"))).toBe(false);
  });

  it("run, theory and sample read their config from stdin", () => {
    rmSync(join(dir, "-"), { force: true }); // a file named "-" (which an old build wrote) must not stand in for stdin
    const run = stairs(["run", "-", "--quiet", "--workers", "1"], configText);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).config.steps).toBe(60);
    const theory = stairs(["theory", "-", "--quiet", "--json", "-"], configText);
    expect(theory.status, theory.stderr).toBe(0);
    const sample = stairs(["sample", "-", "--n", "5", "--out", "stdin/s", "--quiet"], configText);
    expect(sample.status, sample.stderr).toBe(0);
    expect(existsSync(join(dir, "stdin/s.x.npy"))).toBe(true);
  });
});

describe("outputs", () => {
  it("sample creates missing output folders, as run does", () => {
    const r = stairs(["sample", "c.json", "--n", "4", "--out", "data/new/mcm", "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    for (const name of ["x", "y", "lambda", "nu", "spikes"]) expect(existsSync(join(dir, `data/new/mcm.${name}.npy`)), name).toBe(true);
  });

  it("an existing output is replaced with a note, never silently; --no-clobber refuses it (status 2, before any work)", () => {
    expect(stairs(["run", "c.json", "--out", "keep.json", "--quiet", "--workers", "1"]).status).toBe(0);
    writeFileSync(join(dir, "keep.json"), "old");
    const replaced = stairs(["run", "c.json", "--out", "keep.json", "--workers", "1", "--plain"]);
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(replaced.stderr).toContain("stairs: replacing keep.json");
    expect(JSON.parse(readFileSync(join(dir, "keep.json"), "utf8")).config.steps).toBe(60);
    writeFileSync(join(dir, "keep.json"), "precious");
    const kept = stairs(["run", "c.json", "--out", "keep.json", "--workers", "1", "--no-clobber"]);
    expect(kept.status).toBe(2);
    expect(kept.stderr).toMatch(/--out must be a file that does not exist yet \(--no-clobber\); got "keep.json"/);
    expect(kept.stderr).not.toMatch(/run c.json/); // refused before any work: no progress
    expect(readFileSync(join(dir, "keep.json"), "utf8")).toBe("precious");
    expect(stairs(["sample", "c.json", "--n", "4", "--out", "data/new/mcm", "--no-clobber"]).status).toBe(2);
  });

  it("plot without --out writes the SVG beside its input (it exited 1)", () => {
    expect(stairs(["run", "c.json", "--out", "for-plot.json", "--quiet", "--workers", "1"]).status).toBe(0);
    const r = stairs(["plot", "for-plot.json", "--no-theory"]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "for-plot.svg"), "utf8")).toMatch(/^<svg/);
  });

  it("a result given as a config stands for its config", () => {
    expect(stairs(["run", "c.json", "--out", "first.json", "--quiet", "--workers", "1"]).status).toBe(0);
    const r = stairs(["run", "first.json", "--out", "second.json", "--quiet", "--workers", "1"]);
    expect(r.status, r.stderr).toBe(0);
    const [a, b] = ["first.json", "second.json"].map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));
    expect(b.config).toEqual(a.config);
    expect(b.replicas.map((x: { hash: string }) => x.hash)).toEqual(a.replicas.map((x: { hash: string }) => x.hash));
    const theoryResult = stairs(["theory", "c.json", "--json", "th.json", "--quiet"]);
    expect(theoryResult.status).toBe(0);
    const refused = stairs(["run", "th.json", "--quiet"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/use its "config" field as the config/);
    expect(refused.stderr.length).toBeLessThan(400); // a hint, not a dump of the whole config
  });
});

describe("exit status, verbosity, workers", () => {
  it("usage errors exit 2, run-time failures 1", () => {
    expect(stairs(["run", "no-such-preset"]).status).toBe(2);
    expect(stairs(["run", "c.json", "--bogus"]).status).toBe(2);
    expect(stairs(["run", "c.json", "--workers", "0"]).status).toBe(2);
    expect(stairs(["run", "c.json", "--set", "model.d=2"]).status).toBe(2);
    expect(stairs(["nope"]).status).toBe(2);
    writeFileSync(join(dir, "a-file"), "");
    // an output that cannot be written is found before any work (the folder is a file): a usage error
    const unwritable = stairs(["run", "c.json", "--out", "a-file/result.json", "--quiet", "--workers", "1"]);
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toMatch(/--out must be a path where a file can be written/);
    // an I/O error once the work has started (the replica store's folder is a file): a run-time failure
    const io = stairs(["run", "c.json", "--out", "r-io.json", "--store", "a-file", "--quiet", "--workers", "1"]);
    expect(io.status).toBe(1);
    expect(stairs(["--version"]).status).toBe(0);
    expect(stairs(["run", "--help"]).status).toBe(0);
  });

  it("every command takes --quiet and --verbose", () => {
    for (const command of ["run", "sweep", "sample", "theory", "plot", "export", "presets", "merge", "slurm"]) {
      const help = stairs([command, "--help"]).stdout;
      expect(help, command).toMatch(/-q, --quiet/);
      expect(help, command).toMatch(/-v, --verbose/);
    }
  });

  it("sweep --quiet prints no progress and nothing on stderr", () => {
    const sweep = stairs(["sweep", "mean", "--d", "16,24", "--replicas", "3", "--control-replicas", "1", "--budget", "40*d", "--quiet", "--workers", "1"]);
    expect(sweep.status, sweep.stderr).toBe(0);
    expect(sweep.stderr).toBe("");
    expect(sweep.stdout).toMatch(/^fit: n\* ~ d\^/m); // the table is the result when there is no --out
  });

  it("the default worker count is the available cores (not min(2, cores)), on a machine with 3", () => {
    // faked: this machine may have 2 cores, where min(2, cores) is the same
    const help = stairs(["run", "--help"], undefined, ["-r", join(dir, "fake-cores.cjs")]).stdout;
    expect(help).not.toMatch(/\(default: 2\)/);
    expect(help).toMatch(new RegExp(`the\\s+available\\s+cores,\\s+${FAKE_CORES}\\s+here`));
  });

  it("the default worker count is the one used, and said with --verbose", () => {
    const r = stairs(["run", "c.json", "--verbose", "--out", "w.json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`2 replicas on ${availableParallelism()} worker thread(s)`);
    expect(stairs(["run", "--help"]).stdout).toMatch(new RegExp(`the\\s+available\\s+cores,\\s+${availableParallelism()}\\s+here`));
  });
});

describe("help and completion", () => {
  it("demo is hidden from the command list but works", () => {
    const top = stairs(["--help"]).stdout;
    expect(top).not.toMatch(/^\s+demo\b/m);
    expect(stairs(["demo", "--seed", "3"]).status).toBe(0);
  });

  it("every help text carries an example; the top help states the exit statuses", () => {
    for (const command of ["run", "sweep", "sample", "theory", "plot", "export", "presets", "merge", "slurm", "completion", "demo"]) {
      expect(stairs([command, "--help"]).stdout, command).toMatch(/\nExamples?:\n  stairs /);
    }
    expect(stairs(["--help"]).stdout).toMatch(/Exit status: 0 success, 1 run-time failure, 2 usage error/);
  });

  it("bash completion completes commands, options and preset names", () => {
    const script = stairs(["completion", "bash"]).stdout;
    writeFileSync(join(dir, "stairs.bash"), script);
    const probe = (words: string[]) =>
      spawnSync("bash", ["-c", `source ./stairs.bash; COMP_WORDS=(${words.join(" ")}); COMP_CWORD=${words.length - 1}; _stairs; echo "\${COMPREPLY[@]}"`], { cwd: dir, encoding: "utf8" }).stdout.trim();
    expect(probe(["stairs", "sw"])).toBe("sweep");
    expect(probe(["stairs", "run", "--np"])).toBe("--npz");
    expect(probe(["stairs", "run", "stairc"])).toBe("staircase");
    expect(script).not.toContain("demo");
  });

  it.runIf(spawnSync("zsh", ["--version"]).status === 0)("the zsh completion script parses", () => {
    writeFileSync(join(dir, "_stairs"), stairs(["completion", "zsh"]).stdout);
    const r = spawnSync("zsh", ["-n", join(dir, "_stairs")], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });
});

describe("errors name the innermost field", () => {
  const bad = { model: { d: 16, betaX: 1 }, steps: 10 };
  it('{"model": {"d": 16, "betaX": 1}} reports field "model.betaX" from the API and the command line', async () => {
    const api = await init();
    let error: unknown;
    try {
      await api.run(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StairsInputError);
    expect((error as Library.StairsInputError).field).toBe("model.betaX");
    expect((error as Library.StairsInputError).message).toBe("model.betaX must be absent (not a known field); got 1");
    writeFileSync(join(dir, "bad.json"), JSON.stringify(bad));
    const r = stairs(["run", "bad.json"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("stairs: model.betaX must be absent (not a known field); got 1");
  });
});
