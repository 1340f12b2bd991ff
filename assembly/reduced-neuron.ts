// The single neuron of assembly/neuron.ts simulated exactly in overlap space (docs/reduced-engine.md):
// O(1) work per step whatever d, no d-vector anywhere.
//
// State: alpha_e = w.e (e = m, u, v) and r = |w_perp|, the norm of w's part orthogonal to the spikes, with
// |w| = 1 (alpha^2 + r^2 = 1 up to rounding; r is carried, not recomputed, so it keeps its relative accuracy
// when |alpha| is near 1). Write w = sum_e alpha_e e + r f with f a unit vector orthogonal to the spikes. A
// fresh sample x has spike coordinates x_e (assembly/reduced-model.ts) and an orthogonal part
// x_perp = g_w f + q, g_w ~ N(0, 1), q orthogonal to f and the spikes with |q|^2 ~ chi^2(d - 4), all
// independent of the past (x_perp is isotropic and fresh). Then h = w.x = sum_e alpha_e x_e + r g_w and the
// step of neuron.ts, w'' = a w + b x with c = eta l'(h), a = 1 + c h, b = -c, is
//   alpha''_e = a alpha_e + b x_e,   w''_perp = (a r + b g_w) f + b q,   |w''_perp|^2 = (a r + b g_w)^2 + b^2 chi,
//   |w''|^2 = sum_e alpha''_e^2 + |w''_perp|^2,   alpha' = alpha'' / |w''|,   r' = |w''_perp| / |w''|.
// By rotation invariance in the orthogonal complement, the law of the next step given the past depends on
// (alpha, r) only: the chain (alpha, r) has exactly the law of the overlaps of the full simulation.
// Start: w uniform on the sphere is g / |g|, g ~ N(0, I_d): alpha_e = g_e / |g|, r = sqrt(chi) / |g| with
// chi ~ chi^2(d - 3) and |g|^2 = sum_e g_e^2 + chi.
//
// Draws from the replica's training stream (seed, index): at creation g_m, g_u, g_v (normals) then chi;
// per step the sample's spike coordinates (reduced-model.ts), then g_w (a normal), then chi^2(d - 4).
// Test sets: per test sample, the spike coordinates then g_w, from the saved test-stream state reloaded at
// every evaluation. The coordinates are those of the neuron's current frame, so each checkpoint scores a
// test set drawn afresh from the model (the full engine keeps one fixed set of d-vectors): the law of each
// checkpoint's score is the same in both engines, the correlation between checkpoints is not.
import { bind, unbind, streamInit } from "./random";
import { at } from "./memory";
import { chiSquareExact, ChiSquareLaw, chiSquareLawInit, chiSquareDraw, normal } from "./reduced-random";
import { reducedSample, sampleM, sampleU, sampleV } from "./reduced-model";
import { activationValue } from "./activation";
import { CORRELATION, neuronLossDerivative } from "./loss";
import { TEST_MODEL, evaluateTestSet } from "./censored";
import { nullMean } from "./neuron";
import { recordRecovery, recoveryCreate } from "./recovery";
import { ModelReplica, modelReplicaFree, modelReplicaStart, runChunk, squaredNormFailure, FAILURE_NONE } from "./replica";

@unmanaged
class ReducedNeuron extends ModelReplica {
  /** The dimension, an integer >= 4 held exactly in an f64 (d may exceed 2^31). */
  d: f64;
  /** 4 doubles: alpha_m, alpha_u, alpha_v, r. */
  state: usize;
  eta: f64;
  /** chi^2(d - 4), the per-step draw. */
  rest: ChiSquareLaw;
  /** g_w of the last test sample (testSample, testOutput). */
  testGw: f64;

  /** One step on a fresh sample from the bound stream (runChunk's step): spike coordinates, g_w, chi. */
  trainStep(): bool {
    const y = reducedSample(this.model, TEST_MODEL);
    const gw = normal();
    return reducedNeuronStep(this, y, sampleM, sampleU, sampleV, gw, chiSquareDraw(this.rest));
  }

  /** Nothing to materialise between chunks: the state is the overlaps themselves. */
  endChunk(): void {}

  /** One test sample in the neuron's frame (evaluateTestSet): spike coordinates, then g_w; returns y. */
  testSample(mode: i32): f64 {
    const y = reducedSample(this.model, mode);
    this.testGw = normal();
    return y;
  }

  /** sigma(h), h = alpha . x_S + r g_w: the neuron's output on the last test sample. */
  testOutput(): f64 {
    const s = this.state;
    const h = get(s, 0) * sampleM + get(s, 1) * sampleU + get(s, 2) * sampleV + get(s, 3) * this.testGw;
    return activationValue(this.activation, h);
  }
}

// @ts-ignore: decorator
@inline function get(p: usize, i: i32): f64 {
  return load<f64>(at(p, i));
}

// @ts-ignore: decorator
@inline function put(p: usize, i: i32, x: f64): void {
  store<f64>(at(p, i), x);
}

/**
 * A replica with training stream (seed, index). `model` is borrowed (made by modelCreate with d = 0: no
 * spikes), as is `activation`. d >= 4 (an integer in an f64).
 */
export function reducedNeuronCreate(model: usize, activation: usize, loss: i32, d: f64, eta: f64, threshold: f64, seed: f64, index: f64): usize {
  const nr = changetype<ReducedNeuron>(heap.alloc(offsetof<ReducedNeuron>()));
  nr.d = d;
  modelReplicaStart(nr, model, activation, loss, threshold);
  nr.state = heap.alloc(32);
  nr.rest = changetype<ChiSquareLaw>(heap.alloc(offsetof<ChiSquareLaw>()));
  chiSquareLawInit(nr.rest, d - 4.0);
  nr.recovery = recoveryCreate();
  nr.eta = eta;
  streamInit(nr.stream, seed, index);
  bind(nr.stream);
  const gm = normal();
  const gu = normal();
  const gv = normal();
  const chi = chiSquareExact(d - 3.0);
  unbind(nr.stream);
  const inv = 1.0 / Math.sqrt(gm * gm + gu * gu + gv * gv + chi);
  const s = nr.state;
  put(s, 0, gm * inv);
  put(s, 1, gu * inv);
  put(s, 2, gv * inv);
  put(s, 3, Math.sqrt(chi) * inv);
  nr.tracking = recordRecovery(nr.recovery, get(s, 0), get(s, 1), get(s, 2), threshold, 0.0);
  return changetype<usize>(nr);
}

export function reducedNeuronFree(ptr: usize): void {
  const nr = changetype<ReducedNeuron>(ptr);
  heap.free(nr.state);
  heap.free(changetype<usize>(nr.rest));
  modelReplicaFree(nr);
}

/**
 * One step on a sample given by its spike coordinates (xm, xu, xv), label y, orthogonal coordinate gw and
 * chi (the squared norm of the rest). Returns false (setting failure, state unchanged) if |w''| is not a
 * finite positive number.
 */
function reducedNeuronStep(nr: ReducedNeuron, y: f64, xm: f64, xu: f64, xv: f64, gw: f64, chi: f64): bool {
  const s = nr.state;
  const am = get(s, 0);
  const au = get(s, 1);
  const av = get(s, 2);
  const r = get(s, 3);
  const h = am * xm + au * xu + av * xv + r * gw;
  const c = nr.eta * neuronLossDerivative(nr.loss, y, nr.activation, h);
  const a = 1.0 + c * h;
  const b = -c;
  const nm = a * am + b * xm;
  const nu = a * au + b * xu;
  const nv = a * av + b * xv;
  const along = a * r + b * gw;
  const perp2 = along * along + b * b * chi;
  const ss = nm * nm + nu * nu + nv * nv + perp2;
  const failure = squaredNormFailure(ss);
  if (failure != FAILURE_NONE) {
    nr.failure = failure;
    return false;
  }
  const inv = 1.0 / Math.sqrt(ss);
  put(s, 0, nm * inv);
  put(s, 1, nu * inv);
  put(s, 2, nv * inv);
  put(s, 3, Math.sqrt(perp2) * inv);
  nr.step += 1;
  if (nr.tracking > 0) {
    nr.tracking = recordRecovery(nr.recovery, get(s, 0), get(s, 1), get(s, 2), nr.threshold, nr.step);
  }
  return true;
}

/** Runs n steps inside the wasm; returns the number completed (fewer if a step failed). */
export function reducedNeuronRunChunk(ptr: usize, n: i32): i32 {
  return runChunk<ReducedNeuron>(changetype<ReducedNeuron>(ptr), n);
}

/** One step on given draws (5 doubles: xm, xu, xv, gw, chi), not touching the stream: for differential tests. */
export function reducedNeuronStepOn(ptr: usize, draws: usize, y: f64): i32 {
  const nr = changetype<ReducedNeuron>(ptr);
  return reducedNeuronStep(nr, y, get(draws, 0), get(draws, 1), get(draws, 2), get(draws, 3), get(draws, 4)) ? 1 : 0;
}

/** alpha_m, alpha_u, alpha_v into out[0..2]. */
export function reducedNeuronOverlaps(ptr: usize, out: usize): void {
  const s = changetype<ReducedNeuron>(ptr).state;
  put(out, 0, get(s, 0));
  put(out, 1, get(s, 1));
  put(out, 2, get(s, 2));
}

/** The state (alpha_m, alpha_u, alpha_v, r): 4 doubles, writable (tests set chosen states). */
export function reducedNeuronState(ptr: usize): usize {
  return changetype<ReducedNeuron>(ptr).state;
}

/** Re-checks the recovery record against the current state (after a state was written by hand). */
export function reducedNeuronStartRecovery(ptr: usize): void {
  const nr = changetype<ReducedNeuron>(ptr);
  const s = nr.state;
  nr.tracking = recordRecovery(nr.recovery, get(s, 0), get(s, 1), get(s, 2), nr.threshold, nr.step);
}

/**
 * Test accuracy and mean loss over n test samples drawn in the neuron's frame from the saved stream state
 * `testState` (copied, never advanced), into out[0], out[1]; the decision rule of neuronEvaluate
 * (sigma(h) > E[sigma(xi)] for the correlation loss, > 0 for the square loss). Sums in sample order.
 */
export function reducedNeuronEvaluate(ptr: usize, testState: usize, n: i32, mode: i32, out: usize): void {
  const nr = changetype<ReducedNeuron>(ptr);
  evaluateTestSet<ReducedNeuron>(nr, testState, n, mode, nr.loss == CORRELATION ? nullMean(nr.activation) : 0.0, out);
}

export function reducedNeuronStepSize(ptr: usize): f64 {
  return changetype<ReducedNeuron>(ptr).eta;
}
