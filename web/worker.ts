// The runner: a module worker that loads the published bundle (dist/index.js), runs its share of an
// experiment's replicas and streams them back. The page starts a pool of workers per experiment (one per
// core, each with its own (run, replica) pairs) and terminates them to stop, so a run never blocks the page
// and nothing is shared between runs.
//
// It validates every job first, computes the Bayes lines it was asked for (the reference lines of the
// accuracy panel, as `stairs plot` draws them), then runs its replicas one by one with runReplica, posting
// each as it finishes (the live plot grows with every replica), and ends with each run's runMeta; the page
// assembles the shares, in replica order, into the very object stairs.run returns -- a replica depends on
// nothing but (config, replica), so the result does not depend on the pool's size, and the browser tests
// check the download against the command line, bit for bit.
import { BAYES_LINE_SAMPLES, canonicalConfig, init, StairsInputError, type ExperimentConfig, type ReplicaResult } from "./stairs-api.js";
import type { BayesLines, RunnerMessage, RunRequest } from "./protocol.js";

const ready = init();
/** At most 1000 replicas and about 5 minutes of one core (2^38 element operations) per run in the page. */
const PAGE_LIMITS = { replicas: 1000, run: 2 ** 38 };
const post = (message: RunnerMessage) => (self as unknown as Worker).postMessage(message);

self.onmessage = async (event: MessageEvent<RunRequest>) => {
  if (event.data.type !== "run") return;
  let run = 0;
  try {
    const stairs = await ready;
    // Every job's config is checked before any replica runs. A run that would not finish is refused with
    // the estimate: stairs.run's limits, tighter here, as the page keeps every replica (also for a config
    // from the address).
    const jobs = event.data.jobs.map((job) => {
      run = job.run;
      const config = canonicalConfig(job.config);
      stairs.checkWork(config, PAGE_LIMITS);
      return { ...job, config };
    });
    for (const job of jobs) {
      if (job.bayes) post({ type: "bayes", run: job.run, bayes: bayesLines(stairs, job.config) });
    }
    for (const job of jobs) {
      run = job.run;
      for (const r of job.replicas) {
        const replica: ReplicaResult = stairs.runReplica(job.config, r, (progress) => post({ type: "progress", run: job.run, progress }));
        post({ type: "replica", run: job.run, replica });
      }
    }
    post({ type: "done", metas: jobs.map((job) => ({ run: job.run, meta: stairs.runMeta(job.config) })) });
  } catch (error) {
    if (error instanceof StairsInputError) {
      post({ type: "invalid", run, field: error.field, value: error.value, allowed: error.allowed, message: error.message });
    } else {
      post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  }
};

/** The Bayes lines `stairs plot` draws (src/cli/plot/render.ts): none for tensor PCA or without a test set. */
function bayesLines(stairs: Awaited<typeof ready>, config: ExperimentConfig): BayesLines | null {
  if (config.model.kind === "tensor-pca" || config.record.testSize === 0) return null;
  const b = stairs.bayesAccuracy(config.model, { samples: BAYES_LINE_SAMPLES, seed: config.seed });
  return { mean: b.mean.accuracy, covariance: b.covariance.accuracy, full: b.full.accuracy };
}
