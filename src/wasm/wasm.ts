// The one binary. esbuild's binary loader embeds build/stairs.wasm in the bundle as bytes, so the same
// module runs in Node and in browsers with no fetch, no file path and no `node:` import.
import wasmBytes from "../../build/stairs.wasm";
import type { WasmExports } from "./exports.js";

/**
 * The kernels' exports: pointers and lengths in, numbers out. The type is generated from the module
 * itself (src/wasm/exports.ts, written by scripts/wasm-contract.mjs at every build), so it cannot drift
 * from assembly/index.ts.
 */
export type Kernels = WasmExports;

declare const __WASM_SHA256__: string;
declare const __VERSION__: string;

/** Hex sha256 of the embedded wasm, computed at build time. Saved states and results carry it. */
export const WASM_SHA256: string = __WASM_SHA256__;
export const VERSION: string = __VERSION__;

export function wasmBinary(): Uint8Array<ArrayBuffer> {
  return wasmBytes;
}

/** Instantiates a fresh module: each instance has its own memory and its own kernel state. */
export async function instantiate(): Promise<Kernels> {
  // The module has no imports (built with `--use abort=`), hence the empty import object.
  const module = await WebAssembly.compile(wasmBytes);
  const instance = await WebAssembly.instantiate(module, {});
  return instance.exports as unknown as Kernels;
}
