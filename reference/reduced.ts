// The reduced engine's steps (assembly/reduced-*.ts, docs/reduced-engine.md) in plain float64 TypeScript:
// the oracle the wasm kernels are tested against. Each step is written as the FULL step of the learner
// (src/reference/neuron.ts, network.ts, or tensor PCA's gradient from its definition) applied to an
// explicit embedding of the reduced state and draws in a few coordinates (spikes, the learner's frame, the
// new direction of the sample), so it checks the algebra of the reduction and not a copy of it. The run
// functions draw in the kernels' documented order from a DrawSource, so a source that reads a wasm stream
// reproduces a kernel's trajectory to rounding.
import type { ActivationReference } from "./activation.js";
import { dotSequential as dot } from "./vector.js";
import { coupledNu, type DrawSource, type ReferenceModel } from "./model.js";
import { neuronStepReference, type NeuronLoss } from "./neuron.js";
import { networkOutput, networkStepReference, type NetworkLoss, type NetworkStepOptions } from "./network.js";

/** A DrawSource that also draws chi-squares (the kernels' chiSquareExact). */
export interface ReducedDrawSource extends DrawSource {
  chiSquare(k: number): number;
}

export type TestMode = "model" | "mean" | "covariance";

/** The Cholesky factor [[uu, 0], [vu, vv]] of the censored covariance's (u, v) block (censored.ts). */
export interface CensoredFactor {
  uu: number;
  vu: number;
  vv: number;
}

const chi = (source: ReducedDrawSource, k: number) => (k > 0 ? source.chiSquare(k) : 0);

/**
 * A sample's coordinates along m, u, v (x_e = e.x of src/reference/model.ts's sampleReference, written with
 * g_e = e.z): uniform for y, three normals, then for y = +1 in the model's law lambda and nu's draws.
 */
export function reducedSampleReference(
  model: ReferenceModel,
  source: DrawSource,
  mode: TestMode = "model",
  factor?: CensoredFactor,
): { y: number; xs: [number, number, number] } {
  const y = source.uniform() < model.prior ? 1 : -1;
  const gm = source.normal();
  const gu = source.normal();
  const gv = source.normal();
  if (y < 0) return { y, xs: [model.labelledMean ? gm - model.betaM : gm, gu, gv] };
  const xm = model.betaM + gm;
  if (mode === "mean") return { y, xs: [xm, gu, gv] };
  if (mode === "covariance") {
    const f = factor!;
    return { y, xs: [xm, f.uu * gu, f.vu * gu + f.vv * gv] };
  }
  const lambda = source.normal();
  const nu = coupledNu(model, lambda, source);
  // v.x = sqrt(beta_v/(1+beta_v)) nu + v.S z, and v.S z = (1 - c) v.z for S = I - c v v^T.
  return { y, xs: [xm, model.sqrtBetaU * lambda + gu, model.vSignal * nu + (1 - model.whitening) * gv] };
}

// ---- single neuron: coordinates (m, u, v, f, q), w = (alpha, r, 0), x = (x_S, g_w, sqrt(chi)) ----

export interface ReducedNeuronState {
  alpha: [number, number, number];
  r: number;
}

/** w = g / |g| with g ~ N(0, I_d): three normals, then chi^2(d - 3) for |g_perp|^2. */
export function reducedNeuronStartReference(d: number, source: ReducedDrawSource): ReducedNeuronState {
  const g = [source.normal(), source.normal(), source.normal()];
  const c = chi(source, d - 3);
  const norm = Math.sqrt(g[0] ** 2 + g[1] ** 2 + g[2] ** 2 + c);
  return { alpha: [g[0] / norm, g[1] / norm, g[2] / norm], r: Math.sqrt(c) / norm };
}

/** The full spherical step (neuronStepReference) on the 5-coordinate embedding; null if it fails. */
export function reducedNeuronStepReference(
  loss: NeuronLoss,
  act: ActivationReference,
  state: ReducedNeuronState,
  y: number,
  xs: ArrayLike<number>,
  gw: number,
  chiSquare: number,
  eta: number,
): ReducedNeuronState | null {
  const w = Float64Array.of(state.alpha[0], state.alpha[1], state.alpha[2], state.r, 0);
  const x = Float64Array.of(xs[0], xs[1], xs[2], gw, Math.sqrt(chiSquare));
  if (!neuronStepReference(loss, act, w, x, y, eta)) return null;
  return { alpha: [w[0], w[1], w[2]], r: Math.hypot(w[3], w[4]) };
}

/** Draws of one training step in the kernel's order: the sample's spike coordinates, g_w, chi^2(d - 4). */
export function reducedNeuronDraws(model: ReferenceModel, d: number, source: ReducedDrawSource) {
  const { y, xs } = reducedSampleReference(model, source);
  const gw = source.normal();
  return { y, xs, gw, chi: chi(source, d - 4) };
}

/** Test accuracy and mean loss of the neuron on n test samples drawn in its frame (reducedNeuronEvaluate). */
export function reducedNeuronEvaluateReference(
  model: ReferenceModel,
  loss: NeuronLoss,
  act: ActivationReference,
  state: ReducedNeuronState,
  source: DrawSource,
  n: number,
  tau: number,
  mode: TestMode = "model",
  factor?: CensoredFactor,
): { accuracy: number; loss: number } {
  let correct = 0;
  let total = 0;
  for (let s = 0; s < n; s++) {
    const { y, xs } = reducedSampleReference(model, source, mode, factor);
    const gw = source.normal();
    const out = act.value(dot(state.alpha, xs) + state.r * gw);
    if ((out > tau ? 1 : -1) === y) correct++;
    total += loss === "correlation" ? -y * out : 0.5 * (y - out) ** 2;
  }
  return { accuracy: correct / n, loss: total / n };
}

// ---- tensor PCA: coordinates (v, e, q), w = (alpha, r, 0), f = (r, -alpha, 0) ----

export interface ReducedTensorPcaState {
  alpha: number;
  r: number;
}

export function reducedTensorPcaStartReference(d: number, source: ReducedDrawSource): ReducedTensorPcaState {
  const g = source.normal();
  const c = chi(source, d - 1);
  const norm = Math.sqrt(g * g + c);
  return { alpha: g / norm, r: Math.sqrt(c) / norm };
}

/**
 * w <- (w + eta G_s) / |...| with G = sqrt(beta) p (v.w)^(p-1) v + sqrt(p) z, G_s = G - (G.w) w (the sampled
 * gradient of tensorpca.ts), z = g f + sqrt(chi) q: z's coordinates along f and along the rest.
 */
export function reducedTensorPcaStepReference(
  state: ReducedTensorPcaState,
  g: number,
  chiSquare: number,
  o: { order: number; beta: number; eta: number },
): ReducedTensorPcaState | null {
  const p = o.order;
  const w = [state.alpha, state.r, 0];
  const v = [1, 0, 0];
  const z = [g * state.r, -g * state.alpha, Math.sqrt(chiSquare)];
  const signal = Math.sqrt(o.beta) * p * dot(v, w) ** (p - 1);
  const G = v.map((vi, i) => signal * vi + Math.sqrt(p) * z[i]);
  const gw = dot(G, w);
  const next = w.map((wi, i) => wi + o.eta * (G[i] - gw * wi));
  const norm = Math.hypot(...next);
  if (!(Number.isFinite(norm) && norm > 0)) return null;
  return { alpha: next[0] / norm, r: Math.hypot(next[1], next[2]) / norm };
}

// ---- two-layer network: coordinates (m, u, v, frame, new directions) ----

export interface ReducedNetworkState {
  /** K rows of 3. */
  M: Float64Array[];
  /** K rows of rho (the frame coordinates). */
  L: Float64Array[];
  a: Float64Array;
  b: number;
}

/**
 * LQ by modified Gram-Schmidt on the rows (twice, for orthogonality): rows = L P with P orthonormal rows and
 * L lower-trapezoidal (K x min(K, n)) with a positive diagonal (the Cholesky factor of rows rows^T when that
 * is nonsingular). Returns L and P. Rows must be in general position (no zero residual before the frame is full).
 */
export function lqReference(rows: ArrayLike<number>[], n: number): { L: Float64Array[]; P: Float64Array[] } {
  const q = Math.min(rows.length, n);
  const P: Float64Array[] = [];
  const L = rows.map((row) => {
    const coords = new Float64Array(q);
    const res = Float64Array.from(row);
    for (let pass = 0; pass < 2; pass++) {
      P.forEach((p, i) => {
        const c = dot(res, p);
        coords[i] += c;
        for (let t = 0; t < n; t++) res[t] -= c * p[t];
      });
    }
    if (P.length < q) {
      const norm = Math.sqrt(dot(res, res));
      coords[P.length] = norm;
      P.push(res.map((x) => x / norm));
    }
    return coords;
  });
  return { L, P };
}

/**
 * The same LQ by Givens rotations as the kernel's lqInPlace (column pairs (i, j), j > i, zeroing A_ij; then a
 * column sign making L_ii >= 0), which also returns G, the product of the rotations (B x B): A G = [L | 0].
 * Used for the gradient coefficients c, whose rows can be exactly 0 (a ReLU unit that is off), where the
 * LQ factor is not unique and only the kernel's own choice replays its trajectory.
 */
export function lqGivensReference(rows: ArrayLike<number>[], n: number): { L: Float64Array[]; G: Float64Array[] } {
  const A = rows.map((r) => Float64Array.from(r));
  const G = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const rotate = (M: Float64Array[], i: number, j: number, c: number, s: number) =>
    M.forEach((row) => {
      const x = row[i], y = row[j];
      row[i] = c * x + s * y;
      row[j] = c * y - s * x;
    });
  const q = Math.min(A.length, n);
  for (let i = 0; i < q; i++) {
    for (let j = i + 1; j < n; j++) {
      const b = A[i][j];
      if (b === 0) continue;
      const h = Math.hypot(A[i][i], b);
      const c = A[i][i] / h, s = b / h;
      rotate(A, i, j, c, s);
      rotate(G, i, j, c, s);
      A[i][j] = 0;
    }
    if (A[i][i] < 0) [A, G].forEach((M) => M.forEach((row) => (row[i] = -row[i])));
  }
  return { L: A.map((row) => row.slice(0, q)), G };
}

/** Bartlett's factor of Wishart(n, I_rows): row by row, normals below the diagonal, then sqrt(chi^2(n - i)). */
export function bartlettReference(rows: number, n: number, source: ReducedDrawSource): Float64Array[] {
  const q = Math.min(rows, Math.max(0, n));
  return Array.from({ length: rows }, (_, i) => {
    const row = new Float64Array(rows);
    for (let j = 0; j < Math.min(i, q); j++) row[j] = source.normal();
    if (i < q) row[i] = Math.sqrt(source.chiSquare(n - i));
    return row;
  });
}

/** K x d normals with rows normalised, in reduced form: 3 K spike coordinates, then a Bartlett factor. */
export function reducedNetworkStartReference(K: number, d: number, source: ReducedDrawSource): ReducedNetworkState {
  const M = Array.from({ length: K }, () => Float64Array.of(source.normal(), source.normal(), source.normal()));
  const rho = Math.min(K, d - 3);
  const T = bartlettReference(K, d - 3, source).map((row) => row.slice(0, rho));
  M.forEach((m, k) => {
    const norm = Math.sqrt(dot(m, m) + dot(T[k], T[k]));
    for (let e = 0; e < 3; e++) m[e] /= norm;
    for (let i = 0; i < rho; i++) T[k][i] /= norm;
  });
  return { M, L: T, a: new Float64Array(K).fill(1 / K), b: 0 };
}

export interface ReducedNetworkSample {
  y: number;
  xs: ArrayLike<number>;
  /** rho coordinates along the frame. */
  zeta: ArrayLike<number>;
}

/**
 * The full network step (networkStepReference) on an explicit embedding: rows (M_k, L_k, 0), samples
 * (x_S, zeta, R_j) with R = P^T T, where c = F P is the LQ of the gradient coefficients c_kj and T the
 * Bartlett factor (its first pNew columns): then sum_j c_kj R_j = (F T)_k, the rows' new coordinates
 * (R is one exact draw of the samples' parts outside the frame, seen through what the step uses of them).
 * Returns the new state with L re-factored by lqReference. `bart` is p x p, p = min(K, B).
 */
export function reducedNetworkStepReference(
  loss: NetworkLoss,
  act: ActivationReference,
  state: ReducedNetworkState,
  samples: ReducedNetworkSample[],
  bart: ArrayLike<number>[],
  d: number,
  o: NetworkStepOptions,
): ReducedNetworkState {
  const K = state.M.length;
  const B = samples.length;
  const rho = state.L[0].length;
  const p = Math.min(K, B);
  const pNew = Math.max(0, Math.min(p, d - 3 - rho));
  // c_kj = r_j a_k sigma'(z_kj) at the current parameters, z = M x_S + L zeta.
  const c = Array.from({ length: K }, () => new Float64Array(B));
  samples.forEach((s, j) => {
    const z = state.M.map((m, k) => dot(m, s.xs) + dot(state.L[k], s.zeta));
    const f = z.reduce((acc, zk, k) => acc + state.a[k] * act.value(zk), 0) + state.b;
    const r = loss === "square" ? f - s.y : -s.y / (1 + Math.exp(s.y * f));
    z.forEach((zk, k) => (c[k][j] = r * state.a[k] * act.derivative(zk)));
  });
  const width = 3 + rho + pNew;
  const xs = samples.map((s) => {
    const x = new Float64Array(width);
    x.set(Array.from(s.xs), 0);
    x.set(Array.from(s.zeta), 3);
    return x;
  });
  if (pNew > 0) {
    // c G = [F | 0]: R = G[:, :p] T gives c R = F T. With B = 1 the kernel takes F = c (G = 1).
    const G = B === 1 ? [Float64Array.of(1)] : lqGivensReference(c, B).G;
    for (let j = 0; j < B; j++) {
      for (let l = 0; l < pNew; l++) {
        let t = 0;
        for (let i = 0; i < p; i++) t += G[j][i] * bart[i][l];
        xs[j][3 + rho + l] = t;
      }
    }
  }
  const W = state.M.map((m, k) => {
    const w = new Float64Array(width);
    w.set(m, 0);
    w.set(state.L[k], 3);
    return w;
  });
  const next = networkStepReference(loss, { W, a: state.a, b: state.b }, act, xs, samples.map((s) => s.y), o);
  const { L } = lqReference(next.W.map((w) => w.slice(3)), rho + pNew);
  return { M: next.W.map((w) => w.slice(0, 3)), L, a: next.a, b: next.b };
}

/** Per-unit overlaps M_ke / |w_k|. */
export function reducedNetworkOverlapsReference(state: ReducedNetworkState): number[][] {
  return state.M.map((m, k) => {
    const norm = Math.sqrt(dot(m, m) + dot(state.L[k], state.L[k]));
    return Array.from(m, (x) => x / norm);
  });
}

/** Test accuracy (f > 0) and mean loss on n test samples drawn in the network's frame (reducedNetworkEvaluate). */
export function reducedNetworkEvaluateReference(
  model: ReferenceModel,
  loss: NetworkLoss,
  act: ActivationReference,
  state: ReducedNetworkState,
  source: DrawSource,
  n: number,
  mode: TestMode = "model",
  factor?: CensoredFactor,
): { accuracy: number; loss: number } {
  const rho = state.L[0].length;
  const W = state.M.map((m, k) => Float64Array.of(...m, ...state.L[k]));
  let correct = 0;
  let total = 0;
  for (let s = 0; s < n; s++) {
    const { y, xs } = reducedSampleReference(model, source, mode, factor);
    const x = Float64Array.of(...xs, ...Array.from({ length: rho }, () => source.normal()));
    const f = networkOutput({ W, a: state.a, b: state.b }, act, x);
    if ((f > 0 ? 1 : -1) === y) correct++;
    total += loss === "square" ? 0.5 * (y - f) ** 2 : Math.log1p(Math.exp(-y * f));
  }
  return { accuracy: correct / n, loss: total / n };
}

/** Draws of one training step of B samples in the kernel's order, then the Bartlett factor (p x p). */
export function reducedNetworkDraws(model: ReferenceModel, state: ReducedNetworkState, B: number, d: number, source: ReducedDrawSource) {
  const K = state.M.length;
  const rho = state.L[0].length;
  const samples: ReducedNetworkSample[] = [];
  for (let j = 0; j < B; j++) {
    const { y, xs } = reducedSampleReference(model, source);
    samples.push({ y, xs, zeta: Array.from({ length: rho }, () => source.normal()) });
  }
  const p = Math.min(K, B);
  const bart = d - 3 - rho > 0 ? bartlettReference(p, d - 3 - rho, source) : Array.from({ length: p }, () => new Float64Array(p));
  return { samples, bart };
}

export type { NeuronLoss, NetworkLoss };
