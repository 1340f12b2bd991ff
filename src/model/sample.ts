// Sampling a data model: x (n x d, row-major), the labels y and the latents (lambda, nu), drawn inside
// the wasm in chunks (one call per chunk of rows, never one per sample).
//
// Streams of a sample with seed S (src/schedule.ts; the same convention as the learners, whose replicas
// all share the spikes of stream (S, 0)):
//   stream (S, 0)  the spikes m, u, v ("random": 3 d normals then Gram-Schmidt; "hypercube": a shuffle and
//                  d signs; given spikes draw nothing)
//   stream (S, 1)  the samples, in the per-sample order of assembly/model.ts (uniform for y, d normals for
//                  z, then for y = +1 lambda and nu's draws)
//   stream (S, 2)  reserved for diagnostics of the sample (e.g. the starts of the tensor power method)
// The chunk size does not change any number: the sample stream simply continues from chunk to chunk.
import { checkInteger, checkSeed } from "../errors.js";
import { SAMPLE_STREAM, SPIKE_STREAM } from "../schedule.js";
import { f64View, MAX_LENGTH } from "../wasm/memory.js";
import { Stream } from "../random.js";
import type { Kernels } from "../wasm/wasm.js";
import { resolveModelConfig, type ModelConfig } from "../config/model.js";
import { WasmModel } from "./model.js";


/** Rows per wasm call: about 2 MiB of x, so the buffers stay small whatever n is. */
const CHUNK_DOUBLES = 1 << 18;

export interface Spikes {
  m: Float64Array;
  u: Float64Array;
  v: Float64Array;
}

export interface SampleChunk {
  /** rows x d, row-major. */
  x: Float64Array;
  /** +1 or -1. */
  y: Float64Array;
  /** The latents of each row; NaN where y = -1 (that class has none). */
  lambda: Float64Array;
  nu: Float64Array;
}

export interface Sample extends SampleChunk {
  /** The model config with every default filled in. */
  config: ModelConfig;
  n: number;
  d: number;
  seed: number;
  spikes: Spikes;
}

/**
 * A model with its spikes drawn and its sample stream open, producing rows chunk by chunk (the command
 * line writes large samples this way without holding them whole). Free it when done.
 */
export class ModelSampler {
  readonly config: ModelConfig;
  readonly d: number;
  readonly spikes: Spikes;
  private readonly kernels: Kernels;
  private readonly model: WasmModel;
  private readonly stream: Stream;
  private readonly chunkRows: number;
  private readonly xPtr: number;
  private readonly yPtr: number;
  private readonly lambdaPtr: number;
  private readonly nuPtr: number;

  /** `config` must be resolved (resolveModelConfig); `seed` an integer in [0, 2^53 - 1]. */
  constructor(kernels: Kernels, config: ModelConfig, seed: number) {
    checkSeed("seed", seed);
    this.kernels = kernels;
    this.config = config;
    this.d = config.d;
    const spikeStream = new Stream(kernels, seed, SPIKE_STREAM);
    try {
      this.model = new WasmModel(kernels, config, spikeStream.statePtr);
    } finally {
      spikeStream.free();
    }
    this.spikes = this.model.spikes();
    this.stream = new Stream(kernels, seed, SAMPLE_STREAM);
    this.chunkRows = Math.max(1, Math.floor(CHUNK_DOUBLES / this.d));
    this.xPtr = kernels.alloc(this.chunkRows * this.d * 8);
    this.yPtr = kernels.alloc(this.chunkRows * 8);
    this.lambdaPtr = kernels.alloc(this.chunkRows * 8);
    this.nuPtr = kernels.alloc(this.chunkRows * 8);
  }

  /** Draws the next `rows` samples into the given arrays, starting at row `offset`. */
  drawInto(rows: number, out: SampleChunk, offset = 0): void {
    const d = this.d;
    for (let done = 0; done < rows; ) {
      const k = Math.min(this.chunkRows, rows - done);
      this.kernels.modelSampleBatch(this.model.ptr, this.stream.statePtr, k, this.xPtr, this.yPtr, this.lambdaPtr, this.nuPtr);
      const at = offset + done; // fresh views: nothing above grows memory, but stay safe
      out.x.set(f64View(this.kernels, this.xPtr, k * d), at * d);
      out.y.set(f64View(this.kernels, this.yPtr, k), at);
      out.lambda.set(f64View(this.kernels, this.lambdaPtr, k), at);
      out.nu.set(f64View(this.kernels, this.nuPtr, k), at);
      done += k;
    }
  }

  /** The next `rows` samples, in fresh arrays. */
  next(rows: number): SampleChunk {
    checkInteger("rows", rows, 0, Math.floor(MAX_LENGTH / this.d));
    const out = {
      x: new Float64Array(rows * this.d),
      y: new Float64Array(rows),
      lambda: new Float64Array(rows),
      nu: new Float64Array(rows),
    };
    this.drawInto(rows, out);
    return out;
  }

  free(): void {
    for (const ptr of [this.xPtr, this.yPtr, this.lambdaPtr, this.nuPtr]) this.kernels.free(ptr);
    this.stream.free();
    this.model.free();
  }
}

/**
 * n samples of a model (config validated here, before any work), with seed `seed`: see the stream
 * layout at the top of this file. n d may be at most 2^27 (1 GiB of x); sample more in chunks with
 * ModelSampler.
 */
export function sample(kernels: Kernels, modelConfig: unknown, n: number, seed: number): Sample {
  const config = resolveModelConfig(modelConfig);
  checkInteger("n", n, 0, Math.floor(MAX_LENGTH / config.d), `2^27 / d = ${Math.floor(MAX_LENGTH / config.d)}`);
  checkSeed("seed", seed);
  const sampler = new ModelSampler(kernels, config, seed);
  try {
    const chunk = sampler.next(n);
    return { config, n, d: config.d, seed, spikes: sampler.spikes, ...chunk };
  } finally {
    sampler.free();
  }
}
