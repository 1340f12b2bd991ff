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
