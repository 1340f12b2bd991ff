import { dot, axpy, scale, norm } from "../vector";

function filled(n: i32, f: (i: i32) => f64): usize {
  const p = heap.alloc(<usize>n << 3);
  for (let i = 0; i < n; i++) store<f64>(p + (<usize>i << 3), f(i));
  return p;
}

describe("vector kernels", () => {
  it("dot of small integers is exact for every tail length", () => {
    for (let n = 0; n < 20; n++) {
      const x = filled(n, (i: i32): f64 => <f64>(i + 1));
      const y = filled(n, (i: i32): f64 => <f64>(2 * i - 3));
      let expected: f64 = 0;
      for (let i = 0; i < n; i++) expected += <f64>(i + 1) * <f64>(2 * i - 3);
      expect(dot(x, y, n)).toBe(expected);
      heap.free(x);
      heap.free(y);
    }
  });

  it("axpy and scale act elementwise, including the odd tail", () => {
    const n = 7;
    const x = filled(n, (i: i32): f64 => <f64>i);
    const y = filled(n, (i: i32): f64 => 1.0);
    axpy(0.5, x, y, n);
    for (let i = 0; i < n; i++) expect(load<f64>(y + (<usize>i << 3))).toBe(1.0 + 0.5 * <f64>i);
    scale(-2.0, y, n);
    for (let i = 0; i < n; i++) expect(load<f64>(y + (<usize>i << 3))).toBe(-2.0 - <f64>i);
  });

  it("norm of (3, 4) is 5", () => {
    const x = filled(2, (i: i32): f64 => i == 0 ? 3.0 : 4.0);
    expect(norm(x, 2)).toBe(5.0);
  });
});
