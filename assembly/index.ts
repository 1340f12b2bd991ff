// The one wasm module: every kernel the TypeScript layer calls is exported from here.
export { alloc, free } from "./memory";
export { dot, axpy, scale, norm, copy } from "./vector";
export {
  STREAM_BYTES,
  streamInit,
  fillUniform,
  fillNormal,
  fillRademacher,
  fillGamma,
  fillChiSquare,
  fillBits,
} from "./random";
export { erf, erfc, normalCdf } from "./special";
export { activationCreate, activationFree, activationEval, activationEvalDerivative } from "./activation";
export { modelCreate, modelFree, modelSpike, modelDrawSpikes, modelSampleBatch } from "./model";
// Tensor PCA (science.md section 5) and dense tensor contractions
export {
  tensorPcaCreate,
  tensorPcaFree,
  tensorPcaWeights,
  tensorPcaSpike,
  tensorPcaOverlap,
  tensorPcaRun,
  tensorPcaGradient,
  contractExcept,
  contractGradient,
} from "./tensorpca";
// cli: elementary functions for sweep fits
export { ln, exp } from "./analysis";
