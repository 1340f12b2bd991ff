// The runner: a module worker that loads the published bundle (dist/index.js), runs one experiment and
// streams its progress back. The page starts one worker per run and terminates it to stop a run, so a
// run never blocks the page and nothing is shared between runs.
import { init, StairsInputError } from "./stairs-api.js";
import type { RunnerMessage, RunRequest } from "./protocol.js";

const ready = init();
const post = (message: RunnerMessage) => (self as unknown as Worker).postMessage(message);

self.onmessage = async (event: MessageEvent<RunRequest>) => {
  if (event.data.type !== "run") return;
  try {
    const stairs = await ready;
    const started = performance.now();
    const result = await stairs.run(event.data.config, { onProgress: (progress) => post({ type: "progress", progress }) });
    post({ type: "done", result, seconds: (performance.now() - started) / 1000 });
  } catch (error) {
    if (error instanceof StairsInputError) {
      post({ type: "invalid", field: error.field, value: error.value, allowed: error.allowed, message: error.message });
    } else {
      post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  }
};
