// The layer rule of src/ (docs/architecture.md): every folder (or top-level file) of src/ is a unit with a
// rank, and a unit may import only units of a LOWER rank. So no folder imports one above it, and no two
// folders import each other (a cycle would need an import upwards). The page (web/) sits on top and
// reaches src/ through src/index.ts only. Run by `npm run build`; test/layers.test.ts shows it can fail.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Lowest first. A unit is a folder of src/ or a top-level file of src/ (without .ts). */
export const LAYERS = [
  ["errors"], // the error type and argument checks every layer throws
  ["config", "io", "analysis"], // pure data: schemas and resolvers; .npy encoding; scaling fits
  ["wasm"], // the kernel boundary: instantiate, the generated exports, code tables, memory helpers
  ["random"], // seeded streams (state in the wasm)
  ["schedule"], // stream layout, step sizes, checkpoint grid
  ["model"], // the data models in the wasm: spikes, samples, cumulant tensors
  ["learners"], // the Learner interface and one adapter per learner kind
  ["theory"], // every theory result: overlap ODE, exponents, model and tensor-PCA theory
  ["run"], // replicas, runs, results and their hashes
  ["stairs"], // the facade class
  ["index"], // the public API
  ["core"], // the tree-shakeable entry (stairs/core): the standalone functions of index, init = load
  ["cli"], // the command line
  ["web"], // the page (outside src/)
];

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

/** The relative import specifiers of a source text. */
export function importsOf(text) {
  const out = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec.startsWith(".")) out.push(spec);
  }
  return out;
}

function walk(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) files.push(...walk(p));
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith(".d.ts")) files.push(p);
  }
  return files;
}

/** The import graph of src/ and web/: edges between repository-relative paths. */
export function importGraph(root) {
  const edges = [];
  for (const top of ["src", "web"]) {
    for (const file of walk(path.join(root, top))) {
      const from = path.relative(root, file);
      for (const spec of importsOf(readFileSync(file, "utf8"))) {
        edges.push({ from, to: path.relative(root, path.resolve(path.dirname(file), spec)) });
      }
    }
  }
  return edges;
}

/** The unit of a repository-relative path: "src/theory/ode.ts" -> "theory", "src/stairs.ts" -> "stairs". */
export function unitOf(file) {
  const parts = file.split(/[\\/]/);
  if (parts[0] === "web") return "web";
  if (parts[0] !== "src") return null;
  return parts.length > 2 ? parts[1] : parts[1].replace(/\.(ts|js|mts)$/, "");
}

/** The violations of the layer rule in a list of edges; empty when the graph is layered. */
export function checkLayers(edges, layers = LAYERS) {
  const rank = new Map();
  layers.forEach((units, r) => units.forEach((u) => rank.set(u, r)));
  const problems = [];
  for (const { from, to } of edges) {
    const a = unitOf(from);
    if (/^build[\\/]/.test(to)) {
      if (a !== "wasm") problems.push(`${from} imports ${to}: only src/wasm/ loads the build output`);
      continue;
    }
    const b = unitOf(to);
    if (a === "web") {
      if (b !== "web" && to.replace(/\.js$/, ".ts") !== "src/index.ts") problems.push(`${from} imports ${to}: the page uses src/ through src/index.ts only`);
      continue;
    }
    if (b === null) {
      problems.push(`${from} imports ${to}, outside src/ (the reference and test support are not part of the library)`);
      continue;
    }
    if (a === b) continue;
    if (!rank.has(a)) problems.push(`${from}: "${a}" is not in the layer order (add it to LAYERS in scripts/check-layers.mjs and to docs/architecture.md)`);
    else if (!rank.has(b)) problems.push(`${to}: "${b}" is not in the layer order (add it to LAYERS in scripts/check-layers.mjs and to docs/architecture.md)`);
    else if (rank.get(b) >= rank.get(a)) {
      const how = rank.get(b) === rank.get(a) ? "a unit of the same layer" : "a higher layer";
      problems.push(`${from} imports ${to}: "${a}" may not import "${b}" (${how})`);
    }
  }
  return [...new Set(problems)];
}

/** For the build: prints the violations and exits 1 if there are any. */
export function checkLayersOrExit(root = process.cwd()) {
  const problems = checkLayers(importGraph(root));
  if (problems.length === 0) return;
  console.error(`layer rule broken (docs/architecture.md):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  checkLayersOrExit(new URL("..", import.meta.url).pathname);
  console.log("layers ok");
}
