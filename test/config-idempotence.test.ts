import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { resolveExperimentConfig } from "../src/index.js";

// A result's `config` fed back in must give the same config, down to the JSON text (key order included):
// the page and the command line both write resolved configs, and their files must be byte-identical.
const configs: [string, unknown][] = [
  ["defaults", { model: { d: 8 }, steps: 1 }],
  ["network on a mixture", { steps: 5, model: { d: 8, kind: "mixture" }, learner: { kind: "network" } }],
  ["tensor PCA", { model: { kind: "tensor-pca", d: 8 }, steps: 3 }],
  ["skewed latent, partial coupling, -He4, censored", {
    model: { d: 8, latent: "skewed", coupling: { kind: "partial" } },
    learner: { kind: "neuron", activation: "-he4" }, steps: 3, record: { censored: true },
  }],
  ["spiked cumulant, sign coupling", { model: { kind: "spiked-cumulant", d: 16, betaV: 10, coupling: "sign" }, steps: 100 }],
];

// Every run of every preset too (a preset is a config, or {"runs": {name: config}}, beside prose fields).
for (const file of readdirSync(new URL("../presets/", import.meta.url)).filter((f) => f.endsWith(".json"))) {
  const preset = JSON.parse(readFileSync(new URL(`../presets/${file}`, import.meta.url), "utf8"));
  const runs: Record<string, unknown> = preset.runs ?? { main: preset };
  for (const [name, run] of Object.entries(runs)) {
    const { description: _d, why: _w, sweep: _s, ...config } = run as Record<string, unknown>;
    configs.push([`preset ${file} ${name}`, config]);
  }
}

describe("resolveExperimentConfig is idempotent down to the JSON text", () => {
  it.each(configs)("%s", (_name, input) => {
    const once = resolveExperimentConfig(input);
    const twice = resolveExperimentConfig(JSON.parse(JSON.stringify(once)));
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
  });
});
