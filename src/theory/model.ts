// The closed-form theory of a data model (docs/science.md section 2): what the sampler must reproduce and where
// each hidden direction lives. Every number that needs a transcendental function (phi, Phi^-1) comes from
// the wasm (assembly/latent.ts), so the theory is bit-identical on every host; the rest is arithmetic and
// sqrt, which IEEE rounds correctly everywhere.
//
// For y = +1, with a = sqrt(beta_u) lambda, b = sqrt(beta_v / (1 + beta_v)) nu and z ~ N(0, I):
//   m.x = beta_m + z_m,   u.x = a + z_u,   v.x = b + z_v / sqrt(1 + beta_v),   w.x = z_w for w orthogonal.
// Hence E[x] = beta_m m, Var(u.x) = 1 + beta_u, Var(v.x) = beta_v/(1+beta_v) + 1/(1+beta_v) = 1,
// Cov(u.x, v.x) = rho = sqrt(beta_u beta_v / (1 + beta_v)) E[lambda nu], and, z_v being Gaussian and
// independent of nu whatever the coupling, the cumulants of v.x of order p >= 3 are
// (beta_v/(1+beta_v))^(p/2) kappa_p(nu). The joint cumulant of k copies of u.x and one of v.x is
// beta_u^(k/2) sqrt(beta_v/(1+beta_v)) E[He_k(lambda) nu], because for Gaussian lambda
// log E[exp(s lambda + t nu)] has d/dt at t = 0 equal to E[nu exp(s lambda - s^2/2)] = sum_k s^k/k! E[He_k nu].
import type { Kernels } from "../wasm/wasm.js";
import { resolveModelConfig, type ModelConfig } from "../config/model.js";
import { modelCodes } from "../model/model.js";

/** Hermite coefficients E[He_k(lambda) nu] are reported for k = 0..HERMITE_ORDERS. */
export const HERMITE_ORDERS = 8;
/** |E[He_k(lambda) nu]| at or below this counts as zero (the closed forms are exact up to rounding). */
export const ZERO_TOLERANCE = 1e-12;

/** Moments of one class (or of the whole mixture) in the spike basis (m, u, v). */
export interface ClassMoments {
  /** Coefficients of E[x] along m, u, v (the mean has no other component). */
  mean: { m: number; u: number; v: number };
  /** Cov[x] restricted to span(m, u, v), rows and columns in the order m, u, v. */
  covariance: number[][];
  /** Variance along any unit vector orthogonal to m, u, v. */
  varianceOrthogonal: number;
  /** Cumulants of v.x: variance, third and fourth (= skewness and excess kurtosis, as the variance is 1). */
  alongV: { variance: number; cumulant3: number; cumulant4: number };
}

export interface ModelTheory {
  config: ModelConfig;
  /** P(y = +1). */
  prior: number;
  /** c = 1 - 1/sqrt(1 + beta_v), the whitening S = I - c v v^T. */
  whitening: number;
  /** nu's law: `high` with probability `probabilityHigh`, else `low`; zero mean, unit variance. */
  latent: { kind: string; high: number; low: number; probabilityHigh: number; cumulant3: number; cumulant4: number };
  coupling: {
    kind: string;
    /** The lambda threshold of the coupling (null for independent). */
    threshold: number | null;
    /** hermite[k] = E[He_k(lambda) nu], k = 0..8. */
    hermite: number[];
    /** E[lambda nu] = hermite[1]. */
    lambdaNu: number;
    /** k*: the smallest k >= 1 with E[He_k(lambda) nu] != 0; null when there is none (independent). */
    correlationExponent: number | null;
  };
  /** rho = sqrt(beta_u beta_v / (1 + beta_v)) E[lambda nu]: the u-v covariance of the y = +1 class. */
  rho: number;
  plus: ClassMoments;
  minus: ClassMoments;
  /** The unlabelled data: the mixture prior plus + (1 - prior) minus. */
  all: ClassMoments;
  /**
   * Joint cumulants of the y = +1 class: mixedUV[k] is the cumulant of k copies of u.x and one of v.x,
   * beta_u^(k/2) sqrt(beta_v/(1+beta_v)) E[He_k(lambda) nu] (k = 0..8; k = 1 is rho).
   */
  mixedUV: number[];
  /**
   * Coefficient of v (x) ... (x) v in the order-p cumulant tensor of the y = +1 class,
   * (beta_v/(1+beta_v))^(p/2) kappa_p(nu): the whole tensor when the latents are independent or beta_u = 0;
   * otherwise the tensor also has the mixed u...uv terms of mixedUV.
   */
  tensorSpike: { order3: number; order4: number };
  /**
   * The order of the lowest cumulant of the y = +1 class in which each direction appears (null: nowhere).
   * m: 1; u: 2; v: min(k* + 1 through the mixed u...uv cumulant when beta_u > 0, 3 if kappa3(nu) != 0, 4).
   */
  lowestCumulant: { m: number | null; u: number | null; v: number | null };
}

/** The theory of a model config (validated here). */
export function modelTheory(kernels: Kernels, modelConfig: unknown): ModelTheory {
  const config = resolveModelConfig(modelConfig);
  const { betaM, betaU, betaV, prior: q } = config;
  const { latent: latentCode, coupling: couplingCode } = modelCodes(kernels, config);
  const r = config.latent.kind === "skewed" ? config.latent.r : 0.5;
  const p = config.coupling.kind === "partial" ? config.coupling.p : 0;

  // nu = (B - r)/s with B ~ Bernoulli(r), s = sqrt(r (1 - r)): the Bernoulli law's skewness and excess
  // kurtosis (Rademacher: r = 1/2 gives 0 and -2).
  const s2 = r * (1 - r);
  const s = Math.sqrt(s2);
  const latent = {
    kind: config.latent.kind,
    high: (1 - r) / s,
    low: -r / s,
    probabilityHigh: r,
    cumulant3: (1 - 2 * r) / s,
    cumulant4: (1 - 6 * s2) / s2,
  };

  const hermite: number[] = [];
  for (let k = 0; k <= HERMITE_ORDERS; k++) hermite.push(kernels.couplingHermite(couplingCode, latentCode, r, p, k));
  const exponent = hermite.findIndex((h, k) => k >= 1 && Math.abs(h) > ZERO_TOLERANCE);
  const lambdaNu = hermite[1];
  const coupling = {
    kind: config.coupling.kind,
    threshold: config.coupling.kind === "independent" ? null : kernels.couplingThreshold(couplingCode, latentCode, r),
    hermite,
    lambdaNu,
    correlationExponent: exponent < 0 ? null : exponent,
  };

  const vShare = betaV / (1 + betaV); // Var of the nu part of v.x
  const vSignal = Math.sqrt(vShare);
  const rho = Math.sqrt(betaU) * vSignal * lambdaNu;
  // (+ 0 turns the -0 of beta_v = 0 times a negative kappa into 0.)
  const alongVPlus = { variance: 1, cumulant3: vShare * vSignal * latent.cumulant3 + 0, cumulant4: vShare * vShare * latent.cumulant4 + 0 };

  const plus: ClassMoments = {
    mean: { m: betaM, u: 0, v: 0 },
    covariance: [
      [1, 0, 0],
      [0, 1 + betaU, rho],
      [0, rho, 1],
    ],
    varianceOrthogonal: 1,
    alongV: alongVPlus,
  };
  const minus: ClassMoments = {
    mean: { m: config.labelledMean ? -betaM : 0, u: 0, v: 0 },
    covariance: identity3(),
    varianceOrthogonal: 1,
    alongV: { variance: 1, cumulant3: 0, cumulant4: 0 },
  };
  // Mixture: E = q mu+ + (1-q) mu-, Cov = q S+ + (1-q) S- + q(1-q) D D^T with D = mu+ - mu- (along m).
  // Along v both classes have mean 0 and variance 1, so the mixture's third and fourth moments (hence
  // cumulants) of v.x are the prior-weighted ones.
  const delta = plus.mean.m - minus.mean.m;
  const all: ClassMoments = {
    mean: { m: q * plus.mean.m + (1 - q) * minus.mean.m, u: 0, v: 0 },
    covariance: plus.covariance.map((row, i) =>
      row.map((value, j) => q * value + (1 - q) * minus.covariance[i][j] + (i === 0 && j === 0 ? q * (1 - q) * delta * delta : 0)),
    ),
    varianceOrthogonal: 1,
    alongV: { variance: 1, cumulant3: q * alongVPlus.cumulant3, cumulant4: q * alongVPlus.cumulant4 },
  };

  // beta_u^(k/2) by repeated multiplication (JS Math.pow is not specified to the last bit).
  const mixedUV: number[] = [];
  for (let k = 0, power = 1; k <= HERMITE_ORDERS; k++, power *= Math.sqrt(betaU)) mixedUV.push(power * vSignal * hermite[k]);

  let lowestV: number | null = null;
  if (betaV > 0) {
    lowestV = Math.abs(latent.cumulant3) > ZERO_TOLERANCE ? 3 : 4;
    if (betaU > 0 && coupling.correlationExponent !== null) lowestV = Math.min(lowestV, coupling.correlationExponent + 1);
  }

  return {
    config,
    prior: q,
    whitening: 1 - 1 / Math.sqrt(1 + betaV),
    latent,
    coupling,
    rho,
    plus,
    minus,
    all,
    mixedUV,
    tensorSpike: { order3: alongVPlus.cumulant3, order4: alongVPlus.cumulant4 },
    lowestCumulant: { m: betaM > 0 ? 1 : null, u: betaU > 0 ? 2 : null, v: lowestV },
  };
}

function identity3(): number[][] {
  return [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
}
