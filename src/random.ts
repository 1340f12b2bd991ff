// Random streams owned by the wasm. Each stream is identified by (seed, index) and its whole state is
// codes().streamBytes (64) bytes of wasm memory -- two xoshiro256** lanes, interleaved word by word (see
// assembly/random.ts) -- which `save()` exports and `Stairs.restoreStream` loads back.
import { checkInteger, checkSeed, StairsInputError } from "./errors.js";
import { MAX_LENGTH, u64View, WasmVector } from "./wasm/memory.js";
import { codes } from "./wasm/codes.js";
import { WASM_SHA256, type Kernels } from "./wasm/wasm.js";

/**
 * The version of the numeric contract: what fixes every result bit for bit (the generator's layout and
 * order of draws, reduction orders). Bumped, with a CHANGELOG.md entry, whenever golden hashes change;
 * every result carries it as meta.numericContract.
 * 2: two-lane xoshiro256** streams and paired ziggurat normals; fused learner steps.
 * 3: batch normals as four 32-bit tries of a 256-layer ziggurat per generator step; the fused steps' rows
 *    kept in parts (noise plus a combination of m, u, v).
 * 4: the batch normals' ziggurat has 1024 layers (10 bits of a try choose the layer, 22 give u, taken at
 *    the middle of its cell).
 */
export const NUMERIC_CONTRACT = 4;
export const GENERATOR = "xoshiro256** in two lanes (splitmix64 seeding, lane B = lane A jumped 2^128), batch normals by a 1024-layer ziggurat in fours, scalar ones by a 128-layer one";

/** A saved stream: the words of its two xoshiro256** lanes as hex (memory order), tagged with the binary that made them. */
export interface StreamState {
  generator: string;
  wasmSha256: string;
  words: string[];
}

export class Stream {
  /** Pointer to the state (codes().streamBytes) in wasm memory. Kernels draw from it and advance it. */
  readonly statePtr: number;
  private readonly kernels: Kernels;

  /** @internal use Stairs.stream */
  constructor(kernels: Kernels, seed: number, index: number) {
    checkSeed("seed", seed);
    checkSeed("stream index", index);
    this.kernels = kernels;
    this.statePtr = kernels.alloc(codes(kernels).streamBytes);
    kernels.streamInit(this.statePtr, seed, index);
  }

  private fill(kind: (state: number, out: number, n: number) => void, n: number): Float64Array {
    checkInteger("n", n, 0, MAX_LENGTH, "2^27");
    const out = new WasmVector(this.kernels, n);
    try {
      kind(this.statePtr, out.ptr, n);
      return out.toArray();
    } finally {
      out.free();
    }
  }

  /** n uniforms on [0, 1) (53 random bits each). */
  uniform(n: number): Float64Array {
    return this.fill(this.kernels.fillUniform, n);
  }

  /** n standard normals (128-layer ziggurat). */
  normal(n: number): Float64Array {
    return this.fill(this.kernels.fillNormal, n);
  }

  /** n values +1 or -1, each with probability 1/2. */
  rademacher(n: number): Float64Array {
    return this.fill(this.kernels.fillRademacher, n);
  }

  /** n draws of Gamma(shape, 1), shape > 0 (Marsaglia-Tsang). */
  gamma(n: number, shape: number): Float64Array {
    if (!(Number.isFinite(shape) && shape > 0)) throw new StairsInputError("shape", shape, "a finite number > 0");
    return this.fill((s, o, m) => this.kernels.fillGamma(s, o, m, shape), n);
  }

  /** n draws of chi-square with k > 0 degrees of freedom. */
  chiSquare(n: number, k: number): Float64Array {
    if (!(Number.isFinite(k) && k > 0)) throw new StairsInputError("k", k, "a finite number > 0");
    return this.fill((s, o, m) => this.kernels.fillChiSquare(s, o, m, k), n);
  }

  /** n raw 64-bit outputs of the generator. */
  bits(n: number): BigUint64Array {
    const raw = this.fill(this.kernels.fillBits, n);
    return new BigUint64Array(raw.buffer, raw.byteOffset, raw.length);
  }

  /** Fills a WasmVector with standard normals in place (no copy). */
  normalInto(out: WasmVector): void {
    this.kernels.fillNormal(this.statePtr, out.ptr, out.length);
  }

  /** The number of u64 words in a state. */
  private words(): number {
    return codes(this.kernels).streamBytes / 8;
  }

  save(): StreamState {
    const words = u64View(this.kernels, this.statePtr, this.words());
    const hex = Array.from(words, (w) => w.toString(16).padStart(16, "0"));
    return { generator: GENERATOR, wasmSha256: WASM_SHA256, words: hex };
  }

  /** Overwrites this stream's state with a saved one; refuses a state made by another binary. */
  restore(state: StreamState): void {
    if (state?.wasmSha256 !== WASM_SHA256) {
      throw new StairsInputError("state.wasmSha256", state?.wasmSha256, `the sha256 of this build (${WASM_SHA256})`);
    }
    const n = this.words();
    if (!Array.isArray(state.words) || state.words.length !== n || !state.words.every((w) => /^[0-9a-f]{16}$/.test(w))) {
      throw new StairsInputError("state.words", state.words, `${n} 16-digit lowercase hex strings`);
    }
    const words = u64View(this.kernels, this.statePtr, this.words());
    state.words.forEach((w, k) => (words[k] = BigInt("0x" + w)));
  }

  free(): void {
    this.kernels.free(this.statePtr);
  }
}
