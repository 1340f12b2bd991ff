// Sizes of the bundles, gzipped (level 9, as a server would send them), and the budgets a test holds them
// to (test/bundle.test.ts). The budget of dist/index.js includes the embedded wasm.
import { gzipSync } from "node:zlib";
import { existsSync, readFileSync } from "node:fs";
import * as esbuild from "esbuild";

export const BUDGETS = {
  // The targets (issue 15): 60 KB with the wasm, 45 KB for a page that loads the wasm and samples.
  // History (docs/packaging.md): 168 KB before issue 15; 92 KB (page 90.5) with zod and the reduced engine;
  // 59.1 KB (page 42.2) with the wasm embedded zopfli-compressed, valibot instead of zod, the reduced
  // engine's normals not inlined, and standalone functions beside the Stairs class.
  "dist/index.js": 60_000,
  // A page that imports only init and sample from stairs/core (dist/core.js: init there is the main entry's
  // load, a bare instance; the main entry's init returns the Stairs class, which carries every method's code).
  "init+sample page": 45_000,
};

export const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * The gzipped size of a page that loads the wasm and samples a model, importing only `init` and `sample` from
 * stairs/core (dist/core.js, the standalone functions), bundled by esbuild. `classPage` measures the same
 * page through the main entry's `init` and `stairs.sample` (the Stairs class carries every method's code).
 */
export async function initSamplePageSize(root = ".", classPage = false) {
  const entry = classPage
    ? 'import { init } from "./dist/index.js"; const s = await init(); console.log(s.sample({ kind: "mcm", d: 8 }, 10, 1).n);'
    : 'import { init, sample } from "./dist/core.js"; const s = await init(); console.log(sample(s, { kind: "mcm", d: 8 }, 10, 1).n);';
  const result = await esbuild.build({ stdin: { contents: entry, resolveDir: root, loader: "js" }, bundle: true, format: "esm", minify: true, write: false, platform: "browser", target: "es2022" });
  return gzipSize(result.outputFiles[0].contents);
}

/** Every entry's bytes and gzipped bytes. */
export async function bundleSizes(root = ".") {
  const files = ["dist/index.js", "dist/core.js", "dist/cli.js", "dist/replica-worker.js", "dist/web/app.js", "dist/web/worker.js", "dist/web/app.css"];
  const rows = files.filter((f) => existsSync(`${root}/${f}`)).map((f) => {
    const bytes = readFileSync(`${root}/${f}`);
    return { file: f, bytes: bytes.length, gzip: gzipSize(bytes) };
  });
  rows.push({ file: "init+sample page", bytes: NaN, gzip: await initSamplePageSize(root) });
  return rows;
}
