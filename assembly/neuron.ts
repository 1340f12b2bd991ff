// The single neuron of docs/science.md section 3: w on the unit sphere, online SGD with one fresh sample per
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
import { streamInit, fillNormal } from "./random";
import { dot, scale, normalise } from "./vector";
import { INV_SQRT_2PI } from "./special";
import { Model, sampleWithSpanDots, coefM, coefU, coefV, lastWz, lastMz, lastUz, lastVz, modelOverlaps } from "./model";
import {
  lazyRowMu, lazyRowFailure, SPAN_DOUBLES, spanGram, spanAdopt, spanScale, spanSetScale, spanDotSample, spanRowUpdate,
  spanSettle, spanSave, spanRestore, spanWeights, spanWm, spanWu, spanWv,
} from "./fused";
import { Activation, activationValue, RELU, HERMITE } from "./activation";
import { CORRELATION, neuronLossDerivative } from "./loss";
import { combineRow, combineRowTracked } from "./sgd";
import { evaluateTestSet, testSampleInto } from "./censored";
import { recordRecovery, recoveryCreate } from "./recovery";
import { ModelReplica, modelReplicaFree, modelReplicaStart, runChunk, squaredNormFailure, FAILURE_NONE } from "./replica";

export { FAILURE_NONE, FAILURE_NON_FINITE, FAILURE_ZERO_NORM } from "./replica";

@unmanaged
export class Neuron extends ModelReplica {
  d: i32;
  w: usize;
  x: usize;
  /** 3 doubles: w'.m, w'.u, w'.v of the last tracked step (before the rescale). */
  overlapScratch: usize;
  eta: f64;
  /**
   * The chunks' lazily normalised weights, kept in parts (fused.ts): w = s (N + c_m m + c_u u + c_v v), N in
   * lazyW and the scalars (SPAN_DOUBLES) in lazyState, carried from step to step. They persist between
   * chunks, so results do not depend on where chunks end; w is materialised into `w` at the end of every
   * chunk (endChunk).
   */
  lazyW: usize;
  lazyState: usize;
  /** The model's Gram matrix of m, u, v (spanGram). */
  gram: usize;

  /** One step on a fresh sample from the bound stream (runChunk's step): the fused step. */
  trainStep(): bool {
    return fusedStep(this);
  }

  /** w = scale * W from W's parts, for every reader between chunks (runChunk calls it when a chunk ends). */
  endChunk(): void {
    const mdl = this.model;
    spanWeights(this.w, this.lazyState, this.lazyW, mdl.m, mdl.u, mdl.v, this.d);
  }

  /** sigma(w.x): the neuron's output on x (the test-set evaluation's prediction). */
  output(x: usize): f64 {
    return activationValue(this.activation, dot(this.w, x, this.d));
  }

  /** One test sample into x from the bound stream (evaluateTestSet); returns its label. */
  testSample(mode: i32): f64 {
    return testSampleInto(this.model, this.x, mode);
  }

  testOutput(): f64 {
    return this.output(this.x);
  }
}

/** Takes w (set at creation, by hand, or by neuronStepOn) as the lazy state: N = w, no span part, scale 1. */
function adoptWeights(nr: Neuron): void {
  const mdl = nr.model;
  spanAdopt(nr.lazyState, nr.lazyW, nr.w, mdl.m, mdl.u, mdl.v, nr.d);
}

/** eta = lr d^-a; a = 1 (the default) is computed as lr / d, exactly as the rule reads. */
export function learningRate(lr: f64, d: f64, exponent: f64): f64 {
  return exponent == 1.0 ? lr / d : lr * Math.pow(d, -exponent);
}

/**
 * E[sigma(xi)] for xi ~ N(0, 1): the mean output of a unit-norm neuron on the isotropic class (y = -1:
 * w.x ~ N(0, 1) exactly, whatever w). ReLU 1/sqrt(2 pi); tanh and erf 0 (odd); Hermite series c_0.
 */
export function nullMean(a: Activation): f64 {
  if (a.kind == RELU) return INV_SQRT_2PI;
  if (a.kind == HERMITE) return load<f64>(a.coefficients);
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
  modelReplicaStart(nr, model, activation, loss, threshold);
  nr.w = heap.alloc(bytes);
  nr.lazyW = heap.alloc(bytes);
  nr.x = heap.alloc(bytes);
  nr.overlapScratch = heap.alloc(24);
  nr.recovery = recoveryCreate();
  nr.eta = eta;
  nr.lazyState = heap.alloc(SPAN_DOUBLES << 3);
  nr.gram = heap.alloc(48);
  spanGram(nr.gram, mdl.m, mdl.u, mdl.v, d);
  streamInit(nr.stream, seed, index);
  fillNormal(nr.stream, nr.w, d);
  normalise(nr.w, d);
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
  heap.free(nr.w);
  heap.free(nr.lazyW);
  heap.free(nr.lazyState);
  heap.free(nr.gram);
  heap.free(nr.x);
  heap.free(nr.overlapScratch);
  modelReplicaFree(nr);
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
  const failure = squaredNormFailure(ss);
  if (failure != FAILURE_NONE) {
    nr.failure = failure;
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


/**
 * The fused step (what the chunks run): two passes over d instead of six. The weights are kept in parts,
 * w = s W with W = N + c_m m + c_u u + c_v v (fused.ts): the sampling pass (sampleWithSpanDots: the same
 * draws as sampleInto) makes the noise z and N.z, m.z, u.z, v.z; then
 *   w.x = s (((W.z + a W.m) + b W.u) + e W.v)          (x = z + a m + b u + e v, never stored),
 *   c = eta l'(w.x),  keep = 1 + c w.x,  keep w - c x = mu W' with W' = alpha W + beta x  (lazyCoefficients),
 * the update pass (combineRow) moves N alone, N' = alpha N + beta z, and returns |N'|^2, spanRowUpdate gives
 * |W'|^2 and W'.m, W'.u, W'.v, and the normalised weights are s' W' with s' = sign(mu) / |W'|. The same
 * step as neuronStep in exact arithmetic, and the same failures: the unnormalised weights mu W' have a
 * non-finite or overflowing squared norm (mu |W'|)^2, or are zero (then they are left as computed:
 * scale = mu).
 */
function fusedStep(nr: Neuron): bool {
  const model = nr.model;
  const n = nr.lazyW;
  const state = nr.lazyState;
  const gram = nr.gram;
  const s = spanScale(state);
  const y = sampleWithSpanDots(model, nr.x, n);
  const a = coefM, b = coefU, e = coefV;
  const mz = lastMz, uz = lastUz, vz = lastVz;
  const z = s * spanDotSample(state, gram, lastWz, mz, uz, vz, a, b, e);
  const c = nr.eta * neuronLossDerivative(nr.loss, y, nr.activation, z);
  const ss = spanRowUpdate(state, gram, n, nr.x, nr.d, 1.0 + c * z, c, a, b, e, mz, uz, vz);
  const mu = lazyRowMu();
  const failure = lazyRowFailure(ss);
  if (failure != FAILURE_NONE) {
    nr.failure = failure;
    spanSetScale(state, mu);
    return false;
  }
  const sNew = (mu < 0 ? -1.0 : 1.0) / Math.sqrt(ss);
  nr.step += 1;
  if (nr.tracking > 0) nr.tracking = recordRecovery(nr.recovery, spanWm * sNew, spanWu * sNew, spanWv * sNew, nr.threshold, nr.step);
  spanSettle(state, n, nr.d, ss, sNew);
  return true;
}

/**
 * Runs n steps, each on a fresh sample drawn with the replica's stream bound for the whole chunk.
 * Returns the number of steps completed: n, or fewer if step (nr.step + 1) failed (see neuronFailure).
 */
export function neuronRunChunk(ptr: usize, n: i32): i32 {
  return runChunk<Neuron>(changetype<Neuron>(ptr), n);
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
  modelOverlaps(nr.model, nr.w, out);
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
  evaluateTestSet<Neuron>(nr, testState, n, mode, nr.loss == CORRELATION ? nullMean(nr.activation) : 0.0, out);
}

export function neuronWeights(ptr: usize): usize {
  return changetype<Neuron>(ptr).w;
}

export function neuronStepSize(ptr: usize): f64 {
  return changetype<Neuron>(ptr).eta;
}

/**
 * The fused step's state beyond w (saveReplica): how many doubles neuronSaveLazy writes: the noise part N
 * of the weights (d), then the row's scalars (fused.ts: s, c_m, c_u, c_v, N.m, N.u, N.v).
 */
export function neuronLazyLength(ptr: usize): i32 {
  return changetype<Neuron>(ptr).d + SPAN_DOUBLES;
}

/** Writes the fused step's state (neuronLazyLength doubles) into out. */
export function neuronSaveLazy(ptr: usize, out: usize): void {
  const nr = changetype<Neuron>(ptr);
  spanSave(out, nr.lazyW, nr.lazyState, 1, nr.d);
}

/** Restores the fused step's state from neuronSaveLazy's layout (after the weights are restored). */
export function neuronRestoreLazy(ptr: usize, values: usize): void {
  const nr = changetype<Neuron>(ptr);
  spanRestore(values, nr.lazyW, nr.lazyState, 1, nr.d);
}
