// Random streams: xoshiro256** (Blackman & Vigna 2018, https://prng.di.unimi.it/xoshiro256starstar.c)
// seeded through splitmix64, with a 128-layer ziggurat for normals (Marsaglia & Tsang 2000, in the
// double-precision form of Doornik 2005, "An Improved Ziggurat Method to Generate Normal Random Samples").
//
// A stream's whole state is four u64 words (32 bytes) in wasm memory. Kernels "bind" a stream: its words
// are copied into the globals s0..s3, drawn from at register speed, and written back when the kernel ends.
// Nothing else is cached between draws (no spare Box-Muller value), so saving those 32 bytes saves the
// stream exactly.
//
// Stream derivation: the stream (seed, index) starts from key = mix(mix(seed) + (index + 1) * GOLDEN);
// four successive splitmix64 outputs of key fill the xoshiro state. Distinct (seed, index) pairs give
// distinct keys except with probability ~2^-64, and splitmix64 decorrelates neighbouring keys (the same
// construction as the reference seeding of xoshiro). Streams are independent statistically, as with
// NumPy's SeedSequence, not provably disjoint.
import { at } from "./memory";

export const STREAM_BYTES: i32 = 32;
const GOLDEN: u64 = 0x9E3779B97F4A7C15;

// The bound stream.
let s0: u64 = 0;
let s1: u64 = 0;
let s2: u64 = 0;
let s3: u64 = 0;

// splitmix64 finaliser (Steele, Lea & Flood 2014): a bijection of u64 with full avalanche.
// @ts-ignore: decorator
@inline export function mix64(z: u64): u64 {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

/**
 * Writes the initial state of stream (seed, index) at `state` (32 bytes). Both arguments arrive as f64
 * holding integers in [0, 2^53) (checked by the TypeScript layer), so JS passes plain numbers.
 */
export function streamInit(state: usize, seedValue: f64, indexValue: f64): void {
  const seed = <u64>seedValue;
  const index = <u64>indexValue;
  let key = mix64(mix64(seed) + (index + 1) * GOLDEN);
  for (let k = 0; k < 4; k++) {
    key += GOLDEN;
    store<u64>(at(state, k), mix64(key));
  }
  // xoshiro's only bad state is all zeros; mix64 is a bijection, so four outputs of distinct
  // inputs are never all zero together.
}

// @ts-ignore: decorator
@inline export function bind(state: usize): void {
  s0 = load<u64>(state, 0);
  s1 = load<u64>(state, 8);
  s2 = load<u64>(state, 16);
  s3 = load<u64>(state, 24);
}

// @ts-ignore: decorator
@inline export function unbind(state: usize): void {
  store<u64>(state, s0, 0);
  store<u64>(state, s1, 8);
  store<u64>(state, s2, 16);
  store<u64>(state, s3, 24);
}

/** Next 64 bits of the bound stream (xoshiro256**). */
// @ts-ignore: decorator
@inline export function nextU64(): u64 {
  const result = rotl<u64>(s1 * 5, 7) * 9;
  const t = s1 << 17;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u64>(s3, 45);
  return result;
}

// @ts-ignore: decorator
@inline const TWO_POW_M53 = reinterpret<f64>(0x3CA0000000000000); // 1.1102230246251565404e-16 = 2^-53, exact

/** Uniform on [0, 1) with 53 random bits: (bits >> 11) * 2^-53. */
// @ts-ignore: decorator
@inline export function uniform(): f64 {
  return <f64>(nextU64() >> 11) * TWO_POW_M53;
}

/** Uniform on (0, 1]: never 0, so its log is finite. */
// @ts-ignore: decorator
@inline export function uniformPositive(): f64 {
  return <f64>((nextU64() >> 11) + 1) * TWO_POW_M53;
}

/** +1 or -1 with probability 1/2 each, from the top bit. */
// @ts-ignore: decorator
@inline export function rademacher(): f64 {
  return (nextU64() >> 63) != 0 ? 1.0 : -1.0;
}

// ---- Ziggurat (ZIGNOR, 128 layers) ----
// Constants of Doornik (2005), table 1: R is the start of the right tail, V the area of each layer.
const ZIG_LAYERS: i32 = 128;
const ZIG_R: f64 = 3.442619855899;
const ZIG_V: f64 = 9.91256303526217e-3;
const zigX = new StaticArray<f64>(ZIG_LAYERS + 1);
const zigRatio = new StaticArray<f64>(ZIG_LAYERS);

// The tables are computed here, with AssemblyScript's Math (a musl port), so that they are bit-identical
// on every host; they are not copied from a table printed elsewhere.
function zigInit(): void {
  let f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  unchecked((zigX[0] = ZIG_V / f));
  unchecked((zigX[1] = ZIG_R));
  unchecked((zigX[ZIG_LAYERS] = 0.0));
  for (let i = 2; i < ZIG_LAYERS; i++) {
    const xi = Math.sqrt(-2.0 * Math.log(ZIG_V / unchecked(zigX[i - 1]) + f));
    unchecked((zigX[i] = xi));
    f = Math.exp(-0.5 * xi * xi);
  }
  for (let i = 0; i < ZIG_LAYERS; i++) {
    unchecked((zigRatio[i] = zigX[i + 1] / zigX[i]));
  }
}
zigInit();

// Tail beyond R (Marsaglia 1964), reached with probability ~1e-3 per draw.
function zigTail(negative: bool): f64 {
  let x: f64, y: f64;
  do {
    x = Math.log(uniformPositive()) / ZIG_R;
    y = Math.log(uniformPositive());
  } while (-2.0 * y < x * x);
  return negative ? x - ZIG_R : ZIG_R - x;
}

// Wedge test for layer i, reached with probability ~1.2e-2 per try.
// @ts-ignore: decorator
@inline function zigWedge(i: i32, x: f64): bool {
  const xi = unchecked(zigX[i]);
  const xj = unchecked(zigX[i + 1]);
  const f0 = Math.exp(-0.5 * (xi * xi - x * x));
  const f1 = Math.exp(-0.5 * (xj * xj - x * x));
  return f1 + uniform() * (f0 - f1) < 1.0;
}

/**
 * Standard normal from the bound stream. One u64 per try: the top 53 bits make u in [-1, 1), the low
 * 7 bits pick the layer (xoshiro256** has no weak low bits). About 1.012 tries per draw.
 * The fast path (inside the rectangle, ~98.8% of tries) is inlined into every caller; the rest is a call.
 */
// @ts-ignore: decorator
@inline export function normal(): f64 {
  const bits = nextU64();
  const u = <f64>(bits >> 11) * (2.0 * TWO_POW_M53) - 1.0;
  const i = <i32>(bits & 0x7F);
  if (Math.abs(u) < unchecked(zigRatio[i])) return u * unchecked(zigX[i]);
  return normalSlow(u, i);
}

// The rest of a ziggurat try that missed the rectangle (tail or wedge), then further tries.
function normalSlow(u: f64, i: i32): f64 {
  while (true) {
    if (i == 0) return zigTail(u < 0);
    const x = u * unchecked(zigX[i]);
    if (zigWedge(i, x)) return x;
    const bits = nextU64();
    u = <f64>(bits >> 11) * (2.0 * TWO_POW_M53) - 1.0;
    i = <i32>(bits & 0x7F);
    if (Math.abs(u) < unchecked(zigRatio[i])) return u * unchecked(zigX[i]);
  }
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 by the boost Gamma(a+1) * U^(1/a). */
export function gamma(shape: f64): f64 {
  if (shape < 1.0) {
    return gamma(shape + 1.0) * Math.pow(uniformPositive(), 1.0 / shape);
  }
  const d = shape - 1.0 / 3.0;
  const c = 1.0 / Math.sqrt(9.0 * d);
  while (true) {
    let x: f64, v: f64;
    do {
      x = normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const u = uniformPositive();
    const x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) return d * v;
  }
}

/** Chi-square with k degrees of freedom: 2 Gamma(k/2). */
// @ts-ignore: decorator
@inline export function chiSquare(k: f64): f64 {
  return 2.0 * gamma(0.5 * k);
}

// ---- Exported batch kernels: one call fills n values, the stream is bound once. ----

export function fillUniform(state: usize, out: usize, n: i32): void {
  bind(state);
  for (let i = 0; i < n; i++) store<f64>(at(out, i), uniform());
  unbind(state);
}

export function fillNormal(state: usize, out: usize, n: i32): void {
  bind(state);
  for (let i = 0; i < n; i++) store<f64>(at(out, i), normal());
  unbind(state);
}

export function fillRademacher(state: usize, out: usize, n: i32): void {
  bind(state);
  for (let i = 0; i < n; i++) store<f64>(at(out, i), rademacher());
  unbind(state);
}

export function fillGamma(state: usize, out: usize, n: i32, shape: f64): void {
  bind(state);
  for (let i = 0; i < n; i++) store<f64>(at(out, i), gamma(shape));
  unbind(state);
}

export function fillChiSquare(state: usize, out: usize, n: i32, k: f64): void {
  bind(state);
  for (let i = 0; i < n; i++) store<f64>(at(out, i), chiSquare(k));
  unbind(state);
}

/** Raw 64-bit outputs, for golden tests of the generator itself. */
export function fillBits(state: usize, out: usize, n: i32): void {
  bind(state);
  for (let i = 0; i < n; i++) store<u64>(at(out, i), nextU64());
  unbind(state);
}
