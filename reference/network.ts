// The two-layer network f(x) = sum_k a_k sigma(w_k.x) + b (docs/science.md section 3): loss, gradients and
// one online-SGD step (optionally a mini-batch, optionally with spherical rows) in plain float64
// TypeScript, the oracle for assembly/network.ts. Written from the definitions.
import type { ActivationReference } from "./activation.js";
import { dotSequential as dot } from "./vector.js";

export type NetworkLoss = "square" | "logistic";

export interface NetworkParameters {
  /** K rows of length d. */
  W: Float64Array[];
  a: Float64Array;
  b: number;
}

export interface NetworkStepOptions {
  /** First-layer step (lrW / d) and second-layer step (lrA / K). */
  etaW: number;
  etaA: number;
  trainSecondLayer: boolean;
  spherical: boolean;
  bias: boolean;
}

export function networkOutput(p: NetworkParameters, act: ActivationReference, x: ArrayLike<number>): number {
  let f = 0;
  for (let k = 0; k < p.W.length; k++) f += p.a[k] * act.value(dot(p.W[k], x));
  return f + p.b;
}

/** (y - f)^2 / 2 or log(1 + exp(-y f)). */
export function networkLoss(loss: NetworkLoss, p: NetworkParameters, act: ActivationReference, x: ArrayLike<number>, y: number): number {
  const f = networkOutput(p, act, x);
  return loss === "square" ? 0.5 * (y - f) ** 2 : Math.log(1 + Math.exp(-y * f));
}

/** Gradients of the loss of one sample with respect to W, a and b. */
export function networkGradient(
  loss: NetworkLoss,
  p: NetworkParameters,
  act: ActivationReference,
  x: ArrayLike<number>,
  y: number,
): NetworkParameters {
  const f = networkOutput(p, act, x);
  const r = loss === "square" ? f - y : -y / (1 + Math.exp(y * f)); // dl/df
  const W = p.W.map((w, k) => {
    const c = r * p.a[k] * act.derivative(dot(w, x));
    return Float64Array.from(x, (xi) => c * xi);
  });
  const a = Float64Array.from(p.W, (w) => r * act.value(dot(w, x)));
  return { W, a, b: r };
}

/**
 * One SGD step on the samples xs (a mini-batch: gradients averaged), all gradients at the current
 * parameters; returns the new parameters. Spherical rows: w_k <- (w_k - etaW g_s) / |...| with
 * g_s = g - (g.w_k) w_k. Second layer and bias only when trained.
 */
export function networkStepReference(
  loss: NetworkLoss,
  p: NetworkParameters,
  act: ActivationReference,
  xs: ArrayLike<number>[],
  ys: number[],
  o: NetworkStepOptions,
): NetworkParameters {
  const K = p.W.length;
  const d = p.W[0].length;
  const gW = p.W.map(() => new Float64Array(d));
  const ga = new Float64Array(K);
  let gb = 0;
  xs.forEach((x, s) => {
    const g = networkGradient(loss, p, act, x, ys[s]);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < d; i++) gW[k][i] += g.W[k][i] / xs.length;
      ga[k] += g.a[k] / xs.length;
    }
    gb += g.b / xs.length;
  });
  const W = p.W.map((w, k) => {
    const g = gW[k];
    const gw = o.spherical ? dot(g, w) : 0;
    const next = Float64Array.from(w, (wi, i) => wi - o.etaW * (g[i] - gw * wi));
    if (o.spherical) {
      const norm = Math.sqrt(dot(next, next));
      for (let i = 0; i < d; i++) next[i] /= norm;
    }
    return next;
  });
  const a = o.trainSecondLayer ? Float64Array.from(p.a, (ak, k) => ak - o.etaA * ga[k]) : p.a.slice();
  const b = o.bias ? p.b - o.etaA * gb : p.b;
  return { W, a, b };
}
