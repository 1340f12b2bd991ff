// The constants R and V of a ziggurat of N layers for the standard normal (Marsaglia & Tsang 2000): every
// layer has area V, the base layer is the rectangle [0, R] x [0, f(R)] plus the tail beyond R, and the
// layers' recurrence x_{i+1} = f^-1(V / x_i + f(x_i)) (f(x) = exp(-x^2 / 2), x_1 = R) must close at the top:
// x_{N-1} (1 - f(x_{N-1})) = V. R is found by bisection in double precision; the tail's area by the
// continued fraction of Mills' ratio (Laplace), which converges in a few dozen terms for x > 3.
// Usage: node scripts/ziggurat-constants.mjs [N ...]   (default 1024). assembly/random.ts holds the 1024-layer
// values of a 40-digit solution of the same equations (mpmath), rounded; this double-precision one agrees
// within 3e-15 (R = 4.038849846109505, V = 0.001226324646353085). test/ziggurat-tables.test.ts checks both.

/** The area of f beyond x > 3: f(x) / (x + 1/(x + 2/(x + 3/(x + ...)))), by Lentz's method. */
export function tailArea(x) {
  const tiny = 1e-300;
  let fraction = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 200; k++) {
    d = x + k * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + k / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    fraction *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  return Math.exp(-0.5 * x * x) / fraction;
}

/** How far the top layer of a ziggurat of n layers with base r is from closing (its area minus V), and V. */
export function topExcess(n, r) {
  const v = r * Math.exp(-0.5 * r * r) + tailArea(r);
  let x = r;
  let fx = Math.exp(-0.5 * r * r);
  for (let i = 2; i < n; i++) {
    const arg = v / x + fx;
    if (arg >= 1) return { excess: -Infinity, v };
    x = Math.sqrt(-2 * Math.log(arg));
    fx = Math.exp(-0.5 * x * x);
  }
  return { excess: x * (1 - fx) - v, v };
}

/** R and V of a ziggurat of n layers (n >= 64). */
export function zigguratConstants(n) {
  let lo = 3;
  let hi = 5;
  for (let k = 0; k < 200 && hi - lo > 0; k++) {
    const r = 0.5 * (lo + hi);
    if (r === lo || r === hi) break;
    if (topExcess(n, r).excess < 0) lo = r;
    else hi = r;
  }
  const r = 0.5 * (lo + hi);
  return { r, v: topExcess(n, r).v };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const layers = process.argv.slice(2).map(Number);
  for (const n of layers.length > 0 ? layers : [1024]) {
    const { r, v } = zigguratConstants(n);
    console.log(`${n} layers: R = ${r}, V = ${v}`);
  }
}
