// The runner: a module worker that loads the published bundle (dist/index.js), runs its share of one
// experiment's replicas and streams them back. The page starts a pool of workers per run (one per core,
// each with its own replicas) and terminates them to stop a run, so a run never blocks the page and
// nothing is shared between runs.
//
// It runs its replicas one by one with runReplica, posting each as it finishes (the live plot grows with
// every replica), then its share with runMeta; the page assembles the shares, in replica order, into the
// very object stairs.run returns -- a replica depends on nothing but (config, replica), so the result does
// not depend on the pool's size, and the browser tests check the download against stairs.run in Node, bit
// for bit.
import { canonicalConfig, init, StairsInputError, type ReplicaResult } from "./stairs-api.js";
import type { RunnerMessage, RunRequest } from "./protocol.js";

const ready = init();
/** At most 1000 replicas and about 5 minutes of one core (2^38 element operations) per run in the page. */
const PAGE_LIMITS = { replicas: 1000, run: 2 ** 38 };
const post = (message: RunnerMessage) => (self as unknown as Worker).postMessage(message);

self.onmessage = async (event: MessageEvent<RunRequest>) => {
  if (event.data.type !== "run") return;
  try {
    const stairs = await ready;
    const config = canonicalConfig(event.data.config);
    // A run that would not finish is refused with the estimate: stairs.run's limits, tighter here, as the
    // page runs on one thread and keeps every replica (also for a config from the address).
    stairs.checkWork(config, PAGE_LIMITS);
    const replicas: ReplicaResult[] = [];
    for (const r of event.data.replicas) {
      const replica = stairs.runReplica(config, r, (progress) => post({ type: "progress", progress }));
      replicas.push(replica);
      post({ type: "replica", replica });
    }
    post({ type: "done", meta: stairs.runMeta(config), replicas });
  } catch (error) {
    if (error instanceof StairsInputError) {
      post({ type: "invalid", field: error.field, value: error.value, allowed: error.allowed, message: error.message });
    } else {
      post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  }
};
