// The allocator the TypeScript layer uses for every buffer it shares with the kernels. Blocks come from
// AssemblyScript's TLSF heap (runtime "minimal": frees in any order) and are 16-byte aligned, so SIMD
// loads of f64 pairs never straddle a block's start.

export function alloc(bytes: usize): usize {
  const ptr = heap.alloc(bytes);
  memory.fill(ptr, 0, bytes);
  return ptr;
}

export function free(ptr: usize): void {
  heap.free(ptr);
}

/** The address of f64 element i of the array at p: the one pointer helper of every kernel. */
// @ts-ignore: decorator
@inline export function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}
