// Plain float64 twin of assembly/tensor.ts contractExcept, the one dense contraction of the wasm: a dense
// order-p tensor (row-major) contracted with w in every slot but `slot`, in the kernel's order, so the two
// agree bit for bit. Right passes (slots p-1 down to slot+1) replace the last index by dotReference (the
// wasm dot's order); left passes (slots 0 up to slot-1) add the blocks w_i T[i, ...] in increasing i to a
// zeroed block.
import { dotReference } from "./vector.js";

export function contractExceptReference(t: ArrayLike<number>, d: number, p: number, w: ArrayLike<number>, slot: number): Float64Array {
  let current = Float64Array.from(t);
  for (let k = p - 1; k > slot; k--) {
    const rows = current.length / d;
    const next = new Float64Array(rows);
    for (let r = 0; r < rows; r++) next[r] = dotReference(current.subarray(r * d, (r + 1) * d), w);
    current = next;
  }
  for (let k = 0; k < slot; k++) {
    const block = current.length / d;
    const next = new Float64Array(block);
    for (let i = 0; i < d; i++) for (let b = 0; b < block; b++) next[b] += w[i] * current[i * block + b];
    current = next;
  }
  return current;
}

/** T(w, ..., w, .): every index but the last (assembly/tensor.ts tensorContract). */
export function tensorContractReference(t: ArrayLike<number>, d: number, p: number, w: ArrayLike<number>): Float64Array {
  return contractExceptReference(t, d, p, w, p - 1);
}
