// A first experiment from code: sample the mixed cumulant model, read its theory, train single neurons
// with independent and with correlated latents, and compare when each direction is found.
// Run: npm run build && node examples/quickstart.mjs   (test/examples.test.ts runs it too)
import { init } from "../dist/index.js";

const stairs = await init();

// 1. Data: 10^4 samples of the MCM at d = 64; its moments in closed form.
const model = { kind: "mcm", d: 64, betaM: 0, betaU: 5, betaV: 5, coupling: "sign" };
const sample = stairs.sample(model, 10_000, 1);
const theory = stairs.modelTheory(model);
console.log(`sampled x: ${sample.n} x ${sample.d}; rho = cov(u.x, v.x | y = +1) = ${theory.rho.toFixed(4)}`);

// 2. Learning: a ReLU neuron, spherical online SGD, 20000 fresh samples, 8 replicas per coupling.
for (const coupling of ["independent", "sign"]) {
  const result = await stairs.run({
    model: { ...model, coupling },
    learner: { kind: "neuron", activation: "relu", loss: "correlation", lr: 1 },
    steps: 20_000,
    replicas: 8,
    seed: 1,
    recovery: { threshold: 0.5 },
  });
  const last = result.replicas.map((r) => r.checkpoints.at(-1).overlap);
  const meanAbs = (e) => last.reduce((s, o) => s + Math.abs(o[e]), 0) / last.length;
  const uSteps = result.replicas.map((r) => r.weakRecovery.u ?? Infinity).sort((a, b) => a - b);
  console.log(
    `${coupling.padEnd(11)} at the end mean |alpha_u| ${meanAbs("u").toFixed(2)}, |alpha_v| ${meanAbs("v").toFixed(2)}; ` +
      `|alpha_u| >= 0.5 first at step ${uSteps[4]} (median); replica 0 hash ${result.replicas[0].hash.slice(0, 16)}`,
  );
}

// 3. Theory beside it: information exponents of a ReLU neuron on this model (u: 2, v: 4).
const exponents = stairs.theory({ model, learner: { kind: "neuron", activation: "relu" } }).informationExponent;
console.log(`information exponents: u ${exponents.u}, v ${exponents.v}`);
