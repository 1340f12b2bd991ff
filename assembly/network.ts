// The two-layer network of docs/science.md section 3:
//   f(x) = sum_k a_k sigma(w_k.x) + b,   k = 1..K,
// rows w_k started uniformly on the unit sphere, a_k = 1/K, b = 0. Online SGD on the square or logistic
// loss l(y, f): with r = dl/df,
//   grad_{w_k} l = r a_k sigma'(z_k) x,   grad_{a_k} l = r sigma(z_k),   grad_b l = r,
// all at the current parameters (a simultaneous update). First-layer step etaW = lrW / d, second-layer
// step etaA = lrA / K (also for the optional bias). Options: a fixed second layer, spherical rows (the
// neuron's projected step and renormalisation, row by row) and mini-batches of B fresh samples whose
// gradients are averaged (one step = B samples).
//
// Order of operations per step (part of the determinism contract): forward pass, z_k in increasing k,
// f = (sum_k a_k sigma(z_k) in increasing k) + b; then rows in increasing k; then a, then b.
import { at } from "./memory";
import { streamInit, fillNormal, fillRademacher } from "./random";
import { dot, axpy, scale, normalise } from "./vector";
import { Model, sampleInto, modelOverlaps, sampleWithSpanDots, coefM, coefU, coefV, lastWz, lastMz, lastUz, lastVz } from "./model";
import {
  lazyRowMu, lazyRowFailure, SPAN_DOUBLES, spanGram, spanAdopt, spanScale, spanSetScale, spanDotSample, spanRowUpdate,
  spanSettle, spanSave, spanRestore, spanWeights, spanWm, spanWu, spanWv,
} from "./fused";
import { activationValue, activationDerivative } from "./activation";
import { lossSlope } from "./loss";
import { combineRow, combineRowTracked } from "./sgd";
import { evaluateTestSet, testSampleInto } from "./censored";
import { recordRecovery, recoveryCreate } from "./recovery";
import { ModelReplica, modelReplicaFree, modelReplicaStart, runChunk, squaredNormFailure, FAILURE_NONE, FAILURE_NON_FINITE } from "./replica";

/** What the two-layer networks of both engines hold alike: the shape, the flags, the second layer and the step sizes. */
@unmanaged
export class NetworkReplica extends ModelReplica {
  hidden: i32;
  batch: i32;
  /** SECOND_LAYER_TRAINED or 0. */
  trainSecondLayer: i32;
  spherical: i32;
  bias: i32;
  /** K doubles: the second layer. */
  a: usize;
  /** K doubles each: z_k = w_k.x and sigma(z_k) of the last forward pass. */
  z: usize;
  act: usize;
  b: f64;
  etaW: f64;
  etaA: f64;
}

/** Starts a NetworkReplica's fields (modelReplicaStart, the flags, b = 0, the step sizes); allocates only the streams. */
export function networkReplicaStart(
  net: NetworkReplica, model: usize, activation: usize, hidden: i32, loss: i32, etaW: f64, etaA: f64,
  trainSecondLayer: i32, spherical: i32, bias: i32, batch: i32, threshold: f64,
): void {
  modelReplicaStart(net, model, activation, loss, threshold);
  net.hidden = hidden;
  net.batch = batch;
  net.trainSecondLayer = trainSecondLayer & SECOND_LAYER_TRAINED;
  net.spherical = spherical;
  net.bias = bias;
  net.b = 0;
  net.etaW = etaW;
  net.etaA = etaA;
}

@unmanaged
export class Network extends NetworkReplica {
  d: i32;
  /** K x d, row-major. */
  W: usize;
  x: usize;
  /** K x d and K doubles of summed gradients (mini-batches only; 0 when batch = 1). */
  gradW: usize;
  gradA: usize;
  overlapScratch: usize;
  /**
   * The batch-1 chunks' lazily scaled rows, each kept in parts (fused.ts): w_k = s_k (N_k + c_k.(m, u, v)),
   * N_k in lazyW (K x d) and the row's scalars in lazyState (K x SPAN_DOUBLES), carried from step to step;
   * they persist between chunks (results do not depend on where chunks end) and W is materialised at the
   * end of every chunk.
   */
  lazyW: usize;
  lazyState: usize;
  /** The model's Gram matrix of m, u, v (spanGram). */
  gram: usize;

  /** One step (batch 1: one fresh sample, fused; else a mini-batch) from the bound stream (runChunk's step). */
  trainStep(): bool {
    return this.batch == 1 ? networkStepFused(this) : networkBatchStep(this);
  }

  /** Batch 1: W = scale_k W_k of the lazy state, for every reader between chunks (runChunk's hook). */
  endChunk(): void {
    if (this.batch != 1) return;
    const d = this.d;
    const mdl = this.model;
    for (let k = 0; k < this.hidden; k++) {
      const offset = (<usize>k * <usize>d) << 3;
      spanWeights(this.W + offset, rowState(this, k), this.lazyW + offset, mdl.m, mdl.u, mdl.v, d);
    }
  }

  /** f(x), by the forward pass (the test-set evaluation's prediction; fills z and act). */
  output(x: usize): f64 {
    return forward(this, x);
  }

  /** One test sample into x from the bound stream (evaluateTestSet); returns its label. */
  testSample(mode: i32): f64 {
    return testSampleInto(this.model, this.x, mode);
  }

  testOutput(): f64 {
    return this.output(this.x);
  }
}

// @ts-ignore: decorator
@inline function row(net: Network, k: i32): usize {
  return net.W + ((<usize>k * <usize>net.d) << 3);
}

// @ts-ignore: decorator
@inline function rowState(net: Network, k: i32): usize {
  return net.lazyState + <usize>(k * (SPAN_DOUBLES << 3));
}

/** Takes W (set at creation, by hand, or by a step outside the fused path) as the lazy state. */
function adoptWeights(net: Network): void {
  const d = net.d;
  const mdl = net.model;
  for (let k = 0; k < net.hidden; k++) {
    const offset = (<usize>k * <usize>d) << 3;
    spanAdopt(rowState(net, k), net.lazyW + offset, net.W + offset, mdl.m, mdl.u, mdl.v, d);
  }
}

/** secondLayer flags: bit 0 trains a, bit 1 starts it at +-1/K with random signs (else 1/K). */
export const SECOND_LAYER_TRAINED: i32 = 1;
export const SECOND_LAYER_RANDOM: i32 = 2;

/**
 * Makes a replica with training stream (seed, index): K x d normals in row order, each row normalised;
 * with SECOND_LAYER_RANDOM then K Rademacher signs, a_k = sign_k / K. The model and activation are
 * borrowed. trainSecondLayer holds the SECOND_LAYER_* bits; the other flags are 0 or 1.
 */
export function networkCreate(
  model: usize, activation: usize, hidden: i32, loss: i32, etaW: f64, etaA: f64,
  trainSecondLayer: i32, spherical: i32, bias: i32, batch: i32, threshold: f64, seed: f64, index: f64,
): usize {
  const net = changetype<Network>(heap.alloc(offsetof<Network>()));
  const mdl = changetype<Model>(model);
  const d = mdl.d;
  net.d = d;
  networkReplicaStart(net, model, activation, hidden, loss, etaW, etaA, trainSecondLayer, spherical, bias, batch, threshold);
  const kd = <usize>hidden * <usize>d;
  net.W = heap.alloc(kd << 3);
  net.lazyW = heap.alloc(kd << 3);
  net.lazyState = heap.alloc(<usize>(hidden * (SPAN_DOUBLES << 3)));
  net.gram = heap.alloc(48);
  spanGram(net.gram, mdl.m, mdl.u, mdl.v, d);
  net.a = heap.alloc(<usize>hidden << 3);
  net.x = heap.alloc(<usize>d << 3);
  net.z = heap.alloc(<usize>hidden << 3);
  net.act = heap.alloc(<usize>hidden << 3);
  net.gradW = batch > 1 ? heap.alloc(kd << 3) : 0;
  net.gradA = heap.alloc(<usize>hidden << 3);
  net.overlapScratch = heap.alloc(24);
  net.recovery = recoveryCreate();
  streamInit(net.stream, seed, index);
  fillNormal(net.stream, net.W, <i32>kd);
  for (let k = 0; k < hidden; k++) {
    normalise(row(net, k), d);
    store<f64>(at(net.a, k), 1.0 / <f64>hidden);
  }
  if ((trainSecondLayer & SECOND_LAYER_RANDOM) != 0) {
    // K signs after W from the training stream: a_k = sign_k / K
    fillRademacher(net.stream, net.a, hidden);
    for (let k = 0; k < hidden; k++) store<f64>(at(net.a, k), load<f64>(at(net.a, k)) / <f64>hidden);
  }
  net.tracking = 3;
  networkStartRecovery(changetype<usize>(net));
  return changetype<usize>(net);
}

export function networkFree(ptr: usize): void {
  const net = changetype<Network>(ptr);
  heap.free(net.W);
  heap.free(net.lazyW);
  heap.free(net.lazyState);
  heap.free(net.gram);
  heap.free(net.a);
  heap.free(net.x);
  heap.free(net.z);
  heap.free(net.act);
  if (net.gradW != 0) heap.free(net.gradW);
  heap.free(net.gradA);
  heap.free(net.overlapScratch);
  modelReplicaFree(net);
}

/** alpha_{k,e} = w_k.e / |w_k| into out (K x 3, row-major: unit k, then m, u, v). */
export function networkOverlaps(ptr: usize, out: usize): void {
  const net = changetype<Network>(ptr);
  for (let k = 0; k < net.hidden; k++) modelOverlaps(net.model, row(net, k), out + <usize>(24 * k));
}

/**
 * Checks the current weights against the threshold (at creation, and after weights are set by hand), and
 * takes them as the starting point of the next chunk.
 */
export function networkStartRecovery(ptr: usize): void {
  const net = changetype<Network>(ptr);
  adoptWeights(net);
  const K = net.hidden;
  const tmp = heap.alloc(<usize>(24 * K));
  networkOverlaps(ptr, tmp);
  let bm: f64 = 0, bu: f64 = 0, bv: f64 = 0;
  for (let k = 0; k < K; k++) {
    const o = tmp + <usize>(24 * k);
    bm = Math.max(bm, Math.abs(load<f64>(o, 0)));
    bu = Math.max(bu, Math.abs(load<f64>(o, 8)));
    bv = Math.max(bv, Math.abs(load<f64>(o, 16)));
  }
  heap.free(tmp);
  net.tracking = recordRecovery(net.recovery, bm, bu, bv, net.threshold, net.step);
}

/** Forward pass on x: fills z and act, returns f(x). */
function forward(net: Network, x: usize): f64 {
  const d = net.d;
  const a = net.activation;
  let f: f64 = 0;
  for (let k = 0; k < net.hidden; k++) {
    const zk = dot(row(net, k), x, d);
    const sk = activationValue(a, zk);
    store<f64>(at(net.z, k), zk);
    store<f64>(at(net.act, k), sk);
    f += load<f64>(at(net.a, k)) * sk;
  }
  return f + net.b;
}

/**
 * Row k <- (1 + s g.w) w - s g (spherical) or w - s g, with g = gScale * gRow and s the step; then
 * the spherical rescale. Returns false (setting net.failure) if the row cannot continue. Tracks the
 * largest |alpha_e| over the rows updated so far in best[0..2].
 */
// @ts-ignore: decorator
@inline function updateRow(net: Network, k: i32, gRow: usize, coef: f64, gw: f64, best: usize): bool {
  const d = net.d;
  const w = row(net, k);
  // coef = step * (scale of g along gRow); gw = g.w / (that scale), so the projection term is coef * gw.
  const keep = net.spherical != 0 ? 1.0 + coef * gw : 1.0;
  let ss: f64;
  if (net.tracking > 0) {
    const mdl = net.model;
    ss = combineRowTracked(w, keep, gRow, -coef, d, mdl.m, mdl.u, mdl.v, net.overlapScratch);
  } else {
    ss = combineRow(w, keep, gRow, -coef, d);
  }
  const failure = squaredNormFailure(ss);
  if (failure != FAILURE_NONE) {
    net.failure = failure;
    return false;
  }
  const inv = 1.0 / Math.sqrt(ss);
  if (net.spherical != 0) scale(inv, w, d);
  if (net.tracking > 0) {
    const s = net.overlapScratch;
    for (let e = 0; e < 3; e++) {
      const o = <usize>e << 3;
      store<f64>(best + o, Math.max(load<f64>(best + o), Math.abs(load<f64>(s + o) * inv)));
    }
  }
  return true;
}

// Second layer and bias: a_k -= s gA_k, b -= s gB; false if any becomes non-finite.
function updateSecondLayer(net: Network, gA: usize, gB: f64, s: f64): bool {
  let finite = true;
  if (net.trainSecondLayer != 0) {
    for (let k = 0; k < net.hidden; k++) {
      const ak = load<f64>(at(net.a, k)) - s * load<f64>(at(gA, k));
      store<f64>(at(net.a, k), ak);
      finite = finite && ak - ak == 0;
    }
  }
  if (net.bias != 0) {
    net.b -= s * gB;
    finite = finite && net.b - net.b == 0;
  }
  if (!finite) net.failure = FAILURE_NON_FINITE;
  return finite;
}

// Best |alpha| per direction over the units of the current step (3 doubles), reset every step.
const best = heap.alloc(24);

function finishStep(net: Network): void {
  net.step += 1;
  if (net.tracking > 0) {
    net.tracking = recordRecovery(net.recovery, load<f64>(best, 0), load<f64>(best, 8), load<f64>(best, 16), net.threshold, net.step);
  }
}

/** One step on the sample in net.x with label y (batch 1). */
function networkStep(net: Network, y: f64): bool {
  const x = net.x;
  const f = forward(net, x);
  const r = lossSlope(net.loss, y, f);
  const act = net.activation;
  memory.fill(best, 0, 24);
  for (let k = 0; k < net.hidden; k++) {
    const zk = load<f64>(at(net.z, k));
    const coef = net.etaW * (r * load<f64>(at(net.a, k)) * activationDerivative(act, zk));
    if (!updateRow(net, k, x, coef, zk, best)) return false;
    store<f64>(at(net.gradA, k), r * load<f64>(at(net.act, k)));
  }
  if (!updateSecondLayer(net, net.gradA, r, net.etaA)) return false;
  finishStep(net);
  return true;
}

/** One mini-batch step: B samples drawn from the bound stream, gradients summed, then averaged. */
function networkBatchStep(net: Network): bool {
  const d = net.d;
  const K = net.hidden;
  const B = net.batch;
  const x = net.x;
  const act = net.activation;
  memory.fill(net.gradW, 0, (<usize>K * <usize>d) << 3);
  memory.fill(net.gradA, 0, <usize>K << 3);
  let gB: f64 = 0;
  for (let s = 0; s < B; s++) {
    const y = sampleInto(net.model, x);
    const r = lossSlope(net.loss, y, forward(net, x));
    for (let k = 0; k < K; k++) {
      const zk = load<f64>(at(net.z, k));
      axpy(r * load<f64>(at(net.a, k)) * activationDerivative(act, zk), x, net.gradW + ((<usize>k * <usize>d) << 3), d);
      store<f64>(at(net.gradA, k), load<f64>(at(net.gradA, k)) + r * load<f64>(at(net.act, k)));
    }
    gB += r;
  }
  const invB = 1.0 / <f64>B;
  memory.fill(best, 0, 24);
  for (let k = 0; k < K; k++) {
    const g = net.gradW + ((<usize>k * <usize>d) << 3);
    const gw = net.spherical != 0 ? dot(g, row(net, k), d) : 0.0;
    if (!updateRow(net, k, g, net.etaW * invB, gw, best)) return false;
  }
  if (!updateSecondLayer(net, net.gradA, gB, net.etaA * invB)) return false;
  finishStep(net);
  return true;
}


/**
 * One batch-1 step in 1 + 2K passes instead of 3 + 3K: the sampling pass (noise, N_0.z and m.z, u.z, v.z),
 * the dots N_k.z of the other rows, and one update pass per row (combineRow: N_k and z only). Each row is
 * kept in parts (fused.ts), w_k = s_k W_k with W_k = N_k + c_k.(m, u, v), so that
 * z_k = w_k.x = s_k (((W_k.z + a W_k.m) + b W_k.u) + e W_k.v) (spanDotSample); the row step
 * w_k <- keep w_k - c x (keep = 1 + c z_k if spherical, else 1) is mu W_k' with W_k' = alpha W_k + beta x
 * (lazyCoefficients), the new scale sign(mu) / |W_k'| if spherical (mu if not). The same step as
 * networkStep in exact arithmetic; the rest (second layer, bias, weak recovery, failures) as there.
 */
function networkStepFused(net: Network): bool {
  const d = net.d;
  const K = net.hidden;
  const mdl = net.model;
  const x = net.x;
  const act = net.activation;
  const gram = net.gram;
  const y = sampleWithSpanDots(mdl, x, net.lazyW);
  const ca = coefM, cb = coefU, ce = coefV;
  const mz = lastMz, uz = lastUz, vz = lastVz;
  let f: f64 = 0;
  for (let k = 0; k < K; k++) {
    const n = net.lazyW + ((<usize>k * <usize>d) << 3);
    const state = rowState(net, k);
    const nz = k == 0 ? lastWz : dot(n, x, d);
    const zk = spanScale(state) * spanDotSample(state, gram, nz, mz, uz, vz, ca, cb, ce);
    const sk = activationValue(act, zk);
    store<f64>(at(net.z, k), zk);
    store<f64>(at(net.act, k), sk);
    f += load<f64>(at(net.a, k)) * sk;
  }
  f += net.b;
  const r = lossSlope(net.loss, y, f);
  memory.fill(best, 0, 24);
  for (let k = 0; k < K; k++) {
    const n = net.lazyW + ((<usize>k * <usize>d) << 3);
    const state = rowState(net, k);
    const zk = load<f64>(at(net.z, k));
    const c = net.etaW * (r * load<f64>(at(net.a, k)) * activationDerivative(act, zk));
    const keep = net.spherical != 0 ? 1.0 + c * zk : 1.0;
    const ss = spanRowUpdate(state, gram, n, x, d, keep, c, ca, cb, ce, mz, uz, vz);
    const mu = lazyRowMu();
    // As updateRow: the row as computed, keep w_k - c x = mu W_k', must have a finite, nonzero squared norm.
    const failure = lazyRowFailure(ss);
    if (failure != FAILURE_NONE) {
      net.failure = failure;
      spanSetScale(state, mu); // the row as computed
      return false;
    }
    const inv = 1.0 / Math.sqrt(ss);
    const sNew = net.spherical != 0 ? (mu < 0 ? -inv : inv) : mu;
    if (net.tracking > 0) {
      store<f64>(best, Math.max(load<f64>(best, 0), Math.abs(spanWm * inv)), 0);
      store<f64>(best, Math.max(load<f64>(best, 8), Math.abs(spanWu * inv)), 8);
      store<f64>(best, Math.max(load<f64>(best, 16), Math.abs(spanWv * inv)), 16);
    }
    spanSettle(state, n, d, ss, sNew);
    store<f64>(at(net.gradA, k), r * load<f64>(at(net.act, k)));
  }
  if (!updateSecondLayer(net, net.gradA, r, net.etaA)) return false;
  finishStep(net);
  return true;
}

/** Runs n steps (n * batch fresh samples); returns the steps completed (fewer if one failed). */
export function networkRunChunk(ptr: usize, n: i32): i32 {
  return runChunk<Network>(changetype<Network>(ptr), n);
}

/** One batch-1 step on a given sample (x copied), not touching the stream: for differential tests. */
export function networkStepOn(ptr: usize, x: usize, y: f64): i32 {
  const net = changetype<Network>(ptr);
  memory.copy(net.x, x, <usize>net.d << 3);
  const ok = networkStep(net, y);
  adoptWeights(net);
  return ok ? 1 : 0;
}

/**
 * Test accuracy (predict +1 iff f(x) > 0) and mean loss over n samples regenerated from the saved
 * stream state `testState` (copied, never advanced) into out[0], out[1]. Sums in sample order.
 */
export function networkEvaluate(ptr: usize, testState: usize, n: i32, mode: i32, out: usize): void {
  evaluateTestSet<Network>(changetype<Network>(ptr), testState, n, mode, 0.0, out);
}

export function networkWeights(ptr: usize): usize {
  return changetype<Network>(ptr).W;
}

export function networkSecondLayer(ptr: usize): usize {
  return changetype<Network>(ptr).a;
}

export function networkBias(ptr: usize): f64 {
  return changetype<Network>(ptr).b;
}

export function networkSetBias(ptr: usize, b: f64): void {
  changetype<Network>(ptr).b = b;
}

/**
 * The fused step's state beyond the parameters (saveReplica): how many doubles networkSaveLazy writes.
 * Batch 1: the rows' noise parts N_k (K x d), then their scalars (K x SPAN_DOUBLES, fused.ts); batch > 1
 * keeps no state between chunks: 0.
 */
export function networkLazyLength(ptr: usize): i32 {
  const net = changetype<Network>(ptr);
  return net.batch == 1 ? net.hidden * (net.d + SPAN_DOUBLES) : 0;
}

/** Writes the fused step's state (networkLazyLength doubles) into out. */
export function networkSaveLazy(ptr: usize, out: usize): void {
  const net = changetype<Network>(ptr);
  if (net.batch == 1) spanSave(out, net.lazyW, net.lazyState, net.hidden, net.d);
}

/** Restores the fused step's state from networkSaveLazy's layout (after the parameters are restored). */
export function networkRestoreLazy(ptr: usize, values: usize): void {
  const net = changetype<Network>(ptr);
  if (net.batch == 1) spanRestore(values, net.lazyW, net.lazyState, net.hidden, net.d);
}
