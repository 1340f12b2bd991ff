// Statistical tests of the sampler against the closed-form theory (src/theory/model.ts): every model kind,
// every coupling and the skewed latent, at d = 32 and n = 2 x 10^5 with fixed seeds. Each estimate must be
// within 4 of its standard errors (delta method on the sample's own moments, see test/support/moments.ts) of the
// theory. One sample per config, all checks on it.
import { beforeAll, describe, expect, it } from "vitest";
import { init, type Stairs } from "../src/index.js";
import type { ModelConfigInput } from "../src/config/model.js";
import {
  Checks,
  covarianceEstimate,
  excessKurtosisEstimate,
  hermite,
  meanEstimate,
  project,
  skewnessEstimate,
  varianceEstimate,
} from "./support/moments.js";

let stairs: Stairs;
beforeAll(async () => {
  stairs = await init();
});

const d = 32;
const n = 200_000;
const basis = (k: number) => Array.from({ length: d }, (_, i) => (i === k ? 1 : 0));

const CONFIGS: [string, ModelConfigInput][] = [
  ["gaussian", { kind: "gaussian", d }],
  ["mixture", { kind: "mixture", d, betaM: 1.5 }],
  ["spiked covariance", { kind: "spiked-covariance", d, betaU: 4 }],
  ["spiked cumulant", { kind: "spiked-cumulant", d, betaV: 5 }],
  ["mcm, independent", { kind: "mcm", d, betaM: 1, betaU: 5, betaV: 5 }],
  ["mcm, sign", { d, coupling: "sign" }],
  ["mcm, partial(0.4)", { d, coupling: { kind: "partial", p: 0.4 } }],
  ["mcm, even", { d, coupling: "even" }],
  ["mcm, cubic", { d, coupling: "cubic", betaU: 3, betaV: 8 }],
  ["mcm, skewed(0.7), independent", { d, latent: { kind: "skewed", r: 0.7 } }],
  ["mcm, skewed(0.25), sign", { d, latent: { kind: "skewed", r: 0.25 }, coupling: "sign" }],
  ["mcm, skewed(0.6), even", { d, latent: { kind: "skewed", r: 0.6 }, coupling: "even" }],
  ["mcm, skewed(0.7), partial(0.5)", { d, latent: "skewed", coupling: "partial" }],
  ["spiked cumulant, skewed(0.2)", { kind: "spiked-cumulant", d, betaV: 3, latent: { kind: "skewed", r: 0.2 } }],
  ["mcm, prior 0.3, labelled mean, hypercube spikes", { d, prior: 0.3, labelledMean: true, coupling: "sign", spikes: "hypercube" }],
  ["mcm, given spikes e0, e1, e2", { d, coupling: "sign", spikes: { m: basis(0), u: basis(1), v: basis(2) } }],
];

describe(`every model against its theory (d = ${d}, n = ${n}, within 4 standard errors)`, () => {
  it.each(CONFIGS.map(([name, config], k) => [`${name} (seed ${1000 + k})`, config, 1000 + k] as const))("%s", (_, config, seed) => {
    const sample = stairs.sample(config, n, seed);
    const theory = stairs.modelTheory(config);
    const { x, y, lambda, nu, spikes } = sample;
    const checks = new Checks(4);

    // A unit direction orthogonal to the spikes (Gram-Schmidt in JS: test-only arithmetic).
    const w = Array.from(stairs.stream(seed, 99).normal(d));
    for (const e of [spikes.m, spikes.u, spikes.v]) {
      let p = 0;
      for (let i = 0; i < d; i++) p += w[i] * e[i];
      for (let i = 0; i < d; i++) w[i] -= p * e[i];
    }
    const norm = Math.hypot(...w);
    for (let i = 0; i < d; i++) w[i] /= norm;

    const plusRows: number[] = [], minusRows: number[] = [], allRows: number[] = [];
    for (let i = 0; i < n; i++) {
      (y[i] > 0 ? plusRows : minusRows).push(i);
      allRows.push(i);
    }
    checks.near("P(y = +1)", meanEstimate(Float64Array.from(y, (v) => (v > 0 ? 1 : 0))), theory.prior);

    // Projections of every row on m, u, v and w, then the rows of each class.
    const along = { m: project(x, d, spikes.m, allRows), u: project(x, d, spikes.u, allRows), v: project(x, d, spikes.v, allRows), w: project(x, d, w, allRows) };
    for (const [label, rows, moments] of [
      ["y = +1", plusRows, theory.plus],
      ["y = -1", minusRows, theory.minus],
      ["all", allRows, theory.all],
    ] as const) {
      const pick = (a: Float64Array) => Float64Array.from(rows, (i) => a[i]);
      const pm = pick(along.m), pu = pick(along.u), pv = pick(along.v), pw = pick(along.w);
      const C = moments.covariance;
      checks.near(`${label}: mean along m`, meanEstimate(pm), moments.mean.m);
      checks.near(`${label}: mean along u`, meanEstimate(pu), moments.mean.u);
      checks.near(`${label}: mean along v`, meanEstimate(pv), moments.mean.v);
      checks.near(`${label}: mean along w (orthogonal)`, meanEstimate(pw), 0);
      checks.near(`${label}: variance along m`, varianceEstimate(pm), C[0][0]);
      checks.near(`${label}: variance along u`, varianceEstimate(pu), C[1][1]);
      checks.near(`${label}: variance along v`, varianceEstimate(pv), C[2][2]);
      checks.near(`${label}: variance along w (orthogonal)`, varianceEstimate(pw), moments.varianceOrthogonal);
      checks.near(`${label}: covariance u-v`, covarianceEstimate(pu, pv), C[1][2]);
      checks.near(`${label}: covariance m-u`, covarianceEstimate(pm, pu), C[0][1]);
      checks.near(`${label}: covariance m-v`, covarianceEstimate(pm, pv), C[0][2]);
      checks.near(`${label}: covariance v-w`, covarianceEstimate(pv, pw), 0);
      checks.near(`${label}: skewness along v`, skewnessEstimate(pv), moments.alongV.cumulant3);
      checks.near(`${label}: excess kurtosis along v`, excessKurtosisEstimate(pv), moments.alongV.cumulant4);
      checks.near(`${label}: excess kurtosis along w`, excessKurtosisEstimate(pw), 0);
      if (label !== "all") checks.near(`${label}: excess kurtosis along u`, excessKurtosisEstimate(pu), 0);
    }

    // The latents of the y = +1 rows: their laws and the coupling's Hermite coefficients E[He_k(lambda) nu].
    const lam = Float64Array.from(plusRows, (i) => lambda[i]);
    const nus = Float64Array.from(plusRows, (i) => nu[i]);
    checks.near("lambda: mean", meanEstimate(lam), 0);
    checks.near("lambda: variance", varianceEstimate(lam), 1);
    checks.near("nu: mean", meanEstimate(nus), 0);
    checks.near("nu: P(nu = high)", meanEstimate(nus.map((v) => (v === theory.latent.high ? 1 : 0))), theory.latent.probabilityHigh);
    for (let k = 1; k <= 4; k++) {
      checks.near(`E[He_${k}(lambda) nu]`, meanEstimate(lam.map((l, i) => hermite(k, l) * nus[i])), theory.coupling.hermite[k]);
    }
    expect(nus.every((v) => v === theory.latent.high || v === theory.latent.low)).toBe(true);
    expect(minusRows.every((i) => Number.isNaN(lambda[i]) && Number.isNaN(nu[i]))).toBe(true);

    if (process.env.STAIRS_SHOW) console.log(checks.log.join("\n")); // STAIRS_SHOW=1: every estimate with its z-score
    expect(checks.failures, checks.log.join("\n")).toEqual([]);
  });
});
