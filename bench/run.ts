// `npm run bench`: every speed figure of the project, each beside a baseline measured in this same run.
import { init } from "../src/index.js";
import { printRows } from "./harness.js";
import { benchKernels } from "./kernels.js";
// learners
import { benchLearners } from "./learners.js";
import { benchNumpy } from "./numpy.js";
// data models
import { benchModels } from "./models.js";
import { benchTensorPca } from "./tensorpca.js";
import { benchReduced } from "./reduced.js";

const stairs = await init();
console.log(`stairs ${stairs.version}, wasm ${stairs.wasmSha256.slice(0, 12)}, node ${process.version}`);
printRows("Kernels (median of 5 timed batches)", benchKernels(stairs));
const learners = benchLearners(stairs);
printRows("Learners (median of 5 timed batches)", learners);
// the NumPy baseline (python3 + numpy, when present)
const numpy = benchNumpy(learners[0].wasm);
if (typeof numpy === "string") console.log(`\n${numpy}`);
else printRows("Against a NumPy script (median of 5 timed batches each)", numpy);
// data models
benchModels(stairs);
// tensor PCA: the O(d) sampler against the explicit d^p contraction
printRows("Tensor PCA (median of timed batches)", benchTensorPca(stairs));
// the reduced engine (docs/reduced-engine.md): steps in overlap space at d = 1e3 .. 1e9, against the full engine
printRows("Reduced engine (median of 5 timed batches; the full engine's rows are its baselines)", benchReduced(stairs));
