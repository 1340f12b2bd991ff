// Empirical cumulant tensors of a sample and their dominant rank-one components (assembly/cumulant.ts):
// how a user sees that the spiked cumulant model hides v in the fourth cumulant only.
import { checkInteger, checkSeed, StairsInputError } from "../errors.js";
import { copyToWasm, MAX_LENGTH, readF64 } from "../wasm/memory.js";
import { DIAGNOSTIC_STREAM } from "../schedule.js";
import { Stream } from "../random.js";
import type { Kernels } from "../wasm/wasm.js";

/** Dense tensors up to 2^20 entries (8 MiB): order 4 up to d = 32, order 3 up to d = 101. */
export const MAX_TENSOR_ENTRIES = 1 << 20;

export type TensorOrder = 2 | 3 | 4;

export interface PowerIterationOptions {
  /** Seed of the random starts, drawn from stream (seed, 2) (the diagnostics stream of a sample). */
  seed: number;
  /** Random starts per component; the one with the largest |T(w, ..., w)| wins. Default 10. */
  restarts?: number;
  /** Power steps per start. Default 100. */
  iterations?: number;
  /** Components to extract, each deflated from the tensor before the next. Default 1. */
  components?: number;
}

export interface TensorComponent {
  /** lambda = T(w, ..., w). */
  weight: number;
  /** The unit vector w (sign: lambda >= 0 for odd order; largest entry positive for even order). */
  vector: Float64Array;
}

function checkOrder(order: unknown): TensorOrder {
  if (order !== 2 && order !== 3 && order !== 4) throw new StairsInputError("order", order, "2, 3 or 4");
  return order;
}

function checkDimension(d: unknown, order: TensorOrder): number {
  const maxD = Math.floor(Math.pow(MAX_TENSOR_ENTRIES, 1 / order) + 1e-9);
  return checkInteger("d", d, 1, maxD, `${maxD} for order ${order} (at most 2^20 tensor entries)`);
}

function checkTensor(tensor: ArrayLike<number>, d: number, order: TensorOrder): void {
  if (tensor.length !== d ** order) {
    throw new StairsInputError("tensor.length", tensor.length, `d^order = ${d ** order}`);
  }
}

/**
 * The empirical cumulant tensor of order 2 (covariance), 3 or 4 of n samples x (n x d, row-major), as a
 * dense row-major Float64Array of d^order entries (plug-in estimates with divisor n; exactly symmetric).
 */
export function cumulantTensor(kernels: Kernels, x: ArrayLike<number>, n: number, d: number, order: number): Float64Array {
  const p = checkOrder(order);
  checkDimension(d, p);
  checkInteger("n", n, 1, Math.floor(MAX_LENGTH / d));
  if (x.length !== n * d) throw new StairsInputError("x.length", x.length, `n d = ${n * d}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new StairsInputError(`x[${i}]`, x[i], "a finite number");
  }
  const xPtr = copyToWasm(kernels, x);
  const outPtr = kernels.alloc(d ** p * 8);
  try {
    kernels.cumulantTensor(xPtr, n, d, p, outPtr);
    return readF64(kernels, outPtr, d ** p);
  } finally {
    kernels.free(outPtr);
    kernels.free(xPtr);
  }
}

/** T(w, ..., w, .): the contraction of all but the last index with w (a vector of length d). */
export function tensorContract(kernels: Kernels, tensor: ArrayLike<number>, d: number, order: number, w: ArrayLike<number>): Float64Array {
  const p = checkOrder(order);
  checkDimension(d, p);
  checkTensor(tensor, d, p);
  if (w.length !== d) throw new StairsInputError("w.length", w.length, `d = ${d}`);
  const tPtr = copyToWasm(kernels, tensor);
  const wPtr = copyToWasm(kernels, w);
  const outPtr = kernels.alloc(d * 8);
  try {
    kernels.tensorContract(tPtr, d, p, wPtr, outPtr);
    return readF64(kernels, outPtr, d);
  } finally {
    kernels.free(outPtr);
    kernels.free(wPtr);
    kernels.free(tPtr);
  }
}

/**
 * The dominant rank-one components of a symmetric tensor by the tensor power method with random restarts
 * (Anandkumar et al., JMLR 2014), deflating T <- T - lambda w^(x order) after each component.
 */
export function tensorPowerIteration(
  kernels: Kernels,
  tensor: ArrayLike<number>,
  d: number,
  order: number,
  options: PowerIterationOptions,
): TensorComponent[] {
  const p = checkOrder(order);
  checkDimension(d, p);
  checkTensor(tensor, d, p);
  const seed = checkSeed("options.seed", options?.seed);
  const restarts = checkInteger("options.restarts", options.restarts ?? 10, 1, 100_000);
  const iterations = checkInteger("options.iterations", options.iterations ?? 100, 0, 1_000_000);
  const components = checkInteger("options.components", options.components ?? 1, 1, d);
  const tPtr = copyToWasm(kernels, tensor);
  const wPtr = kernels.alloc(d * 8);
  const stream = new Stream(kernels, seed, DIAGNOSTIC_STREAM);
  try {
    const found: TensorComponent[] = [];
    for (let c = 0; c < components; c++) {
      const weight = kernels.tensorPowerIteration(tPtr, d, p, stream.statePtr, restarts, iterations, wPtr);
      found.push({ weight, vector: readF64(kernels, wPtr, d) });
      if (c + 1 < components) kernels.tensorDeflate(tPtr, d, p, weight, wPtr);
    }
    return found;
  } finally {
    stream.free();
    kernels.free(wPtr);
    kernels.free(tPtr);
  }
}
