// The Learner interface: what a replica (src/run/replica.ts) needs from any learner, whatever it simulates.
// Each learner kind has one adapter in this folder that wraps a state made in the wasm (every learner's
// state begins with the replica header of assembly/replica.ts: steps done, failure, stream, recovery).
import type { ExperimentConfig } from "../config/experiment.js";
import type { Kernels } from "../wasm/wasm.js";

/** Overlaps with the hidden directions m, u, v (NaN where a direction does not exist in the model). */
export interface Overlaps {
  m: number;
  u: number;
  v: number;
}

export interface Learner {
  /** The wasm state (its replica header serves stepsDone, failure, recoveryStep and streamPtr). */
  readonly ptr: number;
  /** Runs at most n steps inside the wasm; returns the number done (fewer on failure). */
  runChunk(n: number): number;
  stepsDone(): number;
  /** Why the learner stopped (the wasm's FAILURE_* codes, src/wasm/codes.ts). */
  failure(): number;
  /** The first step with |overlap with direction e| >= threshold (e = 0, 1, 2 for m, u, v), or -1. */
  recoveryStep(direction: number): number;
  /** Overlaps and, for a network, the per-unit overlaps. */
  overlaps(): { overlap: Overlaps; perUnit?: Overlaps[] };
  /** Scores the learner on n test samples drawn from testState (test-set mode `mode`): out[0] accuracy, out[1] loss. */
  evaluate(testState: number, n: number, mode: number, out: number): void;
  /** The parameters, in a fixed order, for the hash. */
  parameters(): Float64Array;
  /** The pointer to the training stream state (codes().streamBytes) (digested by the hash). */
  streamPtr(): number;
  /** Frees the learner and everything it owns (model, activation). */
  free(): void;
}

/** Makes the learner of replica `replica` of a resolved config (with its model, from the config's seed). */
export type LearnerFactory = (kernels: Kernels, config: ExperimentConfig, replica: number) => Learner;

/** The replica-header accessors every learner shares. */
export function replicaHeader(kernels: Kernels, ptr: number): Pick<Learner, "stepsDone" | "failure" | "recoveryStep" | "streamPtr"> {
  return {
    stepsDone: () => kernels.replicaStepsDone(ptr),
    failure: () => kernels.replicaFailure(ptr),
    recoveryStep: (e) => kernels.replicaRecoveryStep(ptr, e),
    streamPtr: () => kernels.replicaStream(ptr),
  };
}
