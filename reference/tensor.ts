// Plain float64 contraction of a dense order-p tensor with w in every slot but one, by the definition:
// a sum over all d^p entries. Used to test assembly/tensor.ts (which is O(d^p) per slot too, but
// reorganised into SIMD dots and axpys); the two orders differ, so they agree to rounding, not bits.

export function contractExceptReference(t: ArrayLike<number>, d: number, p: number, w: ArrayLike<number>, slot: number): Float64Array {
  const out = new Float64Array(d);
  const size = d ** p;
  const digits = new Array<number>(p).fill(0);
  for (let f = 0; f < size; f++) {
    let rest = f;
    for (let k = p - 1; k >= 0; k--) {
      digits[k] = rest % d;
      rest = Math.floor(rest / d);
    }
    let product = t[f];
    for (let k = 0; k < p; k++) if (k !== slot) product *= w[digits[k]];
    out[digits[slot]] += product;
  }
  return out;
}
