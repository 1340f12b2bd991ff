// The fused row updates of online SGD: one pass over a weight row that applies w <- a w + b x and
// returns what the step needs to check and normalise the result, so a step never re-reads its row.
//
// Numeric contract: every lane operation is one IEEE-754 double operation (no fused multiply-add).
// Each new entry is w'[i] = a * w[i] + b * x[i], rounded as written. Reductions (the squared norm and,
// in the tracked form, the dots with m, u, v) use one fixed order: two f64x2 accumulators A0, A1, where
// A0 sums, in increasing i, the elements with i mod 4 in {0, 1} and A1 those with i mod 4 in {2, 3}
// over the first 4*floor(d/4) elements (lane = i mod 2); then s = (A0 + A1).lane0 + (A0 + A1).lane1,
// then the d mod 4 tail elements one by one in increasing i. A change to this order changes golden
// hashes.

import { at } from "./memory";

// Coefficients splatted through memory for the row passes (here and fused.ts's updateWithSpike): V8
// re-splats a scalar at every use inside a loop, while a loaded v128 stays in a register. Three slots; the
// passes that use them never run inside one another.
const splats = new StaticArray<f64>(6);

/** x in both lanes, through slot k (0, 1 or 2) of the splats: see above. */
// @ts-ignore: decorator
@inline export function splatThrough(k: i32, x: f64): v128 {
  const slot = changetype<usize>(splats) + (<usize>k << 4);
  v128.store(slot, f64x2.splat(x));
  return v128.load(slot);
}

/** w <- a w + b x over d entries; returns |w'|^2 in the order documented above. */
export function combineRow(w: usize, a: f64, x: usize, b: f64, d: i32): f64 {
  const va = splatThrough(0, a);
  const vb = splatThrough(1, b);
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  const d4 = d & ~3;
  let i = 0;
  for (; i < d4; i += 4) {
    const pw = at(w, i);
    const px = at(x, i);
    const w0 = f64x2.add(f64x2.mul(va, v128.load(pw)), f64x2.mul(vb, v128.load(px)));
    const w1 = f64x2.add(f64x2.mul(va, v128.load(pw, 16)), f64x2.mul(vb, v128.load(px, 16)));
    v128.store(pw, w0);
    v128.store(pw, w1, 16);
    s0 = f64x2.add(s0, f64x2.mul(w0, w0));
    s1 = f64x2.add(s1, f64x2.mul(w1, w1));
  }
  const s = f64x2.add(s0, s1);
  let ss = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < d; i++) {
    const wi = a * load<f64>(at(w, i)) + b * load<f64>(at(x, i));
    store<f64>(at(w, i), wi);
    ss += wi * wi;
  }
  return ss;
}

/**
 * combineRow that also writes w'.m, w'.u, w'.v to out[0..2] (same reduction order for each), for the
 * per-step weak-recovery check. Reads five rows and writes one in a single pass.
 */
export function combineRowTracked(w: usize, a: f64, x: usize, b: f64, d: i32, m: usize, u: usize, v: usize, out: usize): f64 {
  const va = splatThrough(0, a);
  const vb = splatThrough(1, b);
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let m0 = f64x2.splat(0), m1 = f64x2.splat(0);
  let u0 = f64x2.splat(0), u1 = f64x2.splat(0);
  let v0 = f64x2.splat(0), v1 = f64x2.splat(0);
  const d4 = d & ~3;
  let i = 0;
  for (; i < d4; i += 4) {
    const o = <usize>i << 3;
    const w0 = f64x2.add(f64x2.mul(va, v128.load(w + o)), f64x2.mul(vb, v128.load(x + o)));
    const w1 = f64x2.add(f64x2.mul(va, v128.load(w + o, 16)), f64x2.mul(vb, v128.load(x + o, 16)));
    v128.store(w + o, w0);
    v128.store(w + o, w1, 16);
    s0 = f64x2.add(s0, f64x2.mul(w0, w0));
    s1 = f64x2.add(s1, f64x2.mul(w1, w1));
    m0 = f64x2.add(m0, f64x2.mul(w0, v128.load(m + o)));
    m1 = f64x2.add(m1, f64x2.mul(w1, v128.load(m + o, 16)));
    u0 = f64x2.add(u0, f64x2.mul(w0, v128.load(u + o)));
    u1 = f64x2.add(u1, f64x2.mul(w1, v128.load(u + o, 16)));
    v0 = f64x2.add(v0, f64x2.mul(w0, v128.load(v + o)));
    v1 = f64x2.add(v1, f64x2.mul(w1, v128.load(v + o, 16)));
  }
  const s = f64x2.add(s0, s1);
  const sm = f64x2.add(m0, m1);
  const su = f64x2.add(u0, u1);
  const sv = f64x2.add(v0, v1);
  let ss = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  let dm = f64x2.extract_lane(sm, 0) + f64x2.extract_lane(sm, 1);
  let du = f64x2.extract_lane(su, 0) + f64x2.extract_lane(su, 1);
  let dv = f64x2.extract_lane(sv, 0) + f64x2.extract_lane(sv, 1);
  for (; i < d; i++) {
    const o = <usize>i << 3;
    const wi = a * load<f64>(w + o) + b * load<f64>(x + o);
    store<f64>(w + o, wi);
    ss += wi * wi;
    dm += wi * load<f64>(m + o);
    du += wi * load<f64>(u + o);
    dv += wi * load<f64>(v + o);
  }
  store<f64>(out, dm, 0);
  store<f64>(out, du, 8);
  store<f64>(out, dv, 16);
  return ss;
}
