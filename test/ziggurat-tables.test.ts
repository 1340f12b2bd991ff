// The batch ziggurat's constants (assembly/random.ts: 1024 layers) against their derivation: the
// double-precision solution of scripts/ziggurat-constants.mjs, which itself must reproduce the published
// constants of the 128-layer (Doornik 2005, 12 digits) and 256-layer (Marsaglia & Tsang 2000) ziggurats.
// That the wasm's own tables close at the top is the kernel test's (assembly/__tests__/random.spec.ts).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { zigguratConstants } from "../scripts/ziggurat-constants.mjs";

const source = readFileSync(new URL("../assembly/random.ts", import.meta.url), "utf8");
const constant = (name: string) => {
  const match = new RegExp(`const ${name}: f64 = ([0-9.e-]+);`).exec(source);
  if (!match) throw new Error(`assembly/random.ts declares no ${name}`);
  return Number(match[1]);
};
/** The area of the top layer of the table zigBuild (assembly/random.ts) makes from n, R and V. */
function topLayerArea(n: number, r: number, v: number): number {
  let x = r;
  let f = Math.exp(-0.5 * r * r);
  for (let i = 2; i < n; i++) {
    x = Math.sqrt(-2 * Math.log(v / x + f));
    f = Math.exp(-0.5 * x * x);
  }
  return x * (1 - f);
}
const layers = Number(/export const QUAD_LAYERS: i32 = (\d+);/.exec(source)?.[1]);

describe("the ziggurats' constants R and V", () => {
  it("the solver reproduces the published 128- and 256-layer constants", () => {
    expect(Math.abs(zigguratConstants(128).r / 3.442619855899 - 1)).toBeLessThan(1e-11);
    const mt = zigguratConstants(256);
    expect(Math.abs(mt.r / 3.6541528853610088 - 1)).toBeLessThan(1e-15);
    expect(Math.abs(mt.v / 4.92867323399e-3 - 1)).toBeLessThan(1e-11);
  });

  it(`the batch ziggurat's (${layers} layers) are the solution, and its top layer closes`, () => {
    expect(layers).toBe(1024);
    const r = constant("QUAD_R");
    const v = constant("QUAD_V");
    const solved = zigguratConstants(layers);
    expect(Math.abs(r / solved.r - 1)).toBeLessThan(4e-16);
    expect(Math.abs(v / solved.v - 1)).toBeLessThan(1e-14);
    // the table as zigBuild makes it from R and V closes: its top layer [0, x_1023] has area V
    expect(Math.abs(topLayerArea(layers, r, v) / v - 1)).toBeLessThan(1e-12);
    // the check can fail: Marsaglia & Tsang's 12-digit V leaves their 256-layer top layer off by 1e-9 of V
    expect(Math.abs(topLayerArea(256, 3.6541528853610088, 4.92867323399e-3) / 4.92867323399e-3 - 1)).toBeGreaterThan(1e-10);
  });
});
