// The Learner interface: what a replica (src/run/replica.ts) needs from any learner, whatever it simulates.
// Each learner kind has one adapter in this folder that wraps a state made in the wasm (every learner's
// state begins with the replica header of assembly/replica.ts: steps done, failure, stream, recovery).
import type { ExperimentConfig } from "../config/experiment.js";
import type { Kernels } from "../wasm/wasm.js";
import { copyToWasm, readF64, readNumbers, writeF64 } from "../wasm/memory.js";

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
  /** Writes parameters back, in the order parameters() gives them (restoring a saved replica). */
  setParameters(values: Float64Array): void;
  /**
   * State a learner keeps between chunks besides its parameters (the neuron's lazily scaled weights),
   * saved with them; empty for learners that keep none. restoreInternal runs after setParameters.
   */
  saveInternal(): Float64Array;
  restoreInternal(values: Float64Array): void;
  /** The replica header's state: steps done, failure, tracked directions and the weak-recovery record. */
  saveHeader(): ReplicaHeaderState;
  restoreHeader(state: ReplicaHeaderState): void;
  /** The pointer to the training stream state (codes().streamBytes) (digested by the hash). */
  streamPtr(): number;
  /** Makes runChunk stop right after the step where direction e (0, 1, 2 for m, u, v) is first recovered. */
  stopOnRecovery(direction: number): void;
  /** Frees the learner and everything it owns (model, activation). */
  free(): void;
}

/** Makes the learner of replica `replica` of a resolved config (with its model, from the config's seed). */
export type LearnerFactory = (kernels: Kernels, config: ExperimentConfig, replica: number) => Learner;

/** What a saved replica keeps of its header (assembly/replica.ts); the stream is saved apart. */
export interface ReplicaHeaderState {
  step: number;
  failure: number;
  tracking: number;
  /** First step of |alpha_e| >= threshold for e = m, u, v, or -1. */
  recovery: [number, number, number];
}

/** The replica-header accessors every learner shares. */
export function replicaHeader(
  kernels: Kernels,
  ptr: number,
): Pick<Learner, "stepsDone" | "failure" | "recoveryStep" | "streamPtr" | "saveHeader" | "restoreHeader" | "stopOnRecovery"> {
  return {
    stepsDone: () => kernels.replicaStepsDone(ptr),
    failure: () => kernels.replicaFailure(ptr),
    recoveryStep: (e) => kernels.replicaRecoveryStep(ptr, e),
    streamPtr: () => kernels.replicaStream(ptr),
    stopOnRecovery: (e) => kernels.replicaStopOnRecovery(ptr, e),
    saveHeader: () => {
      const [m, u, v] = readNumbers(kernels, kernels.replicaRecovery(ptr), 3);
      return { step: kernels.replicaStepsDone(ptr), failure: kernels.replicaFailure(ptr), tracking: kernels.replicaTracking(ptr), recovery: [m, u, v] };
    },
    restoreHeader: (state) => {
      writeF64(kernels, kernels.replicaRecovery(ptr), state.recovery);
      kernels.replicaRestore(ptr, state.step, state.failure, state.tracking);
    },
  };
}

/**
 * saveInternal/restoreInternal of a learner whose fused step keeps state between chunks (the lazily
 * scaled rows of assembly/fused.ts), through its wasm exports LENGTH, SAVE and RESTORE.
 */
export function lazyState(
  kernels: Kernels,
  ptr: number,
  length: (ptr: number) => number,
  save: (ptr: number, out: number) => void,
  restore: (ptr: number, values: number) => void,
): Pick<Learner, "saveInternal" | "restoreInternal"> {
  return {
    saveInternal: () => {
      const n = length(ptr);
      const buffer = kernels.alloc(8 * n);
      save(ptr, buffer);
      const out = readF64(kernels, buffer, n);
      kernels.free(buffer);
      return out;
    },
    restoreInternal: (values) => {
      const buffer = copyToWasm(kernels, values);
      restore(ptr, buffer);
      kernels.free(buffer);
    },
  };
}
