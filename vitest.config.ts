import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { defineConfig, type Plugin } from "vitest/config";

// Tests import src/ directly. `.wasm` and `.wasm.deflate` imports become the file's bytes, as esbuild's binary loader does
// for the bundle, and the build-time constants are defined the same way scripts/build.mjs defines them.
const wasmAsBytes: Plugin = {
  name: "wasm-as-bytes",
  enforce: "pre",
  load(id) {
    if (!id.endsWith(".wasm") && !id.endsWith(".deflate")) return null;
    const base64 = readFileSync(id).toString("base64");
    return `const b = atob(${JSON.stringify(base64)}); const u = new Uint8Array(b.length);
for (let i = 0; i < b.length; i++) u[i] = b.charCodeAt(i);
export default u;`;
  },
};

const wasm = readFileSync(new URL("./build/stairs.wasm", import.meta.url));
const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

export default defineConfig({
  plugins: [wasmAsBytes],
  define: {
    __WASM_SHA256__: JSON.stringify(createHash("sha256").update(wasm).digest("hex")),
    __VERSION__: JSON.stringify(pkg.version),
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
