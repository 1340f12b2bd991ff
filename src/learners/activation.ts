// An activation living in the wasm (assembly/activation.ts), made from its resolved form.
import type { ActivationForm } from "../config/activation.js";
import { codes } from "../wasm/codes.js";
import { copyToWasm } from "../wasm/memory.js";
import type { Kernels } from "../wasm/wasm.js";

/** An activation made in the wasm (activationCreate); free it after every learner that borrows it. */
export class WasmActivation {
  readonly ptr: number;
  private readonly kernels: Kernels;

  constructor(kernels: Kernels, form: ActivationForm) {
    this.kernels = kernels;
    if (form.kind === "hermite") {
      const c = form.coefficients;
      const buffer = copyToWasm(kernels, c);
      this.ptr = kernels.activationCreate(codes(kernels).activation.hermite, buffer, c.length - 1);
      kernels.free(buffer);
    } else {
      this.ptr = kernels.activationCreate(codes(kernels).activation[form.kind], 0, 0);
    }
  }

  value(z: number): number {
    return this.kernels.activationEval(this.ptr, z);
  }

  derivative(z: number): number {
    return this.kernels.activationEvalDerivative(this.ptr, z);
  }

  free(): void {
    this.kernels.activationFree(this.ptr);
  }
}

/** Runs f with an activation made in the wasm, freed afterwards. */
export function withActivation<T>(kernels: Kernels, form: ActivationForm, f: (ptr: number) => T): T {
  const activation = new WasmActivation(kernels, form);
  try {
    return f(activation.ptr);
  } finally {
    activation.free();
  }
}
