// The house rules, enforced: the layer order of src/ (scripts/check-layers.mjs) and the wasm contract
// (scripts/wasm-contract.mjs, src/wasm/codes.ts). Each check is also fed a broken input to show it fails.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkLayers, importGraph, importsOf, LAYERS } from "../scripts/check-layers.mjs";
import { checkContract, contractError, exportNames, exportsInterface } from "../scripts/wasm-contract.mjs";
import { MAX_HERMITE_DEGREE } from "../src/config/activation.js";
import { init } from "../src/index.js";
import { codes } from "../src/wasm/codes.js";

const root = new URL("..", import.meta.url).pathname;
type Edge = { from: string; to: string };

describe("layers of src/", () => {
  it("the repository's import graph obeys the layer order", () => {
    const edges: Edge[] = importGraph(root);
    expect(edges.length).toBeGreaterThan(100);
    expect(checkLayers(edges)).toEqual([]);
  });

  it("every folder and top-level file of src/ has a layer", () => {
    const units = new Set((LAYERS as string[][]).flat());
    const edges: Edge[] = importGraph(root);
    const seen = new Set(edges.filter((e) => e.from.startsWith("src/")).map((e) => e.from.split("/")[1].replace(/\.ts$/, "")));
    for (const unit of seen) expect(units.has(unit), unit).toBe(true);
  });

  it("reads every import form", () => {
    const text = `import { a } from "./a.js";\nimport type { B } from '../b.js';\nexport { c } from "./c.js";\nconst d = await import("./d.js");\nimport "./e.js";\nimport { z } from "zod";`;
    expect(importsOf(text)).toEqual(["./a.js", "../b.js", "./c.js", "./d.js", "./e.js"]);
  });

  it("fails on an import upwards, between two units of one layer, a cycle, and imports from outside", () => {
    const bad: Edge[] = [
      { from: "src/theory/dynamics.ts", to: "src/run/replica.js" }, // theory -> run: upwards
      { from: "src/run/replica.ts", to: "src/theory/dynamics.js" }, // run -> theory: fine alone, a cycle with the above
      { from: "src/config/model.ts", to: "src/io/npy.js" }, // the same layer
      { from: "src/model/sample.ts", to: "reference/model.js" }, // the oracle is not part of the library
      { from: "web/app.ts", to: "src/run/run.js" }, // the page goes through src/index.ts
      { from: "src/model/model.ts", to: "build/stairs.wasm" }, // only src/wasm/ loads the binary
      { from: "src/newfolder/x.ts", to: "src/errors.js" }, // not in the layer order
    ];
    const problems: string[] = checkLayers(bad);
    expect(problems).toHaveLength(6);
    expect(problems[0]).toContain('"theory" may not import "run" (a higher layer)');
    expect(problems[1]).toContain('"config" may not import "io" (a unit of the same layer)');
    expect(problems[2]).toContain("outside src/");
    expect(problems[3]).toContain("through src/index.ts only");
    expect(problems[4]).toContain("only src/wasm/ loads the build output");
    expect(problems[5]).toContain('"newfolder" is not in the layer order');
  });
});

describe("the wasm contract", () => {
  const dts = readFileSync(path.join(root, "build/stairs.d.ts"), "utf8");

  it("src/wasm/exports.ts is what the build generates from the module's declaration", () => {
    expect(readFileSync(path.join(root, "src/wasm/exports.ts"), "utf8")).toBe(exportsInterface(dts));
  });

  it("fails, naming it, when a kernel is removed or renamed; takes new kernels", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stairs-contract-"));
    const outPath = path.join(dir, "exports.ts");
    const dtsPath = path.join(dir, "stairs.d.ts");
    const contract = exportsInterface(dts);
    writeFileSync(outPath, contract);
    const renamed = dts.replace(/export function neuronCreate\(/, "export function neuronMake(");
    expect(renamed).not.toBe(dts);
    writeFileSync(dtsPath, renamed);
    expect(checkContract({ dtsPath, outPath })).toEqual({ removed: ["neuronCreate"], added: ["neuronMake"], written: false });
    expect(readFileSync(outPath, "utf8")).toBe(contract); // left as it was
    expect(contractError(["neuronCreate"])).toMatch(/no longer exports neuronCreate/);
    expect(checkContract({ dtsPath, outPath, force: true }).written).toBe(true);
    expect(exportNames(readFileSync(outPath, "utf8"))).toContain("neuronMake");
    // an added kernel is taken into the contract
    writeFileSync(outPath, contract);
    writeFileSync(dtsPath, dts.replace(/(\n {2}export function ln\()/, "\n  export function lnNew(x: number): number;$1"));
    expect(checkContract({ dtsPath, outPath })).toEqual({ removed: [], added: ["lnNew"], written: true });
    expect(() => exportsInterface("declare namespace Other {}")).toThrow(/unexpected asc declaration format/);
  });

  it("the code tables come from the module's globals, distinct within each table", async () => {
    const stairs = await init();
    const c = codes(stairs.kernels);
    const k = stairs.kernels as unknown as Record<string, WebAssembly.Global>;
    expect(c.activation.hermite).toBe(k.ACTIVATION_HERMITE.value);
    expect(c.loss.logistic).toBe(k.LOSS_LOGISTIC.value);
    expect(c.coupling.cubic).toBe(k.COUPLING_CUBIC.value);
    for (const table of [c.activation, c.loss, c.testSet, c.latent, c.coupling, c.failure]) {
      const values = Object.values(table);
      expect(new Set(values).size).toBe(values.length);
      for (const v of values) expect(Number.isInteger(v)).toBe(true);
    }
    // The config layer is pure data and keeps its own bound; it must be the wasm's.
    expect(c.maxHermiteDegree).toBe(MAX_HERMITE_DEGREE);
  });
});
