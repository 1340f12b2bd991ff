// The one place the page and its worker take the simulator from. At build time every import of
// ../src/index.js becomes an import of the published bundle dist/index.js (see scripts/build-web.mjs),
// so the page runs exactly the file a third-party site would load.
//
// TEMPORARY (until the learners land on main): a stand-in for run/resolveExperimentConfig with the
// contract's shapes, so the page can be developed. Replaced by plain re-exports when they land.
import { init as realInit, StairsInputError, type Stairs } from "../src/index.js";

export { StairsInputError };

export interface Overlap { m: number; u: number; v: number }
export interface Checkpoint { step: number; overlap: Overlap; accuracy: number; loss: number }
export interface ReplicaResult {
  replica: number;
  checkpoints: Checkpoint[];
  weakRecovery: { m: number | null; u: number | null; v: number | null };
  hash: string;
  diverged: unknown;
}
export interface ExperimentResult { config: ExperimentConfig; meta: Record<string, unknown>; replicas: ReplicaResult[] }
export type ExperimentConfig = Record<string, any>;
export interface RunProgress { replica: number; step: number; steps: number; checkpoint?: Checkpoint }

export function resolveExperimentConfig(input: unknown): ExperimentConfig {
  const c = input as ExperimentConfig;
  if (typeof c?.model?.d !== "number" || c.model.d < 4) throw new StairsInputError("model.d", c?.model?.d, "an integer in [4, 65536]");
  if (typeof c.steps !== "number" || c.steps < 1) throw new StairsInputError("steps", c.steps, "an integer >= 1");
  if (typeof c.learner?.lr !== "number" || !(c.learner.lr > 0)) throw new StairsInputError("learner.lr", c.learner?.lr, "> 0");
  return { replicas: 4, seed: 1, record: { points: 60 }, recovery: { threshold: 0.5 }, ...c };
}

export async function init(): Promise<Stairs & { run: typeof run }> {
  const stairs = await realInit();
  return Object.assign(stairs, { run });
}

async function run(input: unknown, options: { onProgress?: (p: RunProgress) => void } = {}): Promise<ExperimentResult> {
  const config = resolveExperimentConfig(input);
  const replicas: ReplicaResult[] = [];
  for (let r = 0; r < config.replicas; r++) {
    const checkpoints: Checkpoint[] = [];
    for (let i = 0; i <= 40; i++) {
      const step = Math.round(config.steps ** (i / 40));
      const s = (x: number) => 1 / (1 + Math.exp(-4 * (Math.log10(step) - x - r * 0.05)));
      const cp = { step, overlap: { m: s(2), u: s(3), v: s(3.6) * 0.9 }, accuracy: 0.5 + 0.4 * s(3), loss: 1 };
      checkpoints.push(cp);
      options.onProgress?.({ replica: r, step, steps: config.steps, checkpoint: cp });
      await new Promise((done) => setTimeout(done, 5));
    }
    replicas.push({ replica: r, checkpoints, weakRecovery: { m: 100, u: 1000, v: null }, hash: "stub", diverged: false });
  }
  return { config, meta: { version: "stub" }, replicas };
}
