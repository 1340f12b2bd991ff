// Vector kernels and random draws at d = 1024: the wasm against plain TypeScript loops, same run.
import type { Stairs } from "../src/index.js";
import { axpyReference, dotSequential } from "../reference/vector.js";
import { boxMullerFill } from "./baseline.js";
import { measure, type Row } from "./harness.js";


export function benchKernels(stairs: Stairs, d = 1024): Row[] {
  const s = stairs.stream(1, 0);
  const x = stairs.vector(s.normal(d));
  const y = stairs.vector(s.normal(d));
  const jx = x.toArray();
  const jy = y.toArray();
  let sink = 0;
  const rows: Row[] = [];
  rows.push({
    what: `dot, d = ${d}`,
    unit: "ns/element",
    wasm: measure(() => (sink += stairs.kernels.dot(x.ptr, y.ptr, d)), d),
    baseline: measure(() => (sink += dotSequential(jx, jy)), d),
    baselineName: "TS Float64Array loop",
  });
  rows.push({
    what: `axpy, d = ${d}`,
    unit: "ns/element",
    wasm: measure(() => stairs.kernels.axpy(1e-9, x.ptr, y.ptr, d), d),
    baseline: measure(() => axpyReference(1e-9, jx, jy), d),
    baselineName: "TS Float64Array loop",
  });
  const buf = stairs.vector(d);
  const jbuf = new Float64Array(d);
  rows.push({
    what: "standard normal draw (ziggurat, in batches of d)",
    unit: "ns/draw",
    wasm: measure(() => stairs.kernels.fillNormal(s.statePtr, buf.ptr, d), d),
    baseline: measure(() => boxMullerFill(jbuf), d),
    baselineName: "TS Box-Muller on Math.random",
  });
  if (sink === 42) console.log(""); // keep the results alive
  return rows;
}
