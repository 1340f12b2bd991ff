// The reduced engine's kernels as the TypeScript layer sees them (assembly/reduced-*.ts, exported from
// assembly/index.ts). Pointers and lengths in, numbers out; d is an f64 (it may exceed 2^31).
import type { Kernels } from "./wasm.js";

export interface ReducedKernels {
  gammaExact(shape: number): number;
  chiSquareExact(k: number): number;
  fillGammaExact(state: number, out: number, n: number, shape: number): void;
  fillChiSquareExact(state: number, out: number, n: number, k: number): void;
  fillBartlett(state: number, out: number, count: number, rows: number, n: number): void;
  reducedNeuronCreate(model: number, activation: number, loss: number, d: number, eta: number, threshold: number, seed: number, index: number): number;
  reducedNeuronFree(ptr: number): void;
  reducedNeuronRunChunk(ptr: number, n: number): number;
  reducedNeuronStepOn(ptr: number, draws: number, y: number): number;
  reducedNeuronOverlaps(ptr: number, out: number): void;
  reducedNeuronState(ptr: number): number;
  reducedNeuronStartRecovery(ptr: number): void;
  reducedNeuronEvaluate(ptr: number, testState: number, n: number, mode: number, out: number): void;
  reducedNeuronStepSize(ptr: number): number;
  lqInPlace(a: number, rows: number, cols: number, stride: number): number;
  reducedNetworkCreate(
    model: number, activation: number, hidden: number, loss: number, d: number, etaW: number, etaA: number,
    trainSecondLayer: number, spherical: number, bias: number, batch: number, threshold: number, seed: number, index: number,
  ): number;
  reducedNetworkFree(ptr: number): void;
  reducedNetworkRunChunk(ptr: number, n: number): number;
  reducedNetworkStepOn(ptr: number, samples: number, bart: number): number;
  reducedNetworkOverlaps(ptr: number, out: number): void;
  reducedNetworkStartRecovery(ptr: number): void;
  reducedNetworkEvaluate(ptr: number, testState: number, n: number, mode: number, out: number): void;
  reducedNetworkSpikeCoordinates(ptr: number): number;
  reducedNetworkFactor(ptr: number): number;
  reducedNetworkFactorStride(ptr: number): number;
  reducedNetworkRank(ptr: number): number;
  reducedNetworkSetRank(ptr: number, rank: number): void;
  reducedNetworkSecondLayer(ptr: number): number;
  reducedNetworkBias(ptr: number): number;
  reducedNetworkSetBias(ptr: number, b: number): void;
  reducedTensorPcaCreate(d: number, order: number, beta: number, eta: number, threshold: number, seed: number, trainingIndex: number): number;
  reducedTensorPcaFree(ptr: number): void;
  reducedTensorPcaRun(ptr: number, n: number): number;
  reducedTensorPcaStepOn(ptr: number, g: number, chi: number): number;
  reducedTensorPcaOverlap(ptr: number): number;
  reducedTensorPcaResidual(ptr: number): number;
  reducedTensorPcaSetState(ptr: number, alpha: number, r: number): void;
}

/** The kernels with the reduced engine's exports (they are in every build of the module). */
export function reducedKernels(kernels: Kernels): Kernels & ReducedKernels {
  return kernels as Kernels & ReducedKernels;
}
