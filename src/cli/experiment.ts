// Presets and config files, with `--set` overrides, turned into validated experiment configs. Shared by
// every command that runs something (`run`, `sweep`, `npm start`), so a preset means the same everywhere.
//
// A preset is one JSON file presets/NAME.json:
//   {"description": "one line for `stairs presets`",
//    "why": "why these parameters (sizes, step sizes, thresholds)",
//    ...one experiment config...                          (a single run)
//    or "runs": {"independent": {...}, "correlated": {...}}  (runs compared side by side)
//    "sweep": {...}                                        (optional defaults for `stairs sweep`)}
// A config file has the same shape; "description" and "why" are optional there.
import { resultKind } from "../run/arrays.js";
import { readJson as readJsonInput, STDIO } from "./files.js";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { StairsInputError } from "../errors.js";
import { resolveExperimentConfig, type ExperimentConfig } from "../config/experiment.js";
import { configPathSchema } from "./config-paths.js";
import { applyAssignment, parseAssignment, UnknownPathError, type Assignment } from "./overrides.js";
import { resolveSweepSpec, sweepSchema, type SweepSpec } from "./sweep/spec.js";

/** Keys of a preset file that are not part of any experiment config. */
const PRESET_KEYS = ["$schema", "description", "why", "runs", "sweep"] as const;

export interface NamedRun {
  name: string;
  config: ExperimentConfig;
}

export interface Experiment {
  /** The preset name or the file path it came from. */
  source: string;
  description: string;
  why: string;
  /** One entry for a single-run preset, several for a comparison (e.g. independent vs correlated). */
  runs: NamedRun[];
  /** The preset's sweep defaults with `--set sweep.*` applied (validated only when a sweep asks for them). */
  sweep: Record<string, unknown> | undefined;
}

/** The presets/ directory of the package, found from the bundle (dist/) or from the sources (src/cli/). */
export function presetsDirectory(): string {
  for (const relative of ["../presets/", "../../presets/"]) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(join(dir, "staircase.json"))) return dir;
  }
  throw new Error("the presets/ directory of the package was not found");
}

export function presetNames(): string[] {
  return readdirSync(presetsDirectory())
    .filter((file) => file.endsWith(".json"))
    .map((file) => basename(file, ".json"))
    .sort();
}

/** Name and one-line description of every preset. */
export function listPresets(): { name: string; description: string }[] {
  return presetNames().map((name) => {
    const preset = readJson(join(presetsDirectory(), `${name}.json`), `preset ${name}`) as Record<string, unknown>;
    return { name, description: String(preset.description ?? "") };
  });
}

function readJson(path: string, what: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text.replace(/^\uFEFF/, "")); // a UTF-8 byte-order mark is not part of the JSON
  } catch (error) {
    throw new StairsInputError(what, path, `valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * A result given where a config is expected stands for its config: a run's `config`, a comparison's runs'
 * configs (by name), a sweep's `config` with its `sweep` section; anything else is returned unchanged.
 * Another JSON with a `config` and a `meta` (a theory result) is refused with that hint.
 */
export function configOfResult(raw: Record<string, unknown>, source: string): Record<string, unknown> {
  const kind = resultKind(raw);
  if (kind === "run") return { ...(raw.config as Record<string, unknown>) };
  if (kind === "comparison") {
    const runs = raw.runs as { name: string; result: { config: unknown } }[];
    return { description: raw.description ?? "", runs: Object.fromEntries(runs.map((r) => [r.name, r.result.config])) };
  }
  if (kind === "sweep") return { ...(raw.config as Record<string, unknown>), sweep: raw.sweep };
  if ("config" in raw && "meta" in raw) {
    throw new StairsInputError(source, "a result of another kind", 'an experiment config, a preset, or a run, comparison or sweep result (use its "config" field as the config)');
  }
  return raw;
}

/** Reads a preset by name, or a config file by path ("-": standard input); a result stands for its config. */
export function readPresetOrFile(presetOrFile: string): { source: string; raw: Record<string, unknown> } {
  const isFile = presetOrFile === STDIO || (existsSync(presetOrFile) && statSync(presetOrFile).isFile());
  let raw: unknown;
  if (isFile) raw = readJsonInput(presetOrFile, "config file");
  else {
    const names = presetNames();
    if (!names.includes(presetOrFile)) {
      const looksLikePath = presetOrFile.includes("/") || presetOrFile.endsWith(".json");
      throw new StairsInputError(
        looksLikePath ? "config file" : "preset",
        presetOrFile,
        looksLikePath ? `an existing JSON file (or a preset: ${names.join(", ")})` : `one of the presets ${names.join(", ")} or the path of a JSON config file`,
      );
    }
    raw = readJson(join(presetsDirectory(), `${presetOrFile}.json`), `preset ${presetOrFile}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new StairsInputError(isFile ? "config file" : "preset", presetOrFile, "a JSON object");
  }
  return { source: presetOrFile === STDIO ? "stdin" : presetOrFile, raw: configOfResult(raw as Record<string, unknown>, presetOrFile) };
}

/**
 * Loads a preset (by name) or a config file (by path), applies `--set path=value` overrides and validates
 * every resulting config. A set path may start with a run's name to change only that run
 * (`--set correlated.model.coupling=partial`), or with `sweep.` to change the sweep defaults; otherwise it
 * applies to every run. Throws StairsInputError before any work starts.
 */
export function loadExperiment(presetOrFile: string, sets: readonly string[] = []): Experiment {
  const { source, raw } = readPresetOrFile(presetOrFile);
  const description = typeof raw.description === "string" ? raw.description : "";
  const why = typeof raw.why === "string" ? raw.why : "";
  let runs: { name: string; config: Record<string, unknown> }[];
  if (raw.runs !== undefined) {
    if (typeof raw.runs !== "object" || raw.runs === null || Array.isArray(raw.runs) || Object.keys(raw.runs).length === 0) {
      throw new StairsInputError(`${source}.runs`, raw.runs, "an object of named experiment configs");
    }
    runs = Object.entries(raw.runs as Record<string, unknown>).map(([name, config]) => ({ name, config: config as Record<string, unknown> }));
  } else {
    const config = Object.fromEntries(Object.entries(raw).filter(([key]) => !(PRESET_KEYS as readonly string[]).includes(key)));
    runs = [{ name: basename(source, ".json"), config }];
  }
  let sweep = raw.sweep as Record<string, unknown> | undefined;
  const runNames = runs.map((run) => run.name);

  for (const argument of sets) {
    const assignment = parseAssignment(argument);
    const [head, ...rest] = assignment.path;
    if (head === "sweep") {
      if (rest.length === 0) sweep = assignment.value as Record<string, unknown>;
      else sweep = applyAssignment(sweep ?? {}, { ...assignment, path: rest }, sweepSchema(), "sweep");
    } else if (runs.length > 1 && runNames.includes(head) && rest.length > 0) {
      const run = runs.find((r) => r.name === head)!;
      run.config = applyAssignment(run.config, { ...assignment, path: rest }, configPathSchema(), head);
    } else {
      checkTopLevel(assignment, runNames);
      for (const run of runs) run.config = applyAssignment(run.config, assignment, configPathSchema());
    }
  }

  const resolved = runs.map(({ name, config }) => ({ name, config: resolveRun(config, runs.length > 1 ? name : "") }));
  return { source, description, why, runs: resolved, sweep };
}

// An unknown first key is reported with everything a set path may start with.
function checkTopLevel(assignment: Assignment, runNames: string[]): void {
  const fields = Object.keys(configPathSchema().entries).filter((key) => key !== "$schema");
  const head = assignment.path[0];
  if (fields.includes(head)) return;
  const extra = runNames.length > 1 ? [...runNames.map((name) => `${name} (one run)`), "sweep"] : ["sweep"];
  throw new UnknownPathError(assignment.text, head, "the config", [...fields, ...extra]);
}

function resolveRun(config: Record<string, unknown>, runName: string): ExperimentConfig {
  try {
    return resolveExperimentConfig(config);
  } catch (error) {
    if (error instanceof StairsInputError && runName !== "") {
      throw new StairsInputError(`${runName}.${error.field}`, error.value, error.allowed);
    }
    throw error;
  }
}

/** The single run of an experiment, or the named one; an error lists the names when it is ambiguous. */
export function selectRun(experiment: Experiment, name?: string): NamedRun {
  if (name === undefined && experiment.runs.length === 1) return experiment.runs[0];
  const names = experiment.runs.map((run) => run.name);
  const run = experiment.runs.find((r) => r.name === name);
  if (run === undefined) throw new StairsInputError("--run", name, `one of the runs of ${experiment.source}: ${names.join(", ")}`);
  return run;
}

/**
 * Whether the sweep section is keyed by run name, one sweep per run (the paired and step-size presets:
 * `stairs sweep` then runs them all and draws them on one pair of axes).
 */
export function hasPerRunSweep(experiment: Experiment): boolean {
  const sweep = experiment.sweep;
  if (sweep === undefined || experiment.runs.length < 2) return false;
  const names = experiment.runs.map((r) => r.name);
  return Object.keys(sweep).length > 0 && Object.keys(sweep).every((key) => names.includes(key));
}

/**
 * The experiment's sweep defaults merged with command-line options, validated; with a sweep per run, the
 * section of `runName` (default: the first run).
 */
export function resolveSweep(experiment: Experiment, options: Record<string, unknown>, runName?: string): SweepSpec {
  let section = experiment.sweep;
  if (hasPerRunSweep(experiment)) {
    const name = runName ?? experiment.runs[0].name;
    section = (experiment.sweep as Record<string, Record<string, unknown>>)[name];
    if (section === undefined) throw new StairsInputError(`sweep.${name}`, undefined, "a sweep section for this run");
  }
  const merged: Record<string, unknown> = { ...(section ?? {}) };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) merged[key] = value;
  return resolveSweepSpec(merged);
}
