// Differential tests of the reduced kernels (assembly/reduced-*.ts) against their plain-TypeScript twins
// (src/reference/reduced.ts), which apply the learners' FULL reference steps to an explicit embedding of the
// reduced state: single steps on given draws, and whole trajectories replayed from the same wasm stream
// (which also checks the documented draw order), at d = 64 and d = 10^9.
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import type { ModelConfigInput } from "../src/config/model.js";
import {
  lqReference,
  reducedNetworkDraws,
  reducedNetworkEvaluateReference,
  reducedNetworkOverlapsReference,
  reducedNetworkStartReference,
  reducedNetworkStepReference,
  reducedNeuronDraws,
  reducedNeuronEvaluateReference,
  reducedNeuronStartReference,
  reducedNeuronStepReference,
  reducedTensorPcaStartReference,
  reducedTensorPcaStepReference,
  type ReducedNetworkState,
  type ReducedNeuronState,
  type TestMode,
} from "../reference/reduced.js";
import { ACTIVATIONS, both, name, rng, view } from "./support/learners.js";
import { lawModel, streamSource } from "./support/reduced.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const LOSS = { correlation: 0, square: 1, logistic: 2 } as const;
const MODE: Record<TestMode, number> = { model: 0, mean: 1, covariance: 2 };
const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

function randomNeuronState(next: () => number): ReducedNeuronState {
  const g = [next() - 0.5, next() - 0.5, next() - 0.5, next()];
  const n = Math.hypot(...g);
  return { alpha: [g[0] / n, g[1] / n, g[2] / n], r: g[3] / n };
}

describe("reduced neuron: one step on given draws equals the full spherical step on the 5-coordinate embedding", () => {
  for (const loss of ["correlation", "square"] as const) {
    for (const spec of ACTIVATIONS) {
      it(`${loss}, ${name(spec)}`, () => {
        const k = stairs.kernels;
        const { wasm, ref } = both(stairs, spec);
        const law = lawModel(stairs, { d: 64 });
        const nr = k.reducedNeuronCreate(law.ptr, wasm.ptr, LOSS[loss], 64, 0.3, 0.5, 1, 1);
        const draws = k.alloc(40);
        const next = rng(3);
        for (let trial = 0; trial < 20; trial++) {
          const state = randomNeuronState(next);
          view(stairs, k.reducedNeuronState(nr), 4).set([...state.alpha, state.r]);
          const xs = [3 * next() - 1.5, 3 * next() - 1.5, 3 * next() - 1.5];
          const gw = 2 * next() - 1;
          const chi = 40 + 50 * next();
          const y = next() < 0.5 ? 1 : -1;
          view(stairs, draws, 5).set([...xs, gw, chi]);
          expect(k.reducedNeuronStepOn(nr, draws, y)).toBe(1);
          const want = reducedNeuronStepReference(loss, ref, state, y, xs, gw, chi, 0.3)!;
          const got = view(stairs, k.reducedNeuronState(nr), 4);
          [...want.alpha, want.r].forEach((w, i) => expect(close(got[i], w, 1e-13)).toBe(true));
        }
        k.free(draws);
        k.reducedNeuronFree(nr);
        law.free();
        wasm.free();
      });
    }
  }
});

const MODELS: ModelConfigInput[] = [
  { d: 64, betaM: 1, betaU: 3, betaV: 4, coupling: "sign" },
  { d: 64, betaM: 1, betaU: 3, betaV: 4, coupling: "independent", prior: 0.7 },
  { d: 64, betaU: 2, betaV: 3, coupling: { kind: "partial", p: 0.4 } },
  { d: 64, betaU: 2, betaV: 3, coupling: "even" },
  { d: 64, betaU: 2, betaV: 3, coupling: "cubic" },
  { d: 64, betaM: 1, betaV: 3, latent: { kind: "skewed", r: 0.3 }, coupling: "sign" },
  { kind: "mixture", d: 64, betaM: 2, labelledMean: true },
  { kind: "spiked-cumulant", d: 64, betaV: 5 },
];

describe("reduced neuron: a trajectory replayed by the reference from the same stream (draw order, recovery)", () => {
  for (const [i, input] of MODELS.entries()) {
    for (const d of [64, 1e9]) {
      it(`${JSON.stringify(input)} at d = ${d}`, () => {
        const k = stairs.kernels;
        const { wasm, ref } = both(stairs, "relu");
        const law = lawModel(stairs, input);
        const eta = 2 / Math.sqrt(d);
        const threshold = 0.12;
        const nr = k.reducedNeuronCreate(law.ptr, wasm.ptr, LOSS.correlation, d, eta, threshold, 5, 1 + i);
        const source = streamSource(stairs, 5, 1 + i);
        let state = reducedNeuronStartReference(d, source);
        const recovered = [-1, -1, -1];
        const record = (s: ReducedNeuronState, step: number) =>
          s.alpha.forEach((a, e) => {
            if (recovered[e] < 0 && Math.abs(a) >= threshold) recovered[e] = step;
          });
        record(state, 0);
        for (let step = 1; step <= 300; step++) {
          expect(k.reducedNeuronRunChunk(nr, 1)).toBe(1);
          const { y, xs, gw, chi } = reducedNeuronDraws(law.reference, d, source);
          state = reducedNeuronStepReference("correlation", ref, state, y, xs, gw, chi, eta)!;
          record(state, step);
          const got = view(stairs, k.reducedNeuronState(nr), 4);
          [...state.alpha, state.r].forEach((w, j) => expect(close(got[j], w, 1e-12)).toBe(true));
        }
        for (let e = 0; e < 3; e++) expect(k.replicaRecoveryStep(nr, e)).toBe(recovered[e]);
        source.free();
        k.reducedNeuronFree(nr);
        law.free();
        wasm.free();
      });
    }
  }
});

describe("reduced neuron: test scores equal the reference's on the same test stream (every mode)", () => {
  for (const mode of ["model", "mean", "covariance"] as const) {
    for (const loss of ["correlation", "square"] as const) {
      it(`${mode}, ${loss}`, () => {
        const k = stairs.kernels;
        const { wasm, ref } = both(stairs, "relu");
        const law = lawModel(stairs, { d: 64, betaM: 1, betaU: 3, betaV: 4, coupling: "sign" });
        const nr = k.reducedNeuronCreate(law.ptr, wasm.ptr, LOSS[loss], 64, 0.3, 0.5, 1, 1);
        const state = { alpha: [0.5, 0.6, -0.3] as [number, number, number], r: Math.sqrt(1 - 0.25 - 0.36 - 0.09) };
        view(stairs, k.reducedNeuronState(nr), 4).set([...state.alpha, state.r]);
        const test = stairs.stream(9, 2);
        const out = k.alloc(16);
        k.reducedNeuronEvaluate(nr, test.statePtr, 500, MODE[mode], out);
        const [accuracy, meanLoss] = view(stairs, out, 2);
        const source = streamSource(stairs, 9, 2);
        const tau = loss === "correlation" ? 1 / Math.sqrt(2 * Math.PI) : 0;
        const want = reducedNeuronEvaluateReference(law.reference, loss, ref, state, source, 500, tau, mode, law.factor);
        expect(accuracy).toBe(want.accuracy);
        expect(close(meanLoss, want.loss, 1e-13)).toBe(true);
        // The saved state is not advanced: a second evaluation gives the same numbers.
        k.reducedNeuronEvaluate(nr, test.statePtr, 500, MODE[mode], out);
        expect(view(stairs, out, 1)[0]).toBe(accuracy);
        source.free();
        test.free();
        k.free(out);
        k.reducedNeuronFree(nr);
        law.free();
        wasm.free();
      });
    }
  }
});

describe("reduced tensor PCA: steps and trajectories against the gradient of its definition", () => {
  for (const order of [2, 3, 4, 5]) {
    it(`order ${order}: given draws, then 300 steps replayed from the stream at d = 1e6`, () => {
      const k = stairs.kernels;
      const d = 1e6;
      const eta = 3 * d ** (-order / 2);
      const o = { order, beta: 4, eta };
      const t = k.reducedTensorPcaCreate(d, order, 4, eta, 0.5, 3, 1);
      const next = rng(order);
      for (let trial = 0; trial < 20; trial++) {
        const alpha = 2 * next() - 1;
        const r = Math.sqrt(1 - alpha * alpha);
        k.reducedTensorPcaSetState(t, alpha, r);
        const g = 2 * next() - 1;
        const chi = d - 2 + 1000 * (next() - 0.5);
        expect(k.reducedTensorPcaStepOn(t, g, chi)).toBe(1);
        const want = reducedTensorPcaStepReference({ alpha, r }, g, chi, o)!;
        expect(close(k.reducedTensorPcaOverlap(t), want.alpha, 1e-13)).toBe(true);
        expect(close(k.reducedTensorPcaResidual(t), want.r, 1e-13)).toBe(true);
      }
      k.reducedTensorPcaFree(t);
      const run = k.reducedTensorPcaCreate(d, order, 4, eta, 0.5, 3, 1);
      const source = streamSource(stairs, 3, 1);
      let state = reducedTensorPcaStartReference(d, source);
      for (let step = 0; step < 300; step++) {
        expect(k.reducedTensorPcaRun(run, 1)).toBe(1);
        state = reducedTensorPcaStepReference(state, source.normal(), source.chiSquare(d - 2), o)!;
        expect(close(k.reducedTensorPcaOverlap(run), state.alpha, 1e-12)).toBe(true);
        expect(close(k.reducedTensorPcaResidual(run), state.r, 1e-12)).toBe(true);
      }
      source.free();
      k.reducedTensorPcaFree(run);
    });
  }
});

describe("lqInPlace: the LQ factor equals Gram-Schmidt's (lower-trapezoidal, nonnegative diagonal)", () => {
  for (const [rows, cols] of [[4, 5], [4, 4], [4, 2], [3, 7], [1, 3], [5, 1]]) {
    it(`${rows} x ${cols}`, () => {
      const k = stairs.kernels;
      const next = rng(rows * 10 + cols);
      const stride = cols + 2;
      const A = Array.from({ length: rows }, () => Float64Array.from({ length: cols }, () => 2 * next() - 1));
      const ptr = k.alloc(8 * rows * stride);
      const M = view(stairs, ptr, rows * stride);
      A.forEach((row, i) => M.set(row, i * stride));
      expect(k.lqInPlace(ptr, rows, cols, stride)).toBe(Math.min(rows, cols));
      const { L } = lqReference(A, cols);
      const got = view(stairs, ptr, rows * stride);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) expect(Math.abs(got[i * stride + j] - (L[i][j] ?? 0))).toBeLessThan(1e-14);
      }
      k.free(ptr);
    });
  }
});

interface NetworkCase {
  K: number;
  B: number;
  d: number;
  loss: "square" | "logistic";
  spherical: boolean;
  trained: boolean;
  bias: boolean;
  activation: string;
}

const NETWORKS: NetworkCase[] = [
  { K: 4, B: 1, d: 64, loss: "square", spherical: false, trained: true, bias: true, activation: "relu" },
  { K: 4, B: 1, d: 64, loss: "logistic", spherical: true, trained: false, bias: false, activation: "tanh" },
  { K: 4, B: 3, d: 64, loss: "square", spherical: true, trained: true, bias: false, activation: "erf" },
  { K: 3, B: 6, d: 1e9, loss: "logistic", spherical: false, trained: true, bias: true, activation: "erf" },
  { K: 4, B: 2, d: 5, loss: "square", spherical: false, trained: true, bias: true, activation: "tanh" },
  { K: 4, B: 1, d: 6, loss: "logistic", spherical: true, trained: true, bias: false, activation: "relu" },
  { K: 1, B: 1, d: 1e9, loss: "square", spherical: true, trained: true, bias: true, activation: "-he4" },
];

function readNetwork(stairs: Stairs, ptr: number, K: number): ReducedNetworkState {
  const k = stairs.kernels;
  const stride = k.reducedNetworkFactorStride(ptr);
  const rho = k.reducedNetworkRank(ptr);
  const M = view(stairs, k.reducedNetworkSpikeCoordinates(ptr), 3 * K);
  const L = view(stairs, k.reducedNetworkFactor(ptr), K * stride);
  return {
    M: Array.from({ length: K }, (_, i) => M.slice(3 * i, 3 * i + 3)),
    L: Array.from({ length: K }, (_, i) => L.slice(i * stride, i * stride + rho)),
    a: view(stairs, k.reducedNetworkSecondLayer(ptr), K).slice(),
    b: k.reducedNetworkBias(ptr),
  };
}

function expectNetwork(got: ReducedNetworkState, want: ReducedNetworkState, tol: number, step = 0) {
  const flat = (s: ReducedNetworkState) => [...s.M.flatMap((m) => [...m]), ...s.L.flatMap((l) => [...l]), ...s.a, s.b];
  const g = flat(got), w = flat(want);
  expect(g.length).toBe(w.length);
  g.forEach((x, i) => expect(close(x, w[i], tol), `step ${step}, entry ${i}: ${x} vs ${w[i]}`).toBe(true));
}

const caseName = (c: NetworkCase) =>
  `K = ${c.K}, B = ${c.B}, d = ${c.d}, ${c.loss}, ${c.activation}${c.spherical ? ", spherical" : ""}${c.trained ? ", trained a" : ""}${c.bias ? ", bias" : ""}`;

describe("reduced network: trajectories replayed by the full reference step on the explicit embedding", () => {
  for (const [i, c] of NETWORKS.entries()) {
    it(caseName(c), () => {
      const k = stairs.kernels;
      const { wasm, ref } = both(stairs, c.activation);
      const law = lawModel(stairs, { d: 64, betaM: 1, betaU: 3, betaV: 4, coupling: "sign" });
      const etaW = Math.min(0.05, 2 / Math.sqrt(c.d)), etaA = 0.5 / c.K;
      const o = { etaW, etaA, trainSecondLayer: c.trained, spherical: c.spherical, bias: c.bias };
      const threshold = 0.3;
      const net = k.reducedNetworkCreate(
        law.ptr, wasm.ptr, c.K, LOSS[c.loss], c.d, etaW, etaA, c.trained ? 1 : 0, c.spherical ? 1 : 0, c.bias ? 1 : 0, c.B, threshold, 7, 1 + i,
      );
      const source = streamSource(stairs, 7, 1 + i);
      let state = reducedNetworkStartReference(c.K, c.d, source);
      expectNetwork(readNetwork(stairs, net, c.K), state, 1e-13);
      const recovered = [-1, -1, -1];
      const record = (step: number) => {
        const alpha = reducedNetworkOverlapsReference(state);
        for (let e = 0; e < 3; e++) {
          const best = Math.max(...alpha.map((u) => Math.abs(u[e])));
          if (recovered[e] < 0 && best >= threshold) recovered[e] = step;
        }
      };
      record(0);
      for (let step = 1; step <= 100; step++) {
        expect(k.reducedNetworkRunChunk(net, 1)).toBe(1);
        const { samples, bart } = reducedNetworkDraws(law.reference, state, c.B, c.d, source);
        state = reducedNetworkStepReference(c.loss, ref, state, samples, bart, c.d, o);
        expectNetwork(readNetwork(stairs, net, c.K), state, 1e-10, step);
        record(step);
      }
      for (let e = 0; e < 3; e++) expect(k.replicaRecoveryStep(net, e)).toBe(recovered[e]);
      const out = k.alloc(24 * c.K);
      k.reducedNetworkOverlaps(net, out);
      const alpha = reducedNetworkOverlapsReference(state).flat();
      view(stairs, out, 3 * c.K).forEach((x, j) => expect(close(x, alpha[j], 1e-10)).toBe(true));
      k.free(out);
      source.free();
      k.reducedNetworkFree(net);
      law.free();
      wasm.free();
    });
  }
});

describe("reduced network: test scores equal the reference's on the same test stream (every mode)", () => {
  for (const mode of ["model", "mean", "covariance"] as const) {
    it(mode, () => {
      const k = stairs.kernels;
      const { wasm, ref } = both(stairs, "relu");
      const law = lawModel(stairs, { d: 64, betaM: 1, betaU: 3, betaV: 4, coupling: "sign" });
      const net = k.reducedNetworkCreate(law.ptr, wasm.ptr, 4, LOSS.logistic, 64, 0.05, 0.1, 1, 0, 1, 1, 0.5, 3, 1);
      k.reducedNetworkRunChunk(net, 200);
      k.reducedNetworkSetBias(net, -0.2);
      const state = readNetwork(stairs, net, 4);
      const test = stairs.stream(9, 2);
      const out = k.alloc(16);
      k.reducedNetworkEvaluate(net, test.statePtr, 400, MODE[mode], out);
      const [accuracy, meanLoss] = view(stairs, out, 2);
      const source = streamSource(stairs, 9, 2);
      const want = reducedNetworkEvaluateReference(law.reference, "logistic", ref, state, source, 400, mode, law.factor);
      expect(accuracy).toBe(want.accuracy);
      expect(close(meanLoss, want.loss, 1e-12)).toBe(true);
      source.free();
      test.free();
      k.free(out);
      k.reducedNetworkFree(net);
      law.free();
      wasm.free();
    });
  }
});
