// An independent high-precision reference for erf, erfc and Phi, in BigInt fixed point, for ULP tests.
//
// A value v is held as the integer round(v 2^P). erf comes from its Taylor series
//   erf(x) = 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1)),
// summed with P bits below the point and as many above as the terms need: the terms reach e^(x^2) before
// they decay, so for erfc(x) = 1 - erf(x) to keep 60 good bits at x = 26 (erfc ~ 2^-980) P must exceed
// about 1050 + the bits lost to the number of terms. Slow (milliseconds per value) and obviously correct.

/** pi at scale 2^P by Machin's formula pi = 16 atan(1/5) - 4 atan(1/239). */
function piFixed(P: number): bigint {
  const guard = 32;
  const one = 1n << BigInt(P + guard);
  const atanInv = (n: bigint): bigint => {
    let power = one / n; // 1 / n^(2k+1)
    const n2 = n * n;
    let sum = 0n;
    for (let k = 0n; power !== 0n; k++) {
      const term = power / (2n * k + 1n);
      sum += k % 2n === 0n ? term : -term;
      power /= n2;
    }
    return sum;
  };
  return (16n * atanInv(5n) - 4n * atanInv(239n)) >> BigInt(guard);
}

/** floor(sqrt(n)) for n >= 0 by Newton's method on integers. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

const twoOverSqrtPiCache = new Map<number, bigint>();

/** 2 / sqrt(pi) at scale 2^P. */
function twoOverSqrtPi(P: number): bigint {
  let c = twoOverSqrtPiCache.get(P);
  if (c === undefined) {
    const sqrtPi = isqrt(piFixed(P) << BigInt(P)); // sqrt(pi 2^P 2^P) = sqrt(pi) 2^P
    c = (2n << BigInt(2 * P)) / sqrtPi;
    twoOverSqrtPiCache.set(P, c);
  }
  return c;
}

/** erf(x) at scale 2^P for x given at scale 2^P (an integer X = x 2^P). */
export function erfFixed(X: bigint, P: number): bigint {
  const negative = X < 0n;
  if (negative) X = -X;
  const guard = 64;
  const Q = BigInt(P + guard);
  const x = X << BigInt(guard); // scale 2^Q
  const x2 = (x * x) >> Q;
  let term = x; // x^(2n+1) / n!
  let sum = 0n;
  for (let n = 0n; term !== 0n; n++) {
    const t = term / (2n * n + 1n);
    sum += n % 2n === 0n ? t : -t;
    term = (term * x2) >> Q;
    term /= n + 1n;
  }
  const value = (sum * twoOverSqrtPi(P + guard)) >> Q; // scale 2^Q
  const result = value >> BigInt(guard);
  return negative ? -result : result;
}

/** An exact double as (integer mantissa, power of two): x = m 2^e. */
export function decompose(x: number): { m: bigint; e: number } {
  if (x === 0 || !Number.isFinite(x)) throw new Error(`decompose(${x})`);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (exponent === 0) return { m: sign * fraction, e: -1074 };
  return { m: sign * (fraction | (1n << 52n)), e: exponent - 1075 };
}

/** The exact double x at scale 2^P (requires P >= -e). */
export function toFixed(x: number, P: number): bigint {
  if (x === 0) return 0n;
  const { m, e } = decompose(x);
  if (e + P < 0) throw new Error(`scale 2^${P} too coarse for ${x}`);
  return m << BigInt(e + P);
}

/** Working precision that resolves x exactly and keeps ~1100 good bits for erfc down to 2^-1000. */
export function precisionFor(x: number): number {
  const { e } = x === 0 ? { e: 0 } : decompose(x);
  return Math.max(1200, -e + 200);
}

/**
 * The error of `computed` against the exact value `reference` (scale 2^P), in units in the last place
 * of the reference (ulp = 2^(floor(log2 |ref|) - 52), the spacing of doubles at the reference; for a
 * reference below 2^-1022 the subnormal spacing 2^-1074).
 */
export function ulpError(computed: number, reference: bigint, P: number): number {
  const diff = toFixed(computed, P) - reference;
  const magnitude = reference < 0n ? -reference : reference;
  const log2 = magnitude.toString(2).length - 1 - P; // floor(log2 |ref|)
  const ulpExponent = Math.max(log2, -1022) - 52;
  // diff / 2^(ulpExponent + P), kept in BigInt until the ratio is small
  const shift = ulpExponent + P - 30;
  const scaled = shift >= 0 ? diff >> BigInt(shift) : diff << BigInt(-shift);
  return Math.abs(Number(scaled)) / 2 ** 30;
}

/** erfc(x) = 1 - erf(x) at scale 2^P. */
export function erfcFixed(X: bigint, P: number): bigint {
  return (1n << BigInt(P)) - erfFixed(X, P);
}

/** Phi(x) = (1 + erf(x / sqrt 2)) / 2 at scale 2^P for x at scale 2^P. */
export function normalCdfFixed(X: bigint, P: number): bigint {
  const sqrt2 = isqrt(2n << BigInt(2 * P)); // sqrt(2) 2^P
  const arg = (X << BigInt(P)) / sqrt2;
  return ((1n << BigInt(P)) + erfFixed(arg, P)) >> 1n;
}

/** The value V / 2^P as a double (rounded toward zero; good to 60 bits). */
export function fixedToNumber(V: bigint, P: number): number {
  if (V === 0n) return 0;
  const negative = V < 0n;
  const magnitude = negative ? -V : V;
  const shift = Math.max(0, magnitude.toString(2).length - 60);
  const value = Number(magnitude >> BigInt(shift)) * 2 ** (shift - P + 600) * 2 ** -600;
  return negative ? -value : value;
}
