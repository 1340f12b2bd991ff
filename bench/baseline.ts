// What a hand-written script would use for Gaussian noise: Box-Muller on Math.random, both outputs used.
// The baseline sampler of the benchmarks (bench only; the simulator never uses JS Math.random).

export function boxMullerFill(out: Float64Array): void {
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - Math.random()));
    const t = 2 * Math.PI * Math.random();
    out[i] = r * Math.cos(t);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(t);
  }
}
