// What every learner's replica state begins with: the fields the TypeScript layer reads between chunks
// (steps done, why it stopped, its training stream, its weak-recovery record). Neuron, Network and
// TensorPca extend it, so one set of accessors serves all three, and one chunk loop (runChunk) runs them.
import { bind, unbind, STREAM_BYTES } from "./random";
import { at } from "./memory";
import { Model } from "./model";
import { Activation } from "./activation";

/** Why a replica stopped early (FAILURE_NONE while it runs normally). */
export const FAILURE_NONE: i32 = 0;
/** The new weights had a non-finite entry or their squared norm overflowed. */
export const FAILURE_NON_FINITE: i32 = 1;
/** The spherical step produced the zero vector, which cannot be normalised. */
export const FAILURE_ZERO_NORM: i32 = 2;

/**
 * Why a weight vector with squared norm ss cannot be normalised, or FAILURE_NONE: NaN or +inf (a
 * non-finite entry, or an overflow) is FAILURE_NON_FINITE, 0 is FAILURE_ZERO_NORM.
 */
// @ts-ignore: decorator
@inline export function squaredNormFailure(ss: f64): i32 {
  if (!(ss < Infinity)) return FAILURE_NON_FINITE; // NaN fails both comparisons
  return ss > 0 ? FAILURE_NONE : FAILURE_ZERO_NORM;
}

@unmanaged
export class Replica {
  failure: i32;
  /** Directions (m, u, v) whose weak recovery is still to be found; 0 switches the per-step check off. */
  tracking: i32;
  /** The training stream (STREAM_BYTES, owned): initial weights, then the samples or noise of every step. */
  stream: usize;
  /** 3 doubles: first step with |alpha_e| >= threshold for e = m, u, v, or -1 while not found. */
  recovery: usize;
  threshold: f64;
  /** Steps done (an integer below 2^53). */
  step: f64;
  /** A direction (0, 1, 2 for m, u, v) whose weak recovery ends the run (runChunk stops after that step), or -1. */
  stopOn: i32;
}

/**
 * A replica that learns from a model's samples through an activation (the neuron and the network, full and
 * reduced): its loss, the borrowed model and activation, and the test set's scratch stream (censored.ts).
 */
@unmanaged
export class ModelReplica extends Replica {
  loss: i32;
  activation: Activation;
  model: Model;
  /** A scratch stream, reloaded from a saved test-set state at every evaluation. */
  testStream: usize;
}

/**
 * Starts a ModelReplica's fields: no failure, no stop direction, no steps done; the borrowed model and
 * activation; the training stream and then the test stream allocated (not yet seeded).
 */
export function modelReplicaStart(r: ModelReplica, model: usize, activation: usize, loss: i32, threshold: f64): void {
  r.loss = loss;
  r.failure = FAILURE_NONE;
  r.stopOn = -1;
  r.activation = changetype<Activation>(activation);
  r.model = changetype<Model>(model);
  r.stream = heap.alloc(STREAM_BYTES);
  r.testStream = heap.alloc(STREAM_BYTES);
  r.threshold = threshold;
  r.step = 0;
}

/** Frees a ModelReplica's streams and weak-recovery record, then the replica itself (its own buffers first). */
export function modelReplicaFree(r: ModelReplica): void {
  heap.free(r.stream);
  heap.free(r.testStream);
  heap.free(r.recovery);
  heap.free(changetype<usize>(r));
}

export function replicaStepsDone(ptr: usize): f64 {
  return changetype<Replica>(ptr).step;
}

export function replicaFailure(ptr: usize): i32 {
  return changetype<Replica>(ptr).failure;
}

export function replicaStream(ptr: usize): usize {
  return changetype<Replica>(ptr).stream;
}

/** First step at which |alpha_e| reached the threshold (e = 0, 1, 2 for m, u, v), or -1. */
export function replicaRecoveryStep(ptr: usize, e: i32): f64 {
  return load<f64>(at(changetype<Replica>(ptr).recovery, e));
}

/**
 * Makes the replica stop at the step where direction e (0, 1, 2 for m, u, v; -1: never) is first
 * weakly recovered: runChunk then returns early with failure FAILURE_NONE, and later chunks return 0.
 * (A sweep times weak recovery only; the steps after it would be wasted.)
 */
export function replicaStopOnRecovery(ptr: usize, e: i32): void {
  changetype<Replica>(ptr).stopOn = e;
}

/** True once the replica's stop direction (stopOn) has been recovered. */
// @ts-ignore: decorator
@inline export function replicaStopped<R>(replica: R): bool {
  return replica.stopOn >= 0 && load<f64>(at(replica.recovery, replica.stopOn)) >= 0;
}

/**
 * The one training loop of the learners: n steps with the replica's stream bound for the whole chunk.
 * Returns n, or the number of steps completed before one failed (the failing step sets replica.failure;
 * a failed replica stays stopped, and later chunks return 0), or before the stop direction was recovered
 * (replicaStopOnRecovery; failure stays FAILURE_NONE). R extends Replica with the methods trainStep(): bool,
 * one step from the bound stream, and endChunk(): void, which makes the parameters readable between chunks
 * (the fused steps keep them lazily scaled: see neuron.ts); generic, so each learner (Neuron, Network,
 * TensorPca and the reduced learners) gets its own compiled loop with no indirect call.
 */
export function runChunk<R>(replica: R, n: i32): i32 {
  if (replica.failure != FAILURE_NONE || replicaStopped<R>(replica)) return 0;
  let done = n;
  bind(replica.stream);
  for (let i = 0; i < n; i++) {
    if (!replica.trainStep()) {
      done = i;
      break;
    }
    if (replicaStopped<R>(replica)) {
      done = i + 1;
      break;
    }
  }
  unbind(replica.stream);
  replica.endChunk();
  return done;
}

// Saving and restoring a replica between chunks (src/run: saveReplica/restoreReplica). Besides these
// header fields a replica's state is its training stream (replicaStream, 32 bytes) and its parameters
// (neuronWeights; networkWeights, networkSecondLayer, networkBias; tensorPcaWeights); every other
// buffer of a learner is scratch, written before it is read within a step.

/** How many directions the per-step weak-recovery check still tracks (0: the check is off). */
export function replicaTracking(ptr: usize): i32 {
  return changetype<Replica>(ptr).tracking;
}

/** The weak-recovery record (3 doubles, -1 while not found), to read or write. */
export function replicaRecovery(ptr: usize): usize {
  return changetype<Replica>(ptr).recovery;
}

/** Sets the header of a restored replica: steps done, failure code and tracked directions. */
export function replicaRestore(ptr: usize, step: f64, failure: i32, tracking: i32): void {
  const r = changetype<Replica>(ptr);
  r.step = step;
  r.failure = failure;
  r.tracking = tracking;
}
