// The package as a user installs it: `npm pack` of the library, then `npm install` of the tarball in an
// empty folder (no registry needed: the library has no dependencies). The library pulls at most 5
// packages and 3 MB besides itself; the command line's dependencies live in packages/cli (stairs-cli).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const cliPkg = JSON.parse(readFileSync(join(root, "packages/cli/package.json"), "utf8"));

/** Bytes of the files under a folder (apparent size). */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

// The npm beside this node (node_modules/.bin holds an old npm 6 that as-pect's dependencies bring).
const npmBeside = join(dirname(process.execPath), "npm");
const npm = existsSync(npmBeside) ? npmBeside : "npm";

let folder: string;
let tarball: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "stairs-install-"));
  const pack = spawnSync(npm, ["pack", "--pack-destination", folder], { cwd: root, encoding: "utf8" });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.status} ${pack.error} ${pack.stderr}`);
  const packed = pack.stdout.trim().split("\n").pop()!;
  tarball = join(folder, packed);
  writeFileSync(join(folder, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", type: "module" }));
  execFileSync(npm, ["install", "--no-audit", "--no-fund", "--offline", tarball], { cwd: folder, stdio: "pipe" });
}, 120_000);

describe("the library package", () => {
  it("installs at most 5 packages and 3 MB besides itself (it has none)", () => {
    const lock = JSON.parse(readFileSync(join(folder, "package-lock.json"), "utf8"));
    const others = Object.keys(lock.packages).filter((p) => p !== "" && p !== "node_modules/stairs");
    expect(others.length).toBeLessThanOrEqual(5);
    const all = bytesUnder(join(folder, "node_modules"));
    const own = bytesUnder(join(folder, "node_modules/stairs"));
    expect(all - own).toBeLessThanOrEqual(3e6);
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.bin).toBeUndefined(); // the `stairs` command comes with stairs-cli
  });

  it("ships LICENSE (MIT), CHANGELOG.md, types; says sideEffects false and the Node versions checked", () => {
    const files = readdirSync(join(folder, "node_modules/stairs"));
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "CHANGELOG.md", "package.json", "dist"]));
    expect(readFileSync(join(folder, "node_modules/stairs/LICENSE"), "utf8")).toMatch(/^MIT License/);
    expect(pkg.license).toBe("MIT");
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines.node).toBe(">=20.19");
    expect(readFileSync(join(root, "docs/packaging.md"), "utf8")).toMatch(/\| 20\.19\.0 \| works \| works/);
  });

  it("names its repository, homepage and issue tracker, as the command line's package does", () => {
    for (const p of [pkg, cliPkg]) {
      expect(p.repository.url).toBe("git+https://github.com/stairs-sim/stairs.git");
      expect(p.homepage).toBe("https://github.com/stairs-sim/stairs#readme");
      expect(p.bugs.url).toBe("https://github.com/stairs-sim/stairs/issues");
      expect(p.engines.node).toBe(">=20.19");
    }
    expect(cliPkg.repository.directory).toBe("packages/cli");
  });

  it("import and require both load it in the fresh folder (Node >= 20.19)", () => {
    const esm = spawnSync(process.execPath, ["--input-type=module", "-e", 'import { init } from "stairs"; const s = await init(); console.log(s.sample({ kind: "mcm", d: 8 }, 3, 1).x.length)'], { cwd: folder, encoding: "utf8" });
    expect(esm.stdout.trim(), esm.stderr).toBe("24");
    const cjs = spawnSync(process.execPath, ["-e", 'require("stairs").init().then((s) => console.log(s.version))'], { cwd: folder, encoding: "utf8" });
    expect(cjs.stdout.trim(), cjs.stderr).toBe(pkg.version);
    // the tree-shakeable entry
    const core = spawnSync(process.execPath, ["--input-type=module", "-e", 'import { init, sample } from "stairs/core"; const s = await init(); console.log(sample(s, { kind: "mcm", d: 8 }, 3, 1).x.length)'], { cwd: folder, encoding: "utf8" });
    expect(core.stdout.trim(), core.stderr).toBe("24");
  });
});

describe("the API reference (docs/api, `npm run docs:api`: typedoc + typedoc-plugin-markdown)", () => {
  it("lists every value src/index.ts exports", async () => {
    const api = await import("../src/index.js");
    const index = readFileSync(join(root, "docs/api/README.md"), "utf8");
    for (const name of Object.keys(api)) expect(index, name).toContain(`[${name.replace(/_/g, "\\_")}]`); // markdown escapes _
  });
});

describe("the command-line package (packages/cli, stairs-cli)", () => {
  it("declares every package its bundles import, and the library declares none of them", () => {
    const imported = new Set<string>();
    for (const file of ["dist/cli.js", "dist/replica-worker.js"]) {
      const text = readFileSync(join(root, file), "utf8");
      for (const m of text.matchAll(/(?:from|import\()\s*"([^".][^"]*)"/g)) {
        const name = m[1].startsWith("@") ? m[1].split("/").slice(0, 2).join("/") : m[1].split("/")[0];
        if (!name.startsWith("node:")) imported.add(name);
      }
    }
    expect([...imported].sort()).toEqual(Object.keys(cliPkg.dependencies).sort());
    expect(cliPkg.bin).toEqual({ stairs: "bin/stairs.js" });
    expect(cliPkg.version).toBe(pkg.version);
  });
});
