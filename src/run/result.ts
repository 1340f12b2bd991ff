// The shape of a run's result: what `stairs.run` returns and `stairs run --out` writes as JSON.
import type { ExperimentConfig } from "../config/experiment.js";

/** Overlaps alpha_e = w.e / |w| with the spikes m, u, v. */
export interface Overlap {
  m: number;
  u: number;
  v: number;
}

/** Accuracy and mean loss on one test set (null when record.testSize = 0). */
export interface TestScore {
  accuracy: number | null;
  loss: number | null;
}

export interface Checkpoint {
  /** SGD steps done (samples seen = step * batch). */
  step: number;
  /**
   * Neuron: alpha_e of w. Network: for each direction, alpha_{k,e} of the unit k with the largest
   * |alpha_{k,e}| (first such unit on ties), so |overlap.e| = max_k |alpha_{k,e}|.
   * null for a direction the model does not have (tensor PCA has only v).
   */
  overlap: { m: number | null; u: number | null; v: number | null };
  accuracy: number | null;
  loss: number | null;
  /** Network only: alpha_{k,e} of every unit k. */
  perUnit?: Overlap[];
  /** With record.censored: scores on the test sets whose y = +1 class is replaced by a Gaussian. */
  censored?: { mean: TestScore; covariance: TestScore };
}

export interface ReplicaResult {
  replica: number;
  checkpoints: Checkpoint[];
  /** First step with |alpha_e| >= recovery.threshold (checked after every step inside the wasm), or null. */
  weakRecovery: { m: number | null; u: number | null; v: number | null };
  /** sha256 of the final weights and training-stream state (see README, "Result"). */
  hash: string;
  /** null, or the step whose update made the weights non-finite (the replica stopped there). */
  diverged: null | { step: number; reason: string };
}

export interface RunMeta {
  version: string;
  wasmSha256: string;
  generator: string;
  /** The numeric contract's version (CHANGELOG.md): results reproduce bit for bit within one version. */
  numericContract: number;
  /** The stream (seed, index) of each purpose. */
  streams: { spikes: string; training: string; test: string };
  /** The step sizes actually used, computed in the wasm. */
  stepSize: { eta: number } | { etaW: number; etaA: number };
  /** What `hash` digests. */
  hash: string;
  /** How accuracy turns an output into a label. */
  decisionRule: string;
}

export interface RunResult {
  config: ExperimentConfig;
  meta: RunMeta;
  replicas: ReplicaResult[];
}

/** Progress of a run: steps done in the current replica and the fraction of the whole run. */
export interface RunProgress {
  replica: number;
  replicas: number;
  step: number;
  steps: number;
  fraction: number;
  /** The current replica's checkpoints measured so far (live plots draw them before the replica ends). */
  checkpoints: readonly Checkpoint[];
}
