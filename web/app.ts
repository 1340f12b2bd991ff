// The page: a config form whose value lives in the URL, a pool of Workers that runs it, a live figure (one
// panel per run: a multi-run preset's runs side by side), and downloads of the config and the result in the
// command line's JSON (a run's result, or for several runs the comparison `stairs run` writes).
import "uplot/dist/uPlot.min.css";
import "./style.css";
import presetFiles from "stairs:presets";
import { ConfigForm, runsOf, type ConfigObject } from "./config-form.js";
import { RunPanels, type RunPanel } from "./staircase-plot.js";
import { configInUrl, writeConfigToUrl } from "./url-state.js";
import { canonicalConfig, StairsInputError, toJsonText, type ExperimentConfig, type ReplicaResult, type RunResult } from "./stairs-api.js";
import type { RunJob, RunnerMessage, RunRequest } from "./protocol.js";

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

/**
 * One runnable entry of the preset menu: a preset; for a preset with several named runs, the whole preset
 * (its config is {"description", "runs": {name: config}}: the runs side by side) and each of its runs.
 */
interface Preset { name: string; description: string; why: string; config: ConfigObject }

/** What a valid config asks for: its named runs (one for a plain config), each resolved. */
interface Experiment {
  /** A multi-run config ({"runs": ...}): its result is a comparison. */
  multi: boolean;
  description: string;
  runs: { name: string; input: ConfigObject; config: ExperimentConfig }[];
}

/** What "Download result" saves: one run's result, or the comparison `stairs run` writes for several runs. */
type Download = RunResult | { kind: "comparison"; source: string; description: string; runs: { name: string; result: RunResult }[] };

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
  showEmptyPanels(check(config));
});
const panels = new RunPanels($("#panels"));

let pool: Worker[] = [];
let result: Download | null = null;

presetSelect.replaceChildren(...presets.map((p) => new Option(p.name, p.name)), new Option("custom", "custom"));
presetSelect.addEventListener("change", () => {
  const preset = presets.find((p) => p.name === presetSelect.value);
  if (!preset) return;
  form.set(preset.config);
  writeConfigToUrl(preset.config);
  showPreset(preset.config);
  showEmptyPanels(check(preset.config));
});

// An address whose #config= is not a config says so, and then holds the config shown (never a stale fragment).
const fromUrl = configInUrl();
const initial = fromUrl !== null && "config" in fromUrl ? fromUrl.config : presets[0].config;
form.set(initial);
showPreset(initial);
showEmptyPanels(check(initial));
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
  showEmptyPanels(check(config));
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
  const experiment = check(form.value);
  if (experiment) download(`${fileStem()}.config.json`, configFile(experiment));
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

/**
 * Validates with the library's own validator, each run of a multi-run config; shows each error next to its
 * field (prefixed with its run). Null if anything is invalid.
 */
function check(config: ConfigObject): Experiment | null {
  const multi = "runs" in config;
  const runs = multi ? runsOf(config) : { [presetSelect.value !== "custom" ? presetSelect.value : "run"]: config };
  if (!runs) {
    form.showErrors([{ field: "runs", message: "runs must be an object of named experiment configs (as in a preset with several runs)" }]);
    return null;
  }
  const errors: { field: string; message: string }[] = [];
  const resolved: Experiment["runs"] = [];
  for (const [name, input] of Object.entries(runs)) {
    try {
      resolved.push({ name, input, config: canonicalConfig(input) });
    } catch (error) {
      if (!isInputError(error)) throw error;
      errors.push({ field: error.field, message: multi ? `run "${name}": ${error.message}` : error.message });
    }
  }
  form.showErrors(errors);
  if (errors.length > 0) return null;
  return { multi, description: typeof config.description === "string" ? config.description : "", runs: resolved };
}

/** The config file "Download config" saves: the resolved config, or for several runs the preset's shape. */
function configFile(experiment: Experiment): unknown {
  if (!experiment.multi) return experiment.runs[0].config;
  return { description: experiment.description, runs: Object.fromEntries(experiment.runs.map((r) => [r.name, r.config])) };
}

/** Before any run, the panels of the config shown (empty), so the figure's layout is there from the start. */
function showEmptyPanels(experiment: Experiment | null): void {
  if (experiment && pool.length === 0 && result === null) panels.reset(experiment.runs);
}

function start(): void {
  const experiment = check(form.value);
  if (!experiment) {
    statusText.textContent = "Fix the highlighted field to run.";
    return;
  }
  stop();
  result = null;
  downloadResultButton.disabled = true;
  resultMeta.textContent = "";
  $("#recovery").hidden = true;
  const { runs, multi } = experiment;
  const views = panels.reset(runs);
  const total = runs.reduce((s, r) => s + r.config.replicas, 0);
  progressBar.value = 0;
  const steps = runs[0].config.steps;
  statusText.textContent = multi
    ? `Running ${runs.length} runs (${runs.map((r) => r.name).join(", ")}), ${total} replicas...`
    : `Running ${total} replica${total === 1 ? "" : "s"} of ${steps.toLocaleString("en-US")} steps...`;
  runButton.disabled = true;
  stopButton.disabled = false;

  // A pool of workers, one per core (navigator.hardwareConcurrency; `?workers=N` in the address sets it),
  // never more than the replicas. The (run, replica) pairs are numbered run after run, as `stairs run`
  // does, and worker w runs pairs w, w + W, w + 2W, ...; the worker that runs a run's first replica also
  // computes its Bayes lines. The result is assembled in replica order, so it is the same whatever the
  // pool's size.
  const size = Math.max(1, Math.min(total, poolSize()));
  const started = performance.now();
  const source = `${fileStem()}.config.json`;
  const tasks = runs.flatMap((run, i) => Array.from({ length: run.config.replicas }, (_, replica) => ({ run: i, replica })));
  const share: RunJob[][] = Array.from({ length: size }, (_, w) => {
    const mine = tasks.filter((_, t) => t % size === w);
    return runs.flatMap((run, i): RunJob[] => {
      const replicas = mine.filter((t) => t.run === i).map((t) => t.replica);
      return replicas.length > 0 ? [{ run: i, config: run.input, replicas, bayes: replicas[0] === 0 }] : [];
    });
  });
  const finished: ReplicaResult[][] = runs.map((run) => new Array(run.config.replicas));
  const fractions = runs.map((run) => new Float64Array(run.config.replicas));
  const metas: (RunResult["meta"] | undefined)[] = runs.map(() => undefined);
  let done = 0;
  const showProgress = (run: number, panel: RunPanel) => {
    const f = fractions[run];
    const complete = finished[run].filter(Boolean).length;
    panel.setProgress(f.reduce((s, x) => s + x, 0) / f.length, `${complete} of ${f.length} replicas`);
    progressBar.value = fractions.reduce((s, g) => s + g.reduce((t, x) => t + x, 0), 0) / total;
  };
  const runners = share.map(() => new Worker(new URL("./worker.js", import.meta.url), { type: "module" }));
  pool = runners;
  runners.forEach((runner, w) => {
    runner.onmessage = (event: MessageEvent<RunnerMessage>) => {
      if (pool !== runners) return;
      const message = event.data;
      switch (message.type) {
        case "bayes":
          views[message.run].setBayes(message.bayes);
          break;
        case "progress": {
          const p = message.progress;
          fractions[message.run][p.replica] = p.step / p.steps;
          showProgress(message.run, views[message.run]);
          if (p.checkpoints.length > 0) views[message.run].addReplica(p.replica, p.checkpoints); // curves move within a replica too
          const where = `Replica ${p.replica + 1} of ${p.replicas}: step ${p.step.toLocaleString("en-US")} of ${p.steps.toLocaleString("en-US")}`;
          statusText.textContent = (multi ? `${runs[message.run].name}: ${where.toLowerCase()}` : where) + (size > 1 ? ` (${size} workers)` : "");
          break;
        }
        case "replica":
          finished[message.run][message.replica.replica] = message.replica;
          fractions[message.run][message.replica.replica] = 1;
          showProgress(message.run, views[message.run]);
          views[message.run].addReplica(message.replica.replica, message.replica.checkpoints);
          break;
        case "done":
          for (const { run, meta } of message.metas) metas[run] = meta;
          done += 1;
          if (done === size) {
            const results = runs.map((run, i): RunResult => ({ config: run.config, meta: metas[i]!, replicas: finished[i] }));
            const download: Download = multi
              ? { kind: "comparison", source, description: experiment.description, runs: results.map((r, i) => ({ name: runs[i].name, result: r })) }
              : results[0];
            finish(download, results, views, (performance.now() - started) / 1000, size);
          }
          break;
        case "invalid":
          stop();
          form.showErrors([{ field: message.field, message: multi ? `run "${runs[message.run].name}": ${message.message}` : message.message }]);
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
    runner.postMessage({ type: "run", jobs: share[w] } satisfies RunRequest);
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

function finish(download: Download, results: RunResult[], views: RunPanel[], seconds: number, workers: number): void {
  stop();
  result = download;
  progressBar.value = 1;
  results.forEach((r, i) => {
    views[i].setAll(r.replicas);
    views[i].setProgress(1, `${r.replicas.length} of ${r.replicas.length} replicas`);
  });
  panels.redraw();
  const replicas = results.reduce((s, r) => s + r.replicas.length, 0);
  const diverged = results.reduce((s, r) => s + r.replicas.filter((x) => x.diverged).length, 0);
  statusText.textContent =
    `Done in ${seconds.toFixed(1)} s: ${replicas} replicas${results.length > 1 ? ` of ${results.length} runs` : ""} on ${workers} worker${workers === 1 ? "" : "s"}.` + (diverged ? ` ${diverged} diverged.` : "");
  downloadResultButton.disabled = false;
  showRecovery(results, views.map((v) => v.name));
  const hashes = (r: RunResult) => `${r.replicas.slice(0, 3).map((x) => x.hash.slice(0, 10)).join(", ")}${r.replicas.length > 3 ? ", ..." : ""}`;
  resultMeta.textContent =
    `stairs ${results[0].meta.version}, wasm sha256 ${results[0].meta.wasmSha256.slice(0, 12)}...; replica hashes ` +
    (results.length === 1 ? hashes(results[0]) : results.map((r, i) => `${views[i].name}: ${hashes(r)}`).join("; "));
}

/** The weak-recovery table: median step over replicas (unrecovered replicas count as never), per run. */
function showRecovery(results: RunResult[], names: string[]): void {
  const table = $("#recovery").querySelector("table")!;
  const row = (label: string, values: string[]) => {
    const tr = document.createElement("tr");
    const th = document.createElement("td");
    th.textContent = label;
    tr.append(th, ...values.map((value) => Object.assign(document.createElement("td"), { textContent: value })));
    return tr;
  };
  const rows = results.flatMap((finished, i) => {
    const cells = (["m", "u", "v"] as const).map((e) => {
      // A direction the model does not have (m and u in tensor PCA) has NaN overlaps (null in JSON) throughout.
      const absent = finished.replicas.every((r) => r.checkpoints.every((c) => !Number.isFinite(c.overlap[e] ?? NaN)));
      if (absent) return { median: "\u2014", recovered: "\u2014" };
      const steps = finished.replicas.map((r) => r.weakRecovery[e]).map((s) => (s == null ? Infinity : s)).sort((a, b) => a - b);
      const recovered = steps.filter(Number.isFinite).length;
      const median = steps.length % 2 ? steps[(steps.length - 1) / 2] : (steps[steps.length / 2 - 1] + steps[steps.length / 2]) / 2;
      return { median: Number.isFinite(median) ? Math.round(median).toLocaleString("en-US") : "not reached", recovered: `${recovered} / ${steps.length}` };
    });
    const prefix = results.length > 1 ? `${names[i]}: ` : "";
    return [row(`${prefix}median step`, cells.map((c) => c.median)), row(`${prefix}recovered`, cells.map((c) => c.recovered))];
  });
  table.tBodies[0].replaceChildren(...rows);
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
 * each a config. A preset with runs is offered whole (its runs side by side, as `stairs run PRESET` runs
 * them) and run by run. The staircase comes first: it is the paper's main figure.
 */
function presetsFromFiles(files: Record<string, ConfigObject>): Preset[] {
  const names = Object.keys(files).sort((a, b) => Number(b === "staircase") - Number(a === "staircase") || a.localeCompare(b));
  return names.flatMap((name) => {
    const { description, why, runs, sweep: _sweep, ...config } = files[name];
    const text = (value: unknown) => (typeof value === "string" ? value : "");
    if (runs && typeof runs === "object" && !Array.isArray(runs)) {
      const names = Object.keys(runs);
      return [
        { name, description: `${text(description)} (runs ${names.map((run) => `"${run}"`).join(" and ")} side by side).`, why: text(why), config: { description: text(description), runs } },
        ...Object.entries(runs).map(([run, runConfig]) => ({
          name: `${name}/${run}`,
          description: `${text(description)} (run "${run}").`,
          why: text(why),
          config: runConfig as ConfigObject,
        })),
      ];
    }
    return [{ name, description: text(description), why: text(why), config }];
  });
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
