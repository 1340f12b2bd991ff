// The one place the page and its worker take the simulator from. At build time every import of
// ../src/index.js becomes an import of the published bundle dist/index.js (see scripts/build-web.mjs),
// so the page and its worker run exactly the file a third-party site would load.
import { resolveExperimentConfig, type ExperimentConfig } from "../src/index.js";

export { init, resolveExperimentConfig, StairsInputError, BAYES_LINE_SAMPLES } from "../src/index.js";
// the palette and statistics of `stairs plot` (src/analysis/figure-style.ts)
export { FIGURE_COLORS, DIRECTION_LABELS, ACCURACY_COLORS, MIN_N_OVER_D, accuracyDomain, band } from "../src/index.js";
export type { Checkpoint, ExperimentConfig, ReplicaResult, RunProgress, RunResult } from "../src/index.js";

/**
 * The resolved config exactly as `stairs run` puts it in a result. Resolving is idempotent down to the key
 * order (test/config-idempotence.test.ts), so the page's downloads match the command line's files byte
 * for byte.
 */
export function canonicalConfig(input: unknown): ExperimentConfig {
  return resolveExperimentConfig(input);
}

/** A config or result as text, exactly as `stairs run --out` writes it (src/cli/commands/run.ts). */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, null, 1) + "\n";
}
