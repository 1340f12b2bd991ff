// The two-layer network of assembly/network.ts simulated exactly in overlap space
// (docs/reduced-engine.md): O(K^2 (K + B)) work per step of B samples whatever d, no d-vector anywhere.
//
// State. W (K x d) is written W = M S + L Q: S the spikes as rows (3 x d), M = W S^T (K x 3) the overlaps
// with them, Q (rho x d) an orthonormal frame of rho <= K directions orthogonal to the spikes that contains
// the rows of W_perp = W - M S, and L (K x rho) their coordinates, kept lower-trapezoidal with a nonnegative
// diagonal (so L L^T = C = W_perp W_perp^T is the Gram matrix of the orthogonal parts and L is its Cholesky
// factor when C is nonsingular). Q itself is never formed: by rotation invariance the future depends on
// (M, L, a, b) only. Plus the second layer a (K) and the bias b.
//
// A fresh sample x has spike coordinates x_S (assembly/reduced-model.ts) and an orthogonal part
// x_perp = Q^T zeta + q: zeta = Q x_perp ~ N(0, I_rho) and q orthogonal to the frame and the spikes,
// N(0, I) in the n = d - 3 - rho remaining dimensions, independent of everything before. The
// pre-activations are z = M x_S + L zeta, exactly as w_k.x. A step of B samples adds to row k
//   -s g_k,  g_k = sum_j c_kj x_j,  c_kj = r_j a_k sigma'(z_kj),  s = etaW / B   (r_j = dl/df of sample j),
// (with the spherical projection, w_k <- (1 + s g_k.w_k) w_k - s g_k, then w_k / |w_k|), and g_k has
// spike coordinates sum_j c_kj x_S,j, frame coordinates sum_j c_kj zeta_j, and a part sum_j c_kj q_j in the
// new dimensions. The q_j are i.i.d. N(0, I_n) given everything the c_kj depend on, so the K vectors
// sum_j c_kj q_j are the rows of c Z (Z B x n i.i.d. normal). With c = F P (LQ: F K x p lower-trapezoidal,
// P p x B orthonormal rows, p = min(K, B)), P Z is p x n i.i.d. normal, and by Bartlett's decomposition
// (assembly/reduced-random.ts) P Z = T Q_new with T p x p' (p' = min(p, n)) drawn exactly, Q_new a new
// orthonormal p' x d frame. So in the frame [Q; Q_new] the new W_perp has coordinates
//   A = [kappa L - s sum_j c zeta_j^T | -s F T]     (K x (rho + p'); kappa_k = 1 + s g_k.w_k or 1),
// and an LQ decomposition of A (Givens rotations of column pairs, O(K^2 (rho + p'))) gives the new L,
// rho' = min(K, rho + p'). For B = 1, F = c and T = sqrt(chi^2(n)): one chi-square per step. No B x B matrix
// is formed: the B x B Wishart Z Z^T of docs/science.md section 7 enters only as c Z Z^T c^T = F T T^T F^T.
// Spherical rows: |w_k|^2 = |M_k|^2 + |L_k|^2. Overlaps: alpha_ke = M_ke / |w_k|.
// Start: K x d i.i.d. normals, rows normalised: M_k three normals per unit, W_perp's factor a Bartlett
// draw of Wishart(d - 3, I_K), rho = min(K, d - 3).
//
// Draws (training stream (seed, index)): at creation the 3 K spike coordinates unit by unit, then the
// Bartlett factor; per step, for each of the B samples its spike coordinates (reduced-model.ts) then
// rho normals zeta, then the Bartlett factor T (if n > 0). Test samples: spike coordinates then rho normals,
// from the saved test-stream state reloaded at every evaluation (a test set drawn afresh in the network's
// current frame at each checkpoint; see reduced-neuron.ts).
// Order of operations per step: forward pass z_k in increasing k (M part m, u, v, then L in increasing
// column), f = (sum_k a_k sigma(z_k)) + b; rows in increasing k; the LQ; then a, then b.
import { bind, unbind, streamInit, rademacher } from "./random";
import { NetworkReplica, networkReplicaStart, SECOND_LAYER_RANDOM } from "./network";
import { at } from "./memory";
import { bartlettInto, normal } from "./reduced-random";
import { reducedSample, sampleM, sampleU, sampleV } from "./reduced-model";
import { activationValue, activationDerivative } from "./activation";
import { lossSlope } from "./loss";
import { TEST_MODEL, evaluateTestSet } from "./censored";
import { recordRecovery, recoveryCreate } from "./recovery";
import { modelReplicaFree, runChunk, squaredNormFailure, FAILURE_NONE, FAILURE_NON_FINITE } from "./replica";

@unmanaged
class ReducedNetwork extends NetworkReplica {
  d: f64;
  /** rho: the frame's dimension (columns of L in use). */
  rank: i32;
  /** Row stride of L: K + min(K, B) columns (room for the new directions of one step). */
  stride: i32;
  /** K x 3 overlaps with m, u, v. */
  M: usize;
  /** K x stride, lower-trapezoidal in its first `rank` columns. */
  L: usize;
  /** Per step (z and sigma(z) in NetworkReplica): the samples' x_S (B x 3) and zeta (B x K), c (K x B), T (p x p). */
  xs: usize;
  zeta: usize;
  coef: usize;
  bart: usize;
  /** Spike and frame coordinates of the summed gradients (K x 3, K x K), the second-layer gradient (K). */
  gS: usize;
  gE: usize;
  gA: usize;
  /** B doubles: the labels of the current step's samples. */
  labels: usize;

  /** One step of B fresh samples from the bound stream (runChunk's step), then the Bartlett factor. */
  trainStep(): bool {
    const K = this.hidden;
    const B = this.batch;
    const rho = this.rank;
    for (let j = 0; j < B; j++) {
      put(this.labels, j, reducedSample(this.model, TEST_MODEL));
      const xs = this.xs + <usize>(24 * j);
      put(xs, 0, sampleM);
      put(xs, 1, sampleU);
      put(xs, 2, sampleV);
      const zeta = this.zeta + ((<usize>j * <usize>K) << 3);
      for (let i = 0; i < rho; i++) put(zeta, i, normal());
    }
    const p = K < B ? K : B;
    const rest = this.d - 3.0 - <f64>rho;
    const pNew = rest > 0 ? bartlettInto(this.bart, p, rest, p) : 0;
    return reducedNetworkStep(this, this.labels, pNew);
  }

  /** Nothing to materialise between chunks. */
  endChunk(): void {}

  /** One test sample in the network's frame (evaluateTestSet): spike coordinates, then rho normals. */
  testSample(mode: i32): f64 {
    const y = reducedSample(this.model, mode);
    put(this.xs, 0, sampleM);
    put(this.xs, 1, sampleU);
    put(this.xs, 2, sampleV);
    for (let i = 0; i < this.rank; i++) put(this.zeta, i, normal());
    return y;
  }

  /** f on the last test sample. */
  testOutput(): f64 {
    return forward(this, this.xs, this.zeta);
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
 * A = L P in place (LQ decomposition; P is discarded): A is rows x cols with row stride `stride`; on return
 * its first min(rows, cols) columns hold L, lower-trapezoidal with L_ii >= 0, and the other columns are 0.
 * Givens rotations of the column pairs (i, j), i < j, each zeroing A_ij, for i increasing and j increasing;
 * a rotation touches rows i.. only (rows above are already 0 in both columns). Row norms are preserved up to
 * rounding. Returns min(rows, cols).
 */
export function lqInPlace(A: usize, rows: i32, cols: i32, stride: i32): i32 {
  const q = rows < cols ? rows : cols;
  for (let i = 0; i < q; i++) {
    const rowI = A + ((<usize>i * <usize>stride) << 3);
    for (let j = i + 1; j < cols; j++) {
      const bij = get(rowI, j);
      if (bij == 0) continue;
      const aii = get(rowI, i);
      const h = Math.sqrt(aii * aii + bij * bij);
      const c = aii / h;
      const s = bij / h;
      put(rowI, i, h);
      put(rowI, j, 0.0);
      for (let k = i + 1; k < rows; k++) {
        const row = A + ((<usize>k * <usize>stride) << 3);
        const x = get(row, i);
        const y = get(row, j);
        put(row, i, c * x + s * y);
        put(row, j, c * y - s * x);
      }
    }
    if (get(rowI, i) < 0) {
      for (let k = i; k < rows; k++) {
        const row = A + ((<usize>k * <usize>stride) << 3);
        put(row, i, -get(row, i));
      }
    }
  }
  for (let k = 0; k < rows; k++) {
    const row = A + ((<usize>k * <usize>stride) << 3);
    for (let j = q; j < cols; j++) put(row, j, 0.0);
  }
  return q;
}

// @ts-ignore: decorator
@inline function rowOf(p: usize, k: i32, stride: i32): usize {
  return p + ((<usize>k * <usize>stride) << 3);
}

/**
 * A replica with training stream (seed, index). The model (made with d = 0: no spikes) and the activation
 * are borrowed. d >= 4 is an integer in an f64; trainSecondLayer holds network.ts's SECOND_LAYER_* bits
 * (trained; a random +-1/K start), the other flags are 0 or 1.
 */
export function reducedNetworkCreate(
  model: usize, activation: usize, hidden: i32, loss: i32, d: f64, etaW: f64, etaA: f64,
  trainSecondLayer: i32, spherical: i32, bias: i32, batch: i32, threshold: f64, seed: f64, index: f64,
): usize {
  const net = changetype<ReducedNetwork>(heap.alloc(offsetof<ReducedNetwork>()));
  const K = hidden;
  const B = batch;
  const p = K < B ? K : B;
  net.d = d;
  networkReplicaStart(net, model, activation, K, loss, etaW, etaA, trainSecondLayer, spherical, bias, B, threshold);
  net.stride = K + p;
  net.M = heap.alloc(<usize>(24 * K));
  net.L = heap.alloc((<usize>K * <usize>net.stride) << 3);
  net.a = heap.alloc(<usize>K << 3);
  net.z = heap.alloc(<usize>K << 3);
  net.act = heap.alloc(<usize>K << 3);
  net.xs = heap.alloc(<usize>(24 * B));
  net.zeta = heap.alloc((<usize>B * <usize>K) << 3);
  net.coef = heap.alloc((<usize>K * <usize>B) << 3);
  net.bart = heap.alloc((<usize>p * <usize>p) << 3);
  net.gS = heap.alloc(<usize>(24 * K));
  net.gE = heap.alloc((<usize>K * <usize>K) << 3);
  net.gA = heap.alloc(<usize>K << 3);
  net.labels = heap.alloc(<usize>B << 3);
  net.recovery = recoveryCreate();
  streamInit(net.stream, seed, index);
  bind(net.stream);
  for (let i = 0; i < 3 * K; i++) put(net.M, i, normal());
  net.rank = bartlettInto(net.L, K, d - 3.0, net.stride);
  unbind(net.stream);
  for (let k = 0; k < K; k++) {
    const m = net.M + <usize>(24 * k);
    const l = rowOf(net.L, k, net.stride);
    let ss = get(m, 0) * get(m, 0) + get(m, 1) * get(m, 1) + get(m, 2) * get(m, 2);
    for (let i = 0; i < net.rank; i++) ss += get(l, i) * get(l, i);
    const inv = 1.0 / Math.sqrt(ss);
    for (let e = 0; e < 3; e++) put(m, e, get(m, e) * inv);
    for (let i = 0; i < net.rank; i++) put(l, i, get(l, i) * inv);
    put(net.a, k, 1.0 / <f64>K);
  }
  if ((trainSecondLayer & SECOND_LAYER_RANDOM) != 0) {
    // K signs after the Bartlett factor, from the training stream: a_k = sign_k / K (as network.ts)
    bind(net.stream);
    for (let k = 0; k < K; k++) put(net.a, k, rademacher() / <f64>K);
    unbind(net.stream);
  }
  net.tracking = 3;
  reducedNetworkStartRecovery(changetype<usize>(net));
  return changetype<usize>(net);
}

export function reducedNetworkFree(ptr: usize): void {
  const net = changetype<ReducedNetwork>(ptr);
  heap.free(net.M);
  heap.free(net.L);
  heap.free(net.a);
  heap.free(net.z);
  heap.free(net.act);
  heap.free(net.xs);
  heap.free(net.zeta);
  heap.free(net.coef);
  heap.free(net.bart);
  heap.free(net.gS);
  heap.free(net.gE);
  heap.free(net.gA);
  heap.free(net.labels);
  modelReplicaFree(net);
}

// |w_k|^2 = |M_k|^2 + |L_k|^2.
function rowNorm2(net: ReducedNetwork, k: i32): f64 {
  const m = net.M + <usize>(24 * k);
  const l = rowOf(net.L, k, net.stride);
  let ss = get(m, 0) * get(m, 0) + get(m, 1) * get(m, 1) + get(m, 2) * get(m, 2);
  for (let i = 0; i < net.rank; i++) ss += get(l, i) * get(l, i);
  return ss;
}

/** alpha_{k,e} = M_ke / |w_k| into out (K x 3, row-major). */
export function reducedNetworkOverlaps(ptr: usize, out: usize): void {
  const net = changetype<ReducedNetwork>(ptr);
  for (let k = 0; k < net.hidden; k++) {
    const inv = 1.0 / Math.sqrt(rowNorm2(net, k));
    const m = net.M + <usize>(24 * k);
    for (let e = 0; e < 3; e++) put(out + <usize>(24 * k), e, get(m, e) * inv);
  }
}

/** Checks the current state against the threshold (at creation, and after a state is written by hand). */
export function reducedNetworkStartRecovery(ptr: usize): void {
  const net = changetype<ReducedNetwork>(ptr);
  let bm: f64 = 0, bu: f64 = 0, bv: f64 = 0;
  for (let k = 0; k < net.hidden; k++) {
    const inv = 1.0 / Math.sqrt(rowNorm2(net, k));
    const m = net.M + <usize>(24 * k);
    bm = Math.max(bm, Math.abs(get(m, 0) * inv));
    bu = Math.max(bu, Math.abs(get(m, 1) * inv));
    bv = Math.max(bv, Math.abs(get(m, 2) * inv));
  }
  net.tracking = recordRecovery(net.recovery, bm, bu, bv, net.threshold, net.step);
}

// Forward pass on the sample (x_S at xs, zeta at zeta): fills net.z and net.act, returns f.
function forward(net: ReducedNetwork, xs: usize, zeta: usize): f64 {
  const a = net.activation;
  const x0 = get(xs, 0), x1 = get(xs, 1), x2 = get(xs, 2);
  let f: f64 = 0;
  for (let k = 0; k < net.hidden; k++) {
    const m = net.M + <usize>(24 * k);
    const l = rowOf(net.L, k, net.stride);
    let zk = get(m, 0) * x0 + get(m, 1) * x1 + get(m, 2) * x2;
    for (let i = 0; i < net.rank; i++) zk += get(l, i) * get(zeta, i);
    const sk = activationValue(a, zk);
    put(net.z, k, zk);
    put(net.act, k, sk);
    f += get(net.a, k) * sk;
  }
  return f + net.b;
}

// The step on the B samples already in xs, zeta with labels in `labels` (B doubles) and, when n > 0, the
// Bartlett factor in net.bart (p x p'); returns false (setting failure) if a row cannot continue.
function reducedNetworkStep(net: ReducedNetwork, labels: usize, pNew: i32): bool {
  const K = net.hidden;
  const B = net.batch;
  const rho = net.rank;
  const stride = net.stride;
  const act = net.activation;
  memory.fill(net.gA, 0, <usize>K << 3);
  let gB: f64 = 0;
  for (let j = 0; j < B; j++) {
    const zeta = net.zeta + ((<usize>j * <usize>K) << 3);
    const y = get(labels, j);
    const r = lossSlope(net.loss, y, forward(net, net.xs + <usize>(24 * j), zeta));
    for (let k = 0; k < K; k++) {
      put(net.coef, k * B + j, r * get(net.a, k) * activationDerivative(act, get(net.z, k)));
      put(net.gA, k, get(net.gA, k) + r * get(net.act, k));
    }
    gB += r;
  }
  // Spike and frame coordinates of g_k = sum_j c_kj x_j, in increasing j.
  for (let k = 0; k < K; k++) {
    const c = net.coef + ((<usize>k * <usize>B) << 3);
    const gs = net.gS + <usize>(24 * k);
    const ge = net.gE + ((<usize>k * <usize>K) << 3);
    memory.fill(gs, 0, 24);
    memory.fill(ge, 0, <usize>rho << 3);
    for (let j = 0; j < B; j++) {
      const ckj = get(c, j);
      const xs = net.xs + <usize>(24 * j);
      for (let e = 0; e < 3; e++) put(gs, e, get(gs, e) + ckj * get(xs, e));
      const zeta = net.zeta + ((<usize>j * <usize>K) << 3);
      for (let i = 0; i < rho; i++) put(ge, i, get(ge, i) + ckj * get(zeta, i));
    }
  }
  // c = F P: F (K x p) overwrites the first p columns of c (B = 1: c is already F).
  const p = K < B ? K : B;
  if (pNew > 0 && B > 1) lqInPlace(net.coef, K, B, B);
  const s = net.etaW / <f64>B;
  let bm: f64 = 0, bu: f64 = 0, bv: f64 = 0;
  for (let k = 0; k < K; k++) {
    const m = net.M + <usize>(24 * k);
    const l = rowOf(net.L, k, stride);
    const gs = net.gS + <usize>(24 * k);
    const ge = net.gE + ((<usize>k * <usize>K) << 3);
    let keep: f64 = 1.0;
    if (net.spherical != 0) {
      let gw = get(m, 0) * get(gs, 0) + get(m, 1) * get(gs, 1) + get(m, 2) * get(gs, 2);
      for (let i = 0; i < rho; i++) gw += get(l, i) * get(ge, i);
      keep = 1.0 + s * gw;
    }
    let ss: f64 = 0;
    for (let e = 0; e < 3; e++) {
      const v = keep * get(m, e) - s * get(gs, e);
      put(m, e, v);
      ss += v * v;
    }
    for (let i = 0; i < rho; i++) {
      const v = keep * get(l, i) - s * get(ge, i);
      put(l, i, v);
      ss += v * v;
    }
    // -s (F T)_k: F_k has p entries, T is p x pNew lower-trapezoidal (T_il = 0 for l > i).
    const f = net.coef + ((<usize>k * <usize>B) << 3);
    for (let c = 0; c < pNew; c++) {
      let t: f64 = 0;
      for (let i = c; i < p; i++) t += get(f, i) * get(net.bart, i * p + c);
      const v = -s * t;
      put(l, rho + c, v);
      ss += v * v;
    }
    const failure = squaredNormFailure(ss);
    if (failure != FAILURE_NONE) {
      net.failure = failure;
      return false;
    }
    const inv = 1.0 / Math.sqrt(ss);
    bm = Math.max(bm, Math.abs(get(m, 0) * inv));
    bu = Math.max(bu, Math.abs(get(m, 1) * inv));
    bv = Math.max(bv, Math.abs(get(m, 2) * inv));
    if (net.spherical != 0) {
      for (let e = 0; e < 3; e++) put(m, e, get(m, e) * inv);
      for (let i = 0; i < rho + pNew; i++) put(l, i, get(l, i) * inv);
    }
  }
  net.rank = lqInPlace(net.L, K, rho + pNew, stride);
  // Second layer and bias: a_k -= (etaA / B) gA_k, b -= (etaA / B) gB.
  const sA = net.etaA / <f64>B;
  let finite = true;
  if (net.trainSecondLayer != 0) {
    for (let k = 0; k < K; k++) {
      const ak = get(net.a, k) - sA * get(net.gA, k);
      put(net.a, k, ak);
      finite = finite && ak - ak == 0;
    }
  }
  if (net.bias != 0) {
    net.b -= sA * gB;
    finite = finite && net.b - net.b == 0;
  }
  if (!finite) {
    net.failure = FAILURE_NON_FINITE;
    return false;
  }
  net.step += 1;
  if (net.tracking > 0) net.tracking = recordRecovery(net.recovery, bm, bu, bv, net.threshold, net.step);
  return true;
}

/** Runs n steps (n * batch samples); returns the steps completed (fewer if one failed). */
export function reducedNetworkRunChunk(ptr: usize, n: i32): i32 {
  return runChunk<ReducedNetwork>(changetype<ReducedNetwork>(ptr), n);
}

/**
 * One step on given draws, not touching the stream (differential tests): `samples` holds, per sample
 * j = 0..B-1, (y, x_m, x_u, x_v, zeta_0 .. zeta_(rho-1)); `bart` the p x p Bartlett factor (row-major,
 * p = min(K, B)) of which the first pNew columns are used (pNew = min(p, d - 3 - rho)).
 */
export function reducedNetworkStepOn(ptr: usize, samples: usize, bart: usize): i32 {
  const net = changetype<ReducedNetwork>(ptr);
  const K = net.hidden;
  const B = net.batch;
  const rho = net.rank;
  const p = K < B ? K : B;
  const ys = net.labels;
  const width = 4 + rho;
  for (let j = 0; j < B; j++) {
    const src = samples + ((<usize>j * <usize>width) << 3);
    put(ys, j, get(src, 0));
    for (let e = 0; e < 3; e++) put(net.xs + <usize>(24 * j), e, get(src, 1 + e));
    for (let i = 0; i < rho; i++) put(net.zeta + ((<usize>j * <usize>K) << 3), i, get(src, 4 + i));
  }
  const rest = net.d - 3.0 - <f64>rho;
  const pNew = rest <= 0 ? 0 : rest < <f64>p ? <i32>rest : p;
  memory.copy(net.bart, bart, (<usize>p * <usize>p) << 3);
  return reducedNetworkStep(net, ys, pNew) ? 1 : 0;
}

/**
 * Test accuracy (predict +1 iff f > 0) and mean loss over n test samples drawn in the network's frame from
 * the saved stream state `testState` (copied, never advanced), into out[0], out[1]. Sums in sample order.
 */
export function reducedNetworkEvaluate(ptr: usize, testState: usize, n: i32, mode: i32, out: usize): void {
  evaluateTestSet<ReducedNetwork>(changetype<ReducedNetwork>(ptr), testState, n, mode, 0.0, out);
}

/** M (K x 3 doubles, writable). */
export function reducedNetworkSpikeCoordinates(ptr: usize): usize {
  return changetype<ReducedNetwork>(ptr).M;
}

/** L (K rows of reducedNetworkFactorStride doubles, the first reducedNetworkRank used; writable). */
export function reducedNetworkFactor(ptr: usize): usize {
  return changetype<ReducedNetwork>(ptr).L;
}

export function reducedNetworkFactorStride(ptr: usize): i32 {
  return changetype<ReducedNetwork>(ptr).stride;
}

export function reducedNetworkRank(ptr: usize): i32 {
  return changetype<ReducedNetwork>(ptr).rank;
}

/** Sets rho (tests that write a state by hand); 0 <= rank <= K. */
export function reducedNetworkSetRank(ptr: usize, rank: i32): void {
  changetype<ReducedNetwork>(ptr).rank = rank;
}

export function reducedNetworkSecondLayer(ptr: usize): usize {
  return changetype<ReducedNetwork>(ptr).a;
}

export function reducedNetworkBias(ptr: usize): f64 {
  return changetype<ReducedNetwork>(ptr).b;
}

export function reducedNetworkSetBias(ptr: usize, b: f64): void {
  changetype<ReducedNetwork>(ptr).b = b;
}
