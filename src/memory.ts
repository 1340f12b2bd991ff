// Zero-copy buffers in wasm memory. A Float64Array over `memory.buffer` is detached whenever the memory
// grows, so a WasmVector never hands out a stored view: `array` rebuilds it when the buffer changed.
import { checkInteger } from "./errors.js";
import type { Kernels } from "./wasm.js";

export const MAX_LENGTH = 2 ** 27; // 1 GiB of f64: far beyond any d x n this simulator needs at once

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
      this.view = new Float64Array(buffer, this.ptr, this.length);
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
