// What the step-size rule of a config lets online SGD do (docs/science.md section 8). For a direction whose
// population loss starts at order k (its information exponent), at overlap alpha and step eta the drift
// is ~ eta k |c| alpha^(k-1), against a spherical shrinkage ~ eta^2 d alpha / 2 per step (and a noise of
// variance ~ eta^2). With eta = lr d^-a, from a random start alpha_0 ~ d^-1/2:
//   - the drift beats the shrinkage at the start only if eta <~ alpha_0^(k-2) / d = d^(-k/2), and at an
//     overlap of order one only if eta <~ 1/d: the threshold is a_c = max(1, k/2). Above it (a < a_c) the
//     direction is not expected to be recovered in polynomial time (k >= 3), or its overlap settles at
//     ~ 1/(eta d) -> 0 (k <= 2);
//   - at a >= a_c the escape takes ~ alpha_0^-(k-2) / eta = d^(a + (k-2)/2) steps (k >= 3), d^a log d
//     (k = 2), d^a (k = 1); the best step, a = a_c, gives d^(k-1), d log d and d (Ben Arous, Gheissari
//     and Jagannath 2021);
//   - at a = k/2 (k >= 3) the process beta = sqrt(d) alpha in the time n / d^(k-1) does not depend on d
//     and its escape is driven by the noise when lr is of order one: the deterministic ODE from the
//     typical start may not escape while the simulation does (the critical regime).
// The verdicts are for the exponent the config's run meets (the sequential information exponent).

export type StepSizeRegime = "too large" | "critical" | "small";

export interface StepSizeVerdict {
  /** The information exponent k the verdict is for. */
  informationExponent: number;
  /** a_c = max(1, k/2): eta = lr d^-a recovers the direction in polynomial time iff a >= a_c. */
  thresholdExponent: number;
  /** The config's a (eta = lr d^-a). */
  lrExponent: number;
  regime: StepSizeRegime;
  /** Whether online SGD is expected to reach an overlap of order one in polynomial time. */
  expected: boolean;
  /** Samples to weak recovery at this step size (null when not expected). */
  samples: string | null;
  exponent: number | null;
  log: boolean;
  /** Why, in a sentence. */
  reason: string;
}

const TOLERANCE = 1e-9;

function power(x: number): string {
  const text = Number.isInteger(x) ? String(x) : x.toFixed(3).replace(/0+$/, "");
  return text === "1" ? "d" : `d^${text}`;
}

/**
 * The verdict for information exponent k at eta = lr d^-a; `eta` names the rule in the text
 * (e.g. "lr / d", "lr_W / d").
 */
export function stepSizeVerdict(k: number, a: number, eta = `lr d^-${a}`): StepSizeVerdict {
  const threshold = Math.max(1, k / 2);
  const base = { informationExponent: k, thresholdExponent: threshold, lrExponent: a };
  if (a < threshold - TOLERANCE) {
    const reason = k >= 3
      ? `eta = ${eta} is above d^-${threshold} = d^-(k/2) for information exponent ${k}: at the random start alpha ~ d^-1/2 ` +
        `the spherical shrinkage ~ eta^2 d alpha / 2 beats the drift ~ eta alpha^${k - 1}, so the overlap is held at the noise floor ` +
        `and the direction is not expected to be recovered in polynomial time (a step eta ~ d^-${threshold} or smaller is needed; ` +
        `then ~ d^${k - 1} samples)`
      : `eta = ${eta} is above 1/d: the shrinkage ~ eta^2 d alpha beats the drift ~ eta alpha^${k - 1} at any overlap, which ` +
        `settles at ~ 1/(eta d) -> 0 as d grows; not expected to reach an overlap of order one`;
    return { ...base, regime: "too large", expected: false, samples: null, exponent: null, log: false, reason };
  }
  const critical = Math.abs(a - threshold) <= TOLERANCE;
  const exponent = k >= 3 ? a + (k - 2) / 2 : a;
  const log = k === 2;
  const samples = `${power(exponent)}${log ? " log d" : ""}`;
  let reason: string;
  if (critical && k >= 3) {
    reason = `eta = ${eta} is at the threshold d^-(k/2) = d^-${threshold}: the best step size, ~ d^${k - 1} samples; ` +
      "the escape from the random start is driven by the noise (the deterministic ODE from the typical start may not escape), " +
      "and whether it happens within the budget depends on lr";
  } else if (critical) {
    reason = `eta = ${eta} is the best step size for information exponent ${k}: ~ ${samples} samples`;
  } else {
    reason = `eta = ${eta} is below the threshold d^-${threshold}: the escape takes ~ alpha_0^-${Math.max(0, k - 2)} / eta = ${samples} ` +
      `samples, more than the ${k >= 3 ? `d^${k - 1}` : k === 2 ? "d log d" : "d"} of the best step size`;
  }
  return { ...base, regime: critical ? "critical" : "small", expected: true, samples, exponent, log, reason };
}
