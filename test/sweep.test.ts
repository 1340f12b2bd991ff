// Sweeps and pooled runs: results do not depend on the number of worker threads, and a pooled run equals
// `stairs.run`. Uses the built worker (dist/replica-worker.js, made by `npm test`'s build step).
import { beforeAll, describe, expect, test } from "vitest";
import { loadExperiment, resolveSweep } from "../src/cli/experiment.js";
import { runReplicas } from "../src/cli/pool.js";
import { configAt, runSweep, type SweepResult } from "../src/cli/sweep/sweep.js";
import { init, type Stairs } from "../src/stairs.js";
import type { ModelConfig } from "../src/config/model.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

// A tiny sweep of the mean direction: d = 64, 96, 4 replicas (2 in the control), budgets from the preset (factor * d steps).
function tiny() {
  const experiment = loadExperiment("mean");
  const spec = resolveSweep(experiment, { d: [64, 96], replicas: 4, controlReplicas: 2 });
  return { base: experiment.runs[0].config, spec: { ...spec, bootstrap: 200 } };
}

function withoutTiming(result: SweepResult) {
  const { timing, ...meta } = result.meta;
  expect(timing.seconds).toBeGreaterThanOrEqual(0);
  return { ...result, meta };
}

describe("sweep", () => {
  test("--workers 1 and --workers 2 give identical results apart from meta.timing", async () => {
    const { base, spec } = tiny();
    const one = await runSweep(stairs, base, spec, { workers: 1 });
    const two = await runSweep(stairs, base, spec, { workers: 2 });
    expect(one.meta.timing.workers).toBe(1);
    expect(two.meta.timing.workers).toBe(2);
    expect(withoutTiming(two)).toEqual(withoutTiming(one));
    // and the sweep did something: every replica recovered the mean, the control none
    expect(one.perD.map((p) => p.unrecovered)).toEqual([0, 0]);
    expect(one.perD.map((p) => p.recoverySteps.length)).toEqual([4, 4]);
    expect(one.control).toMatchObject({ recovered: 0, total: 4 });
    expect(one.fit).not.toBeNull();
  });

  test("each replica's weak-recovery step is the one runReplica finds on its own", async () => {
    const { base, spec } = tiny();
    const sweep = await runSweep(stairs, base, spec, { workers: 2 });
    const config = configAt(base, spec, 96, false, (x) => stairs.kernels.ln(x));
    expect(config.model.d).toBe(96);
    expect(config.steps).toBe(spec.steps.factor * 96);
    expect(sweep.perD[1].recoverySteps[3]).toBe(stairs.runReplica(config, 3).weakRecovery.m);
    const control = configAt(base, spec, 96, true, (x) => stairs.kernels.ln(x));
    expect((control.model as ModelConfig).betaM).toBe(0);
  });

  test("a sweep with correlated latents runs the informative control: the same betas with independent latents", async () => {
    const experiment = loadExperiment("cumulant-correlated");
    const spec = { ...resolveSweep(experiment, { d: [64, 96], replicas: 3, controlReplicas: 2 }), bootstrap: 100 };
    const base = experiment.runs[0].config;
    const sweep = await runSweep(stairs, base, spec, { workers: 2 });
    expect(sweep.independentControl).toMatchObject({ total: 4, coupling: "independent" });
    expect(sweep.perD.map((p) => p.independentControl?.total)).toEqual([2, 2]);
    const indep = configAt(base, spec, 96, "independent", (x) => stairs.kernels.ln(x));
    expect((indep.model as ModelConfig).coupling).toEqual({ kind: "independent" });
    expect((indep.model as ModelConfig).betaV).toBe((base.model as ModelConfig).betaV);
    // its replicas are those of the independent config, run on their own
    const steps = sweep.perD[1].independentControl!;
    const direct = [0, 1].map((r) => stairs.runReplica(indep, r).weakRecovery.v);
    expect(steps.recovered).toBe(direct.filter((x) => x !== null).length);
    // a sweep whose latents are independent has none
    const { base: meanBase, spec: meanSpec } = tiny();
    expect((await runSweep(stairs, meanBase, { ...meanSpec, d: [64, 72] }, { workers: 1 })).independentControl).toBeNull();
  });

  test("the median and quantiles follow from the recorded steps", async () => {
    const { base, spec } = tiny();
    const sweep = await runSweep(stairs, base, spec, { workers: 2 });
    for (const p of sweep.perD) {
      const sorted = [...(p.recoverySteps as number[])].sort((a, b) => a - b);
      expect(p.median).toBe((sorted[1] + sorted[2]) / 2);
      expect(p.quantiles.q50).toBe(p.median);
    }
  });
});

describe("pooled runs", () => {
  test("replicas run in the pool equal stairs.run, in order, whatever the workers", async () => {
    const config = stairs.resolveExperiment({
      model: { kind: "mcm", d: 16, betaM: 1, betaU: 3, betaV: 3, coupling: "sign" },
      learner: { kind: "network", hidden: 2 },
      steps: 300,
      replicas: 3,
      seed: 4,
      record: { points: 5, testSize: 50 },
    });
    const direct = await stairs.run(config);
    let lastDone = 0;
    const pooled = await runReplicas(Array.from({ length: 3 }, (_, replica) => ({ config, replica })), {
      workers: 2,
      onProgress: (done, total) => {
        expect(done).toBeGreaterThanOrEqual(lastDone);
        expect(done).toBeLessThanOrEqual(total);
        lastDone = done;
      },
    });
    expect(pooled).toEqual(direct.replicas);
    expect(lastDone).toBe(900);
  });
});
