// Public entry point of the bundle dist/index.js (platform-neutral ESM, wasm embedded).
export { init, Stairs } from "./stairs.js";
// the same as standalone functions of an instance, which a bundler can shake (docs/packaging.md)
export { load, sample, modelTheory, run, theory, type Instance } from "./stairs.js";
export { WasmVector } from "./wasm/memory.js";
export { Stream, type StreamState, GENERATOR, NUMERIC_CONTRACT } from "./random.js";
export { StairsInputError, DivergenceError } from "./errors.js";
export { VERSION, WASM_SHA256 } from "./wasm/wasm.js";
// learners: experiment configs, runs and results
export { resolveExperimentConfig, type ExperimentConfig, type ExperimentConfigInput, type LearnerConfig, type NeuronConfig, type NetworkConfig } from "./config/experiment.js";
export type { RunResult, ReplicaResult, Checkpoint, Overlap, TestScore, RunMeta, RunProgress } from "./run/result.js";
export type { RunOptions, ReplicaOptions } from "./run/run.js";
export { ReplicaRun } from "./run/replica.js";
export { MAX_REPLICA_WORK, MAX_RUN_WORK, type WorkEstimate, type WorkLimits } from "./run/work.js";
export { REPLICA_STATE_FORMAT, canonicalJson, type ReplicaState } from "./run/checkpoint.js";
export type { ActivationSpec } from "./config/activation.js";
// data models
export { resolveModelConfig, type ModelConfig, type ModelConfigInput, MODEL_KINDS } from "./config/model.js";
export { ModelSampler, type Sample, type SampleChunk, type Spikes } from "./model/sample.js";
export { SPIKE_STREAM, SAMPLE_STREAM, DIAGNOSTIC_STREAM } from "./schedule.js";
export type { ModelTheory, ClassMoments } from "./theory/model.js";
export type { PowerIterationOptions, TensorComponent } from "./model/cumulant.js";
export { encodeNpy, decodeNpy, npyHeader } from "./io/npy.js";
// theory
export type { TheoryResult } from "./theory/theory.js";
export type { TheoryConfig, TheoryOptions } from "./config/theory.js";
export type { LossExpansion, DirectionExponent, Staircase, StaircaseTerm, SequentialExponent, Direction, Scaling } from "./theory/exponents.js";
export type { OverlapDynamics } from "./theory/dynamics.js";
export type { EscapeOptions, EscapeTimes } from "./theory/escape.js";
export type { BayesAccuracies, BayesEstimate, BayesOptions } from "./theory/bayes.js";
// tensor PCA (docs/science.md section 5): a model and learner kind of the experiment config
export type { TensorPcaModelConfig, TensorPcaLearnerConfig } from "./config/tensorpca.js";
export { TensorPcaLearner, type TensorPcaParameters, type TensorNoise } from "./learners/tensorpca.js";
export type { TensorPcaTheory, TensorPcaDynamics } from "./theory/tensorpca.js";
// figures: the palette and statistics the page and `stairs plot` share
export { FIGURE_COLORS, DIRECTION_LABELS, ACCURACY_COLORS, BAYES_LINE_SAMPLES, MIN_N_OVER_D, accuracyDomain, band, logTicks, tickLabel } from "./analysis/figure-style.js";
// config inputs as a user writes them (the API's parameter types)
export type { ExperimentFields, LatentInput, CouplingInput, TensorPcaModelInput, NeuronInput, NetworkInput, TensorPcaLearnerInput } from "./config/input.js";
export type { ExperimentInput } from "./stairs.js";
