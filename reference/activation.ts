// Activations in plain TypeScript float64, for the learners' reference steps: the formulas of
// assembly/activation.ts written the obvious way (Hermite polynomials by their recurrence, erf by its
// Maclaurin series and, for large arguments, the continued fraction of erfc). Slow by design.
import type { ActivationForm } from "../src/config/activation.js";

export interface ActivationReference {
  value(z: number): number;
  derivative(z: number): number;
}

/** He_0(z), ..., He_n(z): He_{k+1} = z He_k - k He_{k-1}. */
export function hermiteValues(n: number, z: number): number[] {
  const h = [1, z];
  for (let k = 1; k < n; k++) h.push(z * h[k] - k * h[k - 1]);
  return h.slice(0, n + 1);
}

/** erf(x): Maclaurin series for |x| < 1.5, else 1 - erfc(x) with erfc's continued fraction (Lentz). */
export function erfReference(x: number): number {
  if (x < 0) return -erfReference(-x);
  if (x < 1.5) {
    // erf x = 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc x = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  const tiny = 1e-300;
  let f = x, c = x, d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

export function activationReference(form: ActivationForm): ActivationReference {
  switch (form.kind) {
    case "relu":
      return { value: (z) => (z > 0 ? z : 0), derivative: (z) => (z > 0 ? 1 : 0) };
    case "tanh":
      return { value: Math.tanh, derivative: (z) => 1 - Math.tanh(z) ** 2 };
    case "erf":
      return {
        value: (z) => erfReference(z / Math.SQRT2),
        derivative: (z) => Math.sqrt(2 / Math.PI) * Math.exp((-z * z) / 2),
      };
    case "hermite": {
      const c = form.coefficients;
      const n = c.length - 1;
      return {
        value(z) {
          const h = hermiteValues(n, z);
          let s = 0;
          for (let k = 0; k <= n; k++) s += c[k] * h[k];
          return s;
        },
        // He_k' = k He_{k-1}
        derivative(z) {
          const h = hermiteValues(n, z);
          let s = 0;
          for (let k = 1; k <= n; k++) s += k * c[k] * h[k - 1];
          return s;
        },
      };
    }
  }
}
