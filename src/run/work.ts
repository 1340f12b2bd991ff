// What a run costs, estimated before any work: a run that would not finish is refused with the estimate
// (the API, the command line and the page all go through here). The unit is one element operation (one
// coordinate of a sample drawn and used once, about 1-3 ns on one core here): a step costs d of them per
// unit per sample (d^order with tensor PCA's explicit noise), a test-set score d per unit per sample, for
// each of the 1 or 3 test sets, at each checkpoint.
import type { ExperimentConfig } from "../config/experiment.js";
import { StairsInputError } from "../errors.js";

/** One replica: about an hour of one core. Longer replicas are what checkpoints (saveReplica) are for, in pieces. */
export const MAX_REPLICA_WORK = 2 ** 42;
/** A whole run (all replicas): about five hours of one core. */
export const MAX_RUN_WORK = 2 ** 44;
/** Test sets may cost as much as the training, or this much (about 4 s) when the training is shorter. */
export const MAX_FREE_TEST_WORK = 2 ** 32;

/** Limits tighter than the defaults (the page's, for one). */
export interface WorkLimits {
  replica?: number;
  run?: number;
  replicas?: number;
}

export interface WorkEstimate {
  training: number;
  testing: number;
  perReplica: number;
  total: number;
}

export function estimateWork(config: ExperimentConfig): WorkEstimate {
  const d = config.model.d;
  const learner = config.learner;
  let perStep = d;
  let units = 1;
  if (learner.kind === "network") {
    units = learner.hidden;
    perStep = d * learner.hidden * learner.batch;
  } else if (learner.kind === "tensor-pca" && learner.noise === "explicit") {
    perStep = d ** (config.model as { order: number }).order;
  }
  const training = config.steps * perStep;
  const testing = config.record.points * config.record.testSize * d * units * (config.record.censored ? 3 : 1);
  const perReplica = training + testing;
  return { training, testing, perReplica, total: perReplica * config.replicas };
}

const hours = (work: number) => (work * 1e-9) / 3600; // at 1 ns per element operation

/** Refuses a run (or, with `replicas` false, one of its replicas) that would not finish, with the estimate. */
export function checkWork(config: ExperimentConfig, whole = true, limits: WorkLimits = {}): WorkEstimate {
  const w = estimateWork(config);
  const replicaLimit = Math.min(limits.replica ?? MAX_REPLICA_WORK, MAX_REPLICA_WORK);
  const runLimit = Math.min(limits.run ?? MAX_RUN_WORK, MAX_RUN_WORK);
  const log2 = (x: number) => `2^${Math.round(Math.log2(x))}`;
  const text = (work: number, limit: string) =>
    `about ${work.toExponential(2)} element operations (${formatHours(hours(work))} of one core at 1 ns each), over the limit of ${limit}`;
  if (!(w.testing <= Math.max(w.training, MAX_FREE_TEST_WORK))) {
    throw new StairsInputError(
      "record.testSize",
      config.record.testSize,
      `smaller: the test sets (${config.record.points} checkpoints x ${config.record.testSize} samples) would take ${text(w.testing, "the training's cost or 2^32")} (training: ${w.training.toExponential(2)}); fewer record.points also help`,
    );
  }
  if (!(w.perReplica <= replicaLimit)) {
    const field = w.training >= w.testing ? "steps" : "record.testSize";
    const value = field === "steps" ? config.steps : config.record.testSize;
    throw new StairsInputError(field, value, `smaller: one replica would take ${text(w.perReplica, `${log2(replicaLimit)} per replica`)} (training ${w.training.toExponential(2)}, test sets ${w.testing.toExponential(2)})`);
  }
  if (whole && limits.replicas !== undefined && config.replicas > limits.replicas) {
    throw new StairsInputError("replicas", config.replicas, `at most ${limits.replicas} here`);
  }
  if (whole && !(w.total <= runLimit)) {
    throw new StairsInputError("replicas", config.replicas, `fewer: the run would take ${text(w.total, `${log2(runLimit)} per run`)}; run the replicas in parts (stairs.runReplica) instead`);
  }
  return w;
}

function formatHours(h: number): string {
  if (h < 1 / 60) return `${Math.max(1, Math.round(h * 3600))} s`;
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${Math.round(h / 24)} days`;
}
