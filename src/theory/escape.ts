// `stairs.escapeTimes(config, options)`: the finite-d stochastic description of a single neuron's escape
// along one direction (assembly/escape.ts): the overlap's diffusion, with the drift and E[psi^2] of the
// overlap ODE (assembly/dynamics.ts) and the noise of one spherical step, simulated in the wasm on a
// seeded stream; its weak-recovery times compare with the simulation's (test/escape.test.ts).
import { StairsInputError, checkInteger, checkSeed } from "../errors.js";
import { median, quantiles, type Quantiles } from "../analysis/scaling.js";
import { Stream } from "../random.js";
import type { Kernels } from "../wasm/wasm.js";
import { readNumbers, withScratch, writeF64 } from "../wasm/memory.js";
import { resolveTheoryConfig, theoryLearner } from "../config/theory.js";
import { codes } from "../wasm/codes.js";
import { withActivation, withModel } from "./kernels.js";

/** Stream index of the diffusion's draws (with the config's seed or options.seed). */
export const ESCAPE_STREAM = 0xe5ca9e;
/** Points of the drift table on [-1, 1]. */
export const DRIFT_TABLE_POINTS = 4001;

export interface EscapeOptions {
  /** Paths of the diffusion (default 1024). */
  paths?: number;
  seed?: number;
  /** The direction (default "v"); the other overlaps are held at 0. */
  direction?: "m" | "u" | "v";
  /** SGD steps per Euler step (default: the budget / 20000, at least 1). */
  dn?: number;
}

export interface EscapeTimes {
  direction: "m" | "u" | "v";
  d: number;
  eta: number;
  threshold: number;
  /** The step budget: config.steps. */
  budget: number;
  dn: number;
  paths: number;
  seed: number;
  /** Weak-recovery step of each path (first |alpha| >= threshold), null when not within the budget. */
  steps: (number | null)[];
  /** Median over paths (censored paths count as +infinity; null if half or more are censored). */
  median: number | null;
  quantiles: Quantiles;
  unrecovered: number;
}

export function escapeTimes(kernels: Kernels, input: unknown, options: EscapeOptions = {}): EscapeTimes {
  const config = resolveTheoryConfig(input);
  if (config.learner.kind !== "neuron") throw new StairsInputError("learner.kind", config.learner.kind, '"neuron": the stochastic description is that of a single neuron');
  if (config.steps === undefined) throw new StairsInputError("steps", undefined, "the step budget of the paths (an integer >= 1)");
  const paths = options.paths ?? 1024;
  checkInteger("escape.paths", paths, 1, 1 << 20, "2^20");
  const seed = options.seed ?? config.seed;
  checkSeed("escape.seed", seed);
  const direction = options.direction ?? "v";
  if (!["m", "u", "v"].includes(direction)) throw new StairsInputError("escape.direction", direction, '"m", "u" or "v"');
  const budget = config.steps;
  const dn = options.dn ?? Math.max(1, Math.floor(budget / 20000));
  checkInteger("escape.dn", dn, 1, budget, "steps");
  const learner = theoryLearner(config);
  const d = config.model.d;
  const eta = kernels.learningRate(learner.lr, d, learner.lrExponent);
  const threshold = config.recovery.threshold;
  const n = DRIFT_TABLE_POINTS;
  const grid = Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  const raw = withModel(kernels, config.model, (model) =>
    withActivation(kernels, learner.activation, (activation) =>
      withScratch(kernels, [n, n, n, paths], ([alphas, drift, psi2, out]) => {
        writeF64(kernels, alphas, grid);
        kernels.driftTable(model, activation, codes(kernels).loss[learner.loss], { m: 0, u: 1, v: 2 }[direction], alphas, n, drift, psi2);
        const stream = new Stream(kernels, seed, ESCAPE_STREAM);
        try {
          kernels.escapeTimes(drift, psi2, n, eta, d, threshold, budget, dn, paths, stream.statePtr, out);
        } finally {
          stream.free();
        }
        return readNumbers(kernels, out, paths);
      }),
    ),
  );
  const steps = raw.map((x) => (x < 0 ? null : x));
  const m = median(steps);
  return {
    direction, d, eta, threshold, budget, dn, paths, seed, steps,
    median: Number.isFinite(m) ? m : null,
    quantiles: quantiles(steps),
    unrecovered: steps.filter((s) => s === null).length,
  };
}
