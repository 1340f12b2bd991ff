// Public entry point of the bundle dist/index.js (platform-neutral ESM, wasm embedded).
export { init, Stairs } from "./stairs.js";
export { WasmVector } from "./memory.js";
export { Stream, type StreamState, GENERATOR } from "./random.js";
export { StairsInputError, DivergenceError } from "./errors.js";
export { VERSION, WASM_SHA256 } from "./wasm.js";
// theory
export type { TheoryResult } from "./theory/theory.js";
export type { TheoryConfig, ActivationForm } from "./theory/config.js";
export type { LossExpansion, DirectionExponent, Staircase, Scaling } from "./theory/exponents.js";
export type { OverlapDynamics } from "./theory/dynamics.js";
