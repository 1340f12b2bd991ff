// `npm run bench [-- --json FILE]`: every speed figure of the project, each beside a baseline measured in
// this same run; with --json, every figure and target with the machine's facts, so two runs compare.
import { writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { init } from "../src/index.js";
import { NUMERIC_CONTRACT } from "../src/random.js";
import { printRows, recorded, target, verdicts } from "./harness.js";
import { benchKernels } from "./kernels.js";
import { benchEngine } from "./engine.js";
// learners
import { benchLearners } from "./learners.js";
import { numpyRow } from "./numpy.js";
// data models
import { benchModels } from "./models.js";
import { benchTensorPca } from "./tensorpca.js";
import { benchPool, poolFigures } from "./pool.js";
import { benchReduced } from "./reduced.js";

const args = process.argv.slice(2);
const jsonAt = args.indexOf("--json");
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
if (jsonAt >= 0 && !jsonFile) throw new Error("--json needs a file name");
const skipPool = args.includes("--no-pool");
// --pool-only: the worker pool's rounds alone (about a minute), for comparing the host's two cores over time
const poolOnly = args.includes("--pool-only");
if (skipPool && poolOnly) throw new Error("--no-pool and --pool-only exclude each other");

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: availableParallelism(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverageAtStart: loadavg(),
};
const stairs = await init();
console.log(`stairs ${stairs.version}, wasm ${stairs.wasmSha256.slice(0, 12)}, numeric contract ${NUMERIC_CONTRACT}, node ${process.version}`);
console.log(`${machine.cpu}, ${machine.cores} cores, load average ${machine.loadAverageAtStart.map((x) => x.toFixed(2)).join(" ")} (figures are valid on an idle machine only)`);
const engine = poolOnly ? undefined : benchFigures();

/** Every figure but the pool's: kernels, learners, the engine against C and NumPy, models, tensor PCA, reduced. */
function benchFigures() {
  printRows("Kernels (median of 5 timed batches)", benchKernels(stairs));
  const learners = benchLearners(stairs);
  printRows("Learners (median of 5 timed batches)", learners);
  // the full engine against the same steps in C and the NumPy script (python3 + numpy, when present), in
  // interleaved rounds: the least of the rounds in the tables and the targets, the medians printed beside
  const engine = benchEngine(stairs);
  const roundsTitle = `the least of ${engine.rounds} interleaved rounds`;
  if (typeof engine.numpy === "string") console.log(`\n${engine.numpy}`);
  else printRows(`Against a NumPy script (${roundsTitle})`, [numpyRow(engine.wasm.neuronUs, engine.numpy.usPerStep, engine.numpy.version)]);
  if (engine.c) printRows(`The engine against C (${engine.compiler}; ${roundsTitle})`, engine.rows);
  else console.log("\nC baselines skipped: no C compiler (cc, gcc or clang) found");
  const m = engine.wasmMedian;
  console.log(
    `  medians of the rounds: wasm normal ${m.normalNs.toFixed(3)} ns, neuron ${m.neuronUs.toFixed(3)} us, network ${m.networkUs.toFixed(3)} us, tensor PCA ${m.tensorPcaUs.toFixed(3)} us` +
      (engine.cMedian ? `; native C ${engine.cMedian.normalNs["-O3 -march=native"].toFixed(3)} ns, ${engine.cMedian.neuronUs["-O3 -march=native"].toFixed(3)}, ${engine.cMedian.networkUs["-O3 -march=native"].toFixed(3)}, ${engine.cMedian.tensorPcaUs["-O3 -march=native"].toFixed(3)} us` : "") +
      (typeof engine.numpy === "string" ? "" : `; NumPy ${engine.numpy.medianUsPerStep.toFixed(3)} us`),
  );
  console.log(`\nTargets (${roundsTitle}; docs/speed.md says why the least)`);
  target("standard normal", engine.wasm.normalNs, "at most", 2.5, " ns/draw");
  target("single-neuron MCM step, d = 1024", engine.wasm.neuronUs, "at most", 3.5, " us");
  if (engine.c) target("  its speed-up over C -O3 -march=native", engine.c.neuronUs["-O3 -march=native"] / engine.wasm.neuronUs, "at least", 1, "x");
  if (typeof engine.numpy !== "string") target("  its speed-up over the NumPy script", engine.numpy.usPerStep / engine.wasm.neuronUs, "at least", 6, "x");
  // data models
  benchModels(stairs);
  // tensor PCA: the O(d) sampler against the explicit d^p contraction
  printRows("Tensor PCA (median of timed batches)", benchTensorPca(stairs));
  // the reduced engine (docs/reduced-engine.md): steps in overlap space at d = 1e3 .. 1e9, against the full engine
  const reduced = benchReduced(stairs);
  printRows("Reduced engine (median of 5 timed batches; the full engine's rows are its baselines)", reduced);
  console.log("\nTargets (reduced engine: the same cost at every d)");
  for (const row of reduced) {
    if (/^reduced (single-neuron|tensor-PCA)/.test(row.what)) target(row.what, row.wasm, "at most", 0.2, " us");
    if (/^reduced K = 4/.test(row.what)) target(row.what, row.wasm, "at most", 1, " us");
  }
  return engine;
}
// both cores: the worker pool on a sweep and a multi-replica run
if (!skipPool) await benchPool();

if (jsonFile) {
  const record = {
    stairs: stairs.version,
    wasmSha256: stairs.wasmSha256,
    numericContract: NUMERIC_CONTRACT,
    date: new Date().toISOString(),
    machine: { ...machine, loadAverageAtEnd: loadavg(), cCompiler: engine?.compiler },
    tables: recorded,
    engine: engine && { rounds: engine.rounds, wasm: engine.wasm, c: engine.c, wasmMedian: engine.wasmMedian, cMedian: engine.cMedian, numpy: engine.numpy },
    pool: poolFigures,
    targets: verdicts,
  };
  writeFileSync(jsonFile, JSON.stringify(record, null, 2) + "\n");
  console.log(`\nwrote ${jsonFile}`);
}
