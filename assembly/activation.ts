// Activation functions sigma(z) of the learners and their derivatives, evaluated in the wasm.
//
// An activation is a small unmanaged block made once per run by `activationCreate`:
//   RELU     sigma(z) = max(z, 0)                      sigma'(z) = 1[z > 0]
//   TANH     sigma(z) = tanh(z)                        sigma'(z) = 1 - tanh(z)^2
//   ERF      sigma(z) = erf(z / sqrt 2)                sigma'(z) = sqrt(2/pi) exp(-z^2/2)
//   HERMITE  sigma(z) = sum_k c_k He_k(z) (probabilists' Hermite polynomials, k = 0..degree)
//            sigma'(z) = sum_k k c_k He_{k-1}(z)  (He_k' = k He_{k-1})
import { erf, INV_SQRT2, SQRT_2_OVER_PI } from "./special";

export const RELU: i32 = 0;
export const TANH: i32 = 1;
export const ERF: i32 = 2;
export const HERMITE: i32 = 3;

export const MAX_HERMITE_DEGREE: i32 = 16;

@unmanaged
export class Activation {
  kind: i32;
  degree: i32;
  /** c_0..c_degree for HERMITE; unused otherwise. */
  coefficients: StaticArray<f64> = changetype<StaticArray<f64>>(0);
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
  a.coefficients = changetype<StaticArray<f64>>(c);
  return changetype<usize>(a);
}

export function activationFree(a: usize): void {
  heap.free(changetype<usize>(changetype<Activation>(a).coefficients));
  heap.free(a);
}

// Sum of c_k He_k(z) by the three-term recurrence He_{k+1} = z He_k - k He_{k-1}, in increasing k.
function hermiteSeries(c: StaticArray<f64>, degree: i32, z: f64): f64 {
  let hPrev: f64 = 1.0; // He_0
  let s = unchecked(c[0]);
  if (degree == 0) return s;
  let h = z; // He_1
  s += unchecked(c[1]) * h;
  for (let k = 1; k < degree; k++) {
    const hNext = z * h - <f64>k * hPrev;
    hPrev = h;
    h = hNext;
    s += unchecked(c[k + 1]) * h;
  }
  return s;
}

// sum_k k c_k He_{k-1}(z), same recurrence and order.
function hermiteSeriesDerivative(c: StaticArray<f64>, degree: i32, z: f64): f64 {
  if (degree == 0) return 0.0;
  let hPrev: f64 = 0.0;
  let h: f64 = 1.0; // He_0
  let s = unchecked(c[1]);
  for (let k = 1; k < degree; k++) {
    const hNext = z * h - <f64>(k - 1) * hPrev; // He_k from He_{k-1}, He_{k-2}
    hPrev = h;
    h = hNext;
    s += <f64>(k + 1) * unchecked(c[k + 1]) * h;
  }
  return s;
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
      return hermiteSeriesDerivative(a.coefficients, a.degree, z);
  }
}

/** Exported for tests and theory: sigma(z) and sigma'(z) of an activation made by activationCreate. */
export function activationEval(a: usize, z: f64): f64 {
  return activationValue(changetype<Activation>(a), z);
}

export function activationEvalDerivative(a: usize, z: f64): f64 {
  return activationDerivative(changetype<Activation>(a), z);
}
