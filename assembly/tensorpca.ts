// Tensor PCA by online SGD on the sphere (docs/science.md section 5, after Ben Arous, Gheissari & Jagannath,
// JMLR 2021). Each step sees a fresh order-p tensor Y = sqrt(beta) v^(x p) + W, W with i.i.d. N(0, 1)
// entries, and ascends <Y, w^(x p)> (descends the loss -<Y, w^(x p)>) on the unit sphere:
//
//   G = grad_w <Y, w^(x p)> = sqrt(beta) p (v.w)^(p-1) v + N,   N = sum over slots of W(w, .., ., .., w),
//   G_s = G - (G.w) w,   w <- (w + eta G_s) / |w + eta G_s|.
//
// Two ways to get N, which must agree in law:
//   explicit: draw all d^p entries of W, form Y and contract it (assembly/tensor.ts), O(p d^p) per step;
//   sampled:  N is Gaussian with covariance p I + p (p - 1) w w^T (for |w| = 1), so its spherical part is
//             sqrt(p) (z - (z.w) w) with z ~ N(0, I_d): O(d) per step. The radial part never matters.
// Draw order per step: explicit, d^p normals for W in row-major order; sampled, d normals for z.
import { bind, unbind, normal, streamInit, fillNormal, normalPairs as fillNormalsBound, STREAM_BYTES } from "./random";
import { updateWithSpike } from "./fused";
import { dot, axpy, scale, normalise } from "./vector";
import { contractGradient, ipow } from "./tensor";
import { alloc } from "./memory";
import { recordRecovery, recoveryCreate } from "./recovery";
import { Replica, runChunk, squaredNormFailure, FAILURE_NONE } from "./replica";
import { at } from "./memory";

@unmanaged
class TensorPca extends Replica {
  d: i32;
  order: i32;
  explicit: i32;
  sqrtBeta: f64;
  eta: f64;
  w: usize;
  v: usize;
  g: usize;
  tmp: usize;
  tensor: usize;
  scratchA: usize;
  scratchB: usize;
  // Replica.recovery: tensor PCA has only v, so the records of m and u stay -1.

  /** One step from the bound stream (runChunk's step): w <- (w + eta G_s) / |w + eta G_s|. */
  trainStep(): bool {
    if (this.explicit == 0) return sampledStep(this);
    const d = this.d;
    sphericalGradient(this);
    axpy(this.eta, this.g, this.w, d);
    const r2 = dot(this.w, this.w, d);
    const failure = squaredNormFailure(r2);
    if (failure != FAILURE_NONE) {
      this.failure = failure;
      return false;
    }
    scale(1.0 / Math.sqrt(r2), this.w, d);
    this.step += 1.0;
    recordRecovery(this.recovery, 0.0, 0.0, dot(this.w, this.v, d), this.threshold, this.step);
    return true;
  }

  /** Nothing to do: w is normalised after every step (runChunk's end-of-chunk hook). */
  endChunk(): void {}
}

// @ts-ignore: decorator
@inline function allocDoubles(n: i32): usize {
  return alloc(<usize>n << 3); // zero-filled
}

/**
 * A tensor-PCA learner. The hidden direction v is drawn from stream (seed, spikeIndex) (d normals,
 * normalised), the start w from stream (seed, trainingIndex) (d normals, normalised: uniform on the
 * sphere), which then feeds every step's noise.
 */
export function tensorPcaCreate(d: i32, order: i32, beta: f64, eta: f64, explicit: i32, threshold: f64, seed: f64, spikeIndex: f64, trainingIndex: f64): usize {
  const s = changetype<TensorPca>(heap.alloc(offsetof<TensorPca>()));
  s.d = d;
  s.order = order;
  s.explicit = explicit;
  s.sqrtBeta = Math.sqrt(beta);
  s.eta = eta;
  s.w = allocDoubles(d);
  s.v = allocDoubles(d);
  s.g = allocDoubles(d);
  s.tmp = allocDoubles(d);
  s.stream = heap.alloc(STREAM_BYTES);
  streamInit(s.stream, seed, trainingIndex);
  const spikeStream = heap.alloc(STREAM_BYTES);
  streamInit(spikeStream, seed, spikeIndex);
  s.recovery = recoveryCreate();
  s.threshold = threshold;
  s.step = 0;
  s.failure = FAILURE_NONE;
  s.stopOn = -1;
  const size = ipow(d, order);
  s.tensor = explicit ? allocDoubles(size) : 0;
  s.scratchA = explicit ? allocDoubles(size / d) : 0;
  s.scratchB = explicit ? allocDoubles(size / d) : 0;
  fillNormal(spikeStream, s.v, d);
  heap.free(spikeStream);
  normalise(s.v, d);
  fillNormal(s.stream, s.w, d);
  normalise(s.w, d);
  recordRecovery(s.recovery, 0.0, 0.0, dot(s.w, s.v, d), threshold, 0.0);
  return changetype<usize>(s);
}

export function tensorPcaFree(ptr: usize): void {
  const s = changetype<TensorPca>(ptr);
  heap.free(s.w);
  heap.free(s.v);
  heap.free(s.g);
  heap.free(s.tmp);
  heap.free(s.stream);
  heap.free(s.recovery);
  if (s.tensor != 0) {
    heap.free(s.tensor);
    heap.free(s.scratchA);
    heap.free(s.scratchB);
  }
  heap.free(ptr);
}

export function tensorPcaWeights(ptr: usize): usize {
  return changetype<TensorPca>(ptr).w;
}

export function tensorPcaSpike(ptr: usize): usize {
  return changetype<TensorPca>(ptr).v;
}

export function tensorPcaOverlap(ptr: usize): f64 {
  const s = changetype<TensorPca>(ptr);
  return dot(s.w, s.v, s.d);
}

// The full gradient G with the explicit tensor: Y = sqrt(beta) v^(x p) + W, then contractGradient.
function explicitGradient(s: TensorPca): void {
  const d = s.d;
  const p = s.order;
  // Row-major: a row is the d entries that share their leading p - 1 indices. Its signal entries are
  // prefix * v_i with prefix = ((sqrt(beta) v_i1) v_i2) ... v_i(p-1), kept per depth and advanced like an
  // odometer, so each entry costs one multiply; the noise is drawn in row-major order.
  const digits = prefixDigits;
  const prefix = prefixProducts;
  unchecked((prefix[0] = s.sqrtBeta));
  for (let k = 0; k < p - 1; k++) {
    unchecked((digits[k] = 0));
    unchecked((prefix[k + 1] = prefix[k] * load<f64>(s.v)));
  }
  let row = s.tensor;
  while (true) {
    const c = unchecked(prefix[p - 1]);
    for (let i = 0; i < d; i++) {
      store<f64>(at(row, i), c * load<f64>(at(s.v, i)) + normal());
    }
    row += <usize>d << 3;
    // Next row: increment the last leading digit that is not at d - 1, reset those after it.
    let k = p - 2;
    while (k >= 0 && unchecked(digits[k]) == d - 1) k--;
    if (k < 0) break;
    unchecked((digits[k] = digits[k] + 1));
    for (let j = k; j < p - 1; j++) {
      if (j > k) unchecked((digits[j] = 0));
      unchecked((prefix[j + 1] = prefix[j] * load<f64>(s.v + (<usize>digits[j] << 3))));
    }
  }
  contractGradient(s.tensor, d, p, s.w, s.g, s.tmp, s.scratchA, s.scratchB);
}

// Odometer state of explicitGradient (orders up to 8, as the config allows).
const prefixDigits = new StaticArray<i32>(8);
const prefixProducts = new StaticArray<f64>(9);

// The spherical part of G, sampled in O(d): sqrt(beta) p a^(p-1) v + sqrt(p) z, radial part removed below.
function sampledGradient(s: TensorPca): void {
  const d = s.d;
  const p = s.order;
  const a = dot(s.w, s.v, d);
  const sqrtP = Math.sqrt(<f64>p);
  fillNormalsBound(s.g, d);
  scale(sqrtP, s.g, d);
  axpy(s.sqrtBeta * <f64>p * ipow(a, p - 1), s.v, s.g, d);
}

const spikeOverlap = new StaticArray<f64>(1);

/**
 * The sampled step in five passes instead of nine: a = w.v; the noise z (normalPairs: the same draws as
 * sampledGradient); w.z; then, for |w| = 1, G.w = sqrt(p) w.z + A a with
 * A = sqrt(beta) p a^(p-1), so w + eta (G - (G.w) w) = (1 - eta G.w) w + eta sqrt(p) z + eta A v is one
 * pass (updateWithSpike, which also returns |w'|^2 and w'.v); then the rescale. The same step as
 * sphericalGradient + trainStep's update in exact arithmetic (different last bits).
 */
function sampledStep(s: TensorPca): bool {
  const d = s.d;
  const p = s.order;
  const a = dot(s.w, s.v, d);
  const sqrtP = Math.sqrt(<f64>p);
  fillNormalsBound(s.g, d);
  const signal = s.sqrtBeta * <f64>p * ipow(a, p - 1);
  const gw = sqrtP * dot(s.w, s.g, d) + signal * a;
  const out = changetype<usize>(spikeOverlap);
  const r2 = updateWithSpike(s.w, 1.0 - s.eta * gw, s.eta * sqrtP, s.g, s.eta * signal, s.v, d, out);
  const failure = squaredNormFailure(r2);
  if (failure != FAILURE_NONE) {
    s.failure = failure;
    return false;
  }
  const inv = 1.0 / Math.sqrt(r2);
  scale(inv, s.w, d);
  s.step += 1.0;
  recordRecovery(s.recovery, 0.0, 0.0, load<f64>(out) * inv, s.threshold, s.step);
  return true;
}

// G_s into s.g from the bound stream.
function sphericalGradient(s: TensorPca): void {
  if (s.explicit != 0) explicitGradient(s);
  else sampledGradient(s);
  axpy(-dot(s.g, s.w, s.d), s.w, s.g, s.d);
}

/** One draw of the spherical gradient G_s at the current w, into the returned pointer (d doubles); w is unchanged. */
export function tensorPcaGradient(ptr: usize): usize {
  const s = changetype<TensorPca>(ptr);
  bind(s.stream);
  sphericalGradient(s);
  unbind(s.stream);
  return s.g;
}

/**
 * Runs n steps; returns n, or the number done before a step made w non-finite or zero (then `failure`
 * says which, and the replica stops: later calls return 0). After every step the weak-recovery record of
 * v is updated.
 */
export function tensorPcaRun(ptr: usize, n: i32): i32 {
  return runChunk<TensorPca>(changetype<TensorPca>(ptr), n);
}
