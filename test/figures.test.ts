// Figures for a paper: PNG and PDF beside SVG (headless), readable log ticks, legends that name only the
// model's directions, one palette for the page and the command line, sweeps with the theory's slope, and
// `stairs plot` choosing an output name (or stdout) when --out is absent.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { init, type RunResult, type Stairs } from "../src/index.js";
import { FIGURE_COLORS, logTicks, tickLabel } from "../src/analysis/figure-style.js";
import { runFigure, sweepFigure } from "../src/cli/plot/figures.js";
import { renderSvg, withTheory } from "../src/cli/plot/render.js";
import { svgToPdf, svgToPng } from "../src/cli/plot/formats.js";
import { syntheticRun } from "./support/plot-fixtures.js";

const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "dist/cli.js");
const stairsCli = (args: string[], input?: string) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", input, timeout: 120_000 });
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

let stairs: Stairs;
let tensor: RunResult;
let dir: string;
beforeAll(async () => {
  stairs = await init();
  dir = mkdtempSync(join(tmpdir(), "stairs-figures-"));
  tensor = await stairs.run({ model: { kind: "tensor-pca", d: 16, order: 3, beta: 4 }, learner: { kind: "tensor-pca" }, steps: 600, replicas: 3, seed: 2 });
});

describe("axes and legends", () => {
  it("log ticks at powers of ten, labelled 0.01 ... 1k, 10k, 1M without thousands separators", () => {
    expect(logTicks(0.01, 2000)).toEqual([0.01, 0.1, 1, 10, 100, 1000]);
    expect(logTicks(300, 2500)).toEqual([500, 1000, 2000]); // short ranges get 2 and 5 times the powers
    expect([0.01, 1, 1000, 20000, 1e6].map(tickLabel)).toEqual(["0.01", "1", "1k", "20k", "1M"]);
  });

  it("a run's SVG has ticks like 1k and 10k, no 1,000, and panels at least 480 px wide", async () => {
    const svg = await renderSvg(runFigure(syntheticRun(32, { m: 2, u: 20, v: 400 }, 5, 40)));
    const labels = texts(svg);
    expect(labels).toContain("1k");
    expect(labels.some((t) => /\d,\d{3}/.test(t))).toBe(false);
    expect(Number(/<svg[^>]*width="(\d+)"/.exec(svg)![1])).toBeGreaterThan(540);
  });

  it("the tensor-PCA legend names v only; the colours are the page's", async () => {
    const svg = await renderSvg(runFigure(tensor));
    const labels = texts(svg);
    expect(labels).toContain("|α_v| (cumulant)");
    expect(labels.filter((t) => t.startsWith("|α_m|") || t.startsWith("|α_u|"))).toEqual([]);
    expect(svg.toLowerCase()).toContain(FIGURE_COLORS.v);
    const page = readFileSync(join(root, "web/staircase-plot.ts"), "utf8");
    expect(page).toMatch(/import \{[^}]*FIGURE_COLORS[^}]*\} from ".\/stairs-api.js"/);
    // the palette, the accuracy colours, the n/d cut, the shared accuracy axis and the band: the library's
    expect(readFileSync(join(root, "web/stairs-api.ts"), "utf8")).toMatch(/FIGURE_COLORS, DIRECTION_LABELS, ACCURACY_COLORS, MIN_N_OVER_D, accuracyDomain, band \} from "..\/src\/index.js"/);
    expect(page).toMatch(/import \{[^}]*ACCURACY_COLORS[^}]*\} from ".\/stairs-api.js"/);
    expect(readFileSync(join(root, "web/worker.ts"), "utf8")).toMatch(/BAYES_LINE_SAMPLES/); // the Bayes lines of render.ts
    expect(page).toMatch(/band\(/); // the page draws the median and the 25-75 % band too
  });

  it("a sweep draws the theory's reference slope d^(p-1) (tensor PCA of order 3: d^2)", async () => {
    const sweep = JSON.parse(readFileSync(join(root, "docs/figures/sweep-tensor-pca.json"), "utf8"));
    const input = withTheory(stairs, { kind: "sweep", sweep });
    expect(input.kind === "sweep" && input.sweep.reference).toMatchObject({ exponent: 2, log: false });
    const svg = await renderSvg(sweepFigure([(input as { sweep: typeof sweep }).sweep]));
    expect(svg).toMatch(/>dashed: the theory(&#39;|&apos;|')s slope, n\* ∝ d\^2</);
    expect(texts(svg).some((t) => /\d,\d{3}/.test(t))).toBe(false);
  });
});

describe("PNG and PDF, headless", () => {
  it("PNG at twice the SVG's size; PDF one vector page of the SVG's size", async () => {
    const svg = await renderSvg(runFigure(tensor));
    const width = Number(/<svg[^>]*width="(\d+)"/.exec(svg)![1]);
    const png = await svgToPng(svg);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(new DataView(png.buffer, png.byteOffset).getUint32(16)).toBe(2 * width);
    const pdf = Buffer.from(await svgToPdf(svg));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1").match(/\/Type \/Page\b/g)?.length).toBe(1);
    expect(pdf.toString("latin1")).toContain(`/MediaBox [0 0 ${width * 0.75}`);
  });
});

describe("stairs plot", () => {
  it("without --out writes the SVG beside the input; --formats adds PNG and PDF; '-' reads stdin and writes stdout", () => {
    writeFileSync(join(dir, "tensor.json"), JSON.stringify(tensor));
    const a = stairsCli(["plot", join(dir, "tensor.json"), "--formats", "png,pdf", "--quiet"]);
    expect(a.status, a.stderr).toBe(0);
    for (const ext of ["svg", "png", "pdf"]) expect(existsSync(join(dir, `tensor.${ext}`)), ext).toBe(true);
    const b = stairsCli(["plot", "-", "--no-theory"], JSON.stringify(tensor));
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout.startsWith("<svg")).toBe(true);
    expect(existsSync(join(process.cwd(), "-"))).toBe(false);
  });

  it("run --plot FIG.png draws a PNG; an unknown extension is refused before any work", () => {
    writeFileSync(join(dir, "t.json"), JSON.stringify({ ...tensor.config, replicas: 1, steps: 50 }));
    const ok = stairsCli(["run", join(dir, "t.json"), "--quiet", "--out", join(dir, "t-result.json"), "--plot", join(dir, "figs/t.png")]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(readFileSync(join(dir, "figs/t.png")).subarray(1, 4).toString()).toBe("PNG");
    const bad = stairsCli(["run", join(dir, "t.json"), "--quiet", "--out", join(dir, "t2.json"), "--plot", join(dir, "t.gif")]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--plot must be a file name ending in \.svg, \.png or \.pdf/);
    expect(existsSync(join(dir, "t2.json"))).toBe(false);
  });
});
