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
import { benchNumpy } from "./numpy.js";
// data models
import { benchModels } from "./models.js";
import { benchTensorPca } from "./tensorpca.js";
import { benchPool, poolFigures } from "./pool.js";

const args = process.argv.slice(2);
const jsonAt = args.indexOf("--json");
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
if (jsonAt >= 0 && !jsonFile) throw new Error("--json needs a file name");
const skipPool = args.includes("--no-pool");

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
printRows("Kernels (median of 5 timed batches)", benchKernels(stairs));
const learners = benchLearners(stairs);
printRows("Learners (median of 5 timed batches)", learners);
// the NumPy baseline (python3 + numpy, when present)
const numpy = benchNumpy(learners[0].wasm);
if (typeof numpy === "string") console.log(`\n${numpy}`);
else printRows("Against a NumPy script (median of 5 timed batches each)", numpy);
// the full engine against the same steps in C
const engine = benchEngine(stairs);
if (engine.c) printRows(`The engine against C (${engine.compiler}; medians of 3 interleaved rounds)`, engine.rows);
else console.log("\nC baselines skipped: no C compiler (cc, gcc or clang) found");
console.log("\nTargets");
target("standard normal", engine.wasm.normalNs, "at most", 2.5, " ns/draw");
target("single-neuron MCM step, d = 1024", engine.wasm.neuronUs, "at most", 3.5, " us");
if (engine.c) target("  its speed-up over C -O3 -march=native", engine.c.neuronUs["-O3 -march=native"] / engine.wasm.neuronUs, "at least", 1, "x");
if (typeof numpy !== "string") target("  its speed-up over the NumPy script", numpy[0].baseline / engine.wasm.neuronUs, "at least", 6, "x");
// data models
benchModels(stairs);
// tensor PCA: the O(d) sampler against the explicit d^p contraction
printRows("Tensor PCA (median of timed batches)", benchTensorPca(stairs));
// both cores: the worker pool on a sweep and a multi-replica run
if (!skipPool) await benchPool();

if (jsonFile) {
  const record = {
    stairs: stairs.version,
    wasmSha256: stairs.wasmSha256,
    numericContract: NUMERIC_CONTRACT,
    date: new Date().toISOString(),
    machine: { ...machine, loadAverageAtEnd: loadavg(), cCompiler: engine.compiler },
    tables: recorded,
    engine: { wasm: engine.wasm, c: engine.c },
    pool: poolFigures,
    targets: verdicts,
  };
  writeFileSync(jsonFile, JSON.stringify(record, null, 2) + "\n");
  console.log(`\nwrote ${jsonFile}`);
}
