// Small synthetic results in the shape of the experiment contract, for plot tests: logistic curves in
// ln(n/d) with a per-replica shift, so medians and bands are known in closed form.
import { resolveExperimentConfig } from "../../src/config/experiment.js";
import type { RunResult as ExperimentResult } from "../../src/run/result.js";
import type { SweepResult } from "../../src/cli/sweep/sweep.js";

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** Overlap of direction e rises at n/d = onset[e] (Infinity: never), replica r shifted by (r - mid) / 4 in ln. */
export function syntheticRun(d: number, onset: { m: number; u: number; v: number }, replicas = 5, points = 30): ExperimentResult {
  const config = resolveExperimentConfig({
    model: { kind: "mcm", d, betaM: 1, betaU: 5, betaV: 5 },
    learner: { kind: "network", hidden: 4 },
    steps: 1000 * d,
    replicas,
    seed: 1,
  });
  return {
    config,
    meta: {
      version: "test",
      wasmSha256: "0".repeat(64),
      generator: "synthetic",
      numericContract: 0,
      engine: "full",
      streams: { spikes: "", training: "", test: "" },
      stepSize: { etaW: 1 / d, etaA: 1 / 4 },
      hash: "",
      decisionRule: "",
    },
    replicas: Array.from({ length: replicas }, (_, r) => {
      const shift = (r - (replicas - 1) / 2) / 4;
      const checkpoints = Array.from({ length: points }, (_, i) => {
        const step = Math.round(d * 10 ** ((3 * i) / (points - 1)));
        const x = Math.log(step / d) + shift;
        const o = (e: "m" | "u" | "v") => (Number.isFinite(onset[e]) ? 0.9 * logistic(3 * (x - Math.log(onset[e]))) : 0) + 0.05;
        const overlap = { m: o("m"), u: -o("u"), v: o("v") };
        return { step, overlap, accuracy: 0.5 + 0.15 * (overlap.m + Math.abs(overlap.u) + overlap.v) / 0.95, loss: 1 };
      });
      const first = (e: "m" | "u" | "v") => checkpoints.find((c) => Math.abs(c.overlap[e]) >= 0.5)?.step ?? null;
      return { replica: r, checkpoints, weakRecovery: { m: first("m"), u: first("u"), v: first("v") }, hash: `h${r}`, diverged: null };
    }),
  };
}

/** A sweep whose medians follow n* = 3 d^exponent exactly. */
export function syntheticSweep(exponent: number, ds = [8, 12, 16, 24]): SweepResult {
  const base = resolveExperimentConfig({
    model: { kind: "spiked-cumulant", d: 8, betaV: 10 },
    learner: { kind: "neuron", activation: "-he4", lrExponent: 2 },
    steps: 1000,
  });
  return {
    kind: "sweep",
    source: `synthetic d^${exponent}`,
    description: "synthetic sweep",
    target: "v",
    config: base,
    sweep: { d: ds, target: "v", replicas: 3, steps: { factor: 40, power: 3, logPower: 0 }, bootstrap: 100, censoredMedians: "refuse" },
    perD: ds.map((d) => {
      const median = 3 * d ** exponent;
      return {
        d,
        steps: 40 * d ** 3,
        replicas: 3,
        recoverySteps: [median * 0.8, median, median * 1.3],
        median,
        quantiles: { q10: median * 0.84, q25: median * 0.9, q50: median, q75: median * 1.15, q90: median * 1.24 },
        unrecovered: 0,
        diverged: 0,
        finalOverlapMedian: 0.9,
        control: { recovered: 0, total: 3, maxFinalOverlap: 0.2 },
        independentControl: null,
      };
    }),
    fit: { exponent, intercept: Math.log(3), ci: [exponent - 0.1, exponent + 0.1], dimensions: ds, resamples: 100, censoredResamples: 0, censoredResamplesByD: [] },
    fitLogCorrected: { exponent: exponent - 0.4, intercept: 1, ci: [exponent - 0.5, exponent - 0.3], dimensions: ds, resamples: 100, censoredResamples: 0, censoredResamplesByD: [] },
    fitMessage: null,
    control: { recovered: 0, total: 12, betaSwitchedOff: "model.betaV = 0" },
    independentControl: null,
    meta: { version: "test", numericContract: 1, wasmSha256: "0".repeat(64), bootstrapStream: { seed: 1, index: 1 }, timing: { workers: 1, startedAt: "", seconds: 0 } },
  };
}
