// `stairs.theory(config)`: the Hermite coefficients of the activation, the information exponent of each
// direction, the predicted sample complexity, the latents' correlation and the overlap ODE, for a model
// and a single-neuron learner. Every number comes from the wasm (quadratures, special functions); this
// module only arranges them (see exponents.ts for what the exponents are, exactly).
import { VERSION, WASM_SHA256, type Kernels } from "../wasm/wasm.js";
import { resolveTheoryConfig, theoryLearner, type TheoryConfig } from "../config/theory.js";
import { overlapDynamics, type OverlapDynamics } from "./dynamics.js";
import { correlationExponent, lossExpansion, predictedScaling, type LossExpansion, type Scaling } from "./exponents.js";
import { couplingMoments, hermiteCoefficients, latentHermiteMoments, withActivation, withModel } from "./kernels.js";

/** Order up to which exponents are searched (the JSON's hermite array may be shorter). */
export const EXPONENT_SEARCH_ORDER = 16;

export const HERMITE_CONVENTION =
  "c_k = E[sigma(xi) He_k(xi)], xi ~ N(0, 1), He_k the probabilists' Hermite polynomials; no 1/k! " +
  "normalisation: sigma = sum_k c_k He_k / k!";

export interface TheoryResult {
  config: TheoryConfig;
  meta: { version: string; wasmSha256: string };
  /** c_0..c_hermiteOrder (see hermiteConvention). */
  hermite: number[];
  hermiteConvention: string;
  /**
   * The smallest power of alpha_e with a non-zero coefficient in the population loss, given the directions
   * found before it (lossExpansion.sequential; independent-latent terms); null: none up to order 16.
   */
  informationExponent: { m: number | null; u: number | null; v: number | null };
  /** The coefficients behind the exponents, their signs, and v's staircase terms. */
  lossExpansion: LossExpansion;
  /** Samples to weak recovery from a random start; null where SGD does not leave alpha = 0. */
  predictedScaling: { m: Scaling | null; u: Scaling | null; v: Scaling | null };
  /** E[lambda nu], k* (smallest k with E[He_k(lambda) nu] != 0; null if none) and E[He_k(lambda) nu]. */
  correlation: { expectation: number; kStar: number | null; hermite: number[] };
  /** E[He_j(nu)], j = 0..hermiteOrder (j = 3: kappa_3, j = 4: kappa_4). */
  latentHermite: number[];
  /** Notes on what applies (a network's units, a model without a direction). */
  notes: string[];
  /** The overlap ODE, when the config has steps and theory.dynamics is true (single neuron only). */
  dynamics?: OverlapDynamics;
}

export function theory(kernels: Kernels, input: unknown): TheoryResult {
  const config = resolveTheoryConfig(input);
  const order = config.theory.hermiteOrder;
  const K = Math.max(order, EXPONENT_SEARCH_ORDER);
  const model = config.model;
  const learner = theoryLearner(config);
  const { c, b, nuHermite, lambdaNuHermite, lambdaNuPower } = withModel(kernels, model, (modelPtr) =>
    withActivation(kernels, learner.activation, (activation) => ({
      c: hermiteCoefficients(kernels, activation, K, 1),
      b: learner.loss === "square" ? hermiteCoefficients(kernels, activation, K, 2) : null,
      nuHermite: latentHermiteMoments(kernels, modelPtr, K),
      lambdaNuHermite: couplingMoments(kernels, modelPtr, K, "hermite"),
      lambdaNuPower: couplingMoments(kernels, modelPtr, K, "power"),
    })),
  );
  const nuMax = model.latent.kind === "skewed" ? Math.max(Math.sqrt(model.latent.r / (1 - model.latent.r)), Math.sqrt((1 - model.latent.r) / model.latent.r)) : 1;
  const expansion = lossExpansion({
    c, b, prior: model.prior, betaM: model.betaM, betaU: model.betaU, betaV: model.betaV,
    labelledMean: model.labelledMean, nuHermite, lambdaNuPower, nuMax,
  });
  const notes: string[] = [];
  if (learner.kind === "network") {
    notes.push("network learner: exponents of one hidden unit under the correlation part of its gradient; no overlap ODE");
  }
  for (const e of ["m", "u", "v"] as const) {
    const x = expansion.sequential[e];
    if (x.exponent === null) notes.push(`${e}: no signal up to order ${K} (its beta is 0, or every coefficient vanishes)`);
    else if (x.attractive === false) notes.push(`${e}: exponent ${x.exponent} with coefficient ${x.effectiveCoefficient} > 0: alpha_${e} = 0 is a local minimum of the loss, SGD does not leave it`);
    else if (x.attractive === null) notes.push(`${e}: exponent ${x.exponent}; whether it pulls depends on the sign SGD picks for an overlap found before it`);
    else if (x.exponent !== expansion[e].exponent) {
      const via = (["m", "u", "v"] as const).filter((f) => x.powers && x.powers[f] > 0).map((f) => `alpha_${f}^${x.powers?.[f]}`).join(" ");
      notes.push(`${e}: pure exponent ${expansion[e].exponent ?? "none"} at a random start, ${x.exponent} once ${via} is found (term ${via} alpha_${e}^${x.exponent})`);
    }
  }
  const result: TheoryResult = {
    config,
    meta: { version: VERSION, wasmSha256: WASM_SHA256 },
    hermite: c.slice(0, order + 1),
    hermiteConvention: HERMITE_CONVENTION,
    informationExponent: { m: expansion.sequential.m.exponent, u: expansion.sequential.u.exponent, v: expansion.sequential.v.exponent },
    lossExpansion: expansion,
    predictedScaling: predictedScaling(expansion),
    correlation: { expectation: lambdaNuHermite[1], kStar: correlationExponent(lambdaNuHermite), hermite: lambdaNuHermite.slice(0, order + 1) },
    latentHermite: nuHermite.slice(0, order + 1),
    notes,
  };
  if (config.steps !== undefined && config.theory.dynamics && learner.kind === "neuron") result.dynamics = overlapDynamics(kernels, config);
  return result;
}
