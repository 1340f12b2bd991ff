// The standalone functions beside the Stairs class (src/stairs.ts): load() gives a bare instance, and
// sample, modelTheory, run and theory of it give the very numbers of the class's methods; each instance
// has its own memory. The size they buy a page is checked by test/bundle.test.ts.
import { describe, expect, it } from "vitest";
import { init, load, modelTheory, run, sample, Stairs, theory } from "../src/index.js";
import * as core from "../src/core.js";

const model = { kind: "mcm" as const, d: 16, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" as const };
const bits = (a: Float64Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).join(",");

describe("standalone functions", () => {
  it("load() returns a bare instance, not a Stairs, each with its own kernels", async () => {
    const a = await load(), b = await load();
    expect(a).not.toBeInstanceOf(Stairs);
    expect(a.kernels).not.toBe(b.kernels);
    expect(a.kernels.memory).not.toBe(b.kernels.memory);
  });

  it("sample, modelTheory, run and theory give the class methods' numbers, on a bare instance or a Stairs", async () => {
    const bare = await load(), stairs = await init();
    const s1 = sample(bare, model, 50, 3), s2 = stairs.sample(model, 50, 3), s3 = sample(stairs, model, 50, 3);
    for (const key of ["x", "y", "lambda", "nu"] as const) {
      expect(bits(s1[key])).toBe(bits(s2[key]));
      expect(bits(s3[key])).toBe(bits(s2[key]));
    }
    expect(modelTheory(bare, model)).toEqual(stairs.modelTheory(model));
    const config = { model, learner: { kind: "neuron" as const }, steps: 200, replicas: 2, seed: 1 };
    const [r1, r2] = [await run(bare, config), await stairs.run(config)];
    expect(r1.replicas.map((r) => r.hash)).toEqual(r2.replicas.map((r) => r.hash));
    expect(theory(bare, config)).toEqual(stairs.theory(config));
  });

  it("stairs/core: init is load, and the built dist/core.js exports the same names from the bundle", async () => {
    expect(core.init).toBe(load);
    expect(core.sample).toBe(sample);
    const built = await import(new URL("../dist/core.js", import.meta.url).href);
    expect(Object.keys(built).sort()).toEqual(Object.keys(core).sort());
    const bare = await built.init(), stairs = await init();
    expect(bare).not.toBeInstanceOf(Stairs);
    expect(bits(built.sample(bare, model, 50, 3).x)).toBe(bits(stairs.sample(model, 50, 3).x));
  });

  it("a bad config names the innermost field, as the class does", async () => {
    const bare = await load();
    expect(() => sample(bare, { d: 16, betaX: 1 } as never, 5, 1)).toThrow(/model\.betaX must be absent/);
  });
});
