import { describe, expect, it } from "vitest";
import { resolveModelConfig } from "../src/model/config.js";

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
  });

  it.each([
    [{ kind: "nope", d: 8 }, /model.kind must be one of "gaussian", .*"mcm"; got "nope"/],
    [{ d: 3 }, /model.d must be >= 4; got 3/],
    [{ d: 8.5 }, /model.d must be of type int; got 8.5/],
    [{ d: 8, betaU: -1 }, /model.betaU must be >= 0; got -1/],
    [{ d: 8, betaV: Infinity }, /model.betaV must be .*; got Infinity/],
    [{ d: 8, coupling: { kind: "partial", p: 1.5 } }, /model.coupling/],
    [{ kind: "mixture", d: 8, betaV: 2 }, /model.betaV must be 0 or absent for kind "mixture"/],
    [{ d: 4, spikes: { m: [1, 0, 0, 0], u: [0, 1, 0, 0], v: [0, 0, 1] } }, /model.spikes.v must be an array of length d = 4/],
    [{ d: 4, spikes: { m: [1, 0, 0, 0], u: [1, 0, 0, 0], v: [0, 0, 1, 0] } }, /model.spikes must be orthonormal/],
    [{ d: 8, extra: 1 }, /model must be absent \(unknown field extra\)/],
  ])("rejects %j", (input, message) => {
    expect(() => resolveModelConfig(input)).toThrow(message);
  });
});
