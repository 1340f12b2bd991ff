// A Stairs instance owns one wasm instance: its memory, its streams and its buffers. Every public
// capability hangs off it, so two instances never share state.
import { checkInteger } from "./errors.js";
import { MAX_LENGTH, WasmVector } from "./wasm/memory.js";
import { Stream, type StreamState } from "./random.js";
import { instantiate, VERSION, WASM_SHA256, type Kernels } from "./wasm/wasm.js";
// learners: experiment runs
import { run as runExperiment, runMeta, runReplica, type ReplicaOptions, type RunOptions } from "./run/run.js";
import { ReplicaRun } from "./run/replica.js";
import { configKey, type ReplicaState } from "./run/checkpoint.js";
import { checkWork, type WorkEstimate, type WorkLimits } from "./run/work.js";
import { resolveExperimentConfig, type ExperimentConfig } from "./config/experiment.js";
import type { ReplicaResult, RunMeta, RunProgress, RunResult } from "./run/result.js";
// data models
import { sample as sampleModel, type Sample } from "./model/sample.js";
import { modelTheory as modelTheoryOf, type ModelTheory } from "./theory/model.js";
import { cumulantTensor, tensorContract, tensorPowerIteration, type PowerIterationOptions, type TensorComponent } from "./model/cumulant.js";
// theory: Hermite coefficients, information exponents, overlap ODE
import { theory as theoryOf, type TheoryResult } from "./theory/theory.js";
import { tensorPcaTheory, type TensorPcaTheory } from "./theory/tensorpca.js";
import { escapeTimes, type EscapeOptions, type EscapeTimes } from "./theory/escape.js";
import { bayesAccuraciesOf, type BayesAccuracies, type BayesOptions } from "./theory/bayes.js";

import type { ExperimentConfigInput, ModelConfigInput } from "./config/input.js";
import type { ModelConfig } from "./config/model.js";
/** What the run methods take: a config as a user writes it, or a resolved one (a result's `config`). */
export type ExperimentInput = ExperimentConfigInput | ExperimentConfig;

/**
 * One wasm instance (its memory, streams and kernels), as the standalone functions take it: what `load()`
 * returns, and what a `Stairs` is too.
 */
export interface Instance {
  /** @internal the raw exports */
  readonly kernels: Kernels;
}

export class Stairs implements Instance {
  /** Package version and the sha256 of the wasm binary this instance runs. */
  readonly version = VERSION;
  readonly wasmSha256 = WASM_SHA256;
  /** @internal the raw exports, for the modules of this package */
  readonly kernels: Kernels;

  /** @internal use init() */
  constructor(kernels: Kernels) {
    this.kernels = kernels;
  }

  /** A zero-filled f64 vector in wasm memory, or a copy of `values`. Free it when done. */
  vector(lengthOrValues: number | ArrayLike<number>): WasmVector {
    if (typeof lengthOrValues === "number") return new WasmVector(this.kernels, lengthOrValues);
    return new WasmVector(this.kernels, lengthOrValues.length).set(lengthOrValues);
  }

  /** The random stream (seed, index): independent for distinct pairs, identical on every host. */
  stream(seed: number, index = 0): Stream {
    return new Stream(this.kernels, seed, index);
  }

  /** A stream continued from a saved state (see Stream.save). */
  restoreStream(state: StreamState): Stream {
    const stream = new Stream(this.kernels, 0, 0);
    stream.restore(state);
    return stream;
  }

  /** sum_i x[i] y[i] in the fixed order documented in assembly/vector.ts. */
  dot(x: WasmVector, y: WasmVector): number {
    sameLength(x, y);
    return this.kernels.dot(x.ptr, y.ptr, x.length);
  }

  /** y += alpha x. */
  axpy(alpha: number, x: WasmVector, y: WasmVector): void {
    sameLength(x, y);
    this.kernels.axpy(alpha, x.ptr, y.ptr, x.length);
  }

  /** x *= alpha. */
  scale(alpha: number, x: WasmVector): void {
    this.kernels.scale(alpha, x.ptr, x.length);
  }

  /** Euclidean norm, sqrt of dot(x, x). */
  norm(x: WasmVector): number {
    return this.kernels.norm(x.ptr, x.length);
  }

  // learners: experiment runs (src/run/)
  /** Runs every replica of an experiment config (validated first); see README, "Experiments". */
  run(config: ExperimentInput, options?: RunOptions): Promise<RunResult> {
    return runExperiment(this.kernels, config, options);
  }

  /** One replica, synchronously: the same result as `run(config).replicas[replica]`, on any instance. */
  runReplica(config: ExperimentInput, replica: number, options?: ReplicaOptions | ((progress: RunProgress) => void)): ReplicaResult {
    return runReplica(this.kernels, config, replica, options);
  }

  /**
   * Replica `replica` of a config, at step 0, to advance by hand (`advance(maxSteps)` until `done`, then
   * `result()`, then `free()`); saveReplica takes its state at any point between two calls.
   */
  startReplica(config: ExperimentInput, replica: number): ReplicaRun {
    const resolved = resolveExperimentConfig(config);
    checkInteger("replica", replica, 0, resolved.replicas - 1);
    return new ReplicaRun(this.kernels, resolved, replica);
  }

  /**
   * The whole state of a replica part-way (src/run/checkpoint.ts): self-describing bytes with their tags
   * (wasm sha256, config key, replica, step). Resumed by restoreReplica, it gives the same bits as a
   * replica that never stopped.
   */
  saveReplica(run: ReplicaRun): ReplicaState {
    return run.save();
  }

  /**
   * A replica continued from a saved state (or its bytes alone). Refuses, with a StairsInputError that
   * says which, a state from another build (state.wasmSha256), another config (state.configKey) or a
   * corrupt one (state.bytes).
   */
  restoreReplica(config: ExperimentInput, state: ReplicaState | Uint8Array): ReplicaRun {
    return ReplicaRun.restore(this.kernels, resolveExperimentConfig(config), state);
  }

  /**
   * The estimated cost of running a config (element operations, src/run/work.ts); refuses, with the
   * estimate, a run or a replica that would not finish (what run and runReplica check first).
   */
  checkWork(config: ExperimentInput, limits?: WorkLimits): WorkEstimate {
    return checkWork(resolveExperimentConfig(config), true, limits);
  }

  /** The key of a config: sha256 of the canonical JSON of the resolved config (what a store files runs under). */
  configKey(config: ExperimentInput): string {
    return configKey(resolveExperimentConfig(config));
  }

  /** The `meta` block of a run's result, for assembling replicas run elsewhere into a RunResult. */
  runMeta(config: ExperimentInput): RunMeta {
    return runMeta(this.kernels, resolveExperimentConfig(config));
  }

  /** An experiment config with every default filled in (throws StairsInputError naming the field). */
  resolveExperiment(config: ExperimentInput): ExperimentConfig {
    return resolveExperimentConfig(config);
  }

  // ---- data models (src/model/) ----

  /** n samples of a model config: spikes from stream (seed, 0), samples from stream (seed, 1). */
  sample(modelConfig: ModelConfigInput | ModelConfig, n: number, seed: number): Sample {
    return sampleModel(this.kernels, modelConfig, n, seed);
  }

  /** The closed-form moments, latent correlations and correlation exponent k* of a model config. */
  modelTheory(modelConfig: ModelConfigInput | ModelConfig): ModelTheory {
    return modelTheoryOf(this.kernels, modelConfig);
  }

  /** Empirical cumulant tensor (order 2, 3 or 4) of n samples x (n x d, row-major), dense row-major. */
  cumulantTensor(x: ArrayLike<number>, n: number, d: number, order: number): Float64Array {
    return cumulantTensor(this.kernels, x, n, d, order);
  }

  /** T(w, ..., w, .) of a dense order-`order` tensor over R^d. */
  tensorContract(tensor: ArrayLike<number>, d: number, order: number, w: ArrayLike<number>): Float64Array {
    return tensorContract(this.kernels, tensor, d, order, w);
  }

  /** Dominant rank-one components of a symmetric tensor (power method, random restarts, deflation). */
  tensorPowerIteration(tensor: ArrayLike<number>, d: number, order: number, options: PowerIterationOptions): TensorComponent[] {
    return tensorPowerIteration(this.kernels, tensor, d, order, options);
  }

  // theory (src/theory/)
  /**
   * The theory of a single neuron on a model: Hermite coefficients of the activation, information
   * exponents of m, u, v, predicted sample complexity, latent correlation, and (with steps) the overlap
   * ODE. Accepts an experiment config; validates it first (StairsInputError naming the field).
   */
  theory(config: unknown): TheoryResult {
    return theoryOf(this.kernels, config);
  }

  /**
   * Bayes-optimal accuracies of a model config (MCM family): from the mean alone, from the mean and the
   * covariance (the censored test sets), and from everything. The first is closed form, the others a
   * seeded Monte Carlo in the wasm (options.samples, default 2^20; options.seed, default 0) with its
   * standard error.
   */
  bayesAccuracy(modelConfig: unknown, options?: BayesOptions): BayesAccuracies {
    return bayesAccuraciesOf(this.kernels, modelConfig, options);
  }

  /**
   * The finite-d stochastic description of a single neuron's escape from its random start (the overlap's
   * diffusion: the ODE's drift plus the noise of one spherical step, in the wasm on a seeded stream): the
   * weak-recovery step of each of options.paths paths within config.steps, their median and quantiles.
   */
  escapeTimes(config: unknown, options?: EscapeOptions): EscapeTimes {
    return escapeTimes(this.kernels, config, options);
  }

  /**
   * The theory of a tensor-PCA experiment: information exponent p, predicted d^(p-1) samples and the
   * overlap's deterministic limit on the run's checkpoint grid (when the config has steps).
   */
  tensorPcaTheory(config: unknown): TensorPcaTheory {
    return tensorPcaTheory(this.kernels, config);
  }
}

function sameLength(x: WasmVector, y: WasmVector): void {
  if (x.length !== y.length) {
    checkInteger("y.length", y.length, x.length, x.length);
  }
}

/** Loads the embedded wasm and returns a fresh simulator. Works unchanged in Node and browsers. */
export async function init(): Promise<Stairs> {
  return new Stairs(await instantiate());
}

// ---- The same capabilities as standalone functions of an instance. A page that imports only these (and
// load) bundles only the code they reach: the Stairs class pulls in every method's code (the learners,
// the runs, the theory), a function only its own (docs/packaging.md). `stairs.sample(m, n, seed)` and
// `sample(stairs, m, n, seed)` give the same bits.

/** Loads the embedded wasm and returns a fresh bare instance for the standalone functions (no Stairs class). */
export async function load(): Promise<Instance> {
  return { kernels: await instantiate() };
}

/** n samples of a model config, as Stairs.sample: spikes from stream (seed, 0), samples from stream (seed, 1). */
export function sample(instance: Instance, modelConfig: ModelConfigInput | ModelConfig, n: number, seed: number): Sample {
  return sampleModel(instance.kernels, modelConfig, n, seed);
}

/** The closed-form moments of a model config, as Stairs.modelTheory. */
export function modelTheory(instance: Instance, modelConfig: ModelConfigInput | ModelConfig): ModelTheory {
  return modelTheoryOf(instance.kernels, modelConfig);
}

/** Every replica of an experiment config, as Stairs.run. */
export function run(instance: Instance, config: ExperimentInput, options?: RunOptions): Promise<RunResult> {
  return runExperiment(instance.kernels, config, options);
}

/** The theory of a single neuron on a model, as Stairs.theory. */
export function theory(instance: Instance, config: unknown): TheoryResult {
  return theoryOf(instance.kernels, config);
}

export { MAX_LENGTH };
