// Plain float64 loops: the obviously-correct oracle the SIMD kernels are tested against, and the
// baseline bench/ measures them against. Not used by the simulator itself.

/** Sequential sum in increasing i: the textbook dot product. */
export function dotSequential(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** The wasm dot's exact order (assembly/vector.ts): 8 running sums by i mod 8, combined pairwise, then the tail. */
export function dotReference(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  const n8 = n - (n % 8);
  const lane = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n8; i += 8) {
    for (let j = 0; j < 8; j++) lane[j] += x[i + j] * y[i + j];
  }
  // A_k = (lane[2k], lane[2k+1]); a = (A0 + A1) + (A2 + A3) lane-wise; s = a.lane0 + a.lane1.
  const a0 = lane[0] + lane[2] + (lane[4] + lane[6]);
  const a1 = lane[1] + lane[3] + (lane[5] + lane[7]);
  let s = a0 + a1;
  for (let i = n8; i < n; i++) s += x[i] * y[i];
  return s;
}

export function axpyReference(alpha: number, x: ArrayLike<number>, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}

export function scaleReference(alpha: number, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] *= alpha;
}

export function normReference(x: ArrayLike<number>): number {
  return Math.sqrt(dotReference(x, x));
}
