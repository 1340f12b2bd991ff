// Random streams: xoshiro256** (Blackman & Vigna 2018, https://prng.di.unimi.it/xoshiro256starstar.c)
// seeded through splitmix64, run as two lanes of one i64x2 vector, with ziggurats for normals (Marsaglia &
// Tsang 2000, in the double-precision form of Doornik 2005, "An Improved Ziggurat Method to Generate
// Normal Random Samples"): 128 layers for scalar draws, 1024 for the batch kernels, whose fast path takes
// four tries per generator step.
//
// Numeric contract 4 (see CHANGELOG.md; contract 1 was one scalar xoshiro256** lane, contract 2 took two
// 64-bit tries of the 128-layer ziggurat per step in the batch kernels, contract 3 four 32-bit tries of a
// 256-layer one):
//
// A stream's whole state is two xoshiro256** states, lanes A and B, eight u64 words (64 bytes) in wasm
// memory, interleaved so that word k of lane j sits at byte 16 k + 8 j and one v128 load gives word k of
// both lanes. Lane A is the stream (seed, index) of contract 1; lane B is lane A jumped ahead by 2^128
// steps (xoshiro's jump polynomial), so the two lanes are disjoint stretches of one period and every
// output of the stream is used at most once. Kernels "bind" a stream: its four v128 words are copied into
// the globals S0..S3 (or into locals, in the batch loops), and written back when the kernel ends. Nothing
// else is cached between draws, so saving those 64 bytes saves the stream exactly.
//
// One generator step advances both lanes and yields one u64 from each. Scalar draws (nextU64: uniforms,
// signs, the ziggurats' slow paths, gamma, scalar normals) take lane A's output and discard lane B's. The
// batch normal kernels (normalPairs, normalsWithFourDots) take both, as four 32-bit tries of the 1024-layer
// ziggurat (the order is at normalPairs); the tries that missed their rectangle are completed after each
// block of 512 by the scalar slow path (more draws of lane A), in increasing position. An odd batch length
// ends with one scalar normal.
//
// A scalar ziggurat try from 64 bits b: u = f64 with bits (b >> 12) | bits(2.0), minus 3 (exactly: 52
// random bits, u in [-1, 1) on a grid of 2^-51); layer i = b & 0x7F (128 layers) or b & 0x3FF (the
// 1024-layer slow path's further tries); xoshiro256** has no weak low bits.
//
// Stream derivation: lane A of stream (seed, index) starts from key = mix(mix(seed) + (index + 1) * GOLDEN);
// four successive splitmix64 outputs of key fill its state. Distinct (seed, index) pairs give distinct
// keys except with probability ~2^-64, and splitmix64 decorrelates neighbouring keys (the same
// construction as the reference seeding of xoshiro). Streams are independent statistically, as with
// NumPy's SeedSequence, not provably disjoint; the two lanes of one stream are provably disjoint.
import { at } from "./memory";

export const STREAM_BYTES: i32 = 64;
const GOLDEN: u64 = 0x9E3779B97F4A7C15;

// The bound stream: word k of lanes A (lane 0) and B (lane 1).
let S0: v128 = i64x2.splat(0);
let S1: v128 = i64x2.splat(0);
let S2: v128 = i64x2.splat(0);
let S3: v128 = i64x2.splat(0);

// splitmix64 finaliser (Steele, Lea & Flood 2014): a bijection of u64 with full avalanche.
// @ts-ignore: decorator
@inline export function mix64(z: u64): u64 {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

// x * 5 and x * 9 as shifts and adds (i64x2.mul has no single-instruction form on x64 before AVX-512).
// @ts-ignore: decorator
@inline function rotl2(x: v128, k: i32): v128 {
  return v128.or(i64x2.shl(x, k), i64x2.shr_u(x, 64 - k));
}

/** One xoshiro256** step of both lanes of (s0, s1, s2, s3), written as a macro body: returns the outputs. */
// @ts-ignore: decorator
@inline function stepOutput(s1: v128): v128 {
  const t5 = i64x2.add(i64x2.shl(s1, 2), s1);
  const r = rotl2(t5, 7);
  return i64x2.add(i64x2.shl(r, 3), r);
}

// xoshiro256's jump: equivalent to 2^128 calls of next() (constants of the reference implementation).
const JUMP0: u64 = 0x180EC6D33CFD0ABA;
const JUMP1: u64 = 0xD5A61266F0C9392C;
const JUMP2: u64 = 0xA9582618E03FC9AA;
const JUMP3: u64 = 0x39ABDC4529B1661C;

/**
 * Writes the initial state of stream (seed, index) at `state` (STREAM_BYTES). Both arguments arrive as
 * f64 holding integers in [0, 2^53) (checked by the TypeScript layer), so JS passes plain numbers.
 */
export function streamInit(state: usize, seedValue: f64, indexValue: f64): void {
  const seed = <u64>seedValue;
  const index = <u64>indexValue;
  let key = mix64(mix64(seed) + (index + 1) * GOLDEN);
  let a0 = mix64((key += GOLDEN));
  let a1 = mix64((key += GOLDEN));
  let a2 = mix64((key += GOLDEN));
  let a3 = mix64((key += GOLDEN));
  // xoshiro's only bad state is all zeros; mix64 is a bijection, so four outputs of distinct
  // inputs are never all zero together (and the jump of a nonzero state is nonzero).
  store<u64>(state, a0, 0);
  store<u64>(state, a1, 16);
  store<u64>(state, a2, 32);
  store<u64>(state, a3, 48);
  // Lane B: lane A jumped by 2^128 steps.
  let j0: u64 = 0, j1: u64 = 0, j2: u64 = 0, j3: u64 = 0;
  for (let w = 0; w < 4; w++) {
    const jump = w == 0 ? JUMP0 : w == 1 ? JUMP1 : w == 2 ? JUMP2 : JUMP3;
    for (let b = 0; b < 64; b++) {
      if ((jump >> <u64>b) & 1) {
        j0 ^= a0;
        j1 ^= a1;
        j2 ^= a2;
        j3 ^= a3;
      }
      const t = a1 << 17;
      a2 ^= a0;
      a3 ^= a1;
      a1 ^= a2;
      a0 ^= a3;
      a2 ^= t;
      a3 = rotl<u64>(a3, 45);
    }
  }
  store<u64>(state, j0, 8);
  store<u64>(state, j1, 24);
  store<u64>(state, j2, 40);
  store<u64>(state, j3, 56);
}

// @ts-ignore: decorator
@inline export function bind(state: usize): void {
  S0 = v128.load(state, 0);
  S1 = v128.load(state, 16);
  S2 = v128.load(state, 32);
  S3 = v128.load(state, 48);
}

// @ts-ignore: decorator
@inline export function unbind(state: usize): void {
  v128.store(state, S0, 0);
  v128.store(state, S1, 16);
  v128.store(state, S2, 32);
  v128.store(state, S3, 48);
}

/** One step of the bound stream's two lanes; returns both outputs. */
// @ts-ignore: decorator
@inline export function nextPair(): v128 {
  let s0 = S0, s1 = S1, s2 = S2, s3 = S3;
  const result = stepOutput(s1);
  const t = i64x2.shl(s1, 17);
  s2 = v128.xor(s2, s0);
  s3 = v128.xor(s3, s1);
  s1 = v128.xor(s1, s2);
  s0 = v128.xor(s0, s3);
  s2 = v128.xor(s2, t);
  s3 = rotl2(s3, 45);
  S0 = s0;
  S1 = s1;
  S2 = s2;
  S3 = s3;
  return result;
}

/** Next 64 bits of the bound stream: lane A of one step (lane B's output is discarded). */
// @ts-ignore: decorator
@inline export function nextU64(): u64 {
  return <u64>i64x2.extract_lane(nextPair(), 0);
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

// ---- Ziggurats (ZIGNOR): 128 layers for the scalar normal(), 1024 for the batch kernels ----
// Constants R (the start of the right tail) and V (the area of each layer): 128 layers from Doornik (2005),
// table 1; 1024 layers: R such that the top layer closes, x_1023 (1 - f(x_1023)) = V = R f(R) + the tail's
// area, solved to 40 digits (mpmath) and rounded; scripts/ziggurat-constants.mjs solves the same equations
// in double precision (within 3e-15), and test/ziggurat-tables.test.ts checks that the tables close.
const TWO_BITS: u64 = 0x4000000000000000; // the bits of 2.0
// The mantissa bit just below a 32-bit try's 22 u bits: half of u's grid step (2^-22), see normalPairs.
const HALF_CELL: u64 = 1 << 29;
const ZIG_R: f64 = 3.442619855899;
const ZIG_V: f64 = 9.91256303526217e-3;
export const QUAD_LAYERS: i32 = 1024;
const QUAD_R: f64 = 4.0388498461095045;
const QUAD_V: f64 = 1.226324646353088e-3;
// For each: x_i (layers + 1), ratio_i = x_{i+1} / x_i, (1024 layers) the pairs (x_i, ratio_i) side by side
// (one v128 load fetches a layer's pair in the batch loop), and the wedge squeeze's 1 - exp(-D_i) with
// D_i = (x_i^2 - x_{i+1}^2) / 2 (see wedgeSqueeze).
const zigX = new StaticArray<f64>(129);
const zigRatio = new StaticArray<f64>(128);
const zigDrop = new StaticArray<f64>(128);
const quadX = new StaticArray<f64>(QUAD_LAYERS + 1);
const quadRatio = new StaticArray<f64>(QUAD_LAYERS);
const quadPair = new StaticArray<f64>(2 * QUAD_LAYERS);
const quadDrop = new StaticArray<f64>(QUAD_LAYERS);
// The batch loop's constants, read from memory before its loop (V8 rematerialises a v128.const at every
// use inside a loop; a loaded value stays in a register): bits(2.0) with the half-cell bit (see normalPairs)
// x2, 3.0 x2, the f64 abs mask x2, a low half's and a high half's 22 u bits x2.
const quadConstants = new StaticArray<u64>(10);

// The tables are computed here, with AssemblyScript's Math (a musl port), so that they are bit-identical
// on every host; they are not copied from a table printed elsewhere.
function zigBuild(layers: i32, r: f64, v: f64, xs: usize, ratios: usize, pairs: usize, drops: usize): void {
  let f = Math.exp(-0.5 * r * r);
  store<f64>(xs, v / f);
  store<f64>(xs, r, 8);
  store<f64>(xs + (<usize>layers << 3), 0.0);
  for (let i = 2; i < layers; i++) {
    const xi = Math.sqrt(-2.0 * Math.log(v / load<f64>(xs + (<usize>(i - 1) << 3)) + f));
    store<f64>(xs + (<usize>i << 3), xi);
    f = Math.exp(-0.5 * xi * xi);
  }
  for (let i = 0; i < layers; i++) {
    const xi = load<f64>(xs + (<usize>i << 3));
    const xj = load<f64>(xs + (<usize>(i + 1) << 3));
    const ratio = xj / xi;
    store<f64>(ratios + (<usize>i << 3), ratio);
    if (pairs != 0) {
      store<f64>(pairs + (<usize>i << 4), xi);
      store<f64>(pairs + (<usize>i << 4), ratio, 8);
    }
    store<f64>(drops + (<usize>i << 3), 1.0 - Math.exp(-(0.5 * (xi * xi - xj * xj))));
  }
}
zigBuild(128, ZIG_R, ZIG_V, changetype<usize>(zigX), changetype<usize>(zigRatio), 0, changetype<usize>(zigDrop));
zigBuild(QUAD_LAYERS, QUAD_R, QUAD_V, changetype<usize>(quadX), changetype<usize>(quadRatio), changetype<usize>(quadPair), changetype<usize>(quadDrop));
for (let k = 0; k < 2; k++) {
  unchecked((quadConstants[k] = TWO_BITS | HALF_CELL));
  unchecked((quadConstants[2 + k] = 0x4008000000000000)); // 3.0
  unchecked((quadConstants[4 + k] = 0x7FFFFFFFFFFFFFFF));
  unchecked((quadConstants[6 + k] = 0xFFFFFC00)); // a low half's 22 u bits
  unchecked((quadConstants[8 + k] = 0x000FFFFFC0000000)); // a high half's 22 u bits, after >> 12
}

// The tables of a ziggurat of 128 or 1024 layers (the argument is a constant at every call, so the
// selection folds away).
// @ts-ignore: decorator
@inline function xTable(layers: i32): usize {
  return layers == 128 ? changetype<usize>(zigX) : changetype<usize>(quadX);
}
// @ts-ignore: decorator
@inline function ratioTable(layers: i32): usize {
  return layers == 128 ? changetype<usize>(zigRatio) : changetype<usize>(quadRatio);
}
// @ts-ignore: decorator
@inline function dropTable(layers: i32): usize {
  return layers == 128 ? changetype<usize>(zigDrop) : changetype<usize>(quadDrop);
}
// @ts-ignore: decorator
@inline function layerX(layers: i32, i: i32): f64 {
  return load<f64>(xTable(layers) + (<usize>i << 3));
}

// Tail beyond R (Marsaglia 1964), reached with probability ~1e-3 (128 layers) or ~5e-5 (1024) per try.
// @ts-ignore: decorator
@inline function zigTail(r: f64, negative: bool): f64 {
  let x: f64, y: f64;
  do {
    x = Math.log(uniformPositive()) / r;
    y = Math.log(uniformPositive());
  } while (-2.0 * y < x * x);
  return negative ? x - r : r - x;
}

// Wedge test for layer i, reached with probability ~2.7e-2 (128 layers) or ~4.2e-3 (1024) per try. The test
// (part of the numeric contract) is
//   T:  f1 + U (f0 - f1) < 1,  f0 = exp(-(x_i^2 - x^2)/2),  f1 = exp(-(x_{i+1}^2 - x^2)/2),  U = uniform(),
// computed in that order of IEEE operations. Its two exp calls cost about as much as 20 fast tries, so T is
// decided first without them, by a squeeze that gives T's own answer, and computed as written only when
// the squeeze cannot tell (about 3e-5 of the wedge tests; none of the random draws change).
//
// Why the squeeze gives T's answer: in exact arithmetic f0 = f1 exp(-D) with D = (x_i^2 - x_{i+1}^2)/2
// (x^2 cancels), so the left side is e^a L with a = (x^2 - x_{i+1}^2)/2 in [0, D], D <= 0.732, and
// L = 1 - U (1 - exp(-D)): T holds iff L < e^-a (up to T's rounding). For 0 < a < 1 the Taylor series
// of e^-a alternates with decreasing terms, so p5(a) <= e^-a <= p4(a) (p_k: the series to a^k). The
// computed T differs from the exact left side by less than 3e-14 (arguments of exp within 2e-15, exp
// within an ulp, values below 2.1), and the squeeze's own values (a, L, the tables, the polynomials) by
// less than 1e-14. With the margin M = 2^-32 (2.3e-10): L < p5(a) - M means e^a L < 1 - M + 1e-14, so the
// computed T holds; L > p4(a) + M means e^a L > 1 + M - 1e-14, so it fails. Otherwise (within M + a^5/120
// of the boundary, or a outside (2^-30, 1)), T is computed as written. (D is below 0.732 for both tables.)
// @ts-ignore: decorator
@inline const SQUEEZE_MARGIN = reinterpret<f64>(0x3DF0000000000000); // 2^-32
// @ts-ignore: decorator
@inline const SQUEEZE_MIN_A = reinterpret<f64>(0x3E10000000000000); // 2^-30
// @ts-ignore: decorator
@inline function zigWedge(layers: i32, i: i32, x: f64): bool {
  const u = uniform();
  const squeezed = wedgeSqueezeOf(layers, i, x, u);
  return squeezed >= 0 ? squeezed == 1 : wedgeExactOf(layers, i, x, u);
}

// @ts-ignore: decorator
@inline function wedgeSqueezeOf(layers: i32, i: i32, x: f64, u: f64): i32 {
  const xj = layerX(layers, i + 1);
  const a = 0.5 * (x * x - xj * xj);
  if (!(a > SQUEEZE_MIN_A && a < 1.0)) return -1;
  const level = 1.0 - u * load<f64>(dropTable(layers) + (<usize>i << 3));
  // First the series to degree 1 and 2 (p1 = 1 - a <= p5 and p2 = p1 + a^2/2 >= p4 for 0 < a < 1), which
  // decide most tests in fewer dependent operations; the same margin argument holds for them.
  const p1 = 1.0 - a;
  if (level < p1 - SQUEEZE_MARGIN) return 1;
  if (level > p1 + 0.5 * a * a + SQUEEZE_MARGIN) return 0;
  const p4 = 1.0 + a * (-1.0 + a * (0.5 + a * (-1.0 / 6.0 + a * (1.0 / 24.0))));
  const a2 = a * a;
  const p5 = p4 - a2 * a2 * a * (1.0 / 120.0);
  if (level < p5 - SQUEEZE_MARGIN) return 1;
  if (level > p4 + SQUEEZE_MARGIN) return 0;
  return -1;
}

// @ts-ignore: decorator
@inline function wedgeExactOf(layers: i32, i: i32, x: f64, u: f64): bool {
  const xi = layerX(layers, i);
  const xj = layerX(layers, i + 1);
  const f0 = Math.exp(-0.5 * (xi * xi - x * x));
  const f1 = Math.exp(-0.5 * (xj * xj - x * x));
  return f1 + u * (f0 - f1) < 1.0;
}

/** The squeeze of the wedge test of a ziggurat of `layers` (128 or 1024): 1 (T holds), 0 (T fails) or -1 (undecided). For the kernel tests. */
export function wedgeSqueeze(layers: i32, i: i32, x: f64, u: f64): i32 {
  return layers == 128 ? wedgeSqueezeOf(128, i, x, u) : wedgeSqueezeOf(QUAD_LAYERS, i, x, u);
}

/** The wedge test T as the contract writes it (128 or 1024 layers). For the kernel tests. */
export function wedgeExact(layers: i32, i: i32, x: f64, u: f64): bool {
  return layers == 128 ? wedgeExactOf(128, i, x, u) : wedgeExactOf(QUAD_LAYERS, i, x, u);
}

/** Layer i's x_i of a ziggurat of 128 or 1024 layers (the kernel tests). */
export function zigLayerX(layers: i32, i: i32): f64 {
  return layers == 128 ? layerX(128, i) : layerX(QUAD_LAYERS, i);
}

// The ziggurat try's u from 64 bits (see the header): exact, no integer conversion.
// @ts-ignore: decorator
@inline function tryU(bits: u64): f64 {
  return reinterpret<f64>((bits >> 12) | TWO_BITS) - 3.0;
}

/**
 * Standard normal from the bound stream, scalar: 128-layer ziggurat tries on lane A's outputs (see the
 * header). About 1.012 tries per draw. The fast path (inside the rectangle, ~98.8% of tries) is inlined
 * into every caller; the rest is a call.
 */
// @ts-ignore: decorator
@inline export function normal(): f64 {
  return tryOrSlow(nextU64());
}

/**
 * normal(), the same draw and the same bits, as one function rather than inlined: normal() is @inline (the
 * SIMD generator step and the ziggurat's fast path copied into every caller), which the full engine's hot
 * loops want, but the reduced engine calls it from about sixteen places whose steps cost 50-500 ns, and a
 * sample's latent or a batch's odd last value once per call, where a call costs a few ns and each inlined
 * copy about 1 KB of the wasm (docs/packaging.md).
 */
export function normalCall(): f64 {
  return normal();
}

// The rest of a try that missed the rectangle (tail or wedge), then further scalar tries of 64 bits (u from
// the top 52 bits, the layer from the low 7 or 10): the slow path of a ziggurat of `layers` (one function for
// both, for the bundle's size). Called with the bound stream in the globals.
function slowPath(layers: i32, u: f64, i: i32): f64 {
  const xs = xTable(layers);
  const ratios = ratioTable(layers);
  while (true) {
    if (i == 0) return zigTail(layers == 128 ? ZIG_R : QUAD_R, u < 0);
    const x = u * load<f64>(xs + (<usize>i << 3));
    if (zigWedge(layers, i, x)) return x;
    const bits = nextU64();
    u = tryU(bits);
    i = <i32>(bits & <u64>(layers - 1));
    if (Math.abs(u) < load<f64>(ratios + (<usize>i << 3))) return u * load<f64>(xs + (<usize>i << 3));
  }
}

// @ts-ignore: decorator
@inline function normalSlow(u: f64, i: i32): f64 {
  return slowPath(128, u, i);
}

// @ts-ignore: decorator
@inline function quadSlow(u: f64, i: i32): f64 {
  return slowPath(QUAD_LAYERS, u, i);
}

// Misses of the batch loop, completed after each block of at most PAIR_BLOCK values: each missed value's
// position and its try's bits (as 64 bits that tryU and the layer mask read as the try), in increasing
// position. A missed pair appends both values and keeps the missed ones (the count advances by 0 or 1 per
// value, no branch), so the completion needs no test per value.
const PAIR_BLOCK: i32 = 512;
const missAt = new StaticArray<i32>(PAIR_BLOCK + 1);
const missBits = new StaticArray<u64>(PAIR_BLOCK + 1);

/**
 * n standard normals into out from the bound stream, four per generator step. Order (part of the numeric
 * contract 4): the values are taken in blocks of PAIR_BLOCK = 512 (the last block shorter). Within a block,
 * the k-th generator step gives values 4k, 4k+1 (the low 32-bit halves of lanes A and B) and 4k+2, 4k+3
 * (their high halves), each one try of the 1024-layer ziggurat (a block's last step, if the block holds
 * 2 mod 4 values, gives only 4k and 4k+1; its high halves are dropped); once the block's steps are done,
 * every value whose try missed its rectangle is completed by the scalar slow path (quadSlow: wedge or tail,
 * further 64-bit tries on lane A), in increasing position. An odd n ends with one scalar normal() after the
 * last block.
 *
 * A 32-bit try h: layer h & 0x3FF, u from its top 22 bits at the middle of their cell: the f64 with bits
 * ((h >> 10) << 30) | 2^29 | bits(2.0), minus 3 (exactly, by Sterbenz's lemma): u = (2 k + 1) 2^-22 - 1
 * for k = h >> 10, a grid of step 2^-21 on (-1, 1), symmetric about 0, so that the grid biases no moment
 * of odd order (the lower end of each cell would shift the mean by -2^-22 E[x_i]). The loop is branch-free
 * apart from its counter and the rare miss: each fast try is |u| < ratio[i] in f64x2, x = u * X[i] (a missed
 * value stores 0 until completed); a try's (X, ratio) pair is one v128 load (wasm has no gather), and a
 * miss (0.43% of tries) is appended to a small list, so the loop holds no call and keeps its state in
 * registers.
 */
export function normalPairs(out: usize, n: i32): void {
  const n2 = n & ~1;
  for (let start = 0; start < n2; start += PAIR_BLOCK) {
    const len = min(PAIR_BLOCK, n2 - start);
    const at = out + (<usize>start << 3);
    completeMisses(at, normalBlock(at, len, 0, 0, 0, 0, false));
  }
  if (n2 < n) store<f64>(out + (<usize>n2 << 3), normalCall());
}

// The 64 bits whose tryU and low 10 bits are the 32-bit try h's u (with its half-cell bit) and layer.
// @ts-ignore: decorator
@inline function quadBits(h: u64): u64 {
  return ((h >> 10) << 42) | (HALF_CELL << 12) | (h & 0x3FF);
}

/** Appends the missed values of the pair at position k (tries h0, h1; inside: their bitmask) after misses entries. */
// @ts-ignore: decorator
@inline function recordQuad(misses: i32, k: i32, h0: u64, h1: u64, inside: i32): i32 {
  const at = changetype<usize>(missAt);
  const bitsAt = changetype<usize>(missBits);
  store<i32>(at + (<usize>misses << 2), k);
  store<u64>(bitsAt + (<usize>misses << 3), quadBits(h0));
  misses += 1 - (inside & 1);
  store<i32>(at + (<usize>misses << 2), k + 1);
  store<u64>(bitsAt + (<usize>misses << 3), quadBits(h1));
  return misses + 1 - (inside >> 1);
}

/**
 * The vector pass over one block of len (even, <= PAIR_BLOCK) values, with (dots) a.z, b.z, c.z, e.z added
 * to the running accumulators; returns the number of misses.
 */
// @ts-ignore: decorator
@inline function normalBlock(out: usize, len: i32, a: usize, b: usize, c: usize, e: usize, dots: bool): i32 {
  let s0 = S0, s1 = S1, s2 = S2, s3 = S3;
  const constants = changetype<usize>(quadConstants);
  const twoBits = v128.load(constants);
  const three = v128.load(constants, 16);
  const absMask = v128.load(constants, 32);
  const loMask = v128.load(constants, 48);
  const hiMask = v128.load(constants, 64);
  const pairs = changetype<usize>(quadPair);
  let accA = f64x2.splat(0);
  let accB = f64x2.splat(0);
  let accC = f64x2.splat(0);
  let accE = f64x2.splat(0);
  let misses = 0;
  for (let k = 0; k < len; k += 4) {
    const whole = k + 4 <= len;
    const bits = stepOutput(s1);
    const t = i64x2.shl(s1, 17);
    s2 = v128.xor(s2, s0);
    s3 = v128.xor(s3, s1);
    s1 = v128.xor(s1, s2);
    s0 = v128.xor(s0, s3);
    s2 = v128.xor(s2, t);
    s3 = rotl2(s3, 45);
    const uLo = f64x2.sub(v128.or(i64x2.shl(v128.and(bits, loMask), 20), twoBits), three);
    const uHi = f64x2.sub(v128.or(v128.and(i64x2.shr_u(bits, 12), hiMask), twoBits), three);
    const q0 = v128.load(pairs + (<usize>(i32x4.extract_lane(bits, 0) & 0x3FF) << 4));
    const q1 = v128.load(pairs + (<usize>(i32x4.extract_lane(bits, 2) & 0x3FF) << 4));
    const q2 = v128.load(pairs + (<usize>(i32x4.extract_lane(bits, 1) & 0x3FF) << 4));
    const q3 = v128.load(pairs + (<usize>(i32x4.extract_lane(bits, 3) & 0x3FF) << 4));
    const inLo = f64x2.lt(v128.and(uLo, absMask), v128.shuffle<u64>(q0, q1, 1, 3));
    const inHi = f64x2.lt(v128.and(uHi, absMask), v128.shuffle<u64>(q2, q3, 1, 3));
    const zLo = v128.and(f64x2.mul(uLo, v128.shuffle<u64>(q0, q1, 0, 2)), inLo);
    let zHi = v128.and(f64x2.mul(uHi, v128.shuffle<u64>(q2, q3, 0, 2)), inHi);
    const o = <usize>k << 3;
    v128.store(out + o, zLo);
    if (whole) v128.store(out + o, zHi, 16);
    else zHi = f64x2.splat(0);
    if (dots) {
      accA = f64x2.add(accA, f64x2.mul(zLo, v128.load(a + o)));
      accB = f64x2.add(accB, f64x2.mul(zLo, v128.load(b + o)));
      accC = f64x2.add(accC, f64x2.mul(zLo, v128.load(c + o)));
      accE = f64x2.add(accE, f64x2.mul(zLo, v128.load(e + o)));
      if (whole) {
        accA = f64x2.add(accA, f64x2.mul(zHi, v128.load(a + o, 16)));
        accB = f64x2.add(accB, f64x2.mul(zHi, v128.load(b + o, 16)));
        accC = f64x2.add(accC, f64x2.mul(zHi, v128.load(c + o, 16)));
        accE = f64x2.add(accE, f64x2.mul(zHi, v128.load(e + o, 16)));
      }
    }
    const mLo = i64x2.bitmask(inLo);
    const mHi = whole ? i64x2.bitmask(inHi) : 3;
    if ((mLo & mHi) != 3) {
      misses = recordQuad(misses, k, <u64>i32x4.extract_lane(bits, 0) & 0xFFFFFFFF, <u64>i32x4.extract_lane(bits, 2) & 0xFFFFFFFF, mLo);
      misses = recordQuad(misses, k + 2, <u64>i64x2.extract_lane(bits, 0) >> 32, <u64>i64x2.extract_lane(bits, 1) >> 32, mHi);
    }
  }
  S0 = s0;
  S1 = s1;
  S2 = s2;
  S3 = s3;
  if (dots) {
    quadAccA = f64x2.add(quadAccA, accA);
    quadAccB = f64x2.add(quadAccB, accB);
    quadAccC = f64x2.add(quadAccC, accC);
    quadAccE = f64x2.add(quadAccE, accE);
  }
  return misses;
}
let quadAccA = f64x2.splat(0);
let quadAccB = f64x2.splat(0);
let quadAccC = f64x2.splat(0);
let quadAccE = f64x2.splat(0);

/**
 * The slow path for the misses of the last block (see normalPairs), from the bound stream. With a != 0,
 * also adds a[i] z[i], b[i] z[i], c[i] z[i] and e[i] z[i] of each completed value to dotFixA, dotFixB,
 * dotFixC and dotFixE, in increasing i.
 */
function completeMisses(out: usize, misses: i32, a: usize = 0, b: usize = 0, c: usize = 0, e: usize = 0): void {
  for (let j = 0; j < misses; j++) {
    const at = <usize>unchecked(missAt[j]) << 3;
    const bits = unchecked(missBits[j]);
    const z = quadSlow(tryU(bits), <i32>(bits & 0x3FF));
    store<f64>(out + at, z);
    if (a != 0) {
      dotFixA += load<f64>(a + at) * z;
      dotFixB += load<f64>(b + at) * z;
      dotFixC += load<f64>(c + at) * z;
      dotFixE += load<f64>(e + at) * z;
    }
  }
}

let dotFixA: f64 = 0;
let dotFixB: f64 = 0;
let dotFixC: f64 = 0;
let dotFixE: f64 = 0;
/** a.z, b.z, c.z and e.z of the last normalsWithFourDots. */
export let lastDotA: f64 = 0;
export let lastDotB: f64 = 0;
export let lastDotC: f64 = 0;
export let lastDotE: f64 = 0;

/**
 * normalPairs(out, n) -- the same draws, the same values -- that also computes a.z, b.z, c.z and e.z
 * (z = out) in the same pass, into lastDotA, lastDotB, lastDotC, lastDotE: the sampling pass of the fused
 * learner steps (N.z and m.z, u.z, v.z), which reads those rows while the noise is made.
 * Reduction order (each dot): an f64x2 accumulator per block whose lane j sums, in increasing position, the
 * products at positions = j mod 2 of the block's vector pass, with 0 for values still to be completed,
 * added to a running f64x2 total after each block; then (lane 0 + lane 1), plus the completed values'
 * products summed in increasing position (block by block), plus the product of the odd last value.
 */
export function normalsWithFourDots(out: usize, n: i32, a: usize, b: usize, c: usize, e: usize): void {
  const n2 = n & ~1;
  dotFixA = 0;
  dotFixB = 0;
  dotFixC = 0;
  dotFixE = 0;
  quadAccA = f64x2.splat(0);
  quadAccB = f64x2.splat(0);
  quadAccC = f64x2.splat(0);
  quadAccE = f64x2.splat(0);
  for (let start = 0; start < n2; start += PAIR_BLOCK) {
    const len = min(PAIR_BLOCK, n2 - start);
    const offset = <usize>start << 3;
    const misses = normalBlock(out + offset, len, a + offset, b + offset, c + offset, e + offset, true);
    if (misses > 0) completeMisses(out + offset, misses, a + offset, b + offset, c + offset, e + offset);
  }
  let dotA = f64x2.extract_lane(quadAccA, 0) + f64x2.extract_lane(quadAccA, 1) + dotFixA;
  let dotB = f64x2.extract_lane(quadAccB, 0) + f64x2.extract_lane(quadAccB, 1) + dotFixB;
  let dotC = f64x2.extract_lane(quadAccC, 0) + f64x2.extract_lane(quadAccC, 1) + dotFixC;
  let dotE = f64x2.extract_lane(quadAccE, 0) + f64x2.extract_lane(quadAccE, 1) + dotFixE;
  if (n2 < n) {
    const o = <usize>n2 << 3;
    const z = normalCall();
    store<f64>(out + o, z);
    dotA += load<f64>(a + o) * z;
    dotB += load<f64>(b + o) * z;
    dotC += load<f64>(c + o) * z;
    dotE += load<f64>(e + o) * z;
  }
  lastDotA = dotA;
  lastDotB = dotB;
  lastDotC = dotC;
  lastDotE = dotE;
}

// One scalar try from 64 bits, finishing on the slow path if it missed.
// @ts-ignore: decorator
@inline function tryOrSlow(bits: u64): f64 {
  const u = tryU(bits);
  const i = <i32>(bits & 0x7F);
  if (Math.abs(u) < unchecked(zigRatio[i])) return u * unchecked(zigX[i]);
  return normalSlow(u, i);
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
  normalPairs(out, n);
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
