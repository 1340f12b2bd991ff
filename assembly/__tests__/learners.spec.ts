import { combineRow, combineRowTracked } from "../sgd";
import { geometricGrid } from "../schedule";
import { recordRecovery, recoveryCreate } from "../recovery";

function filled(n: i32, f: (i: i32) => f64): usize {
  const p = heap.alloc(<usize>max<i32>(n, 1) << 3);
  for (let i = 0; i < n; i++) store<f64>(p + (<usize>i << 3), f(i));
  return p;
}

describe("fused row update", () => {
  it("computes w <- a w + b x and its squared norm exactly on small integers, every tail length", () => {
    for (let n = 0; n < 13; n++) {
      const w = filled(n, (i: i32): f64 => <f64>(i - 3));
      const x = filled(n, (i: i32): f64 => <f64>(2 * i + 1));
      let expected: f64 = 0;
      for (let i = 0; i < n; i++) {
        const wi = 3.0 * <f64>(i - 3) - 2.0 * <f64>(2 * i + 1);
        expected += wi * wi;
      }
      expect(combineRow(w, 3.0, x, -2.0, n)).toBe(expected);
      for (let i = 0; i < n; i++) expect(load<f64>(w + (<usize>i << 3))).toBe(3.0 * <f64>(i - 3) - 2.0 * <f64>(2 * i + 1));
      heap.free(w);
      heap.free(x);
    }
  });

  it("the tracked form gives the same row and norm, and the dots of the new row with m, u, v", () => {
    const n = 11;
    const w1 = filled(n, (i: i32): f64 => <f64>(i % 4));
    const w2 = filled(n, (i: i32): f64 => <f64>(i % 4));
    const x = filled(n, (i: i32): f64 => <f64>(5 - i));
    const m = filled(n, (i: i32): f64 => 1.0);
    const u = filled(n, (i: i32): f64 => <f64>i);
    const v = filled(n, (i: i32): f64 => <f64>(i & 1));
    const out = heap.alloc(24);
    const plain = combineRow(w1, 2.0, x, 1.0, n);
    const tracked = combineRowTracked(w2, 2.0, x, 1.0, n, m, u, v, out);
    expect(tracked).toBe(plain);
    let dm: f64 = 0, du: f64 = 0, dv: f64 = 0;
    for (let i = 0; i < n; i++) {
      const wi = load<f64>(w2 + (<usize>i << 3));
      expect(wi).toBe(load<f64>(w1 + (<usize>i << 3)));
      dm += wi;
      du += wi * <f64>i;
      dv += wi * <f64>(i & 1);
    }
    expect(load<f64>(out, 0)).toBe(dm);
    expect(load<f64>(out, 8)).toBe(du);
    expect(load<f64>(out, 16)).toBe(dv);
  });
});

describe("checkpoint grid", () => {
  it("starts at 0, ends at steps, strictly increases, and has at most `points` entries", () => {
    const out = heap.alloc(8 * 64);
    const n = geometricGrid(20000, 60, out);
    expect(n).toBeLessThanOrEqual(60);
    expect(load<f64>(out)).toBe(0.0);
    expect(load<f64>(out + (<usize>(n - 1) << 3))).toBe(20000.0);
    for (let i = 1; i < n; i++) expect(load<f64>(out + (<usize>i << 3))).toBeGreaterThan(load<f64>(out + (<usize>(i - 1) << 3)));
    expect(geometricGrid(7, 2, out)).toBe(2);
    expect(load<f64>(out, 8)).toBe(7.0);
    expect(geometricGrid(1, 60, out)).toBe(2);
  });

  it("is geometric: 1, 10, 100, 1000 for 1000 steps at 5 points", () => {
    const out = heap.alloc(8 * 5);
    expect(geometricGrid(1000, 5, out)).toBe(5);
    expect(load<f64>(out, 8)).toBe(1.0);
    expect(load<f64>(out, 16)).toBe(10.0);
    expect(load<f64>(out, 24)).toBe(100.0);
    expect(load<f64>(out, 32)).toBe(1000.0);
  });
});

describe("weak-recovery record", () => {
  it("keeps the first step at which |alpha| reaches the threshold, per direction", () => {
    const r = recoveryCreate();
    expect(recordRecovery(r, 0.1, -0.6, 0.2, 0.5, 7)).toBe(2);
    expect(recordRecovery(r, 0.5, 0.9, 0.2, 0.5, 9)).toBe(1);
    expect(load<f64>(r, 0)).toBe(9.0);
    expect(load<f64>(r, 8)).toBe(7.0);
    expect(load<f64>(r, 16)).toBe(-1.0);
  });
});
