// The overlap ODE where it is stiff (assembly/dynamics.ts, "Stiffness"): Hermite activations of degree >= 4
// make the noise term's decay rate (eta^2 d / 2) E[psi^2] larger than classical RK4's stability limit at
// the default step (He5: 600 / 128 per SGD step against 2.78 / 6.4), and the integration blew up without
// a word (an overlap of 3.9e53 at the first checkpoint). Lawson's integrating-factor RK4 takes over there.
// Tolerance: 1 % relative against plain RK4 at a step 200 times smaller (stable there), wherever that
// reference is above 1e-12 (below, both are the decay's round-off floor).
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const config = (activation: unknown, extra: object = {}) => ({
  model: { kind: "mcm", d: 64 },
  learner: { kind: "neuron", activation },
  steps: 200,
  record: { points: 8 },
  ...extra,
});

describe("the theory ODE for Hermite activations of degree >= 4", () => {
  it.each(["he4", "-he4", "he5", "he6", { kind: "hermite", coefficients: [0, 0, 0, 0, 0, 0, 0, 1] }])(
    "%j: finite, |alpha| <= 1 and within 1 per cent of a fine-step RK4",
    (activation) => {
      const fast = stairs.theory(config(activation)).dynamics!;
      const fine = stairs.theory(config(activation, { theory: { odeStep: 0.0005 } })).dynamics!;
      expect(fast.rk4Steps).toBeLessThan(100); // the uniform grid has 34 steps here
      for (const e of ["m", "u", "v"] as const) {
        for (let i = 0; i < fast.steps.length; i++) {
          const a = fast.overlap[e][i], b = fine.overlap[e][i];
          expect(Number.isFinite(a)).toBe(true);
          expect(Math.abs(a)).toBeLessThanOrEqual(1);
          if (Math.abs(b) > 1e-12) expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(0.01);
        }
      }
    },
  );

  it("the issue's config: he5 on the MCM at d = 64, 2000 steps, 50 checkpoints, all finite", () => {
    const r = stairs.theory({ model: { kind: "mcm", d: 64 }, learner: { kind: "neuron", activation: "he5" }, steps: 2000 });
    const { m, u, v } = r.dynamics!.overlap;
    expect([...m, ...u, ...v].every((x) => Number.isFinite(x) && Math.abs(x) <= 1)).toBe(true);
  });

  it.each(["relu", "tanh", "erf", "he3"])("%s never switches: the uniform grid's RK4 steps, no more", (activation) => {
    // The stiffness switch leaves these trajectories bit-identical to the plain uniform-grid RK4.
    const r = stairs.theory(config(activation)).dynamics!;
    const grid = r.steps;
    let uniform = 0;
    for (let i = 1; i < grid.length; i++) uniform += Math.ceil((grid[i] - grid[i - 1]) / r.maxStep);
    expect(r.rk4Steps).toBe(uniform);
  });
});
