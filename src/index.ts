// Public entry point of the bundle dist/index.js (platform-neutral ESM, wasm embedded).
export { init, Stairs } from "./stairs.js";
export { WasmVector } from "./memory.js";
export { Stream, type StreamState, GENERATOR } from "./random.js";
export { StairsInputError, DivergenceError } from "./errors.js";
export { VERSION, WASM_SHA256, NUMERIC_CONTRACT } from "./wasm.js";
// learners: experiment configs, runs and results
export { resolveExperimentConfig, type ExperimentConfig, type ExperimentConfigInput, type LearnerConfig, type NeuronConfig, type NetworkConfig } from "./run/config.js";
export type { RunResult, ReplicaResult, Checkpoint, Overlap, TestScore, RunMeta, RunProgress } from "./run/result.js";
export type { RunOptions } from "./run/run.js";
export type { ActivationSpec } from "./run/activation.js";
// data models
export { resolveModelConfig, type ModelConfig, type ModelConfigInput, MODEL_KINDS } from "./model/config.js";
export { ModelSampler, type Sample, type SampleChunk, type Spikes, SPIKE_STREAM, SAMPLE_STREAM, DIAGNOSTIC_STREAM } from "./model/sample.js";
export type { ModelTheory, ClassMoments } from "./model/theory.js";
export type { PowerIterationOptions, TensorComponent } from "./cumulant.js";
export { encodeNpy, decodeNpy, npyHeader } from "./io/npy.js";
// theory
export type { TheoryResult } from "./theory/theory.js";
export type { TheoryConfig, TheoryOptions } from "./theory/config.js";
export type { LossExpansion, DirectionExponent, Staircase, Scaling } from "./theory/exponents.js";
export type { OverlapDynamics } from "./theory/dynamics.js";
// tensor PCA (science.md section 5): a model and learner kind of the experiment config
export type { TensorPcaModelConfig, TensorPcaLearnerConfig } from "./tensorpca/config.js";
export { TensorPcaLearner, type TensorPcaParameters, type TensorNoise } from "./tensorpca/learner.js";
export type { TensorPcaTheory, TensorPcaDynamics } from "./tensorpca/theory.js";
