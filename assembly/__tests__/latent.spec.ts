import { normalQuantile, normalPdf, couplingThreshold, couplingHermite, COUPLING_SIGN, COUPLING_EVEN, COUPLING_CUBIC, COUPLING_INDEPENDENT, LATENT_RADEMACHER, LATENT_SKEWED } from "../latent";
import { normalCdf } from "../special";

describe("latent laws", () => {
  it("normalQuantile inverts normalCdf to rounding, and hits the published quantiles", () => {
    const qs: f64[] = [1e-10, 0.001, 0.025, 0.25, 0.3, 0.5, 0.7, 0.75, 0.975, 0.999];
    for (let i = 0; i < qs.length; i++) {
      const q = qs[i];
      // One ulp of the root moves Phi by phi(t) ulp(t), up to ~6e-15 relative at q = 1e-10.
      expect(Math.abs(normalCdf(normalQuantile(q)) - q)).toBeLessThanOrEqual(1e-14 * q);
    }
    // Phi^-1(0.975) = 1.959963984540054 and Phi^-1(0.75) = 0.6744897501960817 (e.g. Wichura 1988, AS241).
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-14);
    expect(Math.abs(normalQuantile(0.75) - 0.6744897501960817)).toBeLessThan(1e-14);
    expect(normalQuantile(0.5)).toBe(0.0);
  });

  it("thresholds give P(nu = high) = r", () => {
    expect(couplingThreshold(COUPLING_SIGN, LATENT_RADEMACHER, 0.5)).toBe(0.0);
    const r: f64 = 0.3;
    expect(Math.abs(1.0 - normalCdf(couplingThreshold(COUPLING_SIGN, LATENT_SKEWED, r)) - r)).toBeLessThan(1e-15);
    expect(Math.abs(2.0 * (1.0 - normalCdf(couplingThreshold(COUPLING_EVEN, LATENT_SKEWED, r))) - r)).toBeLessThan(1e-15);
  });

  it("the Hermite coefficients vanish where the symmetry says they must", () => {
    for (let k = 0; k < 9; k++) {
      expect(couplingHermite(COUPLING_INDEPENDENT, LATENT_RADEMACHER, 0.5, 0, k)).toBe(0.0);
      if ((k & 1) == 1) expect(couplingHermite(COUPLING_EVEN, LATENT_RADEMACHER, 0.5, 0, k)).toBe(0.0);
      if ((k & 1) == 0) expect(couplingHermite(COUPLING_CUBIC, LATENT_RADEMACHER, 0.5, 0, k)).toBe(0.0);
    }
    expect(Math.abs(couplingHermite(COUPLING_CUBIC, LATENT_RADEMACHER, 0.5, 0, 1))).toBeLessThan(1e-16);
    // sign, Rademacher: E[lambda nu] = 2 phi(0) = sqrt(2/pi).
    expect(Math.abs(couplingHermite(COUPLING_SIGN, LATENT_RADEMACHER, 0.5, 0, 1) - 0.7978845608028654)).toBeLessThan(1e-16);
    expect(normalPdf(0)).toBe(0.3989422804014327);
  });
});
