// Contractions of a dense order-p tensor (d^p doubles, row-major: index (i_1, ..., i_p) at
// sum_k i_k d^(p-k)) with a vector w in every slot but one:
//
//   T(w, ..., w, . , w, ..., w)_a  with the free index in slot s (0-based).
//
// The one dense contraction of the wasm: tensor PCA's explicit gradient (every slot) and the cumulant
// diagnostics' T(w, ..., w, .) (the last slot, cumulant.ts) both come through contractExcept.
// Done in O(d^p) per slot without forming any product tensor: first the slots after s are contracted
// from the right (each pass replaces the last index by a SIMD dot with w: d^k -> d^(k-1) numbers), then
// the slots before s from the left (each pass is a sum of d blocks weighted by w_i, SIMD axpys).
// Reduction order: right passes use dot's order (assembly/vector.ts) along the last index; left passes
// add the blocks w_i T[i, ...] in increasing i to a zeroed block, element by element. The reference
// twin contractExceptReference in reference/tensor.ts follows the same order bit for bit.
import { dot, axpy } from "./vector";
import { at } from "./memory";

/** x^k by k multiplications from 1, left to right (((1 x) x) ... x): tensor sizes d^p and powers of overlaps. */
// @ts-ignore: decorator
@inline export function ipow<T>(x: T, k: i32): T {
  let r = <T>1;
  for (let i = 0; i < k; i++) r *= x;
  return r;
}

/**
 * out (d doubles) = T contracted with w in every slot except `slot`.
 * scratchA and scratchB must each hold d^(p-1) doubles (they may be reused across calls).
 */
export function contractExcept(t: usize, d: i32, p: i32, w: usize, slot: i32, out: usize, scratchA: usize, scratchB: usize): void {
  // Right passes: contract slots p-1, p-2, ..., slot+1.
  let src = t;
  let size = ipow(d, p); // numbers in the current tensor
  let dst = scratchA;
  for (let k = p - 1; k > slot; k--) {
    const rows = size / d;
    for (let r = 0; r < rows; r++) {
      store<f64>(at(dst, r), dot(src + (<usize>r * d << 3), w, d));
    }
    size = rows;
    src = dst;
    dst = dst == scratchA ? scratchB : scratchA;
  }
  // Left passes: contract slots 0, 1, ..., slot-1 (now the tensor has slot+1 indices).
  for (let k = 0; k < slot; k++) {
    const block = size / d;
    memory.fill(dst, 0, <usize>block << 3);
    for (let i = 0; i < d; i++) {
      axpy(load<f64>(at(w, i)), src + (<usize>i * block << 3), dst, block);
    }
    size = block;
    src = dst;
    dst = dst == scratchA ? scratchB : scratchA;
  }
  memory.copy(out, src, <usize>d << 3);
}

/**
 * out = sum over slots s of T(w, .., ., .., w): the gradient of <T, w^(x p)> in w (no symmetry assumed).
 * `tmp` holds d doubles.
 */
export function contractGradient(t: usize, d: i32, p: i32, w: usize, out: usize, tmp: usize, scratchA: usize, scratchB: usize): void {
  memory.fill(out, 0, <usize>d << 3);
  for (let s = 0; s < p; s++) {
    contractExcept(t, d, p, w, s, tmp, scratchA, scratchB);
    axpy(1.0, tmp, out, d);
  }
}

/**
 * out (d doubles) = T(w, ..., w, .), the contraction of every index but the last (contractExcept with
 * slot p - 1: left passes only). Scratch is allocated here.
 */
export function tensorContract(t: usize, d: i32, p: i32, w: usize, out: usize): void {
  const bytes = <usize>ipow(d, p - 1) << 3;
  const scratchA = heap.alloc(bytes);
  const scratchB = heap.alloc(bytes);
  contractExcept(t, d, p, w, p - 1, out, scratchA, scratchB);
  heap.free(scratchB);
  heap.free(scratchA);
}
