// The one place the page and its worker take the simulator from. At build time every import of
// ../src/index.js becomes an import of the published bundle dist/index.js (see scripts/build-web.mjs),
// so the page runs exactly the file a third-party site would load.
//
// TEMPORARY (until the learners land on main): a stand-in with the contract's shapes
// (init().runReplica/runMeta/run, resolveExperimentConfig), so the page can be developed.
import { init as realInit, StairsInputError, type Stairs } from "../src/index.js";

export { StairsInputError };

export interface Overlap { m: number; u: number; v: number }
export interface Checkpoint { step: number; overlap: Overlap; accuracy: number | null; loss: number | null }
export interface ReplicaResult {
  replica: number;
  checkpoints: Checkpoint[];
  weakRecovery: { m: number | null; u: number | null; v: number | null };
  hash: string;
  diverged: null | { step: number; reason: string };
}
export type ExperimentConfig = Record<string, any>;
export interface RunResult { config: ExperimentConfig; meta: Record<string, unknown>; replicas: ReplicaResult[] }
export interface RunProgress { replica: number; replicas: number; step: number; steps: number; fraction: number }

export function resolveExperimentConfig(input: unknown): ExperimentConfig {
  const c = input as ExperimentConfig;
  if (typeof c?.model?.d !== "number" || c.model.d < 4) throw new StairsInputError("model.d", c?.model?.d, "an integer in [4, 65536]");
  if (typeof c.steps !== "number" || c.steps < 1) throw new StairsInputError("steps", c.steps, "an integer >= 1");
  if (c.learner?.lr !== undefined && !(c.learner.lr > 0)) throw new StairsInputError("learner.lr", c.learner?.lr, "> 0");
  return { replicas: 4, seed: 1, record: { points: 60 }, recovery: { threshold: 0.5 }, ...c };
}

export async function init() {
  const stairs = await realInit();
  return Object.assign(stairs as Stairs, { runReplica, runMeta: (_config: unknown) => ({ version: "stub" }) });
}

function runReplica(input: unknown, r: number, onProgress?: (p: RunProgress) => void): ReplicaResult {
  const config = resolveExperimentConfig(input);
  const checkpoints: Checkpoint[] = [];
  for (let i = 0; i <= 40; i++) {
    const step = Math.round(config.steps ** (i / 40));
    const s = (x: number) => 1 / (1 + Math.exp(-4 * (Math.log10(step) - x - r * 0.05)));
    checkpoints.push({ step, overlap: { m: s(2), u: s(3), v: s(3.6) * 0.9 }, accuracy: 0.5 + 0.4 * s(3), loss: 1 });
    const until = performance.now() + 5;
    while (performance.now() < until);
    onProgress?.({ replica: r, replicas: config.replicas, step, steps: config.steps, fraction: (r + step / config.steps) / config.replicas });
  }
  return { replica: r, checkpoints, weakRecovery: { m: 100, u: 1000, v: null }, hash: "stub", diverged: null };
}
