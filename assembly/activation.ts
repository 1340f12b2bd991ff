// Activation functions sigma(z) of the learners and their derivatives, evaluated in the wasm.
//
// An activation is a small unmanaged block made once per run by `activationCreate`:
//   RELU     sigma(z) = max(z, 0)                      sigma'(z) = 1[z > 0]
//   TANH     sigma(z) = tanh(z)                        sigma'(z) = 1 - tanh(z)^2
//   ERF      sigma(z) = erf(z / sqrt 2)                sigma'(z) = sqrt(2/pi) exp(-z^2/2)
//   HERMITE  sigma(z) = sum_k c_k He_k(z) (probabilists' Hermite polynomials, k = 0..degree)
//            sigma'(z) = sum_k k c_k He_{k-1}(z)  (He_k' = k He_{k-1})
import { erf, hermiteSeries, INV_SQRT2, SQRT_2_OVER_PI } from "./special";
import { at } from "./memory";

export const RELU: i32 = 0;
export const TANH: i32 = 1;
export const ERF: i32 = 2;
export const HERMITE: i32 = 3;

export const MAX_HERMITE_DEGREE: i32 = 16;

@unmanaged
export class Activation {
  kind: i32;
  degree: i32;
  /** c_0..c_degree for HERMITE (c_0 = 0 otherwise). */
  coefficients: usize;
  /** (k + 1) c_{k+1} for k = 0..degree-1, the series of sigma' (He_k' = k He_{k-1}); one double at least. */
  derivative: usize;
}

/**
 * Makes an activation. For HERMITE, `coefficients` points to degree + 1 doubles (copied here);
 * the TypeScript layer has checked kind and degree.
 */
export function activationCreate(kind: i32, coefficients: usize, degree: i32): usize {
  const a = changetype<Activation>(heap.alloc(offsetof<Activation>()));
  a.kind = kind;
  a.degree = kind == HERMITE ? degree : 0;
  const bytes = <usize>(a.degree + 1) << 3;
  const c = heap.alloc(bytes);
  if (kind == HERMITE) memory.copy(c, coefficients, bytes);
  else store<f64>(c, 0.0);
  a.coefficients = c;
  const dc = heap.alloc(<usize>max(a.degree, 1) << 3);
  store<f64>(dc, 0.0);
  for (let k = 0; k < a.degree; k++) store<f64>(at(dc, k), <f64>(k + 1) * load<f64>(at(c, k + 1)));
  a.derivative = dc;
  return changetype<usize>(a);
}

export function activationFree(a: usize): void {
  const act = changetype<Activation>(a);
  heap.free(act.coefficients);
  heap.free(act.derivative);
  heap.free(a);
}

export function activationValue(a: Activation, z: f64): f64 {
  switch (a.kind) {
    case RELU:
      return z > 0 ? z : 0.0;
    case TANH:
      return Math.tanh(z);
    case ERF:
      return erf(z * INV_SQRT2);
    default:
      return hermiteSeries(a.coefficients, a.degree, z);
  }
}

export function activationDerivative(a: Activation, z: f64): f64 {
  switch (a.kind) {
    case RELU:
      return z > 0 ? 1.0 : 0.0;
    case TANH: {
      const t = Math.tanh(z);
      return 1.0 - t * t;
    }
    case ERF:
      return SQRT_2_OVER_PI * Math.exp(-0.5 * z * z);
    default:
      return hermiteSeries(a.derivative, a.degree - 1, z);
  }
}

/** Exported for tests and theory: sigma(z) and sigma'(z) of an activation made by activationCreate. */
export function activationEval(a: usize, z: f64): f64 {
  return activationValue(changetype<Activation>(a), z);
}

export function activationEvalDerivative(a: usize, z: f64): f64 {
  return activationDerivative(changetype<Activation>(a), z);
}
