// Plain float64 TypeScript twins of assembly/cumulant.ts, written for reading, not speed: the oracle of the
// differential tests. They follow the kernels' documented order of operations, so the tensors and
// contractions agree bit for bit.
import { dotReference, scaleReference } from "./vector.js";
import { tensorContractReference } from "./tensor.js";

/** Flat row-major index of a multi-index. */
export function flatIndex(indices: number[], d: number): number {
  return indices.reduce((acc, i) => acc * d + i, 0);
}

/** Every multi-index of `order` indices in [0, d), in row-major order. */
function* multiIndices(d: number, order: number): Generator<number[]> {
  const idx = new Array<number>(order).fill(0);
  const total = d ** order;
  for (let t = 0; t < total; t++) {
    yield idx.slice();
    for (let q = order - 1; q >= 0; q--) {
      if (++idx[q] < d) break;
      idx[q] = 0;
    }
  }
}

/** Empirical central moments and cumulants of order 2, 3, 4, as documented in assembly/cumulant.ts. */
export function cumulantTensorReference(x: ArrayLike<number>, n: number, d: number, order: 2 | 3 | 4): Float64Array {
  const mean = new Float64Array(d);
  for (let s = 0; s < n; s++) for (let j = 0; j < d; j++) mean[j] += x[s * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const centred = (s: number, j: number) => x[s * d + j] - mean[j];

  const moment = (p: number): Float64Array => {
    const out = new Float64Array(d ** p);
    for (const idx of multiIndices(d, p)) {
      const sorted = idx.slice().sort((a, b) => a - b);
      const at = flatIndex(idx, d);
      if (sorted.some((v, q) => v !== idx[q])) continue; // filled from the sorted entry below
      let sum = 0;
      for (let s = 0; s < n; s++) {
        let product = centred(s, idx[0]);
        for (let q = 1; q < p; q++) product *= centred(s, idx[q]);
        sum += product;
      }
      out[at] = sum / n;
    }
    for (const idx of multiIndices(d, p)) {
      const sorted = idx.slice().sort((a, b) => a - b);
      out[flatIndex(idx, d)] = out[flatIndex(sorted, d)];
    }
    return out;
  };

  const m = moment(order);
  if (order < 4) return m;
  const c = moment(2);
  const C = (i: number, j: number) => c[i * d + j];
  for (const [i, j, k, l] of multiIndices(d, 4)) {
    const at = flatIndex([i, j, k, l], d);
    m[at] = m[at] - C(i, j) * C(k, l) - C(i, k) * C(j, l) - C(i, l) * C(j, k);
  }
  return m;
}

/**
 * The power method from given starts (the wasm draws them from a stream; the test draws the same normals
 * with Stream.normal and passes them here): `iterations` steps of w <- T(w, ..., w, .) / |.| per start, the
 * start with the largest |T(w, ..., w)| wins, then the kernel's canonical sign.
 */
export function tensorPowerIterationReference(
  t: ArrayLike<number>,
  d: number,
  order: number,
  starts: Float64Array[],
  iterations: number,
): { weight: number; vector: Float64Array } {
  let best = -1;
  let weight = 0;
  let vector: Float64Array = new Float64Array(d);
  // vector.ts normalise: times the reciprocal of the norm.
  const normalise = (g: Float64Array): Float64Array | null => {
    const norm = Math.sqrt(dotReference(g, g));
    if (norm === 0) return null;
    scaleReference(1 / norm, g);
    return g;
  };
  for (const start of starts) {
    let w: Float64Array = normalise(Float64Array.from(start))!;
    for (let it = 0; it < iterations; it++) {
      const next = normalise(tensorContractReference(t, d, order, w));
      if (next === null) break;
      w = next;
    }
    const lambda = dotReference(tensorContractReference(t, d, order, w), w);
    if (Math.abs(lambda) > best) {
      best = Math.abs(lambda);
      weight = lambda;
      vector = w;
    }
  }
  let largest = 0;
  for (const v of vector) if (Math.abs(v) > Math.abs(largest)) largest = v;
  const flip = order % 2 === 1 ? weight < 0 : largest < 0;
  if (flip) {
    vector = vector.map((v) => -v);
    if (order % 2 === 1) weight = -weight;
  }
  return { weight, vector };
}
