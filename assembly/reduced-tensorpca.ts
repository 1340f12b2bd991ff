// Tensor PCA of any order p (assembly/tensorpca.ts) simulated exactly in overlap space
// (docs/reduced-engine.md): O(1) work per step whatever d and p.
//
// State: alpha = w.v and r = |w - alpha v| (|w| = 1; r carried so that it keeps its accuracy near |alpha| = 1).
// With f = (v - alpha w) / r the unit vector of span(w, v) orthogonal to w (so v = alpha w + r f), the
// spherical gradient of tensorpca.ts is
//   G_s = sqrt(beta) p alpha^(p-1) (v - alpha w) + sqrt(p) (I - w w^T) z = s f + sqrt(p) q,
//   s = sqrt(beta) p alpha^(p-1) r + sqrt(p) g,
// with g = f.z ~ N(0, 1) and q the part of z orthogonal to w and f, |q|^2 ~ chi^2(d - 2), independent of
// the past. With e = (w - alpha v) / r (so f = r v - alpha e), w'' = w + eta G_s has
//   w''.v = alpha + eta r s,   |w'' - (w''.v) v|^2 = (r - eta alpha s)^2 + eta^2 p chi,
//   |w''|^2 = 1 + eta^2 (s^2 + p chi) (the sum of the two),
// and alpha' = (w''.v) / |w''|, r' = |w'' - (w''.v) v| / |w''|. Start: alpha = g / |g|, r = sqrt(chi) / |g|,
// g ~ N(0, 1), chi ~ chi^2(d - 1), |g|^2 = g^2 + chi (w = g / |g| uniform on the sphere).
// Draws from the training stream (seed, trainingIndex): at creation g then chi; per step g then chi.
// The spike stream of the full engine is not used: v is never drawn.
import { bind, unbind, streamInit, STREAM_BYTES } from "./random";
import { chiSquareExact, ChiSquareLaw, chiSquareLawInit, chiSquareDraw, normal } from "./reduced-random";
import { ipow } from "./tensor";
import { recordRecovery, recoveryCreate } from "./recovery";
import { Replica, runChunk, squaredNormFailure, FAILURE_NONE } from "./replica";

@unmanaged
class ReducedTensorPca extends Replica {
  d: f64;
  order: i32;
  sqrtBeta: f64;
  eta: f64;
  alpha: f64;
  r: f64;
  /** chi^2(d - 2), the per-step draw. */
  rest: ChiSquareLaw;
  // Replica.recovery: only v is tracked; the records of m and u stay -1.

  /** One step from the bound stream (runChunk's step): g, then chi. */
  trainStep(): bool {
    const g = normal();
    return reducedTensorPcaStep(this, g, chiSquareDraw(this.rest));
  }

  /** Nothing to materialise between chunks. */
  endChunk(): void {}
}

/** A replica; d >= 2 is an integer in an f64 (it may exceed 2^31). */
export function reducedTensorPcaCreate(d: f64, order: i32, beta: f64, eta: f64, threshold: f64, seed: f64, trainingIndex: f64): usize {
  const s = changetype<ReducedTensorPca>(heap.alloc(offsetof<ReducedTensorPca>()));
  s.d = d;
  s.order = order;
  s.sqrtBeta = Math.sqrt(beta);
  s.eta = eta;
  s.stream = heap.alloc(STREAM_BYTES);
  s.rest = changetype<ChiSquareLaw>(heap.alloc(offsetof<ChiSquareLaw>()));
  chiSquareLawInit(s.rest, d - 2.0);
  s.recovery = recoveryCreate();
  s.threshold = threshold;
  s.step = 0;
  s.failure = FAILURE_NONE;
  s.stopOn = -1;
  s.tracking = 1;
  streamInit(s.stream, seed, trainingIndex);
  bind(s.stream);
  const g = normal();
  const chi = chiSquareExact(d - 1.0);
  unbind(s.stream);
  const inv = 1.0 / Math.sqrt(g * g + chi);
  s.alpha = g * inv;
  s.r = Math.sqrt(chi) * inv;
  recordRecovery(s.recovery, 0.0, 0.0, s.alpha, threshold, 0.0);
  return changetype<usize>(s);
}

export function reducedTensorPcaFree(ptr: usize): void {
  const s = changetype<ReducedTensorPca>(ptr);
  heap.free(s.stream);
  heap.free(changetype<usize>(s.rest));
  heap.free(s.recovery);
  heap.free(ptr);
}

// One step on the draws (g, chi); false (failure set, state unchanged) if |w''| is not finite and positive.
function reducedTensorPcaStep(s: ReducedTensorPca, g: f64, chi: f64): bool {
  const p = <f64>s.order;
  const alpha = s.alpha;
  const r = s.r;
  const eta = s.eta;
  const slope = s.sqrtBeta * p * ipow<f64>(alpha, s.order - 1) * r + Math.sqrt(p) * g;
  const along = alpha + eta * r * slope;
  const off = r - eta * alpha * slope;
  const perp2 = off * off + eta * eta * p * chi;
  const ss = along * along + perp2;
  const failure = squaredNormFailure(ss);
  if (failure != FAILURE_NONE) {
    s.failure = failure;
    return false;
  }
  const inv = 1.0 / Math.sqrt(ss);
  s.alpha = along * inv;
  s.r = Math.sqrt(perp2) * inv;
  s.step += 1.0;
  recordRecovery(s.recovery, 0.0, 0.0, s.alpha, s.threshold, s.step);
  return true;
}

/** Runs n steps; returns n, or the number done before a step failed (then `failure` says why). */
export function reducedTensorPcaRun(ptr: usize, n: i32): i32 {
  return runChunk<ReducedTensorPca>(changetype<ReducedTensorPca>(ptr), n);
}

/** One step on given draws, not touching the stream: for differential tests. */
export function reducedTensorPcaStepOn(ptr: usize, g: f64, chi: f64): i32 {
  return reducedTensorPcaStep(changetype<ReducedTensorPca>(ptr), g, chi) ? 1 : 0;
}

export function reducedTensorPcaOverlap(ptr: usize): f64 {
  return changetype<ReducedTensorPca>(ptr).alpha;
}

/** r = |w - (w.v) v|. */
export function reducedTensorPcaResidual(ptr: usize): f64 {
  return changetype<ReducedTensorPca>(ptr).r;
}

/** Sets the state (tests); alpha^2 + r^2 should be 1. */
export function reducedTensorPcaSetState(ptr: usize, alpha: f64, r: f64): void {
  const s = changetype<ReducedTensorPca>(ptr);
  s.alpha = alpha;
  s.r = r;
}
