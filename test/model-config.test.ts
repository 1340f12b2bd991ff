import { describe, expect, it } from "vitest";
import { resolveModelConfig } from "../src/config/model.js";

describe("model config", () => {
  it("fills defaults and the kind's betas", () => {
    expect(resolveModelConfig({ d: 64 })).toEqual({
      kind: "mcm", d: 64, betaM: 1, betaU: 5, betaV: 5,
      latent: { kind: "rademacher" }, coupling: { kind: "independent" },
      prior: 0.5, labelledMean: false, spikes: "random",
    });
    const sc = resolveModelConfig({ kind: "spiked-cumulant", d: 16, betaV: 10, coupling: { kind: "partial", p: 0.25 } });
    expect([sc.betaM, sc.betaU, sc.betaV, sc.coupling]).toEqual([0, 0, 10, { kind: "partial", p: 0.25 }]);
    expect(resolveModelConfig({ d: 8, latent: { kind: "skewed", r: 0.2 } }).latent).toEqual({ kind: "skewed", r: 0.2 });
    expect(resolveModelConfig({ d: 8, latent: "skewed", coupling: "partial" })).toMatchObject({ latent: { kind: "skewed", r: 0.7 }, coupling: { kind: "partial", p: 0.5 } });
    expect(resolveModelConfig({ d: 12, spikes: "hypercube" }).spikes).toBe("hypercube");
    // A resolved config is a valid input and resolves to itself.
    const resolved = resolveModelConfig({ kind: "mixture", d: 8, prior: 0.2, labelledMean: true });
    expect(resolveModelConfig(resolved)).toEqual(resolved);
  });

  it.each([
    [{ kind: "nope", d: 8 }, /model.kind must be one of "gaussian", .*"mcm"; got "nope"/],
    [{ d: 3 }, /model.d must be >= 4; got 3/],
    [{ d: 8.5 }, /model.d must be an integer; got 8.5/],
    [{ d: 8, betaU: -1 }, /model.betaU must be >= 0; got -1/],
    [{ d: 8, betaV: Infinity }, /model.betaV must be .*; got Infinity/],
    [{ d: 8, coupling: { kind: "partial", p: 1.5 } }, /model.coupling.p must be <= 1; got 1.5/],
    [{ d: 8, coupling: { kind: "partial", p: -0.1 } }, /model.coupling.p must be >= 0; got -0.1/],
    [{ d: 8, coupling: "nope" }, /model.coupling.kind must be one of "independent", "sign", "even", "cubic", "partial"; got "nope"/],
    [{ d: 8, coupling: { kind: "sign", p: 1 } }, /model.coupling.p must be absent \(not a known field\); got 1/],
    [{ d: 8, latent: { kind: "skewed", r: 1 } }, /model.latent.r must be <= 0.999999999; got 1/],
    [{ d: 8, latent: "laplace" }, /model.latent.kind must be one of "rademacher", "skewed"; got "laplace"/],
    [{ d: 8, latent: "skewed", coupling: "cubic" }, /model.coupling must be .*cubic needs a symmetric nu.*; got "cubic"/],
    [{ d: 8, betaM: Number.NaN }, /model.betaM must be .*; got NaN/],
    [{ d: 8, prior: 1 }, /model.prior must be < 1; got 1/],
    [{ d: "8" }, /model.d must be of type number; got "8"/],
    [{ d: 10, spikes: "hypercube" }, /model.d must be a multiple of 4 with spikes "hypercube".*; got 10/],
    [{ d: 8, spikes: "orthogonal" }, /model.spikes must be one of "random", "hypercube"; got "orthogonal"/],
    [{ d: 8, spikes: 3 }, /model.spikes must be one of "random", "hypercube" or of type object; got 3/],
    [{ d: 4, spikes: { m: [1, 0, 0, 0], u: [0, 1, 0, 0] } }, /model.spikes.v must be of type array; got undefined/],
    [{ d: 4, spikes: { m: [1, 0, 0, 0], u: [0, 1, 0, 0], v: [0, 0, 2, 0] } }, /model.spikes must be orthonormal .*; got "v.v = 4"/],
    [{ d: 4, spikes: { m: [1, 0, 0, 0], u: [0, 1, 0, 0], v: [0, 0, 1, Infinity] } }, /model.spikes.v.3 must be a finite number; got Infinity/],
    [{ kind: "mixture", d: 8, betaV: 2 }, /model.betaV must be 0 or absent for kind "mixture"/],
    [{ d: 4, spikes: { m: [1, 0, 0, 0], u: [0, 1, 0, 0], v: [0, 0, 1] } }, /model.spikes.v must be an array of length d = 4/],
    [{ d: 4, spikes: { m: [1, 0, 0, 0], u: [1, 0, 0, 0], v: [0, 0, 1, 0] } }, /model.spikes must be orthonormal/],
    [{ d: 8, extra: 1 }, /model.extra must be absent \(not a known field\); got 1/],
  ])("rejects %j", (input, message) => {
    expect(() => resolveModelConfig(input)).toThrow(message);
  });
});
