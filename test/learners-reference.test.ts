// Differential tests of the learners: gradients against finite differences, and the wasm steps, chunks
// and evaluations against the plain-TypeScript references on identical inputs.
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import { codes } from "../src/wasm/codes.js";
import { neuronGradient, neuronLoss, neuronStepReference, type NeuronLoss } from "../reference/neuron.js";
import {
  networkGradient,
  networkLoss,
  networkOutput,
  networkStepReference,
  type NetworkLoss,
  type NetworkParameters,
} from "../reference/network.js";
import { erfReference } from "../reference/activation.js";
import { ACTIVATIONS, both, maxAbsDiff, maxRelDiff, model, name, rng, samples, view } from "./support/learners.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});


function unitVector(d: number, next: () => number): Float64Array {
  const w = Float64Array.from({ length: d }, () => next() * 2 - 1);
  const n = Math.hypot(...w);
  return w.map((x) => x / n);
}

function centralDifference(f: (t: number) => number, h: number): number {
  return (f(h) - f(-h)) / (2 * h);
}

describe("activations: the wasm derivative matches a central difference of the wasm value", () => {
  // h = 1e-5: truncation error h^2 |sigma'''| / 6 < 1e-8 for these functions on [-3, 3]; rounding ~ 1e-11.
  for (const spec of ACTIVATIONS) {
    it(name(spec), () => {
      const { wasm } = both(stairs, spec);
      for (const z of [-2.7, -1.3, -0.4, 0.25, 0.9, 1.6, 2.9]) {
        const fd = centralDifference((h) => wasm.value(z + h), 1e-5);
        expect(Math.abs(wasm.derivative(z) - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
      }
      wasm.free();
    });
  }

  it("the reference erf agrees with the wasm erf to 1e-15 on [-6, 6]", () => {
    for (let x = -6; x <= 6; x += 0.0625) expect(Math.abs(erfReference(x) - stairs.kernels.erf(x))).toBeLessThan(1e-15);
  });
});

describe("neuron loss gradients match finite differences of the loss (reference)", () => {
  for (const loss of ["correlation", "square"] as NeuronLoss[]) {
    for (const spec of ACTIVATIONS) {
      it(`${loss}, ${name(spec)}`, () => {
        const { ref, wasm } = both(stairs, spec);
        wasm.free();
        const next = rng(7);
        const d = 7;
        for (const y of [1, -1]) {
          const w = unitVector(d, next);
          const x = Float64Array.from({ length: d }, () => 2 * next() - 1);
          const g = neuronGradient(loss, ref, w, x, y);
          for (let i = 0; i < d; i++) {
            const fd = centralDifference((h) => {
              const wh = w.slice();
              wh[i] += h;
              return neuronLoss(loss, ref, wh, x, y);
            }, 1e-6);
            expect(Math.abs(g[i] - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
          }
        }
      });
    }
  }
});

function randomNetwork(K: number, d: number, next: () => number): NetworkParameters {
  return {
    W: Array.from({ length: K }, () => unitVector(d, next)),
    a: Float64Array.from({ length: K }, () => next() - 0.3),
    b: next() - 0.5,
  };
}

describe("network loss gradients match finite differences of the loss (reference)", () => {
  for (const loss of ["square", "logistic"] as NetworkLoss[]) {
    for (const spec of ["relu", "tanh", "erf", "he3", { kind: "hermite" as const, coefficients: [0.1, 0.5, -0.7] }]) {
      it(`${loss}, ${name(spec)}`, () => {
        const { ref, wasm } = both(stairs, spec);
        wasm.free();
        const next = rng(11);
        const K = 3, d = 5;
        const p = randomNetwork(K, d, next);
        const x = Float64Array.from({ length: d }, () => 2 * next() - 1);
        for (const y of [1, -1]) {
          const g = networkGradient(loss, p, ref, x, y);
          const check = (analytic: number, perturb: (q: NetworkParameters, h: number) => void) => {
            const fd = centralDifference((h) => {
              const q = { W: p.W.map((w) => w.slice()), a: p.a.slice(), b: p.b };
              perturb(q, h);
              return networkLoss(loss, q, ref, x, y);
            }, 1e-6);
            expect(Math.abs(analytic - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
          };
          for (let k = 0; k < K; k++) {
            for (let i = 0; i < d; i++) check(g.W[k][i], (q, h) => (q.W[k][i] += h));
            check(g.a[k], (q, h) => (q.a[k] += h));
          }
          check(g.b, (q, h) => (q.b += h));
        }
      });
    }
  }
});

describe("one wasm neuron step equals the reference step on the same (w, x, y), to 1e-12", () => {
  for (const loss of ["correlation", "square"] as NeuronLoss[]) {
    for (const spec of ACTIVATIONS) {
      it(`${loss}, ${name(spec)}`, () => {
        const k = stairs.kernels;
        const d = 13; // odd: exercises the SIMD tails
        const mdl = model(stairs, { kind: "mcm", d });
        const { wasm, ref } = both(stairs, spec);
        const eta = 0.3;
        const neuron = k.neuronCreate(mdl.ptr, wasm.ptr, codes(k).loss[loss], eta, 0.5, 3, 1);
        const x = k.alloc(8 * d);
        const next = rng(5);
        for (let trial = 0; trial < 6; trial++) {
          const w = unitVector(d, next);
          const xv = Float64Array.from({ length: d }, () => 3 * (2 * next() - 1));
          const y = trial % 2 === 0 ? 1 : -1;
          view(stairs, k.neuronWeights(neuron), d).set(w);
          view(stairs, x, d).set(xv);
          expect(k.neuronStepOn(neuron, x, y)).toBe(1);
          expect(neuronStepReference(loss, ref, w, xv, y, eta)).toBe(true);
          expect(maxAbsDiff(view(stairs, k.neuronWeights(neuron), d), w)).toBeLessThan(1e-12);
        }
        k.free(x);
        k.neuronFree(neuron);
        wasm.free();
        mdl.free();
      });
    }
  }
});

interface NetworkCase {
  loss: NetworkLoss;
  spherical: boolean;
  trained: boolean;
  bias: boolean;
}

const NETWORK_CASES: NetworkCase[] = [];
for (const loss of ["square", "logistic"] as NetworkLoss[])
  for (const spherical of [false, true])
    for (const trained of [false, true]) NETWORK_CASES.push({ loss, spherical, trained, bias: trained });

function readNetwork(ptr: number, K: number, d: number): NetworkParameters {
  const k = stairs.kernels;
  const W = view(stairs, k.networkWeights(ptr), K * d).slice();
  return {
    W: Array.from({ length: K }, (_, r) => W.slice(r * d, (r + 1) * d)),
    a: view(stairs, k.networkSecondLayer(ptr), K).slice(),
    b: k.networkBias(ptr),
  };
}

/** Largest difference, relative to max(1, |expected|) (unconstrained rows can grow far beyond 1). */
function networkDiff(p: NetworkParameters, q: NetworkParameters): number {
  let m = Math.abs(p.b - q.b) / Math.max(1, Math.abs(q.b));
  p.W.forEach((w, r) => (m = Math.max(m, maxRelDiff(w, q.W[r]))));
  return Math.max(m, maxRelDiff(p.a, q.a));
}

describe("one wasm network step equals the reference step on the same sample, to 1e-12 (relative beyond 1)", () => {
  for (const c of NETWORK_CASES) {
    it(`${c.loss}, spherical ${c.spherical}, second layer ${c.trained ? "trained" : "fixed"}, bias ${c.bias}`, () => {
      const k = stairs.kernels;
      const K = 3, d = 9;
      const mdl = model(stairs, { kind: "mcm", d });
      for (const spec of ["relu", "erf", "he3"]) {
        const { wasm, ref } = both(stairs, spec);
        const options = { etaW: 0.4, etaA: 0.2, trainSecondLayer: c.trained, spherical: c.spherical, bias: c.bias };
        const net = k.networkCreate(mdl.ptr, wasm.ptr, K, codes(k).loss[c.loss], options.etaW, options.etaA, c.trained ? 1 : 0, c.spherical ? 1 : 0, c.bias ? 1 : 0, 1, 0.5, 3, 1);
        k.networkSetBias(net, 0.1);
        const x = k.alloc(8 * d);
        const next = rng(9);
        for (let trial = 0; trial < 4; trial++) {
          const before = readNetwork(net, K, d);
          const xv = Float64Array.from({ length: d }, () => 2 * (2 * next() - 1));
          const y = trial % 2 === 0 ? 1 : -1;
          view(stairs, x, d).set(xv);
          expect(k.networkStepOn(net, x, y)).toBe(1);
          const expected = networkStepReference(c.loss, before, ref, [xv], [y], options);
          expect(networkDiff(readNetwork(net, K, d), expected)).toBeLessThan(1e-12);
        }
        k.free(x);
        k.networkFree(net);
        wasm.free();
      }
      mdl.free();
    });
  }
});

describe("whole wasm chunks follow the reference on the same samples (regenerated from the stream)", () => {
  it("neuron: 200 steps of the MCM, weights to 1e-11, the stream state exactly, and the weak-recovery steps", () => {
    const k = stairs.kernels;
    const d = 16, n = 200, seed = 4, index = 3, eta = 2 / d, threshold = 0.35;
    const mdl = model(stairs, { kind: "mcm", d, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" }, seed);
    const { wasm, ref } = both(stairs, "relu");
    const neuron = k.neuronCreate(mdl.ptr, wasm.ptr, codes(k).loss.correlation, eta, threshold, seed, index);
    // The same draws: d normals for w, then n samples.
    const stream = stairs.stream(seed, index);
    const w0 = stream.normal(d);
    const norm = Math.hypot(...w0);
    const w = w0.map((x) => x / norm);
    expect(maxAbsDiff(view(stairs, k.neuronWeights(neuron), d), w)).toBeLessThan(1e-15);
    const { xs, ys } = samples(stairs, mdl.ptr, stream.statePtr, n, d);
    expect(k.neuronRunChunk(neuron, n)).toBe(n);
    const spikes = mdl.spikes();
    const firstRecovery = [-1, -1, -1];
    const record = (step: number) =>
      [spikes.m, spikes.u, spikes.v].forEach((e, j) => {
        let a = 0;
        for (let i = 0; i < d; i++) a += w[i] * e[i];
        if (firstRecovery[j] < 0 && Math.abs(a) >= threshold) firstRecovery[j] = step;
      });
    record(0);
    for (let s = 0; s < n; s++) {
      neuronStepReference("correlation", ref, w, xs[s], ys[s], eta);
      record(s + 1);
    }
    expect(maxAbsDiff(view(stairs, k.neuronWeights(neuron), d), w)).toBeLessThan(1e-11);
    expect(Array.from(view(stairs, k.replicaStream(neuron), 8))).toEqual(Array.from(view(stairs, stream.statePtr, 8)));
    expect([0, 1, 2].map((e) => k.replicaRecoveryStep(neuron, e))).toEqual(firstRecovery);
    expect(firstRecovery[1]).toBeGreaterThan(0); // the test exercises a recovery found mid-chunk
    expect(k.replicaStepsDone(neuron)).toBe(n);
    stream.free();
    k.neuronFree(neuron);
    wasm.free();
    mdl.free();
  });

  for (const batch of [1, 3]) {
    it(`network, batch ${batch}: 40 steps, spherical rows, trained second layer and bias, to 1e-11`, () => {
      const k = stairs.kernels;
      const K = 4, d = 10, n = 40, seed = 8, index = 5;
      const options = { etaW: 1 / d, etaA: 0.5 / K, trainSecondLayer: true, spherical: true, bias: true };
      const mdl = model(stairs, { kind: "mcm", d, betaM: 2 }, seed);
      const { wasm, ref } = both(stairs, "tanh");
      const net = k.networkCreate(mdl.ptr, wasm.ptr, K, codes(k).loss.logistic, options.etaW, options.etaA, 1, 1, 1, batch, 0.5, seed, index);
      const stream = stairs.stream(seed, index);
      const W0 = stream.normal(K * d);
      let p: NetworkParameters = {
        W: Array.from({ length: K }, (_, r) => {
          const row = W0.slice(r * d, (r + 1) * d);
          const norm = Math.hypot(...row);
          return row.map((x) => x / norm);
        }),
        a: new Float64Array(K).fill(1 / K),
        b: 0,
      };
      expect(networkDiff(readNetwork(net, K, d), p)).toBeLessThan(1e-15);
      const { xs, ys } = samples(stairs, mdl.ptr, stream.statePtr, n * batch, d);
      expect(k.networkRunChunk(net, n)).toBe(n);
      for (let s = 0; s < n; s++) {
        p = networkStepReference("logistic", p, ref, xs.slice(s * batch, (s + 1) * batch), ys.slice(s * batch, (s + 1) * batch), options);
      }
      expect(networkDiff(readNetwork(net, K, d), p)).toBeLessThan(1e-11);
      expect(Array.from(view(stairs, k.replicaStream(net), 8))).toEqual(Array.from(view(stairs, stream.statePtr, 8)));
      stream.free();
      k.networkFree(net);
      wasm.free();
      mdl.free();
    });
  }
});

describe("evaluation on the saved test stream equals a TypeScript evaluation of the same samples", () => {
  it("neuron (correlation and square loss): accuracy exactly, mean loss to 1e-12", () => {
    const k = stairs.kernels;
    const d = 12, n = 500;
    const mdl = model(stairs, { kind: "mcm", d, betaM: 1.5, betaU: 3, betaV: 3 });
    for (const [loss, spec] of [["correlation", "relu"], ["square", "tanh"], ["correlation", "-he4"]] as const) {
      const { wasm, ref } = both(stairs, spec);
      const neuron = k.neuronCreate(mdl.ptr, wasm.ptr, codes(k).loss[loss], 0.1, 0.5, 2, 1);
      const w = mdl.spikes().m.map((mi, i) => 0.8 * mi + 0.1 * Math.sin(i)); // not unit: the rule uses w as is
      view(stairs, k.neuronWeights(neuron), d).set(w);
      const test = stairs.stream(2, 2);
      const out = k.alloc(16);
      k.neuronEvaluate(neuron, test.statePtr, n, codes(k).testSet.model, out);
      const [accuracy, meanLoss] = view(stairs, out, 2);
      const { xs, ys } = samples(stairs, mdl.ptr, test.statePtr, n, d);
      const tau = loss === "correlation" ? (spec === "relu" ? 1 / Math.sqrt(2 * Math.PI) : 0) : 0;
      let correct = 0, total = 0;
      xs.forEach((x, s) => {
        let z = 0;
        for (let i = 0; i < d; i++) z += w[i] * x[i];
        const out = ref.value(z);
        if ((out > tau ? 1 : -1) === ys[s]) correct++;
        total += neuronLoss(loss, ref, w, x, ys[s]);
      });
      expect(accuracy).toBe(correct / n);
      expect(Math.abs(meanLoss - total / n)).toBeLessThan(1e-12);
      k.free(out);
      test.free();
      k.neuronFree(neuron);
      wasm.free();
    }
    mdl.free();
  });

  it("network (square and logistic loss): accuracy exactly, mean loss to 1e-12", () => {
    const k = stairs.kernels;
    const d = 10, K = 3, n = 400;
    const mdl = model(stairs, { kind: "mixture", d, betaM: 2 });
    for (const loss of ["square", "logistic"] as const) {
      const { wasm, ref } = both(stairs, "erf");
      const net = k.networkCreate(mdl.ptr, wasm.ptr, K, codes(k).loss[loss], 0.1, 0.1, 1, 0, 1, 1, 0.5, 5, 1);
      k.networkSetBias(net, -0.2);
      const p = readNetwork(net, K, d);
      const test = stairs.stream(5, 2);
      const out = k.alloc(16);
      k.networkEvaluate(net, test.statePtr, n, codes(k).testSet.model, out);
      const [accuracy, meanLoss] = view(stairs, out, 2);
      const { xs, ys } = samples(stairs, mdl.ptr, test.statePtr, n, d);
      let correct = 0, total = 0;
      xs.forEach((x, s) => {
        if ((networkOutput(p, ref, x) > 0 ? 1 : -1) === ys[s]) correct++;
        total += networkLoss(loss, p, ref, x, ys[s]);
      });
      expect(accuracy).toBe(correct / n);
      expect(Math.abs(meanLoss - total / n)).toBeLessThan(1e-12);
      k.free(out);
      test.free();
      k.networkFree(net);
      wasm.free();
    }
    mdl.free();
  });
});
