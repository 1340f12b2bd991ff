// The one binary. esbuild's binary loader embeds build/stairs.wasm in the bundle as bytes, so the same
// module runs in Node and in browsers with no fetch, no file path and no `node:` import.
import wasmBytes from "../build/stairs.wasm";

/** The kernels' exports: pointers and lengths in, numbers out (see assembly/index.ts). */
export interface Kernels {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  dot(x: number, y: number, n: number): number;
  axpy(alpha: number, x: number, y: number, n: number): void;
  scale(alpha: number, x: number, n: number): void;
  norm(x: number, n: number): number;
  copy(x: number, y: number, n: number): void;
  STREAM_BYTES: WebAssembly.Global;
  streamInit(state: number, seed: number, index: number): void;
  fillUniform(state: number, out: number, n: number): void;
  fillNormal(state: number, out: number, n: number): void;
  fillRademacher(state: number, out: number, n: number): void;
  fillGamma(state: number, out: number, n: number, shape: number): void;
  fillChiSquare(state: number, out: number, n: number, k: number): void;
  fillBits(state: number, out: number, n: number): void;
  erf(x: number): number;
  erfc(x: number): number;
  normalCdf(x: number): number;
  activationCreate(kind: number, coefficients: number, degree: number): number;
  activationFree(a: number): void;
  activationEval(a: number, z: number): number;
  activationEvalDerivative(a: number, z: number): number;
  modelCreate(
    d: number, prior: number, betaM: number, betaU: number, betaV: number,
    latent: number, r: number, coupling: number, p: number, labelledMean: number,
  ): number;
  modelFree(model: number): void;
  modelSpike(model: number, which: number): number;
  modelDrawSpikes(model: number, state: number): void;
  modelSampleBatch(model: number, state: number, n: number, x: number, y: number, lambda: number, nu: number): void;
  // tensor PCA and dense tensor contractions
  tensorPcaCreate(
    d: number, order: number, beta: number, eta: number, explicit: number, threshold: number,
    seed: number, spikeIndex: number, trainingIndex: number,
  ): number;
  tensorPcaFree(ptr: number): void;
  tensorPcaWeights(ptr: number): number;
  tensorPcaSpike(ptr: number): number;
  tensorPcaOverlap(ptr: number): number;
  tensorPcaRun(ptr: number, n: number): number;
  tensorPcaGradient(ptr: number): number;
  contractExcept(t: number, d: number, p: number, w: number, slot: number, out: number, scratchA: number, scratchB: number): void;
  contractGradient(t: number, d: number, p: number, w: number, out: number, tmp: number, scratchA: number, scratchB: number): void;
  // learners: single neuron, two-layer network, censored test sets, checkpoint grid
  combineRow(w: number, a: number, x: number, b: number, d: number): number;
  combineRowTracked(w: number, a: number, x: number, b: number, d: number, m: number, u: number, v: number, out: number): number;
  censoredSampleBatch(model: number, state: number, mode: number, n: number, x: number, y: number): void;
  modelLatentCorrelation(model: number): number;
  learningRate(lr: number, d: number, exponent: number): number;
  neuronCreate(model: number, activation: number, loss: number, eta: number, threshold: number, seed: number, index: number): number;
  neuronFree(neuron: number): void;
  neuronStartRecovery(neuron: number): void;
  neuronRunChunk(neuron: number, n: number): number;
  neuronStepOn(neuron: number, x: number, y: number): number;
  neuronOverlaps(neuron: number, out: number): void;
  neuronEvaluate(neuron: number, testState: number, n: number, mode: number, out: number): void;
  neuronWeights(neuron: number): number;
  neuronStepSize(neuron: number): number;
  networkCreate(
    model: number, activation: number, hidden: number, loss: number, etaW: number, etaA: number,
    trainSecondLayer: number, spherical: number, bias: number, batch: number, threshold: number, seed: number, index: number,
  ): number;
  networkFree(network: number): void;
  networkStartRecovery(network: number): void;
  networkRunChunk(network: number, n: number): number;
  networkStepOn(network: number, x: number, y: number): number;
  networkOverlaps(network: number, out: number): void;
  networkEvaluate(network: number, testState: number, n: number, mode: number, out: number): void;
  networkWeights(network: number): number;
  networkSecondLayer(network: number): number;
  networkBias(network: number): number;
  networkSetBias(network: number, b: number): void;
  geometricGrid(steps: number, points: number, out: number): number;
  // data models: latent laws and their theory, hypercube spikes, cumulant tensors
  couplingThreshold(coupling: number, latent: number, r: number): number;
  couplingHermite(coupling: number, latent: number, r: number, p: number, k: number): number;
  modelHypercubeSpikes(model: number, state: number): void;
  cumulantTensor(x: number, n: number, d: number, order: number, out: number): void;
  tensorContract(t: number, d: number, order: number, w: number, out: number): void;
  tensorPowerIteration(t: number, d: number, order: number, state: number, restarts: number, iterations: number, wOut: number): number;
  tensorDeflate(t: number, d: number, order: number, lambda: number, w: number): void;
  // theory
  normalPdf(x: number): number;
  normalQuantile(p: number): number;
  gaussHermite(n: number, nodes: number, weights: number): void;
  gaussLegendre(n: number, nodes: number, weights: number): void;
  normalRuleSize(breaks: number, nBreaks: number, L: number, panelWidth: number, order: number): number;
  normalRuleInto(breaks: number, nBreaks: number, L: number, panelWidth: number, order: number, nodes: number, weights: number): number;
  hermiteValue(k: number, x: number): number;
  hermiteCoefficients(activation: number, K: number, power: number, out: number): void;
  latentHermiteMoments(model: number, K: number, out: number): void;
  couplingMoments(model: number, K: number, power: number, out: number): void;
  populationDrift(model: number, activation: number, loss: number, alpha: number, out: number): void;
  overlapOde(
    model: number, activation: number, loss: number, eta: number, d: number, start: number,
    times: number, nTimes: number, maxStep: number, out: number,
  ): number;
  // the replica header shared by every learner (assembly/replica.ts)
  replicaStepsDone(replica: number): number;
  replicaFailure(replica: number): number;
  replicaStream(replica: number): number;
  replicaRecoveryStep(replica: number, direction: number): number;
  // cli: elementary functions for sweep fits
  ln(x: number): number;
  exp(x: number): number;
}

declare const __WASM_SHA256__: string;
declare const __VERSION__: string;

/** Hex sha256 of the embedded wasm, computed at build time. Saved states and results carry it. */
export const WASM_SHA256: string = __WASM_SHA256__;
export const VERSION: string = __VERSION__;
/**
 * The numeric contract: bumped whenever a change makes the same config and seed give other numbers (golden
 * hashes, streams, summation orders, kernels). Results carry it in `meta.numericContract`; CHANGELOG.md
 * says when and why it changed. Equal contract versions promise bit-identical results.
 */
export const NUMERIC_CONTRACT = 1;

export function wasmBinary(): Uint8Array<ArrayBuffer> {
  return wasmBytes;
}

/** Instantiates a fresh module: each instance has its own memory and its own kernel state. */
export async function instantiate(): Promise<Kernels> {
  // The module has no imports (built with `--use abort=`), hence the empty import object.
  const module = await WebAssembly.compile(wasmBytes);
  const instance = await WebAssembly.instantiate(module, {});
  return instance.exports as unknown as Kernels;
}
