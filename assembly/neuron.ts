// The single neuron of docs/science.md section 3: w on the unit sphere, online SGD with one fresh sample per
// step and the spherical step
//   g = grad_w l,  g_s = g - (g.w) w,  w <- (w - eta g_s) / |w - eta g_s|.
// Every loss here depends on w only through z = w.x, so g = l'(z) x and g.w = l'(z) z, and the step is
// the one-pass combination
//   w - eta g_s = (1 + eta l'(z) z) w - eta l'(z) x
// followed by a rescale (combineRow in sgd.ts returns the squared norm in the same pass).
//
// A replica's whole state lives in wasm memory: the weights, the model it samples from, its own
// training stream (32 bytes), a scratch row for x and the weak-recovery record. The TypeScript layer
// creates it, runs chunks of steps, measures at checkpoints and frees it.
import { streamInit, fillNormal } from "./random";
import { dot, scale, normalise } from "./vector";
import { INV_SQRT_2PI } from "./special";
import { Model, sampleInto, modelOverlaps } from "./model";
import { Activation, activationValue, RELU, HERMITE } from "./activation";
import { CORRELATION, neuronLossDerivative } from "./loss";
import { combineRow, combineRowTracked } from "./sgd";
import { evaluateTestSet } from "./censored";
import { recordRecovery, recoveryCreate } from "./recovery";
import { Replica, runChunk, squaredNormFailure, FAILURE_NONE } from "./replica";

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

  /** One step on a fresh sample from the bound stream (runChunk's step). */
  trainStep(): bool {
    return neuronStep(this, sampleInto(this.model, this.x));
  }

  /** sigma(w.x): the neuron's output on x (the test-set evaluation's prediction). */
  output(x: usize): f64 {
    return activationValue(this.activation, dot(this.w, x, this.d));
  }
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
  nr.loss = loss;
  nr.failure = FAILURE_NONE;
  nr.activation = changetype<Activation>(activation);
  nr.model = mdl;
  nr.stream = heap.alloc(32);
  nr.testStream = heap.alloc(32);
  nr.w = heap.alloc(bytes);
  nr.x = heap.alloc(bytes);
  nr.overlapScratch = heap.alloc(24);
  nr.recovery = recoveryCreate();
  nr.eta = eta;
  nr.threshold = threshold;
  nr.step = 0;
  streamInit(nr.stream, seed, index);
  fillNormal(nr.stream, nr.w, d);
  normalise(nr.w, d);
  nr.tracking = 3;
  neuronStartRecovery(changetype<usize>(nr));
  return changetype<usize>(nr);
}

/** Checks the current weights against the threshold (at creation, and after weights are set by hand). */
export function neuronStartRecovery(ptr: usize): void {
  const nr = changetype<Neuron>(ptr);
  const s = nr.overlapScratch;
  neuronOverlaps(ptr, s);
  nr.tracking = recordRecovery(nr.recovery, load<f64>(s, 0), load<f64>(s, 8), load<f64>(s, 16), nr.threshold, nr.step);
}

export function neuronFree(ptr: usize): void {
  const nr = changetype<Neuron>(ptr);
  heap.free(nr.stream);
  heap.free(nr.testStream);
  heap.free(nr.w);
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
  return neuronStep(nr, y) ? 1 : 0;
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
