// Contractions of a dense order-p tensor (d^p doubles, row-major: index (i_1, ..., i_p) at
// sum_k i_k d^(p-k)) with a vector w in every slot but one:
//
//   T(w, ..., w, . , w, ..., w)_a  with the free index in slot s (0-based).
//
// Done in O(d^p) per slot without forming any product tensor: first the slots after s are contracted
// from the right (each pass replaces the last index by a SIMD dot with w: d^k -> d^(k-1) numbers), then
// the slots before s from the left (each pass is a sum of d blocks weighted by w_i, SIMD axpys).
// Reduction order: right passes use dot's order (assembly/vector.ts) along the last index; left passes
// add blocks in increasing i. The reference in src/reference/tensor.ts follows the same order.
import { dot, axpy } from "./vector";

// @ts-ignore: decorator
@inline export function ipow(d: i32, k: i32): i32 {
  let r = 1;
  for (let i = 0; i < k; i++) r *= d;
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
      store<f64>(dst + (<usize>r << 3), dot(src + (<usize>r * d << 3), w, d));
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
      axpy(load<f64>(w + (<usize>i << 3)), src + (<usize>i * block << 3), dst, block);
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
