// The weight of the library: dist/index.js (minified, the wasm embedded, a source map beside it) and a page
// that imports only init and sample, gzipped, against the budgets of scripts/sizes.mjs (the build prints
// the same numbers). Growth past a budget fails here.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without declarations
import { BUDGETS, bundleSizes } from "../scripts/sizes.mjs";

const root = new URL("..", import.meta.url).pathname;

describe("bundle budgets", () => {
  it("dist/index.js and an init + sample page stay within their gzipped budgets", async () => {
    const sizes = (await bundleSizes(root)) as { file: string; gzip: number }[];
    const of = (file: string) => sizes.find((s) => s.file === file)!.gzip;
    expect(of("dist/index.js")).toBeLessThanOrEqual(BUDGETS["dist/index.js"]);
    expect(of("init+sample page")).toBeLessThanOrEqual(BUDGETS["init+sample page"]);
    // English messages only: no locale tables (zod's were 47 % of the bundle before it was replaced by valibot)
    expect(readFileSync(join(root, "dist/index.js"), "utf8")).not.toMatch(/Zu groß|Trop grand|demasiado grande/);
  });

  it("is minified, with a source map that holds the sources", () => {
    const js = readFileSync(join(root, "dist/index.js"), "utf8");
    expect(js.length / js.split("\n").length).toBeGreaterThan(1000); // long lines: minified
    expect(js).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    expect(existsSync(join(root, "dist/index.js.map"))).toBe(true);
    const map = JSON.parse(readFileSync(join(root, "dist/index.js.map"), "utf8"));
    expect(map.sources.some((s: string) => s.endsWith("src/stairs.ts"))).toBe(true);
    expect(map.sourcesContent.length).toBe(map.sources.length);
  });
});
