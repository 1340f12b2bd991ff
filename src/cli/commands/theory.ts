// `stairs theory CONFIG.json [--json OUT.json]`: the theory of a config (src/theory/theory.ts) as a
// readable table on stdout, and the whole result as JSON, written atomically, with --json.
import type { Command } from "commander";
import { init } from "../../stairs.js";
import type { TheoryResult } from "../../theory/theory.js";
import type { TensorPcaTheory } from "../../theory/tensorpca.js";
import { theoryLearner } from "../../config/theory.js";
import { scalingOf, type Scaling } from "../../theory/exponents.js";
import { readJsonFile } from "./run.js";
import { configOfResult } from "../experiment.js";
import { checkOutputs, STDIO, writeOutput } from "../files.js";
import { addForceOption, addVerbosityOptions, createLog, examples } from "../options.js";

const fmt = (x: number | null | undefined, digits = 6): string => (x === null || x === undefined ? "-" : Math.abs(x) < 1e-12 ? "0" : x.toPrecision(digits));
const scalingText = (s: Scaling | null): string => (s === null ? "not learned" : `~ ${s.samples}${s.via ? " (via u)" : ""}`);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => "  " + r.map((cell, j) => cell.padEnd(widths[j])).join("  ").trimEnd()).join("\n");
}

/** The human-readable report of a theory result. */
export function formatTheory(result: TheoryResult): string {
  const { config } = result;
  const model = config.model;
  const learner = theoryLearner(config);
  const act = learner.activation;
  const activation = act.kind === "hermite" ? `sum_k a_k He_k, a = [${act.coefficients.join(", ")}]` : act.kind;
  const latent = model.latent.kind === "skewed" ? `skewed (r = ${model.latent.r})` : "rademacher";
  const coupling = model.coupling.kind === "partial" ? `partial (p = ${model.coupling.p})` : model.coupling.kind;
  const out: string[] = [];
  out.push(`Model ${model.kind}, d = ${model.d}, beta_m = ${model.betaM}, beta_u = ${model.betaU}, beta_v = ${model.betaV}, latent ${latent}, coupling ${coupling}`);
  out.push(`Learner: ${learner.kind}, activation ${activation}, ${learner.loss} loss${learner.kind === "network" ? " (the correlation part of a unit's gradient)" : ""}`);
  out.push("");
  out.push("Hermite coefficients c_k = E[sigma(xi) He_k(xi)] (no 1/k!) and series coefficients a_k = c_k / k! (sigma = sum_k a_k He_k,");
  out.push("  the convention of an activation's {\"kind\": \"hermite\", \"coefficients\": [a_0, a_1, ...]})");
  let factorial = 1;
  const hermiteRows = [["k", "c_k", "a_k = c_k / k!"]];
  result.hermite.forEach((c, k) => {
    if (k > 0) factorial *= k;
    // zero below the quadrature's rounding, whose scale grows like sqrt(k!) (ZERO_TOLERANCE in exponents.ts)
    const zero = Math.abs(c) <= 1e-12 * Math.sqrt(factorial);
    hermiteRows.push([String(k), zero ? "0" : c.toPrecision(12), zero ? "0" : (c / factorial).toPrecision(12)]);
  });
  out.push(table(hermiteRows));
  out.push("");
  out.push("Information exponents (population loss expanded in the overlaps; see lossExpansion in the JSON)");
  const stair = result.lossExpansion.vAfterU;
  const rows = [["direction", "exponent", "pure", "loss coefficient", "pulls", "best step size", `at eta = ${result.stepSize.rule}`]];
  const atStep = (e: "m" | "u" | "v"): string => {
    const x = result.stepSize[e];
    if (x === null) return "not learned";
    return x.expected ? `~ ${x.samples}${x.regime === "critical" && x.informationExponent >= 3 ? " (critical)" : ""}` : "not expected";
  };
  for (const e of ["m", "u", "v"] as const) {
    const s = result.lossExpansion.sequential[e];
    const via = s.powers && (s.powers.m > 0 || s.powers.u > 0) ? ` (x alpha_m^${s.powers.m} alpha_u^${s.powers.u})` : "";
    rows.push([
      e,
      s.exponent === null ? "-" : String(s.exponent),
      result.lossExpansion[e].exponent === null ? "-" : String(result.lossExpansion[e].exponent),
      fmt(s.effectiveCoefficient ?? s.coefficient) + via,
      s.attractive === null ? (s.exponent === null ? "-" : "sign?") : s.attractive ? "yes" : "no",
      scalingText(scalingOf(s)),
      e === "v" && stair ? "-" : atStep(e),
    ]);
  }
  if (stair) {
    const term = stair.terms[0];
    rows.push(["v after u", "1", "-", `${fmt(term.coefficient)} (x alpha_m^${term.m} alpha_u^${term.u})`, "yes", scalingText(result.predictedScaling.v), atStep("v")]);
  }
  out.push(table(rows));
  out.push(`Latents: E[lambda nu] = ${fmt(result.correlation.expectation)}, k* = ${result.correlation.kStar ?? "none (independent)"}; ` +
    `kappa_3 = ${fmt(result.latentHermite[3])}, kappa_4 = ${fmt(result.latentHermite[4])}`);
  out.push(`Step size: eta = ${result.stepSize.rule} = ${fmt(result.stepSize.eta)} (lr = ${result.stepSize.lr}, exponent a = ${result.stepSize.lrExponent}); ` +
    "a direction of information exponent k needs a >= max(1, k/2), and costs d^(a + (k-2)/2) (k >= 3), d^a log d (k = 2), d^a (k = 1)");
  const bayes = result.bayes;
  if (bayes) {
    const est = (b: { accuracy: number; standardError: number }) => `${b.accuracy.toFixed(4)}${b.standardError > 0 ? ` +- ${b.standardError.toFixed(4)}` : ""}`;
    out.push(`Bayes-optimal accuracy (test sets): mean only ${est(bayes.mean)} (closed form), mean + covariance ${est(bayes.covariance)}, ` +
      `everything ${est(bayes.full)} (Monte Carlo, ${bayes.samples} samples, +- one standard error)`);
  }
  for (const note of result.notes) out.push(`note: ${note}`);
  const dyn = result.dynamics;
  if (dyn) {
    out.push("");
    out.push(`Overlap ODE (deterministic limit): d = ${dyn.d}, eta = ${fmt(dyn.eta)}, alpha(0) = ${fmt(dyn.start)}, ${dyn.rk4Steps} RK4 steps`);
    const drows = [["step", "step/d", "alpha_m", "alpha_u", "alpha_v"]];
    const every = Math.max(1, Math.ceil(dyn.steps.length / 16));
    dyn.steps.forEach((n, i) => {
      if (i % every === 0 || i === dyn.steps.length - 1) {
        drows.push([String(n), fmt(dyn.t[i], 4), fmt(dyn.overlap.m[i], 4), fmt(dyn.overlap.u[i], 4), fmt(dyn.overlap.v[i], 4)]);
      }
    });
    out.push(table(drows));
  }
  return out.join("\n");
}

/** The report of a tensor-PCA config's theory. */
export function formatTensorPcaTheory(result: TensorPcaTheory): string {
  const model = result.config.model as { d: number; order: number; beta: number };
  const v = result.predictedScaling.v;
  const out = [
    `Tensor PCA: d = ${model.d}, order p = ${model.order}, beta = ${model.beta}`,
    `information exponent of v: ${result.informationExponent.v}; weak recovery ${v ? `~ ${v.samples} samples` : "never (no signal)"}`,
    ...result.notes.map((note) => `note: ${note}`),
  ];
  const dyn = result.dynamics;
  if (dyn) {
    out.push("", `Overlap ODE (deterministic limit): eta = ${fmt(dyn.eta)}, alpha(0) = ${fmt(dyn.start)} (the median |w.v| of a random start), ${dyn.rk4Steps} RK4 steps`);
    const rows = [["step", "step/d", "alpha_v"]];
    const every = Math.max(1, Math.ceil(dyn.steps.length / 16));
    dyn.steps.forEach((n, i) => {
      if (i % every === 0 || i === dyn.steps.length - 1) rows.push([String(n), fmt(dyn.t[i], 4), fmt(dyn.overlap.v[i], 4)]);
    });
    out.push(table(rows));
  }
  return out.join("\n");
}

export function registerTheory(program: Command): void {
  const command = program
    .command("theory")
    .description("Hermite coefficients, information exponents, predicted scaling and the overlap ODE of a config")
    .argument("<config>", 'experiment config file (JSON): model, learner, and steps for the overlap ODE; a run result stands for its config; "-": standard input')
    .option("--json <file>", 'also write the whole result as JSON (atomically; "-": standard output, the report then goes to stderr)');
  addForceOption(command);
  addVerbosityOptions(command);
  command
    .addHelpText("after", examples("stairs theory presets/cumulant.json", "stairs theory config.json --json theory.json --quiet"))
    .action(async (configPath: string, options: { json?: string; clobber?: boolean; quiet?: boolean; verbose?: boolean }) => {
      checkOutputs({ "--json": options.json }, { inputs: [configPath], clobber: options.clobber, quiet: options.quiet });
      const raw = readJsonFile(configPath, "config file");
      const input = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? configOfResult(raw as Record<string, unknown>, configPath) : raw;
      const log = createLog(options);
      const stairs = await init();
      // validates before any work; tensor PCA has a theory of its own
      const tensor = (input as { model?: { kind?: unknown } } | null)?.model?.kind === "tensor-pca";
      const result = tensor ? stairs.tensorPcaTheory(input) : stairs.theory(input);
      log.detail(`config: ${JSON.stringify(result.config)}`);
      if (options.json) writeOutput(options.json, JSON.stringify(result, null, 1) + "\n");
      const report = (tensor ? formatTensorPcaTheory(result as TensorPcaTheory) : formatTheory(result as TheoryResult)) + "\n";
      if (options.json === STDIO) log.info(report.trimEnd());
      else process.stdout.write(report);
      if (options.json && options.json !== STDIO) log.info(`wrote ${options.json}`);
    });
}
