// The embedded wasm compiled once per process by the command line: inflated by node:zlib (synchronous, a few
// ms, where the platform's DecompressionStream costs about 40 ms the first time in a Node realm: it loads
// Node's fetch implementation) and compiled synchronously, then handed to init() in this thread and to
// every worker thread of the pool (which instantiate it instead of inflating and compiling their own).
// The same bytes as src/wasm/wasm.ts's, so the same module and the same results.
import { inflateSync } from "node:zlib";
import { provideModule, WASM_DEFLATE } from "../wasm/wasm.js";

let module: WebAssembly.Module | undefined;

export function wasmModule(): WebAssembly.Module {
  if (!module) {
    module = new WebAssembly.Module(inflateSync(WASM_DEFLATE));
    provideModule(module);
  }
  return module;
}
