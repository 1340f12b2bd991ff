// The update pass of the fused learner steps: one pass over a weight row that forms the sample
// x = ((z + a m) + b u) + e v in registers (bit for bit the x of sampleInto), applies W <- alpha W + beta x,
// and returns what the step needs next: |W'|^2 and W'.m, W'.u, W'.v (the overlaps of the next step's
// w.x and of the weak-recovery check), so that a whole step is two passes: sampleWithDots (noise, w.z, v.z)
// and this one.
//
// Numeric contract: lane operations are single IEEE-754 double operations, as in sgd.ts; the four
// reductions follow combineRowTracked's documented order (two f64x2 accumulators over i mod 4 in {0, 1}
// and {2, 3}, then the lanes, then the d mod 4 tail in increasing i).

/** W <- alpha W + beta x, x = ((z + a m) + b u) + e v; out[0..2] = W'.m, W'.u, W'.v; returns |W'|^2. */
export function updateFormed(
  w: usize, alpha: f64, beta: f64, z: usize, a: f64, m: usize, b: f64, u: usize, e: f64, v: usize, d: i32, out: usize,
): f64 {
  const valpha = f64x2.splat(alpha);
  const vbeta = f64x2.splat(beta);
  const va = f64x2.splat(a);
  const vb = f64x2.splat(b);
  const ve = f64x2.splat(e);
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let m0 = f64x2.splat(0), m1 = f64x2.splat(0);
  let u0 = f64x2.splat(0), u1 = f64x2.splat(0);
  let v0 = f64x2.splat(0), v1 = f64x2.splat(0);
  const d4 = d & ~3;
  let i = 0;
  for (; i < d4; i += 4) {
    const o = <usize>i << 3;
    const mA = v128.load(m + o), mB = v128.load(m + o, 16);
    const uA = v128.load(u + o), uB = v128.load(u + o, 16);
    const vA = v128.load(v + o), vB = v128.load(v + o, 16);
    let xA = f64x2.add(v128.load(z + o), f64x2.mul(va, mA));
    let xB = f64x2.add(v128.load(z + o, 16), f64x2.mul(va, mB));
    xA = f64x2.add(f64x2.add(xA, f64x2.mul(vb, uA)), f64x2.mul(ve, vA));
    xB = f64x2.add(f64x2.add(xB, f64x2.mul(vb, uB)), f64x2.mul(ve, vB));
    const w0 = f64x2.add(f64x2.mul(valpha, v128.load(w + o)), f64x2.mul(vbeta, xA));
    const w1 = f64x2.add(f64x2.mul(valpha, v128.load(w + o, 16)), f64x2.mul(vbeta, xB));
    v128.store(w + o, w0);
    v128.store(w + o, w1, 16);
    s0 = f64x2.add(s0, f64x2.mul(w0, w0));
    s1 = f64x2.add(s1, f64x2.mul(w1, w1));
    m0 = f64x2.add(m0, f64x2.mul(w0, mA));
    m1 = f64x2.add(m1, f64x2.mul(w1, mB));
    u0 = f64x2.add(u0, f64x2.mul(w0, uA));
    u1 = f64x2.add(u1, f64x2.mul(w1, uB));
    v0 = f64x2.add(v0, f64x2.mul(w0, vA));
    v1 = f64x2.add(v1, f64x2.mul(w1, vB));
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
    const mi = load<f64>(m + o), ui = load<f64>(u + o), vi = load<f64>(v + o);
    const xi = load<f64>(z + o) + a * mi + b * ui + e * vi;
    const wi = alpha * load<f64>(w + o) + beta * xi;
    store<f64>(w + o, wi);
    ss += wi * wi;
    dm += wi * mi;
    du += wi * ui;
    dv += wi * vi;
  }
  store<f64>(out, dm, 0);
  store<f64>(out, du, 8);
  store<f64>(out, dv, 16);
  return ss;
}
