import { normalCdf } from "../special";
import { streamInit, bind, unbind, nextU64, nextPair, normal, normalPairs, uniform, mix64, STREAM_BYTES, wedgeSqueeze, wedgeExact, zigLayerX } from "../random";

describe("random streams", () => {
  it("splitmix64's finaliser matches the published first output for seed 0", () => {
    // splitmix64 with state 0: first output is mix64(0x9E3779B97F4A7C15) = 0xE220A8397B1DCDAF
    // (the reference value of splitmix64.c, Vigna).
    expect(mix64(0x9E3779B97F4A7C15)).toBe(0xE220A8397B1DCDAF);
  });

  it("xoshiro256** from state (1, 2, 3, 4) gives the reference outputs, in either lane", () => {
    // First outputs of xoshiro256starstar.c with s = {1, 2, 3, 4}: 11520, 0, 1509978240, 1215971899390074240.
    // Word k of lane j sits at byte 16 k + 8 j; lane A = (1, 2, 3, 4), lane B = (1, 2, 3, 4) shifted by
    // one word, (2, 3, 4, 1), whose outputs differ.
    const s = heap.alloc(STREAM_BYTES);
    for (let k = 0; k < 4; k++) {
      store<u64>(s + 16 * k, k + 1);
      store<u64>(s + 16 * k + 8, ((k + 1) % 4) + 1);
    }
    bind(s);
    expect(nextU64()).toBe(11520);
    expect(nextU64()).toBe(0);
    expect(nextU64()).toBe(1509978240);
    expect(nextU64()).toBe(1215971899390074240);
    unbind(s);
    for (let k = 0; k < 4; k++) {
      store<u64>(s + 16 * k + 8, k + 1);
      store<u64>(s + 16 * k, 9);
    }
    bind(s);
    expect(i64x2.extract_lane(nextPair(), 1)).toBe(11520);
    expect(i64x2.extract_lane(nextPair(), 1)).toBe(0);
    expect(i64x2.extract_lane(nextPair(), 1)).toBe(1509978240);
    expect(i64x2.extract_lane(nextPair(), 1)).toBe(1215971899390074240);
    unbind(s);
  });

  it("uniform stays in [0, 1) and normals are finite", () => {
    const s = heap.alloc(STREAM_BYTES);
    streamInit(s, 7, 0);
    bind(s);
    for (let i = 0; i < 10000; i++) {
      const u = uniform();
      expect(u >= 0.0 && u < 1.0).toBe(true);
      const z = normal();
      expect(isFinite(z)).toBe(true);
    }
    const n = 4097; // blocks of 512, then an odd tail
    const out = heap.alloc(n << 3);
    normalPairs(out, n);
    for (let i = 0; i < n; i++) expect(isFinite(load<f64>(out + (i << 3)))).toBe(true);
    unbind(s);
  });

  it("distinct stream indices give distinct first words", () => {
    const a = heap.alloc(STREAM_BYTES);
    const b = heap.alloc(STREAM_BYTES);
    streamInit(a, 1, 0);
    streamInit(b, 1, 1);
    expect(load<u64>(a)).not.toBe(load<u64>(b));
  });
});

describe("the batch ziggurat's table (1024 layers)", () => {
  it("closes: every layer, the top one included, has the base layer's area V (to 1e-11)", () => {
    const r = zigLayerX(1024, 1);
    expect(r).toBe(4.0388498461095045);
    // the base layer: the rectangle [0, x_0] x [0, f(R)], of area V by construction (x_0 = V / f(R))
    const v = zigLayerX(1024, 0) * Math.exp(-0.5 * r * r);
    let worst = 0.0;
    for (let i = 1; i < 1024; i++) {
      const xi = zigLayerX(1024, i), xj = zigLayerX(1024, i + 1);
      // layer i: [0, x_i] x [f(x_i), f(x_{i+1})]
      const area = xi * (Math.exp(-0.5 * xj * xj) - Math.exp(-0.5 * xi * xi));
      worst = Math.max(worst, Math.abs(area / v - 1.0));
    }
    expect(zigLayerX(1024, 1024)).toBe(0.0);
    // measured 1.0e-12: the rounding of the recurrence over 1023 layers (the layers' areas cancel in f)
    expect(worst).toBeLessThan(1e-11);
  });
});

describe("the wedge squeeze (zigWedge), on the 128- and the 1024-layer tables", () => {
  it("decides as the written test does wherever it decides, also next to the boundary, and decides most tests", () => {
    const s = heap.alloc(STREAM_BYTES);
    streamInit(s, 12, 0);
    bind(s);
    let decided = 0, total = 0, disagree = 0, nearDecided = 0;
    for (let layers = 128; layers <= 1024; layers *= 8)
    for (let i = 1; i < layers; i++) {
      const xi = zigLayerX(layers, i), xj = zigLayerX(layers, i + 1);
      for (let t = 0; t < 100; t++) {
        // x uniform in the wedge's range, either sign; U uniform
        const x = (xj + uniform() * (xi - xj)) * (t & 1 ? -1.0 : 1.0);
        const u = uniform();
        const q = wedgeSqueeze(layers, i, x, u);
        total++;
        if (q >= 0) {
          decided++;
          if ((q == 1) != wedgeExact(layers, i, x, u)) disagree++;
        }
        // U next to the boundary of the written test: U* = (f1 - 1) / (f1 - f0), moved by 1e-15 .. 1e-6
        const f0 = Math.exp(-0.5 * (xi * xi - x * x));
        const f1 = Math.exp(-0.5 * (xj * xj - x * x));
        const star = (f1 - 1.0) / (f1 - f0);
        for (let e = 6; e <= 15; e++) {
          for (let sign = -1; sign <= 1; sign += 2) {
            const v = star + <f64>sign * Math.pow(10.0, -<f64>e);
            if (!(v >= 0 && v < 1)) continue;
            const r = wedgeSqueeze(layers, i, x, v);
            if (r >= 0) {
              nearDecided++;
              if ((r == 1) != wedgeExact(layers, i, x, v)) disagree++;
            }
          }
        }
      }
    }
    unbind(s);
    expect(disagree).toBe(0);
    // the squeeze leaves at most 1 in 10^3 of the random tests to the written one (measured: about 3e-5)
    expect(<f64>decided).toBeGreaterThan(0.999 * <f64>total);
    // and it does decide next to the boundary (at 1e-6 .. 1e-9 away), so those cases were checked
    expect(nearDecided).toBeGreaterThan(total);
  });
});

describe("the scalar normal() (the 128-layer ziggurat: the reduced engine's normals)", () => {
  it("n = 4 * 10^6, seed 2027: moments within 4 standard errors; tails beyond R = 3.4426 in frequency and in a chi-square of 16 equiprobable bins", () => {
    const s = heap.alloc(STREAM_BYTES);
    streamInit(s, 2027, 0);
    bind(s);
    const n = 4000000;
    const R = 3.442619855899;
    const qR = normalCdf(-R);
    // edges e_j with Q(e_j) / Q(R) = 1 - j/8 (Q(x) = Phi(-x)), by bisection
    const edges = new StaticArray<f64>(8);
    edges[0] = R;
    for (let j = 1; j < 8; j++) {
      const target = qR * (1.0 - <f64>j / 8.0);
      let lo = R, hi = 40.0;
      for (let it = 0; it < 200; it++) {
        const mid = 0.5 * (lo + hi);
        if (normalCdf(-mid) > target) lo = mid;
        else hi = mid;
      }
      edges[j] = 0.5 * (lo + hi);
    }
    const counts = new StaticArray<f64>(16);
    let s1 = 0.0, s2 = 0.0, s4 = 0.0, tail = 0.0;
    for (let i = 0; i < n; i++) {
      const z = normal();
      s1 += z;
      s2 += z * z;
      s4 += z * z * z * z;
      const a = Math.abs(z);
      if (a > R) {
        tail += 1.0;
        let j = 0;
        while (j < 7 && a > edges[j + 1]) j++;
        counts[(z < 0 ? 8 : 0) + j] += 1.0;
      }
    }
    unbind(s);
    const N = <f64>n;
    expect(Math.abs(s1 / N)).toBeLessThan(4.0 * Math.sqrt(1.0 / N));
    expect(Math.abs(s2 / N - 1.0)).toBeLessThan(4.0 * Math.sqrt(2.0 / N));
    expect(Math.abs(s4 / N - 3.0)).toBeLessThan(4.0 * Math.sqrt(96.0 / N));
    const p = 2.0 * qR;
    expect(Math.abs(tail - N * p)).toBeLessThan(4.0 * Math.sqrt(N * p * (1.0 - p)));
    const expected = tail / 16.0;
    let chi2 = 0.0;
    for (let j = 0; j < 16; j++) chi2 += (counts[j] - expected) * (counts[j] - expected) / expected;
    // the 0.1% critical value of chi-square(15)
    expect(chi2).toBeLessThan(37.7);
  });
});
