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
// Tensor PCA (docs/science.md section 5) and dense tensor contractions
export {
  tensorPcaCreate,
  tensorPcaFree,
  tensorPcaWeights,
  tensorPcaSpike,
  tensorPcaOverlap,
  tensorPcaRun,
  tensorPcaGradient,
} from "./tensorpca";
export { contractExcept, contractGradient, tensorContract } from "./tensor";
// learners: single neuron, two-layer network, censored test sets, checkpoint grid
export { combineRow, combineRowTracked } from "./sgd";
export { censoredSampleBatch, modelLatentCorrelation } from "./censored";
export {
  learningRate,
  neuronCreate,
  neuronFree,
  neuronStartRecovery,
  neuronRunChunk,
  neuronStepOn,
  neuronOverlaps,
  neuronEvaluate,
  neuronWeights,
  neuronStepSize,
  neuronLazyLength,
  neuronSaveLazy,
  neuronRestoreLazy,
} from "./neuron";
export {
  networkCreate,
  networkFree,
  networkStartRecovery,
  networkRunChunk,
  networkStepOn,
  networkOverlaps,
  networkEvaluate,
  networkWeights,
  networkSecondLayer,
  networkBias,
  networkSetBias,
  networkLazyLength,
  networkSaveLazy,
  networkRestoreLazy,
} from "./network";
export { geometricGrid } from "./schedule";
// data models: latent laws and their theory, hypercube spikes, cumulant tensors
export { couplingThreshold, couplingHermite } from "./latent";
export { modelHypercubeSpikes } from "./model";
export { cumulantTensor, tensorPowerIteration, tensorDeflate } from "./cumulant";
// theory: special functions, Hermite quadrature and coefficients, information exponents, overlap ODE
export { normalPdf, normalQuantile } from "./special";
export { gaussHermite, gaussLegendre, normalRuleSize, normalRuleInto } from "./quadrature";
export { hermiteValue } from "./special";
export { hermiteCoefficients, latentHermiteMoments, couplingMoments } from "./hermite";
export { populationDrift, overlapOde, overlapOdeFailure, overlapOdeFailureStep } from "./dynamics";
// The replica header shared by every learner (steps done, failure, training stream, weak recovery)
export { replicaStepsDone, replicaFailure, replicaStream, replicaRecoveryStep, replicaTracking, replicaRecovery, replicaRestore } from "./replica";
export { replicaStepsDone, replicaFailure, replicaStream, replicaRecoveryStep, replicaStopOnRecovery } from "./replica";
// cli: elementary functions for sweep fits
export { ln, exp } from "./analysis";
// Code tables: the one definition of every integer code the TypeScript layer passes in or reads back.
// Exported as immutable globals; src/wasm/codes.ts reads them from the instance (never copies them).
export { RELU as ACTIVATION_RELU, TANH as ACTIVATION_TANH, ERF as ACTIVATION_ERF, HERMITE as ACTIVATION_HERMITE } from "./activation";
export { MAX_HERMITE_DEGREE } from "./activation";
export { CORRELATION as LOSS_CORRELATION, SQUARE as LOSS_SQUARE, LOGISTIC as LOSS_LOGISTIC } from "./loss";
export { TEST_MODEL, CENSORED_MEAN, CENSORED_COVARIANCE } from "./censored";
export { LATENT_RADEMACHER, LATENT_SKEWED } from "./latent";
export { COUPLING_INDEPENDENT, COUPLING_SIGN, COUPLING_PARTIAL, COUPLING_EVEN, COUPLING_CUBIC } from "./latent";
export { FAILURE_NONE, FAILURE_NON_FINITE, FAILURE_ZERO_NORM } from "./replica";
export { SECOND_LAYER_TRAINED, SECOND_LAYER_RANDOM } from "./network";
export { BAYES_MEAN, BAYES_COVARIANCE, BAYES_FULL } from "./bayes";
// theory: Bayes-optimal accuracies of the model and of its censored test sets
export { bayesAccuracy } from "./bayes";
// theory: the stochastic description of the escape (the overlap's diffusion) and its drift table
export { driftTable } from "./dynamics";
export { escapeTimes } from "./escape";
// The reduced engine (docs/reduced-engine.md): every learner simulated exactly in overlap space, O(1) per step
export { gammaExact, chiSquareExact, fillGammaExact, fillChiSquareExact, fillBartlett } from "./reduced-random";
export {
  reducedNeuronCreate,
  reducedNeuronFree,
  reducedNeuronRunChunk,
  reducedNeuronStepOn,
  reducedNeuronOverlaps,
  reducedNeuronState,
  reducedNeuronStartRecovery,
  reducedNeuronEvaluate,
  reducedNeuronStepSize,
} from "./reduced-neuron";
export {
  lqInPlace,
  reducedNetworkCreate,
  reducedNetworkFree,
  reducedNetworkRunChunk,
  reducedNetworkStepOn,
  reducedNetworkOverlaps,
  reducedNetworkStartRecovery,
  reducedNetworkEvaluate,
  reducedNetworkSpikeCoordinates,
  reducedNetworkFactor,
  reducedNetworkFactorStride,
  reducedNetworkRank,
  reducedNetworkSetRank,
  reducedNetworkSecondLayer,
  reducedNetworkBias,
  reducedNetworkSetBias,
} from "./reduced-network";
export {
  reducedTensorPcaCreate,
  reducedTensorPcaFree,
  reducedTensorPcaRun,
  reducedTensorPcaStepOn,
  reducedTensorPcaOverlap,
  reducedTensorPcaResidual,
  reducedTensorPcaSetState,
} from "./reduced-tensorpca";
