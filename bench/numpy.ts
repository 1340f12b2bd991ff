// The NumPy baseline: the same single-neuron MCM step written as a NumPy script (bench/numpy_neuron.py),
// timed in the same run when python3 with NumPy is on this machine; skipped, and said so, otherwise.
import { spawnSync } from "node:child_process";
import type { Row } from "./harness.js";

export function benchNumpy(wasmUsPerStep: number, d = 1024): Row[] | string {
  const script = new URL("../bench/numpy_neuron.py", import.meta.url).pathname;
  // OPENBLAS_CORETYPE slows a current NumPy on some processors (see the environment notes); this
  // measurement alone runs without it, as a NumPy user would.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const run = spawnSync("python3", [script, String(d)], { encoding: "utf8", env });
  if (run.status !== 0 || run.error) return "NumPy baseline skipped: python3 with numpy not found";
  const { usPerStep, numpy } = JSON.parse(run.stdout) as { usPerStep: number; numpy: string };
  return [
    {
      what: `single-neuron MCM step with sampling, d = ${d}`,
      unit: "us/step",
      wasm: wasmUsPerStep,
      baseline: usPerStep,
      baselineName: `NumPy ${numpy} script (bench/numpy_neuron.py)`,
    },
  ];
}
