// `stairs.theory(config)`: the Hermite coefficients of the activation, the information exponent of each
// direction, the predicted sample complexity, the latents' correlation and the overlap ODE, for a model
// and a single-neuron learner. Every number comes from the wasm (quadratures, special functions); this
// module only arranges them (see exponents.ts for what the exponents are, exactly).
import { VERSION, WASM_SHA256, type Kernels } from "../wasm/wasm.js";
import { resolveTheoryConfig, theoryLearner, type TheoryConfig } from "../config/theory.js";
import { overlapDynamics, type OverlapDynamics } from "./dynamics.js";
import { correlationExponent, lossExpansion, predictedScaling, type LossExpansion, type Scaling } from "./exponents.js";
import { bayesAccuracies, type BayesAccuracies } from "./bayes.js";
import { stepSizeVerdict, type StepSizeVerdict } from "./stepsize.js";
import { couplingMoments, hermiteCoefficients, latentHermiteMoments, withActivation, withModel } from "./kernels.js";

/** Order up to which exponents are searched (the JSON's hermite array may be shorter). */
export const EXPONENT_SEARCH_ORDER = 16;

// Two conventions, two names: the Hermite coefficients c_k = E[sigma He_k] (what the theory reports and
// docs/science.md calls c_k) and the series coefficients a_k = c_k / k! of sigma = sum_k a_k He_k (what an
// activation {"kind": "hermite", "coefficients": [a_0, a_1, ...]} takes). Feeding one as the other gives
// another activation.
export const HERMITE_CONVENTION =
  "hermite: c_k = E[sigma(xi) He_k(xi)], xi ~ N(0, 1), He_k the probabilists' Hermite polynomials (no 1/k!); " +
  "hermiteSeries: a_k = c_k / k!, the series coefficients of sigma = sum_k a_k He_k (the activation's " +
  "{\"kind\": \"hermite\", \"coefficients\": [a_0, a_1, ...]})";

export interface TheoryResult {
  config: TheoryConfig;
  meta: { version: string; wasmSha256: string };
  /** c_0..c_hermiteOrder (see hermiteConvention). */
  hermite: number[];
  /** a_k = c_k / k!: the series coefficients, sigma = sum_k a_k He_k (an activation's "coefficients"). */
  hermiteSeries: number[];
  hermiteConvention: string;
  /**
   * The smallest power of alpha_e with a non-zero coefficient in the population loss, given the directions
   * found before it (lossExpansion.sequential; independent-latent terms); null: none up to order 16.
   */
  informationExponent: { m: number | null; u: number | null; v: number | null };
  /** The coefficients behind the exponents, their signs, and v's staircase terms. */
  lossExpansion: LossExpansion;
  /**
   * Samples to weak recovery from a random start at the best step size (eta ~ d^-max(1, k/2)); null where
   * SGD does not leave alpha = 0. What the config's own step size gives: stepSize.
   */
  predictedScaling: { m: Scaling | null; u: Scaling | null; v: Scaling | null };
  /**
   * The config's step size eta = lr d^-lrExponent and, per direction, whether online SGD is expected to
   * recover it at that step and at what cost (src/theory/stepsize.ts); null where it is not learned at all.
   */
  stepSize: { eta: number; lr: number; lrExponent: number; rule: string; m: StepSizeVerdict | null; u: StepSizeVerdict | null; v: StepSizeVerdict | null };
  /** Bayes-optimal accuracies: mean only, mean and covariance (the censored test sets), everything. */
  bayes: BayesAccuracies | null;
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
  const scaling = predictedScaling(expansion);
  const rule = learner.kind === "network" ? "lr_W / d" : learner.lrExponent === 1 ? "lr / d" : `lr / d^${learner.lrExponent}`;
  const verdict = (e: "m" | "u" | "v"): StepSizeVerdict | null => {
    const x = expansion.sequential[e];
    if (scaling[e] === null || x.exponent === null) return null;
    return stepSizeVerdict(x.exponent, learner.lrExponent, rule);
  };
  const stepSize = { eta: kernels.learningRate(learner.lr, model.d, learner.lrExponent), lr: learner.lr, lrExponent: learner.lrExponent, rule, m: verdict("m"), u: verdict("u"), v: verdict("v") };
  if (scaling.v?.via && stepSize.u) {
    // v rides on u (the staircase): it is found at u's cost once u is, so u's verdict is v's
    const u = stepSize.u;
    stepSize.v = { ...u, reason: `via u (the latents' correlation makes the loss linear in alpha_v once alpha_u = Theta(1)): ${u.reason}` };
  }
  for (const e of ["m", "u", "v"] as const) {
    const x = stepSize[e];
    if (x && x.regime !== "small" && !(x.regime === "critical" && x.informationExponent <= 2)) notes.push(`${e}: ${x.expected ? "" : "not expected to be recovered at this step size: "}${x.reason}`);
  }
  const bayesSamples = config.theory.bayesSamples;
  const result: TheoryResult = {
    config,
    meta: { version: VERSION, wasmSha256: WASM_SHA256 },
    hermite: c.slice(0, order + 1),
    hermiteSeries: c.slice(0, order + 1).map((ck, k) => ck / factorial(k)),
    hermiteConvention: HERMITE_CONVENTION,
    informationExponent: { m: expansion.sequential.m.exponent, u: expansion.sequential.u.exponent, v: expansion.sequential.v.exponent },
    lossExpansion: expansion,
    predictedScaling: scaling,
    stepSize,
    bayes: bayesSamples > 0 ? bayesAccuracies(kernels, model, { samples: bayesSamples, seed: config.seed }) : null,
    correlation: { expectation: lambdaNuHermite[1], kStar: correlationExponent(lambdaNuHermite), hermite: lambdaNuHermite.slice(0, order + 1) },
    latentHermite: nuHermite.slice(0, order + 1),
    notes,
  };
  if (config.steps !== undefined && config.theory.dynamics && learner.kind === "neuron") result.dynamics = overlapDynamics(kernels, config);
  return result;
}

function factorial(k: number): number {
  let f = 1;
  for (let j = 2; j <= k; j++) f *= j;
  return f;
}
