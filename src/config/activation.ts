// Activation specs of the learners' configs and their resolved form (made in the wasm by
// src/learners/activation.ts).
//
//   "relu" | "tanh" | "erf"                       sigma(z) = max(z, 0), tanh z, erf(z / sqrt 2)
//   "he1" .. "he16", "-he1" .. "-he16"            +-He_k(z), probabilists' Hermite polynomials
//   {"kind": "hermite", "coefficients": [a0, ...]} sum_k a_k He_k(z), at most 17 coefficients (series
//   coefficients a_k; the theory's Hermite coefficients are c_k = E[sigma He_k] = k! a_k)
import { StairsInputError } from "../errors.js";

export type ActivationSpec = "relu" | "tanh" | "erf" | string | { kind: "hermite"; coefficients: number[] };

/** The resolved form: a closed-form kind, or Hermite coefficients c_0..c_degree. */
export type ActivationForm =
  | { kind: "relu" | "tanh" | "erf" }
  | { kind: "hermite"; coefficients: number[] };

/** As assembly/activation.ts (config is pure data; test/wasm-contract.test.ts checks the two agree). */
/** |c_k| <= 1e100: the theory squares them (E[psi^2]) and multiplies them by moments. */
export const MAX_COEFFICIENT = 1e100;
export const MAX_HERMITE_DEGREE = 16;
const HERMITE_NAME = /^(-?)he([1-9]|1[0-6])$/;

const ALLOWED =
  '"relu", "tanh", "erf", "he1".."he16", a negated "-he1".."-he16", or {"kind": "hermite", "coefficients": [a0, a1, ...]} (series coefficients: sigma = sum_k a_k He_k) ' +
  `with 1 to ${MAX_HERMITE_DEGREE + 1} finite coefficients`;

/** Checks an activation spec (throwing a StairsInputError that names `field`) and returns it unchanged. */
export function checkActivation(value: unknown, field: string): ActivationSpec {
  if (typeof value === "string") {
    if (value === "relu" || value === "tanh" || value === "erf" || HERMITE_NAME.test(value)) return value;
    throw new StairsInputError(field, value, ALLOWED);
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const { kind, coefficients, ...rest } = value as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw new StairsInputError(`${field}.${extra[0]}`, rest[extra[0]], "absent (a Hermite activation has only kind and coefficients)");
    if (kind !== "hermite") throw new StairsInputError(`${field}.kind`, kind, '"hermite"');
    if (
      !Array.isArray(coefficients) ||
      coefficients.length < 1 ||
      coefficients.length > MAX_HERMITE_DEGREE + 1 ||
      !coefficients.every((c) => typeof c === "number" && Math.abs(c) <= MAX_COEFFICIENT)
    ) {
      throw new StairsInputError(`${field}.coefficients`, coefficients, `an array of 1 to ${MAX_HERMITE_DEGREE + 1} finite numbers c_0, c_1, ... of magnitude at most 1e100 (their squares enter the theory)`);
    }
    return { kind: "hermite", coefficients: coefficients.slice() };
  }
  throw new StairsInputError(field, value, ALLOWED);
}

/** The form of a checked spec: "-he4" is the Hermite series with c_4 = -1. */
export function activationForm(spec: ActivationSpec): ActivationForm {
  if (typeof spec !== "string") return { kind: "hermite", coefficients: spec.coefficients.slice() };
  if (spec === "relu" || spec === "tanh" || spec === "erf") return { kind: spec };
  const match = HERMITE_NAME.exec(spec);
  if (!match) throw new StairsInputError("activation", spec, ALLOWED);
  const degree = Number(match[2]);
  const coefficients = new Array<number>(degree + 1).fill(0);
  coefficients[degree] = match[1] === "-" ? -1 : 1;
  return { kind: "hermite", coefficients };
}
