// Results for NumPy: the .npz writer (zip container, string arrays), the arrays of runs, comparisons and
// sweeps (docs/python.md), `stairs run --npz`, `stairs export` and the latents of `stairs sample`. The
// archive is checked in TypeScript always; with numpy (python3 -c "import numpy") the files are also
// loaded by NumPy itself, and with matplotlib the plotting snippet of docs/python.md runs as written.
import type { ExperimentConfigInput, ModelConfigInput } from "../src/index.js";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { init, type RunResult, type Stairs } from "../src/index.js";
import { decodeNpy, encodeNpyStrings } from "../src/io/npy.js";
import { crc32, encodeZip } from "../src/io/npz.js";
import { runArrays, resultArrays, resultCsv } from "../src/run/arrays.js";

const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "dist/cli.js");
const stairsCli = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 120_000 });

/** The first python3 on the machine that imports all the modules (PATH's, then Debian's), or null. */
function pythonWith(...modules: string[]): string | null {
  for (const python of ["python3", "/usr/bin/python3"]) {
    const probe = spawnSync(python, ["-c", modules.map((m) => `import ${m}`).join("; ")], { encoding: "utf8", env: { ...process.env, MPLBACKEND: "Agg" } });
    if (probe.status === 0) return python;
  }
  return null;
}
const numpy = pythonWith("numpy");
const matplotlib = pythonWith("numpy", "matplotlib");
const py = (python: string, code: string, cwd: string) => {
  const r = spawnSync(python, ["-c", code], { cwd, encoding: "utf8", env: { ...process.env, MPLBACKEND: "Agg" }, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
};

/** Entries of a zip archive (stored or deflated), with their CRC checked. */
function readZip(bytes: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const body = bytes.subarray(start, start + size);
    const data = method === 8 ? new Uint8Array(inflateRawSync(body)) : body;
    expect(crc32(data), name).toBe(crc);
    out.set(name, data);
    at += 46 + nameLength;
  }
  return out;
}

let stairs: Stairs;
let dir: string;
let run: RunResult;
const tensorConfig: ExperimentConfigInput = { model: { kind: "tensor-pca", d: 16, order: 3, beta: 4 }, learner: { kind: "tensor-pca" }, steps: 400, replicas: 3, seed: 2, record: { points: 12 } };
beforeAll(async () => {
  stairs = await init();
  dir = mkdtempSync(join(tmpdir(), "stairs-python-"));
  run = await stairs.run(tensorConfig);
});

describe("the .npz container", () => {
  it("CRC-32 is the standard one (check value of 123456789)", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("writes a zip whose entries read back, stored and deflated, with fixed timestamps", () => {
    const a = new TextEncoder().encode("a".repeat(1000));
    const stored = encodeZip([{ name: "a.npy", data: a }]);
    const deflated = encodeZip([{ name: "a.npy", data: a }], (b) => new Uint8Array(require("node:zlib").deflateRawSync(b)));
    expect(deflated.length).toBeLessThan(stored.length);
    for (const zip of [stored, deflated]) expect(readZip(zip).get("a.npy")).toEqual(a);
    expect(encodeZip([{ name: "a.npy", data: a }])).toEqual(stored); // same arrays, same bytes
  });

  it("string arrays are NumPy '<Un' (UTF-32LE), 0-d for one string", () => {
    const bytes = encodeNpyStrings(["αβ", "x"], [2]);
    const header = new TextDecoder().decode(bytes.subarray(10, 64));
    expect(header).toContain("'descr': '<U2'");
    expect(header).toContain("'shape': (2,)");
    expect(new DataView(bytes.buffer).getUint32(10 + bytes[8] + 256 * bytes[9], true)).toBe(0x3b1); // α
    expect(new TextDecoder().decode(encodeNpyStrings(["{}"], []).subarray(10, 64))).toContain("'shape': ()");
  });
});

describe("the arrays of a result", () => {
  it("a run: overlaps (R, K, 3) with NaN for the directions tensor PCA lacks, NaN for a never-reached recovery", () => {
    const arrays = runArrays(run);
    const K = run.replicas[0].checkpoints.length;
    expect(arrays.overlaps.shape).toEqual([3, K, 3]);
    const o = (arrays.overlaps as { data: Float64Array }).data;
    expect(Number.isNaN(o[0]) && Number.isNaN(o[1])).toBe(true); // m, u
    expect(o[2]).toBe(run.replicas[0].checkpoints[0].overlap.v);
    expect(o[(2 * K + K - 1) * 3 + 2]).toBe(run.replicas[2].checkpoints[K - 1].overlap.v);
    const weak = (arrays.weak_recovery as { data: Float64Array }).data;
    run.replicas.forEach((r, i) => expect(weak[3 * i + 2]).toEqual(r.weakRecovery.v ?? NaN));
    expect(arrays.steps.shape).toEqual([K]);
    expect("per_unit_overlaps" in arrays).toBe(false);
  });

  it("pads a replica that diverged (fewer checkpoints) with NaN and records its step", () => {
    const clone: RunResult = JSON.parse(JSON.stringify(run));
    const K = clone.replicas[0].checkpoints.length;
    clone.replicas[1].checkpoints = clone.replicas[1].checkpoints.slice(0, 4);
    clone.replicas[1].diverged = { step: 17, reason: "non-finite weights" };
    const arrays = runArrays(clone);
    expect(arrays.overlaps.shape).toEqual([3, K, 3]);
    const o = (arrays.overlaps as { data: Float64Array }).data;
    expect(o[(K + 3) * 3 + 2]).toBe(clone.replicas[1].checkpoints[3].overlap.v);
    expect(Number.isNaN(o[(K + 4) * 3 + 2])).toBe(true);
    expect(Array.from((arrays.diverged_step as { data: Float64Array }).data)).toEqual([NaN, 17, NaN]);
  });

  it("a sweep: recovery steps (D, R) with NaN for censored replicas, fit as [exponent, intercept, lo, hi]", () => {
    const sweep = JSON.parse(readFileSync(join(root, "docs/figures/sweep-mean.json"), "utf8"));
    const arrays = resultArrays(sweep)!;
    const D = sweep.perD.length, R = sweep.perD[0].recoverySteps.length;
    expect(arrays.recovery_steps.shape).toEqual([D, R]);
    expect((arrays.fit as { data: Float64Array }).data[0]).toBe(sweep.fit.exponent);
    expect(Array.from((arrays.d as { data: Float64Array }).data)).toEqual(sweep.perD.map((p: { d: number }) => p.d));
    expect(resultCsv(sweep)!.split("\n")[1]).toMatch(/^m,64,\d+,0,\d+$/);
  });

  it("CSV: a header and a row per (replica, checkpoint); missing values are empty cells", () => {
    const lines = resultCsv(run)!.trim().split("\n");
    expect(lines[0]).toBe("run,replica,step,samples,n_over_d,alpha_m,alpha_u,alpha_v,accuracy,loss");
    expect(lines.length).toBe(1 + run.replicas.reduce((s, r) => s + r.checkpoints.length, 0));
    expect(lines[1]).toMatch(/^,0,0,0,0,,,-?[0-9.e-]+,/);
  });
});

describe("NumPy reads what stairs writes", () => {
  it.runIf(numpy)("stairs run --npz: np.load(...)['overlaps'].shape is (replicas, checkpoints, 3); the values are the JSON's", () => {
    writeFileSync(join(dir, "t.json"), JSON.stringify(tensorConfig));
    const r = stairsCli("run", join(dir, "t.json"), "--out", join(dir, "t-result.json"), "--npz", join(dir, "out/t.npz"), "--quiet");
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, "t-result.json"), "utf8")) as RunResult;
    const K = result.replicas[0].checkpoints.length;
    expect(py(numpy!, "import numpy as np; r = np.load('out/t.npz'); print(r['overlaps'].shape)", dir)).toBe(`(3, ${K}, 3)`);
    const check = py(
      numpy!,
      [
        "import json, numpy as np",
        "r = np.load('out/t.npz')",
        "j = json.load(open('t-result.json'))",
        "v = np.array([[c['overlap']['v'] for c in rep['checkpoints']] for rep in j['replicas']])",
        "assert np.array_equal(r['overlaps'][:, :, 2], v)",
        "assert np.isnan(r['overlaps'][:, :, :2]).all()",
        "assert json.loads(r['config'].item()) == j['config']",
        "assert list(r['hash']) == [rep['hash'] for rep in j['replicas']]",
        "wr = [rep['weakRecovery']['v'] for rep in j['replicas']]",
        "assert all((np.isnan(a) if b is None else a == b) for a, b in zip(r['weak_recovery'][:, 2], wr))",
        "print(sorted(r.keys())[:3], r['kind'].item())",
      ].join("\n"),
      dir,
    );
    expect(check).toBe("['accuracy', 'config', 'directions'] run");
  });

  it.runIf(numpy)("stairs export of a comparison: runs, NAME/overlaps; a network's per-unit overlaps and censored accuracies", async () => {
    const net: ExperimentConfigInput & { model: ModelConfigInput } = { model: { kind: "mcm", d: 16 }, learner: { kind: "network", hidden: 3 }, steps: 200, replicas: 2, seed: 1, record: { points: 10, testSize: 200, censored: true } };
    const comparison = {
      kind: "comparison",
      source: "test",
      description: "two runs",
      runs: [
        { name: "independent", result: await stairs.run(net) },
        { name: "correlated", result: await stairs.run({ ...net, model: { ...net.model, coupling: "sign" } }) },
      ],
    };
    writeFileSync(join(dir, "cmp.json"), JSON.stringify(comparison));
    const r = stairsCli("export", join(dir, "cmp.json"), "--npz", join(dir, "cmp.npz"), "--csv", join(dir, "cmp.csv"));
    expect(r.status, r.stderr).toBe(0);
    const K = comparison.runs[0].result.replicas[0].checkpoints.length;
    const out = py(
      numpy!,
      [
        "import numpy as np",
        "r = np.load('cmp.npz')",
        "print([str(s) for s in r['runs']], r['correlated/overlaps'].shape, r['correlated/per_unit_overlaps'].shape, r['independent/accuracy_censored_mean'].shape)",
        "t = np.genfromtxt('cmp.csv', delimiter=',', names=True, dtype=None, encoding='utf8')",
        "print(len(t), t.dtype.names[-1])",
      ].join("\n"),
      dir,
    );
    expect(out).toBe(`['independent', 'correlated'] (2, ${K}, 3) (2, ${K}, 3, 3) (2, ${K})\n${4 * K} loss_censored_covariance`);
  });

  it.runIf(numpy)("stairs sample writes the latents lambda and nu (NaN where y = -1), into folders it creates", () => {
    const config: ModelConfigInput = { kind: "mcm", d: 8, coupling: "sign" };
    writeFileSync(join(dir, "model.json"), JSON.stringify(config));
    const r = stairsCli("sample", join(dir, "model.json"), "--n", "300", "--seed", "4", "--out", join(dir, "new/deeper/mcm"), "--quiet");
    expect(r.status, r.stderr).toBe(0);
    const expected = stairs.sample(config, 300, 4);
    expect(decodeNpy(new Uint8Array(readFileSync(join(dir, "new/deeper/mcm.lambda.npy")))).data).toEqual(expected.lambda);
    expect(decodeNpy(new Uint8Array(readFileSync(join(dir, "new/deeper/mcm.nu.npy")))).data).toEqual(expected.nu);
    const out = py(
      numpy!,
      "import numpy as np\np = 'new/deeper/mcm.'\ny, lam, nu = (np.load(p + k + '.npy') for k in ('y', 'lambda', 'nu'))\n" +
        "assert (np.isnan(lam) == (y < 0)).all() and (np.isnan(nu) == (y < 0)).all()\n" +
        "assert (nu[y > 0] == np.sign(lam[y > 0])).all()\nprint(lam.shape)",
      dir,
    );
    expect(out).toBe("(300,)");
  });
});

describe("docs/python.md", () => {
  it.runIf(matplotlib)("the plotting snippet runs as written on a comparison's .npz and draws a PNG", async () => {
    const doc = readFileSync(join(root, "docs/python.md"), "utf8");
    const snippet = /<!-- test: plot -->\n```python\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(snippet).toBeDefined();
    const base: ExperimentConfigInput & { model: ModelConfigInput } = { model: { kind: "mcm", d: 16, betaM: 0 }, learner: { kind: "neuron" }, steps: 300, replicas: 3, seed: 3, record: { points: 15 } };
    const comparison = {
      kind: "comparison",
      runs: [
        { name: "independent", result: await stairs.run(base) },
        { name: "correlated", result: await stairs.run({ ...base, model: { ...base.model, coupling: "sign" } }) },
      ],
    };
    const work = join(dir, "docs");
    mkdirSync(join(work, "results"), { recursive: true });
    writeFileSync(join(work, "cmp.json"), JSON.stringify(comparison));
    expect(stairsCli("export", join(work, "cmp.json"), "--npz", join(work, "results/staircase.npz")).status).toBe(0);
    py(matplotlib!, snippet!, work);
    expect(readFileSync(join(work, "staircase.png")).subarray(1, 4).toString()).toBe("PNG");
  });
});
