// The single neuron of science.md section 3: w on the unit sphere, online SGD with one fresh sample per
// step and the spherical step
//   g = grad_w l,  g_s = g - (g.w) w,  w <- (w - eta g_s) / |w - eta g_s|.
// Every loss here depends on w only through z = w.x, so g = l'(z) x and g.w = l'(z) z, and the step is
// the one-pass combination
//   w - eta g_s = (1 + eta l'(z) z) w - eta l'(z) x
// followed by a rescale (combineRow in sgd.ts returns the squared norm in the same pass).
//
// A replica's whole state lives in wasm memory: the weights, the model it samples from, its own
// training stream (STREAM_BYTES), a scratch row for x and the weak-recovery record. The TypeScript layer
// creates it, runs chunks of steps, measures at checkpoints and frees it.
import { bind, unbind, streamInit, STREAM_BYTES, normalPairs } from "./random";
import { dot, scale } from "./vector";
import { Model, sampleWithDots, coefM, coefU, coefV, lastWz } from "./model";
import { updateFormed } from "./fused";
import { Activation, activationValue, RELU, HERMITE } from "./activation";
import { CORRELATION, lossValue, neuronLossDerivative } from "./loss";
import { combineRow, combineRowTracked } from "./sgd";
import { prepareTestSampler, testSampleInto } from "./censored";
import { recordRecovery, recoveryCreate } from "./recovery";
import { Replica, FAILURE_NONE, FAILURE_NON_FINITE, FAILURE_ZERO_NORM } from "./replica";

export { FAILURE_NONE, FAILURE_NON_FINITE, FAILURE_ZERO_NORM } from "./replica";

@unmanaged
export class Neuron extends Replica {
  d: i32;
  loss: i32;
  activation: Activation;
  model: Model;
  /** A scratch stream, reloaded from a saved test-set state at every evaluation. */
  testStream: usize;
  w: usize;
  x: usize;
  /** 3 doubles: w'.m, w'.u, w'.v of the last tracked step (before the rescale). */
  overlapScratch: usize;
  eta: f64;
  /**
   * The chunks' lazily normalised weights: w = scale * W (see neuronRunChunk), with the overlaps W.m, W.u,
   * W.v carried from step to step. They persist between chunks, so results do not depend on where chunks
   * end; w is materialised into `w` at the end of every chunk.
   */
  lazyW: usize;
  scale: f64;
  lazyM: f64;
  lazyU: f64;
  lazyV: f64;
}

/** Takes w (set at creation, by hand, or by neuronStepOn) as the lazy state: W = w, scale 1. */
function adoptWeights(nr: Neuron): void {
  const d = nr.d;
  memory.copy(nr.lazyW, nr.w, <usize>d << 3);
  nr.scale = 1.0;
  nr.lazyM = dot(nr.lazyW, nr.model.m, d);
  nr.lazyU = dot(nr.lazyW, nr.model.u, d);
  nr.lazyV = dot(nr.lazyW, nr.model.v, d);
}

/** eta = lr d^-a; a = 1 (the default) is computed as lr / d, exactly as the rule reads. */
export function learningRate(lr: f64, d: i32, exponent: f64): f64 {
  return exponent == 1.0 ? lr / <f64>d : lr * Math.pow(<f64>d, -exponent);
}

/**
 * E[sigma(xi)] for xi ~ N(0, 1): the mean output of a unit-norm neuron on the isotropic class (y = -1:
 * w.x ~ N(0, 1) exactly, whatever w). ReLU 1/sqrt(2 pi); tanh and erf 0 (odd); Hermite series c_0.
 */
export function nullMean(a: Activation): f64 {
  if (a.kind == RELU) return 0.3989422804014327;
  if (a.kind == HERMITE) return load<f64>(changetype<usize>(a.coefficients));
  return 0.0;
}

/**
 * Makes a replica: its training stream is (seed, index); w is d normals from it, normalised (uniform on
 * the sphere). The model and activation are borrowed (the caller frees them after the neuron).
 */
export function neuronCreate(model: usize, activation: usize, loss: i32, eta: f64, threshold: f64, seed: f64, index: f64): usize {
  const nr = changetype<Neuron>(heap.alloc(offsetof<Neuron>()));
  const mdl = changetype<Model>(model);
  const d = mdl.d;
  const bytes = <usize>d << 3;
  nr.d = d;
  nr.loss = loss;
  nr.failure = FAILURE_NONE;
  nr.activation = changetype<Activation>(activation);
  nr.model = mdl;
  nr.stream = heap.alloc(STREAM_BYTES);
  nr.testStream = heap.alloc(STREAM_BYTES);
  nr.w = heap.alloc(bytes);
  nr.lazyW = heap.alloc(bytes);
  nr.x = heap.alloc(bytes);
  nr.overlapScratch = heap.alloc(24);
  nr.recovery = recoveryCreate();
  nr.eta = eta;
  nr.threshold = threshold;
  nr.step = 0;
  streamInit(nr.stream, seed, index);
  bind(nr.stream);
  normalPairs(nr.w, d);
  unbind(nr.stream);
  scale(1.0 / Math.sqrt(dot(nr.w, nr.w, d)), nr.w, d);
  nr.tracking = 3;
  neuronStartRecovery(changetype<usize>(nr));
  return changetype<usize>(nr);
}

/**
 * Checks the current weights against the threshold (at creation, and after weights are set by hand), and
 * takes them as the starting point of the next chunk.
 */
export function neuronStartRecovery(ptr: usize): void {
  const nr = changetype<Neuron>(ptr);
  adoptWeights(nr);
  const s = nr.overlapScratch;
  neuronOverlaps(ptr, s);
  nr.tracking = recordRecovery(nr.recovery, load<f64>(s, 0), load<f64>(s, 8), load<f64>(s, 16), nr.threshold, nr.step);
}

export function neuronFree(ptr: usize): void {
  const nr = changetype<Neuron>(ptr);
  heap.free(nr.stream);
  heap.free(nr.testStream);
  heap.free(nr.w);
  heap.free(nr.lazyW);
  heap.free(nr.x);
  heap.free(nr.overlapScratch);
  heap.free(nr.recovery);
  heap.free(ptr);
}

/**
 * One spherical SGD step on the sample (x, y) already in nr.x; returns false (and sets nr.failure)
 * if the new weights cannot be normalised, leaving them as computed.
 */
function neuronStep(nr: Neuron, y: f64): bool {
  const d = nr.d;
  const w = nr.w;
  const x = nr.x;
  const z = dot(w, x, d);
  const c = nr.eta * neuronLossDerivative(nr.loss, y, nr.activation, z);
  let ss: f64;
  if (nr.tracking > 0) {
    const mdl = nr.model;
    ss = combineRowTracked(w, 1.0 + c * z, x, -c, d, mdl.m, mdl.u, mdl.v, nr.overlapScratch);
  } else {
    ss = combineRow(w, 1.0 + c * z, x, -c, d);
  }
  // NaN fails both comparisons; an infinite or overflowed squared norm fails the first.
  if (!(ss < Infinity)) {
    nr.failure = FAILURE_NON_FINITE;
    return false;
  }
  if (!(ss > 0)) {
    nr.failure = FAILURE_ZERO_NORM;
    return false;
  }
  const inv = 1.0 / Math.sqrt(ss);
  scale(inv, w, d);
  nr.step += 1;
  if (nr.tracking > 0) {
    const s = nr.overlapScratch;
    nr.tracking = recordRecovery(nr.recovery, load<f64>(s, 0) * inv, load<f64>(s, 8) * inv, load<f64>(s, 16) * inv, nr.threshold, nr.step);
  }
  return true;
}

// Lazy renormalisation inside a chunk: the weights are w = scale * W with W in nr.w, rescaled to scale 1
// when |W|^2 leaves [2^-200, 2^200] and at the end of every chunk (so outside neuronRunChunk, nr.w is w).
const RESCALE_HIGH: f64 = 1.6069380442589903e60; // 2^200
const RESCALE_LOW: f64 = 6.223015277861142e-61; // 2^-200
const SQRT_MAX_F64: f64 = 1.3407807929942596e154; // sqrt(1.7976931348623157e308)

/**
 * Runs n steps, each on a fresh sample drawn with the replica's stream bound for the whole chunk.
 * Returns the number of steps completed: n, or fewer if step (nr.step + 1) failed (see neuronFailure).
 *
 * Two passes per step instead of six. With w = s W and the overlaps W.m, W.u, W.v carried from the last
 * update pass, the sampling pass (sampleWithDots) makes the noise z and W.z, v.z; then
 *   w.x = s (((W.z + a W.m) + b W.u) + e W.v)          (x = z + a m + b u + e v, never stored),
 *   c = eta l'(w.x),  k = 1 + c w.x,  w - eta g_s = k s W - c x = (k s) (W - (c / (k s)) x),
 * so the update pass (updateFormed) writes W' = W - (c / (k s)) x and returns |W'|^2 and W'.m, W'.u, W'.v,
 * and the normalised weights are s' W' with s' = sign(k s) / |W'|. (If k s is 0 or c / (k s) overflows,
 * the step is taken as W' = (k s) W - c x, s' = 1 / |W'|.) The same step as neuronStep in exact arithmetic.
 */
export function neuronRunChunk(ptr: usize, n: i32): i32 {
  const nr = changetype<Neuron>(ptr);
  if (nr.failure != FAILURE_NONE) return 0;
  const model = nr.model;
  const d = nr.d;
  const w = nr.lazyW;
  const x = nr.x;
  const out = nr.overlapScratch;
  let wm = nr.lazyM;
  let wu = nr.lazyU;
  let wv = nr.lazyV;
  let s = nr.scale;
  let done = n;
  bind(nr.stream);
  for (let i = 0; i < n; i++) {
    const y = sampleWithDots(model, x, w);
    const a = coefM, b = coefU, e = coefV;
    const z = s * (((lastWz + a * wm) + b * wu) + e * wv);
    const c = nr.eta * neuronLossDerivative(nr.loss, y, nr.activation, z);
    let mu = (1.0 + c * z) * s;
    let alpha: f64 = 1.0;
    let beta = -c / mu;
    if (!(mu != 0 && Math.abs(beta) < Infinity)) {
      alpha = mu;
      beta = -c;
      mu = 1.0;
    }
    const ss = updateFormed(w, alpha, beta, x, a, model.m, b, model.u, e, model.v, d, out);
    // As neuronStep: the step fails if the unnormalised weights k w - c x = mu W' are not finite or their
    // squared norm overflows (|mu| |W'| >= sqrt(MAX_F64); NaN fails the comparison), or if they are zero.
    if (!(Math.abs(mu) * Math.sqrt(ss) < SQRT_MAX_F64 && ss > 0)) {
      nr.failure = ss == 0 ? FAILURE_ZERO_NORM : FAILURE_NON_FINITE;
      s = mu; // the weights as computed (k w - c x), unnormalised
      done = i;
      break;
    }
    s = (mu < 0 ? -1.0 : 1.0) / Math.sqrt(ss);
    wm = load<f64>(out, 0);
    wu = load<f64>(out, 8);
    wv = load<f64>(out, 16);
    nr.step += 1;
    if (nr.tracking > 0) {
      nr.tracking = recordRecovery(nr.recovery, wm * s, wu * s, wv * s, nr.threshold, nr.step);
    }
    if (!(ss < RESCALE_HIGH && ss > RESCALE_LOW)) {
      scale(s, w, d);
      wm *= s;
      wu *= s;
      wv *= s;
      s = 1.0;
    }
  }
  unbind(nr.stream);
  nr.scale = s;
  nr.lazyM = wm;
  nr.lazyU = wu;
  nr.lazyV = wv;
  // w = s W, materialised for every reader between chunks.
  const vs = f64x2.splat(s);
  const d2 = d & ~1;
  let i = 0;
  for (; i < d2; i += 2) {
    const o = <usize>i << 3;
    v128.store(nr.w + o, f64x2.mul(vs, v128.load(w + o)));
  }
  for (; i < d; i++) store<f64>(nr.w + (<usize>i << 3), s * load<f64>(w + (<usize>i << 3)));
  return done;
}

/** One step on a given sample (x: d doubles, copied), not touching the stream: for differential tests. */
export function neuronStepOn(ptr: usize, x: usize, y: f64): i32 {
  const nr = changetype<Neuron>(ptr);
  memory.copy(nr.x, x, <usize>nr.d << 3);
  const ok = neuronStep(nr, y);
  adoptWeights(nr);
  return ok ? 1 : 0;
}

/** alpha_e = w.e / |w| for e = m, u, v into out[0..2]. */
export function neuronOverlaps(ptr: usize, out: usize): void {
  const nr = changetype<Neuron>(ptr);
  const d = nr.d;
  const inv = 1.0 / Math.sqrt(dot(nr.w, nr.w, d));
  store<f64>(out, dot(nr.w, nr.model.m, d) * inv, 0);
  store<f64>(out, dot(nr.w, nr.model.u, d) * inv, 8);
  store<f64>(out, dot(nr.w, nr.model.v, d) * inv, 16);
}

/**
 * Test accuracy and mean loss over n samples regenerated from the saved stream state `testState`
 * (copied, never advanced: every checkpoint sees the same test set), into out[0] and out[1].
 * mode: TEST_MODEL or a censored set (censored.ts). Decision rule: predict y = +1 iff sigma(w.x) > tau,
 * with tau = E[sigma(xi)] (nullMean) for the correlation loss and tau = 0 for the square loss (whose
 * targets are +-1). The correlation loss rewards sigma(w.x) above its isotropic-class average, and that
 * average is the same for every unit w, so the rule needs no fit to data and gives exactly chance
 * accuracy (1/2 at prior 1/2) when w carries no signal. Sums are sequential in sample order.
 */
export function neuronEvaluate(ptr: usize, testState: usize, n: i32, mode: i32, out: usize): void {
  const nr = changetype<Neuron>(ptr);
  const d = nr.d;
  const model = nr.model;
  const a = nr.activation;
  const tau = nr.loss == CORRELATION ? nullMean(a) : 0.0;
  memory.copy(nr.testStream, testState, STREAM_BYTES);
  prepareTestSampler(model);
  let correct: f64 = 0;
  let total: f64 = 0;
  bind(nr.testStream);
  for (let s = 0; s < n; s++) {
    const y = testSampleInto(model, nr.x, mode);
    const output = activationValue(a, dot(nr.w, nr.x, d));
    const predicted: f64 = output > tau ? 1.0 : -1.0;
    if (predicted == y) correct += 1;
    total += lossValue(nr.loss, y, output);
  }
  unbind(nr.testStream);
  store<f64>(out, correct / <f64>n, 0);
  store<f64>(out, total / <f64>n, 8);
}

export function neuronWeights(ptr: usize): usize {
  return changetype<Neuron>(ptr).w;
}





export function neuronStepSize(ptr: usize): f64 {
  return changetype<Neuron>(ptr).eta;
}
