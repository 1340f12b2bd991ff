import { gaussHermite, gaussLegendre, normalRule, ruleFree, node, weight } from "../quadrature";
import { hermiteCoefficients, couplingMoments, latentHermiteMoments } from "../hermite";
import { hermiteValue } from "../special";
import { activationCreate, activationFree, RELU, TANH, ERF, HERMITE } from "../activation";
import { modelCreate, modelFree, LATENT_RADEMACHER, LATENT_SKEWED, COUPLING_INDEPENDENT, COUPLING_SIGN, COUPLING_EVEN } from "../model";

function doubles(n: i32): usize {
  return heap.alloc(<usize>max(n, 1) << 3);
}

// (2m - 1)!! = E[X^(2m)] for X ~ N(0, 1)
function doubleFactorial(m: i32): f64 {
  let r: f64 = 1;
  for (let j = 2 * m - 1; j > 1; j -= 2) r *= <f64>j;
  return r;
}

function factorial(k: i32): f64 {
  let r: f64 = 1;
  for (let j = 2; j <= k; j++) r *= <f64>j;
  return r;
}

const PHI0: f64 = 0.3989422804014327; // 1/sqrt(2 pi)

describe("Gauss-Hermite (probabilists')", () => {
  it("integrates every monomial x^p, p < 2n, exactly to (p + 1) 5e-15 E|X|^p (x^p amplifies node rounding p-fold) for n = 5, 20, 64, 150", () => {
    const ns: i32[] = [5, 20, 64, 150];
    for (let t = 0; t < ns.length; t++) {
      const n = ns[t];
      const x = doubles(n), w = doubles(n);
      gaussHermite(n, x, w);
      // moments up to degree min(2n - 1, 60): beyond that (2m-1)!! has no exact f64 and the sum cancels less
      const top = min(2 * n - 1, 60);
      for (let p = 0; p <= top; p++) {
        let s: f64 = 0, scale: f64 = 0; // scale = sum of |terms| ~ E|X|^p, what rounding is relative to
        for (let i = 0; i < n; i++) {
          const term = load<f64>(w + (<usize>i << 3)) * Math.pow(load<f64>(x + (<usize>i << 3)), <f64>p);
          s += term;
          scale += Math.abs(term);
        }
        const exact: f64 = p & 1 ? 0.0 : doubleFactorial(p >> 1);
        expect(Math.abs(s - exact)).toBeLessThanOrEqual(<f64>(p + 1) * 5e-15 * scale);
      }
      heap.free(x);
      heap.free(w);
    }
  });

  it("has symmetric nodes, ascending, and the roots of He_n", () => {
    const n = 101;
    const x = doubles(n), w = doubles(n);
    gaussHermite(n, x, w);
    for (let i = 0; i < n; i++) {
      const xi = load<f64>(x + (<usize>i << 3));
      expect(xi).toBe(-load<f64>(x + (<usize>(n - 1 - i) << 3)));
      if (i > 0) expect(xi).toBeGreaterThan(load<f64>(x + (<usize>(i - 1) << 3)));
      // He_n(x_i) relative to its scale sqrt(n!) (1 + |x|)^0: the orthonormal p_n(x_i) ~ 0
      expect(Math.abs(hermiteValue(n, xi)) / Math.sqrt(factorial(n)) * Math.exp(-0.25 * xi * xi)).toBeLessThan(1e-10);
    }
    heap.free(x);
    heap.free(w);
  });

  it("stays finite with 256 nodes (normalised recurrence): weights sum to 1", () => {
    const n = 256;
    const x = doubles(n), w = doubles(n);
    gaussHermite(n, x, w);
    let s: f64 = 0;
    for (let i = 0; i < n; i++) {
      const wi = load<f64>(w + (<usize>i << 3));
      expect(isFinite(wi) && wi >= 0).toBe(true);
      s += wi;
    }
    expect(Math.abs(s - 1.0)).toBeLessThan(1e-13);
    heap.free(x);
    heap.free(w);
  });
});

describe("Gauss-Legendre and the composite normal rule", () => {
  it("Gauss-Legendre integrates x^p over [-1, 1] exactly for p < 2n", () => {
    const n = 12;
    const x = doubles(n), w = doubles(n);
    gaussLegendre(n, x, w);
    for (let p = 0; p < 2 * n; p++) {
      let s: f64 = 0;
      for (let i = 0; i < n; i++) s += load<f64>(w + (<usize>i << 3)) * Math.pow(load<f64>(x + (<usize>i << 3)), <f64>p);
      const exact: f64 = p & 1 ? 0.0 : 2.0 / <f64>(p + 1);
      expect(Math.abs(s - exact)).toBeLessThan(1e-15);
    }
    heap.free(x);
    heap.free(w);
  });

  it("the composite rule cut at t gives the truncated normal moments E[X^k 1[X > t]]", () => {
    // M0 = Phi(-t), M1 = phi(t), M2 = M0 + t phi(t), M3 = (t^2 + 2) phi(t)
    const t: f64 = 0.6744897501960817; // Phi^-1(3/4): M0 = 1/4 exactly
    const cut = doubles(1);
    store<f64>(cut, t);
    const rule = normalRule(cut, 1, 12.0, 0.5, 10);
    const phiT = PHI0 * Math.exp(-0.5 * t * t);
    const exact: f64[] = [0.25, phiT, 0.25 + t * phiT, (t * t + 2.0) * phiT];
    for (let k = 0; k < 4; k++) {
      let s: f64 = 0;
      for (let i = 0; i < rule.n; i++) {
        const xi = node(rule, i);
        if (xi > t) s += weight(rule, i) * Math.pow(xi, <f64>k);
      }
      expect(Math.abs(s - exact[k])).toBeLessThan(1e-15);
    }
    ruleFree(rule);
    heap.free(cut);
  });
});

describe("Hermite coefficients c_k = E[sigma(xi) He_k(xi)] (no 1/k!)", () => {
  it("ReLU: c0 = c2 = 1/sqrt(2 pi), c1 = 1/2, c3 = 0, c4 = -1/sqrt(2 pi) to 1e-12; c_k = phi(0) He_{k-2}(0) to 1e-13 sqrt(k!) up to k = 20", () => {
    const relu = activationCreate(RELU, 0, 0);
    const K = 20;
    const c = doubles(K + 1);
    hermiteCoefficients(relu, K, 1, c);
    expect(Math.abs(load<f64>(c) - PHI0)).toBeLessThan(1e-12);
    expect(Math.abs(load<f64>(c, 8) - 0.5)).toBeLessThan(1e-12);
    expect(Math.abs(load<f64>(c, 16) - PHI0)).toBeLessThan(1e-12);
    expect(Math.abs(load<f64>(c, 24))).toBeLessThan(1e-12);
    expect(Math.abs(load<f64>(c, 32) + PHI0)).toBeLessThan(1e-12);
    // Stein: E[relu He_k] = E[relu'' He_{k-2}] = phi(0) He_{k-2}(0) for k >= 2 (relu'' = delta_0). The
    // natural scale of c_k is sqrt(k!) (E[sigma^2] = sum c_k^2 / k!): He_k's values, and so the rounding of
    // the sum, grow like it, which is what an odd k's exact 0 is compared to.
    for (let k = 2; k <= K; k++) {
      const exact = PHI0 * hermiteValue(k - 2, 0.0);
      expect(Math.abs(load<f64>(c + (<usize>k << 3)) - exact)).toBeLessThan(1e-13 * Math.sqrt(factorial(k)));
    }
    activationFree(relu);
    heap.free(c);
  });

  it("He_j activations give c = j! e_j (the unit vector e_j once divided by k!)", () => {
    const K = 10;
    const coef = doubles(K + 1);
    const c = doubles(K + 1);
    for (let j = 0; j <= 8; j++) {
      memory.fill(coef, 0, <usize>(K + 1) << 3);
      store<f64>(coef + (<usize>j << 3), 1.0);
      const a = activationCreate(HERMITE, coef, j);
      hermiteCoefficients(a, K, 1, c);
      for (let k = 0; k <= K; k++) {
        const expected: f64 = k == j ? factorial(j) : 0.0;
        expect(Math.abs(load<f64>(c + (<usize>k << 3)) / factorial(k) - expected / factorial(k))).toBeLessThan(1e-12);
      }
      activationFree(a);
    }
    heap.free(coef);
    heap.free(c);
  });

  it("tanh and erf(z/sqrt 2) are odd: every even coefficient is exactly 0", () => {
    const kinds: i32[] = [TANH, ERF];
    const K = 12;
    const c = doubles(K + 1);
    for (let t = 0; t < 2; t++) {
      const a = activationCreate(kinds[t], 0, 0);
      hermiteCoefficients(a, K, 1, c);
      for (let k = 0; k <= K; k += 2) expect(load<f64>(c + (<usize>k << 3))).toBe(0.0);
      expect(Math.abs(load<f64>(c, 8))).toBeGreaterThan(0.1);
      activationFree(a);
    }
    heap.free(c);
  });

  it("erf(z/sqrt 2) matches its closed form c_k = (2/sqrt(pi)) (1/2) (-1/2)^((k-1)/2) (k-2)!! (k odd) to 1e-13 relative", () => {
    // sigma = 2 Phi - 1, sigma' = 2 phi; c_k = E[sigma^(k)] = 2 (-1)^(k-1) int He_{k-1} phi^2 and
    // int He_m phi^2 = (1/(2 sqrt pi)) E_{N(0,1/2)}[He_m] = (1/(2 sqrt pi)) (-1/2)^(m/2) (m-1)!!
    const a = activationCreate(ERF, 0, 0);
    const K = 11;
    const c = doubles(K + 1);
    hermiteCoefficients(a, K, 1, c);
    const invSqrtPi: f64 = 0.5641895835477563;
    for (let k = 1; k <= K; k += 2) {
      const m = k - 1;
      const exact = invSqrtPi * Math.pow(-0.5, <f64>(m >> 1)) * doubleFactorial(m >> 1);
      expect(Math.abs(load<f64>(c + (<usize>k << 3)) - exact)).toBeLessThan(1e-13 * max(1.0, Math.abs(exact)));
    }
    activationFree(a);
    heap.free(c);
  });
});

describe("latent moments", () => {
  it("Rademacher nu: E[He_3(nu)] = 0, E[He_4(nu)] = kappa_4 = -2; skewed: E[He_3] = kappa_3 = (1 - 2r)/s", () => {
    const out = doubles(6);
    const rad = modelCreate(8, 0.5, 0, 0, 1, LATENT_RADEMACHER, 0.5, COUPLING_INDEPENDENT, 0, 0);
    latentHermiteMoments(rad, 5, out);
    expect(load<f64>(out)).toBe(1.0);
    expect(load<f64>(out, 8)).toBe(0.0);
    expect(load<f64>(out, 16)).toBe(0.0);
    expect(load<f64>(out, 24)).toBe(0.0);
    expect(load<f64>(out, 32)).toBe(-2.0);
    const r: f64 = 0.7;
    const skew = modelCreate(8, 0.5, 0, 0, 1, LATENT_SKEWED, r, COUPLING_INDEPENDENT, 0, 0);
    latentHermiteMoments(skew, 5, out);
    expect(Math.abs(load<f64>(out, 8))).toBeLessThan(1e-15);
    expect(Math.abs(load<f64>(out, 16))).toBeLessThan(1e-15);
    expect(Math.abs(load<f64>(out, 24) - (1.0 - 2.0 * r) / Math.sqrt(r - r * r))).toBeLessThan(1e-14);
    modelFree(rad);
    modelFree(skew);
    heap.free(out);
  });

  it("sign coupling: E[lambda nu] = sqrt(2/pi); even coupling: E[lambda nu] = 0, E[He_2(lambda) nu] = 4 t phi(t)", () => {
    const out = doubles(5);
    const sign = modelCreate(8, 0.5, 0, 1, 1, LATENT_RADEMACHER, 0.5, COUPLING_SIGN, 0, 0);
    couplingMoments(sign, 4, 0, out);
    expect(Math.abs(load<f64>(out, 8) - 0.7978845608028654)).toBeLessThan(1e-14);
    expect(Math.abs(load<f64>(out, 16))).toBeLessThan(1e-15);
    const even = modelCreate(8, 0.5, 0, 1, 1, LATENT_RADEMACHER, 0.5, COUPLING_EVEN, 0, 0);
    couplingMoments(even, 4, 0, out);
    // nu = 2 1[|l| >= t] - 1: E[He_2 nu] = 2 E[He_2 1[|l| >= t]] = 4 E[(l^2 - 1) 1[l >= t]] = 4 t phi(t)
    const t: f64 = 0.6744897501960817;
    expect(Math.abs(load<f64>(out, 8))).toBeLessThan(1e-15);
    expect(Math.abs(load<f64>(out, 16) - 4.0 * t * PHI0 * Math.exp(-0.5 * t * t))).toBeLessThan(1e-13);
    modelFree(sign);
    modelFree(even);
    heap.free(out);
  });
});
