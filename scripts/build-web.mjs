// The page's build (called from scripts/build.mjs): web/app.ts and web/worker.ts bundled for browsers into
// dist/web/, with the simulator NOT bundled in: every import of src/index.js becomes an import of the
// published bundle ../index.js (dist/index.js), so the page, its worker and any third-party page run the
// very same file. uPlot and the page's CSS are bundled; presets/*.json are baked in as a module.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import * as esbuild from "esbuild";

/** Imports of the library's entry point stay imports of the built bundle. */
const publishedBundle = {
  name: "published-bundle",
  setup(build) {
    build.onResolve({ filter: /(^|\/)src\/index(\.js|\.ts)?$/ }, () => ({ path: "../index.js", external: true }));
  },
};

/** `import presets from "stairs:presets"`: every presets/*.json by name. */
const presets = {
  name: "presets",
  setup(build) {
    build.onResolve({ filter: /^stairs:presets$/ }, () => ({ path: "presets", namespace: "stairs-presets" }));
    build.onLoad({ filter: /.*/, namespace: "stairs-presets" }, () => {
      const files = existsSync("presets") ? readdirSync("presets").filter((f) => f.endsWith(".json")).sort() : [];
      const all = Object.fromEntries(files.map((f) => [basename(f, ".json"), JSON.parse(readFileSync(join("presets", f), "utf8"))]));
      return { contents: JSON.stringify(all), loader: "json", watchDirs: ["presets"] };
    });
  },
};

export async function buildWeb(common) {
  mkdirSync("dist/web", { recursive: true });
  await esbuild.build({
    ...common,
    entryPoints: ["web/app.ts", "web/worker.ts"],
    outdir: "dist/web",
    platform: "browser",
    loader: { ...common.loader, ".css": "css" },
    plugins: [publishedBundle, presets],
    minify: true,
    legalComments: "none",
  });
  for (const page of ["index.html", "embed.html"]) copyFileSync(join("web", page), join("dist/web", page));
}
