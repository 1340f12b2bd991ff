// What every learner's replica state begins with: the fields the TypeScript layer reads between chunks
// (steps done, why it stopped, its training stream, its weak-recovery record). Neuron, Network and
// TensorPca extend it, so one set of accessors serves all three.

/** Why a replica stopped early (FAILURE_NONE while it runs normally). */
export const FAILURE_NONE: i32 = 0;
/** The new weights had a non-finite entry or their squared norm overflowed. */
export const FAILURE_NON_FINITE: i32 = 1;
/** The spherical step produced the zero vector, which cannot be normalised. */
export const FAILURE_ZERO_NORM: i32 = 2;

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
  return load<f64>(changetype<Replica>(ptr).recovery + (<usize>e << 3));
}
