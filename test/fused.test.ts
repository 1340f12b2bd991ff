// The fused learner steps (two passes per step, weights kept as scale x vector): their results must not
// depend on how a run is cut into chunks (the runner picks chunk sizes from measured speed), and the
// lazy scale must survive its rescaling.
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import { both, model, view } from "./support/learners.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

function neuronAfter(chunks: number[], d: number, eta: number, input: object) {
  const k = stairs.kernels;
  const mdl = model(stairs, input, 9);
  const { wasm } = both(stairs, "relu");
  const neuron = k.neuronCreate(mdl.ptr, wasm.ptr, 0, eta, 0.3, 9, 1);
  for (const n of chunks) expect(k.neuronRunChunk(neuron, n)).toBe(n);
  const w = view(stairs, k.neuronWeights(neuron), d).slice();
  const stream = view(stairs, k.replicaStream(neuron), 8).slice();
  const recovery = [0, 1, 2].map((e) => k.replicaRecoveryStep(neuron, e));
  k.neuronFree(neuron);
  wasm.free();
  mdl.free();
  return { w, stream, recovery };
}

describe("single neuron: chunking does not change a bit", () => {
  const d = 17; // odd: the SIMD tails of both passes
  const input = { kind: "mcm", d, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" };
  it("600 steps in one chunk, in chunks of 1 to 97, and step by step", () => {
    const one = neuronAfter([600], d, 2 / d, input);
    const mixed = neuronAfter([1, 2, 97, 50, 3, 300, 147], d, 2 / d, input);
    const single = neuronAfter(Array(600).fill(1), d, 2 / d, input);
    for (const other of [mixed, single]) {
      expect(other.w).toEqual(one.w);
      expect(other.stream).toEqual(one.stream);
      expect(other.recovery).toEqual(one.recovery);
    }
    expect(Math.hypot(...one.w)).toBeCloseTo(1, 14);
  });

  it("a step size large enough that |W| leaves [2^-200, 2^200] (rescaled mid-chunk): same bits, unit norm", () => {
    // eta = 3 at d = 17 grows |W|^2 by a factor ~ 1 + eta^2 d / 2 per step: 2^200 within ~30 steps.
    const one = neuronAfter([400], d, 3, input);
    const split = neuronAfter([13, 187, 1, 199], d, 3, input);
    expect(split.w).toEqual(one.w);
    expect(split.stream).toEqual(one.stream);
    expect(one.w.every(Number.isFinite)).toBe(true);
    expect(Math.hypot(...one.w)).toBeCloseTo(1, 14);
  });
});

function networkAfter(chunks: number[], d: number, K: number, spherical: number, etaW: number) {
  const k = stairs.kernels;
  const mdl = model(stairs, { kind: "mcm", d, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" }, 4);
  const { wasm } = both(stairs, "erf");
  // square loss, etaA = 1/K, trained second layer, bias, batch 1, threshold 0.3
  const net = k.networkCreate(mdl.ptr, wasm.ptr, K, 1, etaW, 1 / K, 1, spherical, 1, 1, 0.3, 4, 1);
  for (const n of chunks) expect(k.networkRunChunk(net, n)).toBe(n);
  const W = view(stairs, k.networkWeights(net), K * d).slice();
  const a = view(stairs, k.networkSecondLayer(net), K).slice();
  const b = k.networkBias(net);
  const stream = view(stairs, k.replicaStream(net), 8).slice();
  const recovery = [0, 1, 2].map((e) => k.replicaRecoveryStep(net, e));
  k.networkFree(net);
  wasm.free();
  mdl.free();
  return { W, a, b, stream, recovery };
}

describe("network (batch 1, the fused path): chunking does not change a bit", () => {
  const d = 15, K = 3;
  for (const spherical of [1, 0]) {
    it(`spherical ${spherical}: 300 steps in one chunk and in uneven chunks`, () => {
      const one = networkAfter([300], d, K, spherical, 2 / d);
      const split = networkAfter([1, 44, 5, 150, 100], d, K, spherical, 2 / d);
      expect(split).toEqual(one);
      expect(one.W.every(Number.isFinite)).toBe(true);
      if (spherical) for (let r = 0; r < K; r++) expect(Math.hypot(...one.W.subarray(r * d, (r + 1) * d))).toBeCloseTo(1, 14);
    });
  }
});

describe("tensor PCA (O(d) sampler): the fused step is the documented step", () => {
  it("20 steps equal w <- normalise(w + eta (G - (G.w) w)), G = sqrt(p) z + sqrt(beta) p (w.v)^(p-1) v, on the stream's own z, to 1e-12", () => {
    const k = stairs.kernels;
    const d = 33, p = 3, beta = 4, eta = 0.05, seed = 5;
    const ptr = k.tensorPcaCreate(d, p, beta, eta, 0, 2, seed, 0, 1);
    const v = view(stairs, k.tensorPcaSpike(ptr), d).slice();
    const stream = stairs.stream(seed, 1);
    const w0 = stream.normal(d);
    const n0 = Math.hypot(...w0);
    let w = Array.from(w0, (x) => x / n0);
    expect(Math.max(...w.map((x, i) => Math.abs(x - view(stairs, k.tensorPcaWeights(ptr), d)[i])))).toBeLessThan(1e-15);
    for (let t = 0; t < 20; t++) {
      const z = stream.normal(d);
      const a = w.reduce((s, x, i) => s + x * v[i], 0);
      const G = w.map((_, i) => Math.sqrt(p) * z[i] + Math.sqrt(beta) * p * a ** (p - 1) * v[i]);
      const gw = G.reduce((s, x, i) => s + x * w[i], 0);
      const next = w.map((x, i) => x + eta * (G[i] - gw * x));
      const norm = Math.hypot(...next);
      w = next.map((x) => x / norm);
      expect(k.tensorPcaRun(ptr, 1)).toBe(1);
    }
    const got = view(stairs, k.tensorPcaWeights(ptr), d);
    expect(Math.max(...w.map((x, i) => Math.abs(x - got[i])))).toBeLessThan(1e-12);
    expect(Array.from(view(stairs, k.replicaStream(ptr), 8))).toEqual(Array.from(view(stairs, stream.statePtr, 8)));
    k.tensorPcaFree(ptr);
    stream.free();
  });
});
