// The one binary. esbuild's binary loader embeds build/stairs.wasm.deflate (the module, deflate-compressed
// by scripts/build.mjs) in the bundle as bytes, so the same module runs in Node and in browsers with no
// fetch, no file path and no `node:` import; the platform's DecompressionStream (Node >= 18, every current
// browser, also in Web Workers and worker threads) inflates it once per realm. Compressed, the embedded
// base64 gzips to 35 KB instead of 43 KB (docs/packaging.md).
import compressedWasm from "../../build/stairs.wasm.deflate";
import type { WasmExports } from "./exports.js";

/**
 * The kernels' exports: pointers and lengths in, numbers out. The type is generated from the module
 * itself (src/wasm/exports.ts, written by scripts/wasm-contract.mjs at every build), so it cannot drift
 * from assembly/index.ts.
 */
export type Kernels = WasmExports;

declare const __WASM_SHA256__: string;
declare const __VERSION__: string;

/** Hex sha256 of the embedded wasm (uncompressed), computed at build time. Saved states and results carry it. */
export const WASM_SHA256: string = __WASM_SHA256__;
export const VERSION: string = __VERSION__;

/** The module's bytes, inflated from the embedded deflate stream. */
export async function wasmBinary(): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([compressedWasm]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// One compiled module per realm (a module holds no state; each instance has its own memory).
let compiled: Promise<WebAssembly.Module> | undefined;

/** Instantiates a fresh module: each instance has its own memory and its own kernel state. */
export async function instantiate(): Promise<Kernels> {
  compiled ??= wasmBinary().then((bytes) => WebAssembly.compile(bytes));
  let module: WebAssembly.Module;
  try {
    module = await compiled;
  } catch (error) {
    compiled = undefined; // a failed inflate or compile is not cached
    throw error;
  }
  // The module has no imports (built with `--use abort=`), hence the empty import object.
  const instance = await WebAssembly.instantiate(module, {});
  return instance.exports as unknown as Kernels;
}
