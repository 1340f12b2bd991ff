// The page and the bundle in a real browser: Debian's Chromium (/usr/bin/chromium, installed by .ci/run),
// driven by playwright-core (which never downloads a browser of its own). The pages are served from dist/
// by scripts/serve.mjs, so they load dist/index.js exactly as a third-party site would.
//
// What is checked: the page runs a preset on its pool of Workers with a plot that updates while it runs, its result
// download is byte for byte what the command line writes for its config download (and the same on 1 and 3
// workers); invalid input is reported next to its
// field and starts no run; and three experiments (a single neuron, a two-layer network, a spiked cumulant
// run) give bit-identical results -- every replica hash and every recorded number -- in Chromium and Node
// from the same bundle.
//
// `UPDATE_FIGURES=1 npx vitest run test/browser.test.ts` also rewrites docs/figures/page.png.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../scripts/serve.mjs";

const CHROMIUM = "/usr/bin/chromium";
const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");

// The flags that work on this machine kind (no network, no GPU, running as root): see .ci/run.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The experiments whose results must be bit-identical in Node and Chromium. Small: ~1 s each. */
const IDENTITY_CONFIGS: Record<string, object> = {
  "single neuron on the MCM (ReLU, correlation loss, sign coupling)": {
    model: { kind: "mcm", d: 32, betaM: 1, betaU: 5, betaV: 5, latent: "rademacher", coupling: "sign" },
    learner: { kind: "neuron", activation: "relu", loss: "correlation", lr: 1 },
    steps: 4000,
    replicas: 2,
    seed: 7,
    record: { points: 20 },
    recovery: { threshold: 0.5 },
  },
  "two-layer network on the MCM (K = 4, square loss, trained second layer)": {
    model: { kind: "mcm", d: 24, betaM: 1, betaU: 5, betaV: 5, latent: "rademacher", coupling: "independent" },
    learner: { kind: "network", hidden: 4, activation: "relu", loss: "square", lrW: 0.5, lrA: 0.5, secondLayer: "trained" },
    steps: 3000,
    replicas: 2,
    seed: 11,
    record: { points: 20 },
    recovery: { threshold: 0.5 },
  },
  "single neuron on the spiked cumulant model (-He4, eta = 0.16 / d^2)": {
    model: { kind: "spiked-cumulant", d: 16, betaV: 10, latent: "rademacher" },
    learner: { kind: "neuron", activation: "-he4", loss: "correlation", lr: 0.16, lrExponent: 2 },
    steps: 6000,
    replicas: 2,
    seed: 3,
    record: { points: 20 },
    recovery: { threshold: 0.5 },
  },
  "tensor PCA with the explicit d^3 tensor (order 3: the contraction kernels)": {
    model: { kind: "tensor-pca", d: 12, order: 3, beta: 4 },
    learner: { kind: "tensor-pca", noise: "explicit" },
    steps: 400,
    replicas: 2,
    seed: 5,
    record: { points: 20 },
    recovery: { threshold: 0.5 },
  },
  "censored test sets, skewed latent with partial coupling, erf neuron with the square loss": {
    model: { kind: "mcm", d: 20, betaM: 1, betaU: 4, betaV: 6, latent: { kind: "skewed", r: 0.3 }, coupling: { kind: "partial", p: 0.6 } },
    learner: { kind: "neuron", activation: "erf", loss: "square", lr: 0.5 },
    steps: 3000,
    replicas: 2,
    seed: 13,
    record: { points: 15, testSize: 500, censored: true },
    recovery: { threshold: 0.5 },
  },
  "the reduced engine: a network in overlap space at d = 10^6 (K = 4, mini-batches of 3, censored test sets)": {
    engine: "reduced",
    model: { kind: "mcm", d: 1_000_000, betaM: 1, betaU: 5, betaV: 5, coupling: "sign" },
    learner: { kind: "network", hidden: 4, activation: "relu", loss: "logistic", lrW: 2000, lrA: 0.2, secondLayer: "trained", batch: 3 },
    steps: 3000,
    replicas: 2,
    seed: 17,
    record: { points: 15, testSize: 300, censored: true },
    recovery: { threshold: 0.5 },
  },
  "the reduced engine: a -He4 neuron at d = 10^9 (chi-squares of 10^9 degrees of freedom)": {
    engine: "reduced",
    model: { kind: "mcm", d: 1_000_000_000, betaM: 1, betaU: 5, betaV: 5, coupling: "independent" },
    learner: { kind: "neuron", activation: "-he4", loss: "correlation", lr: 1 },
    steps: 20000,
    replicas: 2,
    seed: 19,
    record: { points: 15, testSize: 300 },
    recovery: { threshold: 0.5 },
  },
};

let context: BrowserContext;
let profile: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
// The bundle Node runs: the very file the pages import.
let stairsNode: { init(): Promise<{ run(config: unknown): Promise<Result> }>; resolveExperimentConfig(c: unknown): unknown };

interface Result {
  config: unknown;
  meta: Record<string, unknown>;
  replicas: { replica: number; hash: string; checkpoints: unknown[]; weakRecovery: unknown; diverged: unknown }[];
}

beforeAll(async () => {
  if (!existsSync(join(dist, "web/index.html")) || !existsSync(join(dist, "index.js"))) {
    throw new Error("dist/ is not built: run `npm run build` (npm test does) before the browser tests");
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  }
  stairsNode = await import(/* @vite-ignore */ join(dist, "index.js"));
  server = await serveStatic({ root: dist });
  profile = mkdtempSync(join(tmpdir(), "stairs-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** A fresh tab that fails the test on any uncaught page error. */
async function openPage(path: string): Promise<{ page: Page; errors: string[]; workers: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  const workers: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("worker", (worker) => workers.push(worker.url()));
  await page.goto(server.url + path);
  return { page, errors, workers };
}

async function runInNode(config: unknown): Promise<Result> {
  const stairs = await stairsNode.init();
  return stairs.run(config);
}

describe("the page in Chromium", () => {
  it("runs a preset on a pool of Workers, updates the plot while it runs, and downloads the command line's JSON", async () => {
    const { page, errors, workers } = await openPage("/web/");
    const presetNames = await page.locator("#preset option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    // A single-neuron preset is quick; any preset will do if those names change.
    const preset = ["covariance", "mean"].find((name) => presetNames.includes(name)) ?? presetNames[0];
    await page.selectOption("#preset", preset);
    // The preset at test size: a few thousand steps, three replicas.
    await page.fill('[data-field="steps"]', "6000");
    await page.fill('[data-field="replicas"]', "3");
    expect(decodeURIComponent(page.url())).toContain('"steps":6000');

    // Record every redraw of the plot (replicas plotted, and whether the run was still going), to see it
    // grow while the run is in progress.
    await page.evaluate(() => {
      // The run's panel is made when the run starts: watch the panels' container.
      const panels = document.querySelector("#panels")!;
      const history: string[] = [];
      (window as unknown as { plotHistory: string[] }).plotHistory = history;
      const running = () => (document.querySelector("#download-result") as HTMLButtonElement).disabled;
      new MutationObserver((records) => {
        for (const record of records) history.push(`${(record.target as HTMLElement).getAttribute("data-replicas")}:${running() ? "running" : "done"}`);
      }).observe(panels, { attributes: true, attributeFilter: ["data-points", "data-replicas"], subtree: true });
    });
    await page.click("#run");
    await page.waitForFunction(() => !(document.querySelector("#download-result") as HTMLButtonElement).disabled, null, { timeout: 60_000 });
    // A pool of workers: one per core the browser reports, at most one per replica.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency || 1);
    expect(workers).toHaveLength(Math.min(3, cores));
    for (const url of workers) expect(url).toMatch(/\/web\/worker\.js$/);

    const history = await page.evaluate(() => (window as unknown as { plotHistory: string[] }).plotHistory);
    const live = history.filter((h) => h.endsWith(":running")).map((h) => Number(h.split(":")[0]));
    // Live updates: the plot grew replica by replica before the run ended (1, 2, 3 replicas averaged).
    expect(live).toEqual(expect.arrayContaining([1, 2]));
    expect(await page.locator("#panels .panel").count()).toBe(1); // one run, one panel
    expect(Number(await page.locator("#panels .panel").getAttribute("data-replicas"))).toBe(3);
    expect(Number(await page.locator("#panels .panel").getAttribute("data-points"))).toBeGreaterThan(5);
    await expect.poll(() => page.locator("#status-text").textContent()).toMatch(/^Done/);
    expect(await page.locator("#progress").evaluate((p) => (p as HTMLProgressElement).value)).toBe(1);

    // Downloads: byte for byte the file `stairs run CONFIG --out RESULT` writes for the downloaded config.
    const [resultDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-result")]);
    const resultText = readFileSync((await resultDownload.path())!, "utf8");
    const [configDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-config")]);
    const configPath = (await configDownload.path())!;
    expect(JSON.parse(readFileSync(configPath, "utf8"))).toEqual(JSON.parse(resultText).config);
    const cliOut = join(profile, "cli-result.json");
    execFileSync(process.execPath, [join(dist, "cli.js"), "run", configPath, "--out", cliOut, "--quiet"]);
    expect(resultText).toBe(readFileSync(cliOut, "utf8"));

    // One worker (?workers=1) and a pool of three give the same download, byte for byte.
    for (const size of [1, 3]) {
      const other = await openPage(`/web/?workers=${size}` + new URL(page.url()).hash);
      await other.page.click("#run");
      await other.page.waitForFunction(() => !(document.querySelector("#download-result") as HTMLButtonElement).disabled, null, { timeout: 60_000 });
      expect(other.workers).toHaveLength(size);
      const [download] = await Promise.all([other.page.waitForEvent("download"), other.page.click("#download-result")]);
      expect(readFileSync((await download.path())!, "utf8")).toBe(resultText);
      expect(other.errors).toEqual([]);
      await other.page.close();
    }

    // The URL holds the config: opening it in another tab shows the same settings.
    const shared = await openPage(new URL(page.url()).pathname + new URL(page.url()).hash);
    expect(await shared.page.inputValue('[data-field="steps"]')).toBe("6000");
    expect(await shared.page.inputValue('[data-field="replicas"]')).toBe("3");
    await shared.page.close();

    const shot = join(root, "build", "page.png");
    mkdirSync(join(root, "build"), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("offers every preset of presets/ (a multi-run preset whole and each of its runs) and each one validates", async () => {
    const { page, errors } = await openPage("/web/");
    const offered = await page.locator("#preset option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    const files = readdirSync(join(root, "presets")).filter((f) => f.endsWith(".json"));
    const expected = files.flatMap((file) => {
      const preset = JSON.parse(readFileSync(join(root, "presets", file), "utf8"));
      const name = file.replace(/\.json$/, "");
      return preset.runs ? [name, ...Object.keys(preset.runs).map((run) => `${name}/${run}`)] : [name];
    });
    expect(expected.length).toBeGreaterThan(0);
    expect([...offered].sort()).toEqual([...expected, "custom"].sort());
    for (const name of expected) {
      await page.selectOption("#preset", name);
      const messages = (await page.locator("[data-error-for]").allTextContents()).filter(Boolean);
      expect(messages, name).toEqual([]);
      expect(await page.inputValue("#preset"), name).toBe(name); // the form's config is the preset's, unchanged
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("runs a multi-run preset whole: its runs side by side, each with its progress and Bayes lines, and downloads the comparison `stairs run` writes", async () => {
    // The accuracy staircase (independent vs correlated latents, censored test sets) at test size, the sizes
    // set in the address as a link would: both runs' d, steps, replicas and test sets.
    const name = "accuracy-staircase";
    const preset = JSON.parse(readFileSync(join(root, "presets", `${name}.json`), "utf8"));
    const small = { "model.d": 32, steps: 3200, replicas: 2, "record.testSize": 500, "record.points": 20 };
    const runs: Record<string, Record<string, any>> = Object.fromEntries(Object.entries(preset.runs as Record<string, Record<string, any>>).map(([run, c]) => [run, {
      ...c, model: { ...c.model, d: small["model.d"] }, steps: small.steps, replicas: small.replicas, record: { ...c.record, testSize: small["record.testSize"], points: small["record.points"] },
    }]));
    const names = Object.keys(runs);
    expect(names).toEqual(["independent", "correlated"]);
    const hash = "#config=" + encodeURIComponent(JSON.stringify({ description: preset.description, runs }));
    const { page, errors, workers } = await openPage("/web/" + hash);
    // The form edits both runs at once; the field where they differ says so and is edited in the JSON.
    expect(await page.inputValue('[data-field="model.d"]')).toBe("32");
    expect(await page.isDisabled('[data-field="model.coupling.kind"]')).toBe(true);
    expect(await page.inputValue('[data-field="model.coupling.kind"]')).toBe("differs between runs");
    // Each panel's progress bar, recorded at every change, to see that each run reports its own progress.
    await page.evaluate(() => {
      const history: Record<string, number[]> = {};
      (window as unknown as { progressHistory: typeof history }).progressHistory = history;
      new MutationObserver((records) => {
        for (const record of records) {
          const bar = record.target as HTMLProgressElement;
          const run = bar.closest<HTMLElement>(".panel")?.dataset.run;
          if (run && bar.tagName === "PROGRESS") (history[run] ??= []).push(bar.value);
        }
      }).observe(document.querySelector("#panels")!, { attributes: true, attributeFilter: ["value"], subtree: true });
    });
    await page.click("#run");
    await page.waitForFunction(() => !(document.querySelector("#download-result") as HTMLButtonElement).disabled, null, { timeout: 60_000 });
    await expect.poll(() => page.locator("#status-text").textContent()).toMatch(/^Done .*4 replicas of 2 runs/);
    // One pool for both runs: one worker per core, at most one per replica of either run.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency || 1);
    expect(workers).toHaveLength(Math.min(4, cores));

    // Two panels, in the preset's order, each with its overlaps, its three accuracy curves and its own progress.
    const panels = await page.locator("#panels .panel").evaluateAll((list) => list.map((p) => {
      const { run, replicas, points, accuracyPoints, testSets, bayes } = (p as HTMLElement).dataset;
      return {
        run, replicas, points, accuracyPoints, testSets, bayes,
        progress: (p.querySelector("progress") as HTMLProgressElement).value,
        canvases: p.querySelectorAll("canvas").length,
        width: p.getBoundingClientRect().width,
        top: p.getBoundingClientRect().top,
      };
    }));
    expect(panels.map((p) => p.run)).toEqual(names);
    expect(panels[1].top).toBe(panels[0].top); // side by side
    const history = await page.evaluate(() => (window as unknown as { progressHistory: Record<string, number[]> }).progressHistory);
    for (const panel of panels) {
      expect(panel.replicas).toBe("2");
      expect(Number(panel.points)).toBeGreaterThan(10);
      expect(Number(panel.accuracyPoints)).toBe(Number(panel.points));
      expect(panel.testSets).toBe("3"); // full, censored to the mean, censored to the mean and covariance
      expect(panel.canvases).toBe(2); // the overlap chart and the accuracy chart
      expect(panel.width).toBeGreaterThan(300);
      expect(panel.progress).toBe(1);
      expect(history[panel.run!].some((v) => v > 0 && v < 1), panel.run).toBe(true); // it moved while the run went on
    }

    // The Bayes lines are the library's (computed in the wasm, in a worker): what `stairs plot` draws.
    const stairs = await stairsNode.init();
    for (const panel of panels) {
      const config = runs[panel.run!];
      const b = (stairs as unknown as { bayesAccuracy(m: unknown, o: unknown): Record<string, { accuracy: number }> }).bayesAccuracy(config.model, { samples: 1 << 18, seed: config.seed });
      expect(panel.bayes!.split(",").map(Number)).toEqual([b.full.accuracy, b.mean.accuracy, b.covariance.accuracy]);
    }
    expect(panels[0].bayes).not.toBe(panels[1].bayes); // the coupling changes the all-cumulant ceiling

    // The download is the comparison `stairs run` writes; with the same config, the same replica hashes.
    const [resultDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-result")]);
    const resultText = readFileSync((await resultDownload.path())!, "utf8");
    const comparison = JSON.parse(resultText);
    expect(comparison.kind).toBe("comparison");
    expect(comparison.runs.map((r: { name: string }) => r.name)).toEqual(names);
    const dir = mkdtempSync(join(tmpdir(), "stairs-comparison-"));
    const cliOut = join(dir, "cli.json");
    const sets = Object.entries(small).flatMap(([path, value]) => ["--set", `${path}=${value}`]);
    execFileSync(process.execPath, [join(dist, "cli.js"), "run", name, ...sets, "--out", cliOut, "--quiet"]);
    const cli = JSON.parse(readFileSync(cliOut, "utf8"));
    const hashes = (c: { runs: { result: Result }[] }) => c.runs.map((r) => r.result.replicas.map((x) => x.hash));
    expect(hashes(comparison)).toEqual(hashes(cli));
    expect(new Set(hashes(comparison).flat()).size).toBe(4);
    expect(comparison.runs).toEqual(cli.runs); // and every config, meta, checkpoint and score
    expect(comparison.description).toBe(cli.description);

    // Byte for byte: the config download, run under the name it was saved as (the comparison's "source").
    const [configDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-config")]);
    const configName = configDownload.suggestedFilename();
    writeFileSync(join(dir, configName), readFileSync((await configDownload.path())!));
    expect(comparison.source).toBe(configName);
    execFileSync(process.execPath, [join(dist, "cli.js"), "run", configName, "--out", "again.json", "--quiet"], { cwd: dir });
    expect(resultText).toBe(readFileSync(join(dir, "again.json"), "utf8"));
    // `stairs plot` draws the download as it draws its own comparisons.
    writeFileSync(join(dir, "page.json"), resultText);
    execFileSync(process.execPath, [join(dist, "cli.js"), "plot", join(dir, "page.json"), "--out", join(dir, "figure.svg"), "--quiet"]);
    expect(readFileSync(join(dir, "figure.svg"), "utf8")).toContain("correlated");

    // One worker gives the same bytes as the pool.
    const one = await openPage("/web/?workers=1" + hash);
    await one.page.click("#run");
    await one.page.waitForFunction(() => !(document.querySelector("#download-result") as HTMLButtonElement).disabled, null, { timeout: 60_000 });
    expect(one.workers).toHaveLength(1);
    const [download] = await Promise.all([one.page.waitForEvent("download"), one.page.click("#download-result")]);
    expect(readFileSync((await download.path())!, "utf8")).toBe(resultText);
    expect(one.errors).toEqual([]);
    await one.page.close();

    rmSync(dir, { recursive: true, force: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows invalid input next to its field and starts no run", async () => {
    const { page, errors, workers } = await openPage("/web/");
    const errorFor = (field: string) => page.locator(`[data-error-for="${field}"]`);

    await page.fill('[data-field="model.d"]', "2");
    await expect.poll(() => errorFor("model.d").textContent()).toMatch(/model\.d must be .*; got 2/);
    expect(await page.getAttribute('[data-field="model.d"]', "aria-invalid")).toBe("true");
    await page.click("#run");
    await expect.poll(() => page.locator("#status-text").textContent()).toMatch(/Fix the highlighted field/);
    // The message sits in the same field box as the input it is about.
    const sameField = await page.evaluate(() => {
      const input = document.querySelector('[data-field="model.d"]')!;
      const slot = document.querySelector('[data-error-for="model.d"]')!;
      return input.closest(".field") === slot.closest(".field") && slot.getBoundingClientRect().height > 0;
    });
    expect(sameField).toBe(true);

    // A second kind of mistake, text where a number belongs, in another field.
    await page.fill('[data-field="model.d"]', "32");
    await expect.poll(() => errorFor("model.d").textContent()).toBe("");
    await page.selectOption('[data-field="learner.kind"]', "neuron");
    await page.fill('[data-field="learner.lr"]', "fast");
    await expect.poll(() => errorFor("learner.lr").textContent()).toMatch(/learner\.lr/);
    await page.click("#run");

    // A nested field: the skew r of a skewed latent, outside (0, 1).
    await page.fill('[data-field="learner.lr"]', "0.5");
    await page.selectOption('[data-field="model.latent.kind"]', "skewed");
    await page.fill('[data-field="model.latent.r"]', "1.5");
    await expect.poll(() => errorFor("model.latent.r").textContent()).toMatch(/model\.latent\.r .*1\.5/);
    await page.click("#run");

    expect(workers).toEqual([]);
    expect(await page.locator("#progress").evaluate((p) => (p as HTMLProgressElement).value)).toBe(0);
    const points = await page.locator("#panels .panel").evaluateAll((list) => list.map((p) => p.getAttribute("data-points")));
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((n) => n === "0")).toBe(true); // every panel still empty
    expect(errors).toEqual([]);
    await page.close();
  });

  it("stops a run by terminating its worker, without cross-origin isolation", async () => {
    const { page, errors } = await openPage("/web/");
    // No COOP/COEP headers are served: the page needs no SharedArrayBuffer, so it embeds in any site.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await page.fill('[data-field="steps"]', "100000000");
    await page.fill('[data-field="replicas"]', "1");
    const [worker] = await Promise.all([page.waitForEvent("worker"), page.click("#run")]);
    // The default preset is the staircase, its two runs side by side: "independent: replica 1 of 1: step ..."
    await expect.poll(() => page.locator("#status-text").textContent()).toMatch(/replica 1 of 1: step/i);
    const closed = new Promise<void>((resolve) => worker.on("close", () => resolve()));
    await page.click("#stop");
    await closed;
    expect(await page.locator("#status-text").textContent()).toBe("Stopped.");
    expect(await page.isDisabled("#download-result")).toBe(true);
    expect(await page.isEnabled("#run")).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("Node and Chromium run the same bundle to the same bits", () => {
  for (const [name, config] of Object.entries(IDENTITY_CONFIGS)) {
    it(name, async () => {
      // Chromium: the embedding example page, which imports only dist/index.js and runs on the page's thread.
      const { page, errors } = await openPage("/web/embed.html");
      await page.fill("#config", JSON.stringify(config, null, 2));
      await page.click("#run");
      await page.waitForFunction(() => document.querySelector("#output")!.textContent !== "", null, { timeout: 60_000 });
      const browserResult = JSON.parse((await page.locator("#output").textContent())!) as Result;
      expect(errors).toEqual([]);
      await page.close();

      const nodeResult = JSON.parse(JSON.stringify(await runInNode(config))) as Result;
      const hashes = (r: Result) => r.replicas.map((replica) => replica.hash);
      expect(hashes(nodeResult)).toHaveLength((config as { replicas: number }).replicas);
      expect(new Set(hashes(nodeResult)).size).toBe(hashes(nodeResult).length); // replicas differ
      // Every replica ran all its steps, so the comparison covers the whole run.
      expect(nodeResult.replicas.map((r) => r.diverged)).toEqual(nodeResult.replicas.map(() => null));
      expect(hashes(browserResult)).toEqual(hashes(nodeResult));
      // Not only the final weights: every checkpoint's overlaps, accuracy and loss, to the last bit.
      expect(browserResult).toEqual(nodeResult);
    });
  }
});

describe.runIf(process.env.UPDATE_FIGURES === "1")("the README's screenshot", () => {
  it("docs/figures/page.png: the accuracy staircase, independent and correlated latents side by side (or the default), run in full", async () => {
    const { page } = await openPage("/web/");
    const names = await page.locator("#preset option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    if (names.includes("accuracy-staircase")) await page.selectOption("#preset", "accuracy-staircase");
    await page.click("#run");
    await page.waitForFunction(() => !(document.querySelector("#download-result") as HTMLButtonElement).disabled, null, { timeout: 300_000 });
    mkdirSync(join(root, "docs", "figures"), { recursive: true });
    writeFileSync(join(root, "docs", "figures", "page.png"), await page.screenshot({ fullPage: true }));
    await page.close();
  });
});
