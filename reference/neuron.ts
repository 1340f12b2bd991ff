// The single neuron's loss, gradient and spherical SGD step (docs/science.md section 3) in plain float64
// TypeScript: the oracle the wasm step (assembly/neuron.ts) is tested against, and the baseline of
// bench/learners.ts. Written from the definitions, not from the kernel's one-pass rearrangement.
import type { ActivationReference } from "./activation.js";
import { dotSequential as dot } from "./vector.js";

export type NeuronLoss = "correlation" | "square";

/** l(w; x, y): -y sigma(w.x) (correlation) or (y - sigma(w.x))^2 / 2 (square). */
export function neuronLoss(loss: NeuronLoss, act: ActivationReference, w: ArrayLike<number>, x: ArrayLike<number>, y: number): number {
  const s = act.value(dot(w, x));
  return loss === "correlation" ? -y * s : 0.5 * (y - s) ** 2;
}

/** grad_w l = dl/dsigma sigma'(w.x) x. */
export function neuronGradient(loss: NeuronLoss, act: ActivationReference, w: ArrayLike<number>, x: ArrayLike<number>, y: number): Float64Array {
  const z = dot(w, x);
  const slope = loss === "correlation" ? -y : act.value(z) - y;
  const c = slope * act.derivative(z);
  return Float64Array.from(x, (xi) => c * xi);
}

/**
 * The spherical step in place: g = grad_w l, g_s = g - (g.w) w, w <- (w - eta g_s) / |w - eta g_s|.
 * Returns false (w left unnormalised) when |w - eta g_s| is not a finite positive number.
 */
export function neuronStepReference(
  loss: NeuronLoss,
  act: ActivationReference,
  w: Float64Array,
  x: ArrayLike<number>,
  y: number,
  eta: number,
): boolean {
  const g = neuronGradient(loss, act, w, x, y);
  const gw = dot(g, w);
  for (let i = 0; i < w.length; i++) w[i] -= eta * (g[i] - gw * w[i]);
  const norm = Math.sqrt(dot(w, w));
  if (!(Number.isFinite(norm) && norm > 0)) return false;
  for (let i = 0; i < w.length; i++) w[i] /= norm;
  return true;
}
