// The reduced engine's learners (config "engine": "reduced"; docs/reduced-engine.md): the single neuron,
// the two-layer network and tensor PCA simulated exactly in overlap space (assembly/reduced-*.ts), O(1) per
// step whatever d. They sample from the model's law only (a model made with d = 0: no spikes exist).
import type { ExperimentConfig, NetworkConfig, NeuronConfig } from "../config/experiment.js";
import { activationForm } from "../config/activation.js";
import type { ModelConfig } from "../config/model.js";
import type { TensorPcaLearnerConfig, TensorPcaModelConfig } from "../config/tensorpca.js";
import { lawModel } from "../model/model.js";
import { stepSizes, TRAINING_STREAM } from "../schedule.js";
import { codes } from "../wasm/codes.js";
import { f64View, readF64, writeF64 } from "../wasm/memory.js";
import type { Kernels } from "../wasm/wasm.js";
import { WasmActivation } from "./activation.js";
import { networkMembers, networkSettings } from "./network.js";
import { replicaHeader, type Learner, type LearnerFactory } from "./learner.js";

/** The model's law and the activation of a reduced learner; the learner made on them owns both. */
function withLawAndActivation(kernels: Kernels, config: ExperimentConfig, make: (model: number, activation: number) => Learner): Learner {
  const model = lawModel(kernels, config.model as ModelConfig);
  const activation = new WasmActivation(kernels, activationForm((config.learner as NeuronConfig | NetworkConfig).activation));
  const learner = make(model, activation.ptr);
  return {
    ...learner,
    free() {
      learner.free();
      activation.free();
      kernels.modelFree(model);
    },
  };
}

export const reducedNeuronLearner: LearnerFactory = (kernels, config, replica) =>
  withLawAndActivation(kernels, config, (model, activation) => {
    const learner = config.learner as NeuronConfig;
    const { eta } = stepSizes(kernels, config) as { eta: number };
    const ptr = kernels.reducedNeuronCreate(
      model, activation, codes(kernels).loss[learner.loss], config.model.d, eta, config.recovery.threshold, config.seed, TRAINING_STREAM(replica),
    );
    const scratch = kernels.alloc(24);
    return {
      ptr,
      ...replicaHeader(kernels, ptr),
      runChunk: (n) => kernels.reducedNeuronRunChunk(ptr, n),
      overlaps() {
        kernels.reducedNeuronOverlaps(ptr, scratch);
        const [m, u, v] = f64View(kernels, scratch, 3);
        return { overlap: { m, u, v } };
      },
      evaluate: (state, n, mode, out) => kernels.reducedNeuronEvaluate(ptr, state, n, mode, out),
      parameters: () => readF64(kernels, kernels.reducedNeuronState(ptr), 4),
      setParameters: (values) => writeF64(kernels, kernels.reducedNeuronState(ptr), values.subarray(0, 4)),
      saveInternal: () => new Float64Array(0), // the state is the parameters
      restoreInternal: () => undefined,
      free() {
        kernels.free(scratch);
        kernels.reducedNeuronFree(ptr);
      },
    };
  });

export const reducedNetworkLearner: LearnerFactory = (kernels, config, replica) =>
  withLawAndActivation(kernels, config, (model, activation) => {
    const learner = config.learner as NetworkConfig;
    const K = learner.hidden;
    const loss = codes(kernels).loss[learner.loss];
    const ptr = kernels.reducedNetworkCreate(model, activation, K, loss, config.model.d, ...networkSettings(kernels, config, replica));
    return {
      ...networkMembers(kernels, ptr, K, kernels.reducedNetworkRunChunk, kernels.reducedNetworkOverlaps, kernels.reducedNetworkEvaluate, kernels.reducedNetworkFree),
      parameters() {
        // M (K x 3), L (K x K, zero beyond the frame's dimension), a (K), b.
        const stride = kernels.reducedNetworkFactorStride(ptr);
        const out = new Float64Array(3 * K + K * K + K + 1);
        out.set(f64View(kernels, kernels.reducedNetworkSpikeCoordinates(ptr), 3 * K));
        const L = f64View(kernels, kernels.reducedNetworkFactor(ptr), K * stride);
        for (let k = 0; k < K; k++) out.set(L.subarray(k * stride, k * stride + K), 3 * K + k * K);
        out.set(f64View(kernels, kernels.reducedNetworkSecondLayer(ptr), K), 3 * K + K * K);
        out[3 * K + K * K + K] = kernels.reducedNetworkBias(ptr);
        return out;
      },
      setParameters(values) {
        const stride = kernels.reducedNetworkFactorStride(ptr);
        writeF64(kernels, kernels.reducedNetworkSpikeCoordinates(ptr), values.subarray(0, 3 * K));
        const L = f64View(kernels, kernels.reducedNetworkFactor(ptr), K * stride);
        L.fill(0);
        for (let k = 0; k < K; k++) L.set(values.subarray(3 * K + k * K, 3 * K + (k + 1) * K), k * stride);
        writeF64(kernels, kernels.reducedNetworkSecondLayer(ptr), values.subarray(3 * K + K * K, 3 * K + K * K + K));
        kernels.reducedNetworkSetBias(ptr, values[3 * K + K * K + K]);
      },
      // The frame's dimension rho (the columns of L in use).
      saveInternal: () => Float64Array.of(kernels.reducedNetworkRank(ptr)),
      restoreInternal: (values) => kernels.reducedNetworkSetRank(ptr, values[0]),
    };
  });

export const reducedTensorPcaLearner: LearnerFactory = (kernels, config, replica) => {
  const model = config.model as TensorPcaModelConfig;
  void (config.learner as TensorPcaLearnerConfig);
  const { eta } = stepSizes(kernels, config) as { eta: number };
  const ptr = kernels.reducedTensorPcaCreate(model.d, model.order, model.beta, eta, config.recovery.threshold, config.seed, TRAINING_STREAM(replica));
  return {
    ptr,
    ...replicaHeader(kernels, ptr),
    runChunk: (n) => kernels.reducedTensorPcaRun(ptr, n),
    overlaps: () => ({ overlap: { m: NaN, u: NaN, v: kernels.reducedTensorPcaOverlap(ptr) } }),
    evaluate: (_state, _n, _mode, out) => f64View(kernels, out, 2).fill(NaN), // no test set: scores are null
    parameters: () => Float64Array.of(kernels.reducedTensorPcaOverlap(ptr), kernels.reducedTensorPcaResidual(ptr)),
    setParameters: (values) => kernels.reducedTensorPcaSetState(ptr, values[0], values[1]),
    saveInternal: () => new Float64Array(0), // the state is the parameters
    restoreInternal: () => undefined,
    free: () => kernels.reducedTensorPcaFree(ptr),
  };
};
