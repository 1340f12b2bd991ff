// Losses of the learners, as functions of the scalar output. For the single neuron the output is
// sigma(z) with z = w.x; for the network it is f(x). Labels y are +1 or -1.
//   CORRELATION  l = -y sigma(z)                 dl/dz = -y sigma'(z)             (docs/science.md section 3)
//   SQUARE       l = (y - s)^2 / 2               dl/ds = s - y
//   LOGISTIC     l = log(1 + exp(-y f))          dl/df = -y / (1 + exp(y f))
import { Activation, activationValue, activationDerivative } from "./activation";

export const CORRELATION: i32 = 0;
export const SQUARE: i32 = 1;
export const LOGISTIC: i32 = 2;

/** The loss of output s against label y (s = sigma(z) for the neuron, f(x) for the network). */
export function lossValue(loss: i32, y: f64, s: f64): f64 {
  if (loss == CORRELATION) return -y * s;
  if (loss == SQUARE) {
    const r = y - s;
    return 0.5 * r * r;
  }
  // log(1 + e^t) with t = -y s, without overflow: t + log1p(e^-t) for t > 0.
  const t = -y * s;
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** dl/ds of the output s (SQUARE, LOGISTIC); CORRELATION gives -y. */
export function lossSlope(loss: i32, y: f64, s: f64): f64 {
  if (loss == CORRELATION) return -y;
  if (loss == SQUARE) return s - y;
  // -y / (1 + e^(y s)): e^(y s) = inf for large margins gives -0, the right limit.
  return -y / (1.0 + Math.exp(y * s));
}

/** The neuron's dl/dz for z = w.x: dl/dsigma * sigma'(z). */
// @ts-ignore: decorator
@inline export function neuronLossDerivative(loss: i32, y: f64, a: Activation, z: f64): f64 {
  if (loss == CORRELATION) return -y * activationDerivative(a, z);
  return lossSlope(loss, y, activationValue(a, z)) * activationDerivative(a, z);
}
