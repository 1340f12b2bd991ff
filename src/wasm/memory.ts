// Numbers in and out of wasm memory: the one place that makes typed-array views over `memory.buffer`.
// A view is detached whenever the memory grows, so views are made fresh for each use (the `*View`
// helpers, valid until the next call into the wasm that may allocate), or copied out (`read*`).
// WasmVector is a zero-copy buffer that never hands out a stored view: `array` rebuilds it when needed.
import { checkInteger } from "../errors.js";
import type { Kernels } from "./wasm.js";

export const MAX_LENGTH = 2 ** 27; // 1 GiB of f64: far beyond any d x n this simulator needs at once

/** A live view of n doubles at ptr (valid until the next call that may grow memory). */
export function f64View(kernels: Kernels, ptr: number, n: number): Float64Array {
  return new Float64Array(kernels.memory.buffer, ptr, n);
}

/** A copy of n doubles at ptr, in JS memory. */
export function readF64(kernels: Kernels, ptr: number, n: number): Float64Array {
  return f64View(kernels, ptr, n).slice();
}

/** A copy of n doubles at ptr, as a plain array. */
export function readNumbers(kernels: Kernels, ptr: number, n: number): number[] {
  return Array.from(f64View(kernels, ptr, n));
}

/** Writes values as doubles from ptr on. */
export function writeF64(kernels: Kernels, ptr: number, values: ArrayLike<number>): void {
  f64View(kernels, ptr, values.length).set(values);
}

/** Copies values into freshly allocated wasm memory; the caller frees the pointer. */
export function copyToWasm(kernels: Kernels, values: ArrayLike<number>): number {
  const ptr = kernels.alloc(Math.max(8, values.length * 8));
  writeF64(kernels, ptr, values);
  return ptr;
}

/** A live view of n bytes at ptr. */
export function bytesView(kernels: Kernels, ptr: number, n: number): Uint8Array {
  return new Uint8Array(kernels.memory.buffer, ptr, n);
}

/** A live view of n 64-bit words at ptr (a stream state is four). */
export function u64View(kernels: Kernels, ptr: number, n: number): BigUint64Array {
  return new BigUint64Array(kernels.memory.buffer, ptr, n);
}

/** Runs f with pointers to scratch arrays of `lengths[i]` doubles each, freed afterwards. */
export function withScratch<T>(kernels: Kernels, lengths: number[], f: (ptrs: number[]) => T): T {
  const ptrs = lengths.map((n) => kernels.alloc(8 * Math.max(1, n)));
  try {
    return f(ptrs);
  } finally {
    for (const p of ptrs) kernels.free(p);
  }
}

export class WasmVector {
  readonly ptr: number;
  readonly length: number;
  private readonly kernels: Kernels;
  private buffer: ArrayBuffer | null = null;
  private view: Float64Array | null = null;
  private freed = false;

  /** @internal use Stairs.vector */
  constructor(kernels: Kernels, length: number) {
    checkInteger("length", length, 0, MAX_LENGTH, "2^27");
    this.kernels = kernels;
    this.length = length;
    this.ptr = kernels.alloc(Math.max(8, length * 8));
  }

  /** A Float64Array over the vector's memory, valid until the next call that may grow memory. */
  get array(): Float64Array {
    if (this.freed) throw new Error("WasmVector used after free()");
    const buffer = this.kernels.memory.buffer;
    if (buffer !== this.buffer || this.view === null) {
      this.buffer = buffer;
      this.view = f64View(this.kernels, this.ptr, this.length);
    }
    return this.view;
  }

  set(values: ArrayLike<number>): this {
    if (values.length !== this.length) {
      throw new RangeError(`values must have length ${this.length}; got ${values.length}`);
    }
    this.array.set(values);
    return this;
  }

  /** A copy that lives in JS memory (survives free and growth). */
  toArray(): Float64Array {
    return this.array.slice();
  }

  free(): void {
    if (!this.freed) {
      this.kernels.free(this.ptr);
      this.freed = true;
      this.view = null;
    }
  }
}
