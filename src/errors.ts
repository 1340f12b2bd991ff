// Errors raised at the API boundary. Every message names the field, the value it got and what is
// allowed, so a user can fix a config without reading the source.

export class StairsInputError extends Error {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;

  constructor(field: string, value: unknown, allowed: string) {
    super(`${field} must be ${allowed}; got ${describe(value)}`);
    this.name = "StairsInputError";
    this.field = field;
    this.value = value;
    this.allowed = allowed;
  }
}

/** A run that produced a non-finite weight: stopped at `step`. */
export class DivergenceError extends Error {
  readonly step: number;
  constructor(step: number, detail: string) {
    super(`run diverged at step ${step}: ${detail}`);
    this.name = "DivergenceError";
    this.step = step;
  }
}

// The value in a message: JSON, cut after 160 characters (a whole config is no help in one line). Never
// throws (a value may be a Proxy or have throwing getters).
function describe(value: unknown): string {
  let text: string;
  try {
    if (typeof value === "string") text = JSON.stringify(value);
    else if (typeof value === "number") text = Object.is(value, -0) ? "-0" : String(value);
    else if (typeof value === "bigint" || typeof value === "boolean") text = String(value);
    else if (value === undefined) text = "undefined";
    else text = JSON.stringify(value) ?? String(value);
  } catch {
    try {
      text = String(value);
    } catch {
      text = "an unprintable value";
    }
  }
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** An integer in [min, max]. */
export function checkInteger(field: string, value: unknown, min: number, max: number, maxText = String(max)): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new StairsInputError(field, value, `an integer in [${min}, ${maxText}]`);
  }
  return value;
}

export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** Seeds and stream indices are integers in [0, 2^53 - 1] so they pass to the wasm exactly as f64. */
export function checkSeed(field: string, value: unknown): number {
  return checkInteger(field, value, 0, MAX_SEED, "2^53 - 1");
}
