// The page: a config form whose value lives in the URL, a pool of Workers that runs it, a live staircase plot,
// and downloads of the config and the result in the command line's JSON.
import "uplot/dist/uPlot.min.css";
import "./style.css";
import presetFiles from "stairs:presets";
import { ConfigForm, type ConfigObject } from "./config-form.js";
import { StaircasePlot } from "./staircase-plot.js";
import { configInUrl, writeConfigToUrl } from "./url-state.js";
import { canonicalConfig, StairsInputError, toJsonText, type ExperimentConfig, type ReplicaResult, type RunResult } from "./stairs-api.js";
import type { RunnerMessage, RunRequest } from "./protocol.js";

/** The contract's example (issue 4): used when there are no presets and the URL holds no config. */
const EXAMPLE: ConfigObject = {
  model: { kind: "mcm", d: 64, betaM: 1, betaU: 5, betaV: 5, latent: "rademacher", coupling: "sign" },
  learner: { kind: "neuron", activation: "relu", loss: "correlation", lr: 1 },
  steps: 20000,
  replicas: 16,
  seed: 1,
  record: { points: 60 },
  recovery: { threshold: 0.5 },
};

/** One runnable entry of the preset menu: a preset, or one of the named runs of a preset with several. */
interface Preset { name: string; description: string; why: string; config: ConfigObject }

const presets: Preset[] = presetsFromFiles(presetFiles as Record<string, ConfigObject>);
if (presets.length === 0) presets.push({ name: "example", description: "The experiment config's documented example.", why: "", config: EXAMPLE });

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const presetSelect = $<HTMLSelectElement>("#preset");
const presetDescription = $("#preset-description");
const presetWhy = $("#preset-why");
const runButton = $<HTMLButtonElement>("#run");
const stopButton = $<HTMLButtonElement>("#stop");
const progressBar = $<HTMLProgressElement>("#progress");
const statusText = $("#status-text");
const downloadResultButton = $<HTMLButtonElement>("#download-result");
const resultMeta = $("#result-meta");

const form = new ConfigForm($<HTMLFormElement>("#config-form"), (config) => {
  writeConfigToUrl(config);
  showPreset(config);
  check(config);
});
const plot = new StaircasePlot($("#plot"));

let pool: Worker[] = [];
let result: RunResult | null = null;

presetSelect.replaceChildren(...presets.map((p) => new Option(p.name, p.name)), new Option("custom", "custom"));
presetSelect.addEventListener("change", () => {
  const preset = presets.find((p) => p.name === presetSelect.value);
  if (!preset) return;
  form.set(preset.config);
  writeConfigToUrl(preset.config);
  showPreset(preset.config);
  check(preset.config);
});

// An address whose #config= is not a config says so, and then holds the config shown (never a stale fragment).
const fromUrl = configInUrl();
const initial = fromUrl !== null && "config" in fromUrl ? fromUrl.config : presets[0].config;
form.set(initial);
showPreset(initial);
check(initial);
if (fromUrl !== null && "problem" in fromUrl) {
  writeConfigToUrl(initial);
  statusText.textContent = `The address's #config= is ${fromUrl.problem}: showing the ${presets[0].name} preset instead.`;
}
window.addEventListener("hashchange", () => {
  const read = configInUrl();
  if (read !== null && "problem" in read) {
    statusText.textContent = `The address's #config= is ${read.problem}: the config shown is unchanged.`;
    writeConfigToUrl(form.value);
    return;
  }
  const config = read?.config;
  if (!config) return;
  form.set(config);
  showPreset(config);
  check(config);
});

$<HTMLFormElement>("#config-form").addEventListener("submit", (event) => {
  event.preventDefault();
  start();
});
stopButton.addEventListener("click", () => {
  stop();
  statusText.textContent = "Stopped.";
});
$("#download-config").addEventListener("click", () => {
  const config = check(form.value);
  if (config) download(`${fileStem()}.config.json`, config);
});
downloadResultButton.addEventListener("click", () => {
  if (result) download(`${fileStem()}.result.json`, result);
});
$("#copy-link").addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(location.href);
    statusText.textContent = "Link copied: it reproduces this config.";
  } catch {
    statusText.textContent = "Copy the address bar: it holds this config.";
  }
});

/** Validates with the library's own validator; shows the error next to its field. Null if invalid. */
function check(config: ConfigObject): ExperimentConfig | null {
  try {
    const resolved = canonicalConfig(config);
    form.showErrors([]);
    return resolved;
  } catch (error) {
    if (!isInputError(error)) throw error;
    form.showErrors([{ field: error.field, message: error.message }]);
    return null;
  }
}

function start(): void {
  const config = form.value;
  const resolved = check(config);
  if (!resolved) {
    statusText.textContent = "Fix the highlighted field to run.";
    return;
  }
  stop();
  result = null;
  downloadResultButton.disabled = true;
  resultMeta.textContent = "";
  $("#recovery").hidden = true;
  const { steps, replicas } = resolved;
  plot.reset({
    threshold: resolved.recovery.threshold,
    showAccuracy: resolved.learner.kind === "network",
    d: resolved.model.d,
    batch: (resolved.learner as { batch?: number }).batch ?? 1,
    directions: resolved.model.kind === "tensor-pca" ? ["v"] : ["m", "u", "v"],
  });
  progressBar.value = 0;
  statusText.textContent = `Running ${replicas} replica${replicas === 1 ? "" : "s"} of ${steps.toLocaleString("en-US")} steps...`;
  runButton.disabled = true;
  stopButton.disabled = false;

  // A pool of workers, one per core (navigator.hardwareConcurrency; `?workers=N` in the address sets it),
  // never more than the replicas; worker w runs replicas w, w + W, w + 2W, ... The result is assembled in
  // replica order, so it is the same whatever the pool's size.
  const size = Math.max(1, Math.min(replicas, poolSize()));
  const started = performance.now();
  const share = Array.from({ length: size }, (_, w) => Array.from({ length: replicas }, (_, r) => r).filter((r) => r % size === w));
  const finished: ReplicaResult[] = new Array(replicas);
  const fractions = new Float64Array(replicas);
  let meta: RunResult["meta"] | null = null;
  let done = 0;
  const runners = share.map(() => new Worker(new URL("./worker.js", import.meta.url), { type: "module" }));
  pool = runners;
  runners.forEach((runner, w) => {
    runner.onmessage = (event: MessageEvent<RunnerMessage>) => {
      if (pool !== runners) return;
      const message = event.data;
      switch (message.type) {
        case "progress": {
          const p = message.progress;
          fractions[p.replica] = p.step / p.steps;
          progressBar.value = fractions.reduce((s, f) => s + f, 0) / replicas;
          if (p.checkpoints.length > 0) plot.addReplica(p.replica, p.checkpoints); // curves move within a replica too
          statusText.textContent = `Replica ${p.replica + 1} of ${p.replicas}: step ${p.step.toLocaleString("en-US")} of ${p.steps.toLocaleString("en-US")}` + (size > 1 ? ` (${size} workers)` : "");
          break;
        }
        case "replica":
          finished[message.replica.replica] = message.replica;
          fractions[message.replica.replica] = 1;
          plot.addReplica(message.replica.replica, message.replica.checkpoints);
          break;
        case "done":
          meta = message.meta;
          for (const replica of message.replicas) finished[replica.replica] = replica;
          done += 1;
          if (done === size) finish({ config: resolved, meta: meta!, replicas: finished }, (performance.now() - started) / 1000, size);
          break;
        case "invalid":
          stop();
          form.showErrors([{ field: message.field, message: message.message }]);
          statusText.textContent = "Fix the highlighted field to run.";
          break;
        case "failed":
          stop();
          statusText.textContent = `The run failed: ${message.message}`;
          break;
      }
    };
    runner.onerror = (event) => {
      if (pool !== runners) return;
      stop();
      statusText.textContent = `The runner could not start: ${event.message || "see the console"}`;
    };
    runner.postMessage({ type: "run", config, replicas: share[w] } satisfies RunRequest);
  });
}

/** Workers per run: `?workers=N` in the address, else the cores the browser reports. */
function poolSize(): number {
  const asked = Number(new URLSearchParams(location.search).get("workers"));
  if (Number.isInteger(asked) && asked >= 1) return asked;
  return navigator.hardwareConcurrency || 1;
}

function stop(): void {
  for (const runner of pool) runner.terminate();
  pool = [];
  runButton.disabled = false;
  stopButton.disabled = true;
}

function finish(finished: RunResult, seconds: number, workers: number): void {
  stop();
  result = finished;
  progressBar.value = 1;
  plot.setAll(finished.replicas);
  const diverged = finished.replicas.filter((r) => r.diverged).length;
  statusText.textContent =
    `Done in ${seconds.toFixed(1)} s: ${finished.replicas.length} replicas on ${workers} worker${workers === 1 ? "" : "s"}.` + (diverged ? ` ${diverged} diverged.` : "");
  downloadResultButton.disabled = false;
  showRecovery(finished);
  resultMeta.textContent =
    `stairs ${finished.meta.version}, wasm sha256 ${finished.meta.wasmSha256.slice(0, 12)}...; ` +
    `replica hashes ${finished.replicas.slice(0, 3).map((r) => r.hash.slice(0, 10)).join(", ")}${finished.replicas.length > 3 ? ", ..." : ""}`;
}

/** The weak-recovery table: median step over replicas (unrecovered replicas count as never). */
function showRecovery(finished: RunResult): void {
  const table = $("#recovery").querySelector("table")!;
  const cells = (["m", "u", "v"] as const).map((e) => {
    // A direction the model does not have (m and u in tensor PCA) has NaN overlaps (null in JSON) throughout.
    const absent = finished.replicas.every((r) => r.checkpoints.every((c) => !Number.isFinite(c.overlap[e] ?? NaN)));
    if (absent) return { median: "\u2014", recovered: "\u2014" };
    const steps = finished.replicas.map((r) => r.weakRecovery[e]).map((s) => (s == null ? Infinity : s)).sort((a, b) => a - b);
    const recovered = steps.filter(Number.isFinite).length;
    const median = steps.length % 2 ? steps[(steps.length - 1) / 2] : (steps[steps.length / 2 - 1] + steps[steps.length / 2]) / 2;
    return { median: Number.isFinite(median) ? Math.round(median).toLocaleString("en-US") : "not reached", recovered: `${recovered} / ${steps.length}` };
  });
  const row = (label: string, values: string[]) => {
    const tr = document.createElement("tr");
    const th = document.createElement("td");
    th.textContent = label;
    tr.append(th, ...values.map((value) => Object.assign(document.createElement("td"), { textContent: value })));
    return tr;
  };
  table.tBodies[0].replaceChildren(row("median step", cells.map((c) => c.median)), row("recovered", cells.map((c) => c.recovered)));
  $("#recovery").hidden = false;
}

function showPreset(config: ConfigObject): void {
  // the selected entry when it holds this config (two presets may share one: paired/independent is cumulant)
  const selected = presets.find((p) => p.name === presetSelect.value);
  const preset = selected && sameJson(selected.config, config) ? selected : presets.find((p) => sameJson(p.config, config));
  presetSelect.value = preset ? preset.name : "custom";
  presetDescription.textContent = preset ? preset.description : "Your own settings; the address bar holds them.";
  presetWhy.textContent = preset?.why ?? "";
  presetWhy.closest("details")!.hidden = !preset?.why;
}

/** Saves JSON the way the command line writes it. */
function download(name: string, value: unknown): void {
  const blob = new Blob([toJsonText(value)], { type: "application/json" });
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function fileStem(): string {
  return presetSelect.value !== "custom" ? `stairs-${presetSelect.value.replace("/", "-")}` : "stairs";
}

function isInputError(error: unknown): error is StairsInputError {
  return error instanceof StairsInputError || (error as Error | null)?.name === "StairsInputError";
}

/**
 * The presets/*.json of the command line (src/cli/experiment.ts reads them the same way): an experiment
 * config plus "description", "why" and optional "sweep" defaults, or named "runs" compared side by side,
 * each a config. The staircase comes first: it is the paper's main figure.
 */
function presetsFromFiles(files: Record<string, ConfigObject>): Preset[] {
  const names = Object.keys(files).sort((a, b) => Number(b === "staircase") - Number(a === "staircase") || a.localeCompare(b));
  return names.flatMap((name) => {
    const { description, why, runs, sweep: _sweep, ...config } = files[name];
    const text = (value: unknown) => (typeof value === "string" ? value : "");
    if (runs && typeof runs === "object" && !Array.isArray(runs)) {
      return Object.entries(runs).map(([run, runConfig]) => ({
        name: `${name}/${run}`,
        description: `${text(description)} (run "${run}").`,
        why: text(why),
        config: runConfig as ConfigObject,
      }));
    }
    return [{ name, description: text(description), why: text(why), config }];
  });
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
