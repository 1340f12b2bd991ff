// A plain TypeScript sampler of the data models (docs/science.md section 2), the twin of assembly/model.ts:
// the differential tests feed it the draws of a wasm stream and compare, and bench/models.ts runs it on
// Math.random as the baseline a hand-written script would be. Same O(d) algorithm (the whitening
// S = I - c v v^T as a rank-one update), plain Float64Array loops.
import type { ModelConfig } from "../src/config/model.js";
import { dotReference } from "./vector.js";

/** Where the reference takes its randomness from: one draw per call, or a batch of normals. */
export interface DrawSource {
  uniform(): number;
  normal(): number;
  /** out.length normals in one batch (the wasm's batch order, which differs from one at a time). */
  normals(out: Float64Array): void;
  /** +1 or -1 with probability 1/2 each. */
  rademacher(): number;
}

export interface ReferenceModel {
  d: number;
  prior: number;
  betaM: number;
  sqrtBetaU: number;
  vSignal: number;
  whitening: number;
  skewed: boolean;
  nuHigh: number;
  nuLow: number;
  r: number;
  coupling: ModelConfig["coupling"]["kind"];
  p: number;
  labelledMean: boolean;
  /** The coupling's lambda threshold (computed by the wasm's couplingThreshold: it needs Phi^-1). */
  threshold: number;
  m: Float64Array;
  u: Float64Array;
  v: Float64Array;
}

export function referenceModel(
  config: ModelConfig,
  spikes: { m: Float64Array; u: Float64Array; v: Float64Array },
  threshold: number,
): ReferenceModel {
  const r = config.latent.kind === "skewed" ? config.latent.r : 0.5;
  const s = Math.sqrt(r - r * r);
  const skewed = config.latent.kind === "skewed";
  return {
    d: config.d,
    prior: config.prior,
    betaM: config.betaM,
    sqrtBetaU: Math.sqrt(config.betaU),
    vSignal: Math.sqrt(config.betaV / (1 + config.betaV)),
    whitening: 1 - 1 / Math.sqrt(1 + config.betaV),
    skewed,
    nuHigh: skewed ? (1 - r) / s : 1,
    nuLow: skewed ? -r / s : -1,
    r,
    coupling: config.coupling.kind,
    p: config.coupling.kind === "partial" ? config.coupling.p : 0,
    labelledMean: config.labelledMean,
    threshold,
    ...spikes,
  };
}

function independentNu(model: ReferenceModel, source: DrawSource): number {
  if (!model.skewed) return source.rademacher();
  return source.uniform() < model.r ? model.nuHigh : model.nuLow;
}

function coupledNu(model: ReferenceModel, lambda: number, source: DrawSource): number {
  const t = model.threshold;
  switch (model.coupling) {
    case "independent":
      return independentNu(model, source);
    case "sign":
      return lambda > t ? model.nuHigh : model.nuLow;
    case "partial":
      if (source.uniform() < model.p) return lambda > t ? model.nuHigh : model.nuLow;
      return independentNu(model, source);
    case "even":
      return Math.abs(lambda) >= t ? model.nuHigh : model.nuLow;
    case "cubic": {
      const sign = lambda > 0 ? 1 : -1;
      return Math.abs(lambda) > t ? sign : -sign;
    }
  }
}

/**
 * One sample into x (length d), drawing in the wasm's order: uniform for y, a batch of d normals, then for y = +1 a
 * normal for lambda and the coupling's draws. Returns y and the latents (NaN for y = -1).
 */
export function sampleReference(model: ReferenceModel, source: DrawSource, x: Float64Array): { y: number; lambda: number; nu: number } {
  const { d, m, u, v } = model;
  const y = source.uniform() < model.prior ? 1 : -1;
  source.normals(x);
  if (y < 0) {
    if (model.labelledMean) for (let i = 0; i < d; i++) x[i] = x[i] + -model.betaM * m[i] + 0 * u[i] + 0 * v[i];
    return { y, lambda: NaN, nu: NaN };
  }
  const lambda = source.normal();
  const nu = coupledNu(model, lambda, source);
  const vz = model.whitening !== 0 ? dotReference(v, x) : 0;
  const a = model.betaM, b = model.sqrtBetaU * lambda, e = model.vSignal * nu - model.whitening * vz;
  for (let i = 0; i < d; i++) x[i] = x[i] + a * m[i] + b * u[i] + e * v[i];
  return { y, lambda, nu };
}
