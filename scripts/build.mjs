// Build: asc compiles assembly/ to one SIMD wasm with no imports; esbuild embeds it in a platform-neutral
// ESM bundle (dist/index.js) and bundles the command line (dist/cli.js) for Node.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, existsSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { inflateSync } from "node:zlib";
import { zlibAsync } from "@gfx/zopfli";
import * as esbuild from "esbuild";
import { checkContract, contractError } from "./wasm-contract.mjs";
import { checkLayersOrExit } from "./check-layers.mjs";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);
mkdirSync("build", { recursive: true });
mkdirSync("dist", { recursive: true });

// `--bindings raw` adds build/stairs.d.ts (and an unused build/stairs.js); the wasm is byte-identical.
execFileSync(process.execPath, ["node_modules/assemblyscript/bin/asc.js", "assembly/index.ts", "--target", "release", "--bindings", "raw"], {
  stdio: "inherit",
});
// The wasm contract (scripts/wasm-contract.mjs) and the layer rule (scripts/check-layers.mjs), before any bundling.
const contract = checkContract();
if (contract.removed.length > 0) {
  console.error(contractError(contract.removed));
  process.exit(1);
}
if (contract.added.length > 0) console.log(`wasm contract: new exports ${contract.added.join(", ")}`);
checkLayersOrExit();

const wasm = readFileSync("build/stairs.wasm");
// The bundle embeds the wasm deflate-compressed (zlib format) by zopfli (a build-time dependency; 6 % smaller
// than zlib's level 9, about 2 s): as base64 the raw module gzips to 43 KB, the compressed one to 32 KB.
// src/wasm/wasm.ts inflates it with the platform's DecompressionStream (docs/packaging.md).
const compressed = Buffer.from(await zlibAsync(wasm, { numiterations: 15, blocksplitting: true }));
if (!inflateSync(compressed).equals(wasm)) throw new Error("build: the compressed wasm does not inflate to build/stairs.wasm");
writeFileSync("build/stairs.wasm.deflate", compressed);
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
export const define = {
  __WASM_SHA256__: JSON.stringify(createHash("sha256").update(wasm).digest("hex")),
  __VERSION__: JSON.stringify(pkg.version),
};

const common = { bundle: true, format: "esm", loader: { ".wasm": "binary", ".deflate": "binary" }, define, logLevel: "warning", target: "es2022" };

// The library: minified, with a source map (dist/index.js.map, sources included) for debugging.
await esbuild.build({ ...common, entryPoints: ["src/index.ts"], outfile: "dist/index.js", platform: "neutral", minify: true, sourcemap: true, legalComments: "none" });
// stairs/core (src/core.ts): its re-exports of ./index.js kept as imports of the bundle next to it, so a
// bundler shakes dist/index.js through it (sideEffects: false) and the wasm is in the package once.
await esbuild.build({ ...common, entryPoints: ["src/core.ts"], outfile: "dist/core.js", platform: "neutral", external: ["./index.js"] });
if (existsSync("src/cli/main.ts")) {
  // cli: the entry (dist/cli.js: starts the pool's threads, then loads the rest) and the command line itself
  await esbuild.build({
    ...common,
    entryPoints: ["src/cli/entry.ts"],
    outfile: "dist/cli.js",
    platform: "node",
    packages: "external",
    banner: { js: "#!/usr/bin/env node" },
  });
  // The command line and its worker bundle commander and valibot in (resolving them at run time cost 20-28 ms
  // of every command's start: docs/speed.md); the packages that only plots and progress bars load, on
  // demand, stay packages of stairs-cli. commander is CommonJS: its require() of Node's modules goes
  // through a createRequire of the bundle.
  const cli = {
    ...common,
    platform: "node",
    external: ["@resvg/resvg-js", "cli-progress", "pdfkit", "svg-to-pdfkit", "vega", "vega-lite"],
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  };
  await esbuild.build({ ...cli, entryPoints: ["src/cli/main.ts"], outfile: "dist/cli-main.js" });
  // cli: the replica pool's worker thread (run, sweep), loaded from next to dist/cli.js
  await esbuild.build({ ...cli, entryPoints: ["src/cli/replica-worker.ts"], outfile: "dist/replica-worker.js" });
}
// The benchmark is TypeScript too; bundle it for Node on demand (`npm run bench`).
if (process.argv.includes("--bench")) {
  await esbuild.build({ ...common, entryPoints: ["bench/run.ts"], outfile: "build/bench.js", platform: "node", packages: "external" });
  // Three tools: an A/B of wasm builds in one process, the pool's timeline, and a summary of the pool's
  // rounds in bench records (build/tools/, two levels below the root, so that the pool finds
  // dist/replica-worker.js as it does from src/cli/).
  for (const tool of ["ab", "pool-trace", "pool-summary"]) {
    await esbuild.build({ ...common, entryPoints: [`bench/${tool}.ts`], outfile: `build/tools/${tool}.js`, platform: "node", packages: "external" });
  }
}
// The JSON Schema of config files and presets (dist/config.schema.json), from the validator's zod schemas.
if (existsSync("src/cli/config-schema.ts")) {
  await esbuild.build({ ...common, entryPoints: ["src/cli/config-schema.ts"], outfile: "build/config-schema.mjs", platform: "node", packages: "external" });
  const { configJsonSchema } = await import(`${pathToFileURL(`${root}/build/config-schema.mjs`).href}?t=${Date.now()}`);
  writeFileSync("dist/config.schema.json", JSON.stringify(configJsonSchema(), null, 1) + "\n");
}
// The command line's own package (packages/cli, published as stairs-cli, bin `stairs`): the CLI bundles and
// the presets, so that the library package `stairs` depends on nothing the command line needs.
if (existsSync("dist/cli.js") && existsSync("packages/cli/package.json")) {
  mkdirSync("packages/cli/dist", { recursive: true });
  for (const file of ["cli.js", "cli-main.js", "replica-worker.js", "config.schema.json"]) copyFileSync(`dist/${file}`, `packages/cli/dist/${file}`);
  cpSync("presets", "packages/cli/presets", { recursive: true });
  copyFileSync("LICENSE", "packages/cli/LICENSE");
  chmodSync("packages/cli/dist/cli.js", 0o755);
}
// web page: dist/web/ (the page and its worker import dist/index.js; see scripts/build-web.mjs)
if (existsSync("web/app.ts")) await (await import("./build-web.mjs")).buildWeb(common);
// Type declarations of the public API (dist/types/index.d.ts), for TypeScript users of the bundle.
// It type-checks every file of src/ against src/wasm/exports.ts: a missing kernel fails here, by name.
try {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.types.json"], { stdio: "inherit" });
} catch {
  console.error("build failed: type errors (above; a call of a kernel checks against src/wasm/exports.ts)");
  process.exit(1);
}
// The gzipped size of every entry (the budgets are held by test/bundle.test.ts).
const { bundleSizes, BUDGETS } = await import("./sizes.mjs");
for (const { file, bytes, gzip } of await bundleSizes()) {
  const budget = BUDGETS[file] ? ` (budget ${(BUDGETS[file] / 1000).toFixed(0)} KB)` : "";
  console.log(`  ${file.padEnd(24)} ${Number.isNaN(bytes) ? "(esbuild, minified)".padStart(16) : `${String(bytes).padStart(10)} bytes`}, ${(gzip / 1000).toFixed(1).padStart(6)} KB gzipped${budget}`);
}
console.log(`built build/stairs.wasm (${wasm.length} bytes, sha256 ${JSON.parse(define.__WASM_SHA256__).slice(0, 12)}) and dist/`);
