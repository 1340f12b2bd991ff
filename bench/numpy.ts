// The NumPy baseline: the same single-neuron MCM step written as a NumPy script (bench/numpy_neuron.py),
// timed in the same run when python3 with NumPy is on this machine; skipped, and said so, otherwise.
import { spawnSync } from "node:child_process";
import type { Row } from "./harness.js";

/** One run of the script: its microseconds per step (median of its 5 batches) and NumPy's version, or why not. */
export function numpyStep(d = 1024): { usPerStep: number; numpy: string } | string {
  const script = new URL("../bench/numpy_neuron.py", import.meta.url).pathname;
  // OPENBLAS_CORETYPE slows a current NumPy on some processors (see the environment notes); this
  // measurement alone runs without it, as a NumPy user would.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const run = spawnSync("python3", [script, String(d)], { encoding: "utf8", env });
  if (run.status !== 0 || run.error) return "NumPy baseline skipped: python3 with numpy not found";
  return JSON.parse(run.stdout) as { usPerStep: number; numpy: string };
}

/** The NumPy row: the wasm's step against the script's, each the figure of the same rounds. */
export function numpyRow(wasmUsPerStep: number, numpyUsPerStep: number, version: string, d = 1024): Row {
  return {
    what: `single-neuron MCM step with sampling, d = ${d}`,
    unit: "us/step",
    wasm: wasmUsPerStep,
    baseline: numpyUsPerStep,
    baselineName: `NumPy ${version} script (bench/numpy_neuron.py)`,
  };
}
