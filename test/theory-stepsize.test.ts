// The theory states its step-size conditions (src/theory/stepsize.ts, docs/science.md section 8): a direction of
// information exponent k is recovered in polynomial time only if eta = lr d^-a has a >= max(1, k/2), at a
// cost d^(a + (k-2)/2) (k >= 3); `stairs theory` and the run summary say so.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import { stepSizeVerdict } from "../src/theory/stepsize.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const he4 = (lrExponent: number) => ({
  model: { kind: "spiked-cumulant", d: 24, betaV: 10 },
  learner: { kind: "neuron", activation: "-he4", loss: "correlation", lr: 0.15, lrExponent },
  steps: 82944,
});

describe("step-size conditions", () => {
  it("the verdicts: threshold max(1, k/2), cost d^(a + (k-2)/2), d^a log d, d^a", () => {
    expect(stepSizeVerdict(4, 1)).toMatchObject({ regime: "too large", expected: false, thresholdExponent: 2, samples: null });
    expect(stepSizeVerdict(4, 2)).toMatchObject({ regime: "critical", expected: true, exponent: 3, samples: "d^3" });
    expect(stepSizeVerdict(4, 2.5)).toMatchObject({ regime: "small", expected: true, exponent: 3.5, samples: "d^3.5" });
    expect(stepSizeVerdict(3, 1.5)).toMatchObject({ regime: "critical", exponent: 2, samples: "d^2" });
    expect(stepSizeVerdict(3, 1)).toMatchObject({ expected: false });
    expect(stepSizeVerdict(2, 1)).toMatchObject({ regime: "critical", exponent: 1, log: true, samples: "d log d" });
    expect(stepSizeVerdict(2, 0.5)).toMatchObject({ regime: "too large", expected: false });
    expect(stepSizeVerdict(1, 2)).toMatchObject({ regime: "small", exponent: 2, samples: "d^2" });
  });

  it("-He4 on the spiked cumulant model: v not expected at eta = lr / d (its ODE never leaves the start), d^3 at lr / d^2", () => {
    const fast = stairs.theory(he4(1));
    expect(fast.predictedScaling.v).toMatchObject({ samples: "d^3" }); // at the best step size
    expect(fast.stepSize.v).toMatchObject({ expected: false, regime: "too large" });
    expect(fast.notes.join("\n")).toMatch(/v: not expected to be recovered at this step size: eta = lr \/ d is above d\^-2/);
    // the deterministic limit agrees: the overlap decays from the start
    const dyn = fast.dynamics!;
    expect(Math.abs(dyn.overlap.v[dyn.overlap.v.length - 1])).toBeLessThan(1e-6);
    const slow = stairs.theory(he4(2));
    expect(slow.stepSize.v).toMatchObject({ expected: true, regime: "critical", samples: "d^3" });
    expect(slow.stepSize.eta).toBeCloseTo(0.15 / 24 ** 2, 15);
  });

  it("correlated latents: v follows u at u's cost, so at lr / d it is expected, ~ d log d; a network's step is lr_W / d", () => {
    const model = { kind: "mcm", d: 64, betaM: 0, betaU: 5, betaV: 5, coupling: "sign" };
    const t = stairs.theory({ model, learner: { kind: "neuron", activation: "relu" } });
    expect(t.stepSize.v).toMatchObject({ expected: true, samples: "d log d" });
    expect(t.stepSize.v?.reason).toMatch(/^via u/);
    const net = stairs.theory({ model: { ...model, coupling: "independent" }, learner: { kind: "network" } });
    expect(net.stepSize.rule).toBe("lr_W / d");
    expect(net.stepSize.v).toMatchObject({ expected: false });
    expect(net.stepSize.u).toMatchObject({ expected: true, samples: "d log d" });
  });

  it("`stairs theory` prints the verdict, the two Hermite conventions by name and the Bayes accuracies", () => {
    const dir = mkdtempSync(join(tmpdir(), "stairs-stepsize-"));
    const file = (a: number) => {
      const path = join(dir, `he4-${a}.json`);
      writeFileSync(path, JSON.stringify(he4(a)));
      return path;
    };
    const fast = execFileSync(process.execPath, ["dist/cli.js", "theory", file(1)], { encoding: "utf8" });
    expect(fast).toMatch(/v +4 +4 +\S+ +yes +~ d\^3 +not expected/);
    expect(fast).toMatch(/v: not expected to be recovered at this step size/);
    expect(fast).toMatch(/a_k = c_k \/ k!/);
    expect(fast).toMatch(/Bayes-optimal accuracy \(test sets\): mean only 0\.5000/);
    const slow = execFileSync(process.execPath, ["dist/cli.js", "theory", file(2)], { encoding: "utf8" });
    expect(slow).toMatch(/v +4 +4 +\S+ +yes +~ d\^3 +~ d\^3 \(critical\)/);
  });
});
