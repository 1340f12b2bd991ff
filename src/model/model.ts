// A model living in the wasm: made from a resolved config, its spikes drawn from a seeded stream (Gaussian
// + Gram-Schmidt, or hypercube) or copied from the config. By convention the spikes of a run with seed S
// come from stream (S, 0), shared by every replica; samples come from other streams (see sample.ts).
import type { Kernels } from "../wasm/wasm.js";
import { codes } from "../wasm/codes.js";
import { f64View } from "../wasm/memory.js";
import type { ModelConfig } from "../config/model.js";

/** The wasm's codes of the config's latent law and coupling (assembly/latent.ts, read from the module). */
export function modelCodes(kernels: Kernels, config: ModelConfig): { latent: number; coupling: number } {
  const c = codes(kernels);
  return { latent: c.latent[config.latent.kind], coupling: c.coupling[config.coupling.kind] };
}

export class WasmModel {
  readonly ptr: number;
  readonly config: ModelConfig;
  private readonly kernels: Kernels;

  /** `spikeStream` is the state pointer of the stream the random spikes are drawn from. */
  constructor(kernels: Kernels, config: ModelConfig, spikeStream: number) {
    this.kernels = kernels;
    this.config = config;
    const r = config.latent.kind === "skewed" ? config.latent.r : 0.5;
    const p = config.coupling.kind === "partial" ? config.coupling.p : 0;
    const code = modelCodes(kernels, config);
    this.ptr = kernels.modelCreate(
      config.d,
      config.prior,
      config.betaM,
      config.betaU,
      config.betaV,
      code.latent,
      r,
      code.coupling,
      p,
      config.labelledMean ? 1 : 0,
    );
    if (config.spikes === "random") kernels.modelDrawSpikes(this.ptr, spikeStream);
    else if (config.spikes === "hypercube") kernels.modelHypercubeSpikes(this.ptr, spikeStream);
    else {
      const given = config.spikes;
      (["m", "u", "v"] as const).forEach((name, k) => this.spike(k).set(given[name]));
    }
  }

  /** A live view of spike 0 = m, 1 = u, 2 = v. */
  spike(which: 0 | 1 | 2 | number): Float64Array {
    return f64View(this.kernels, this.kernels.modelSpike(this.ptr, which), this.config.d);
  }

  /** Copies of the spikes, rows m, u, v. */
  spikes(): { m: Float64Array; u: Float64Array; v: Float64Array } {
    return { m: this.spike(0).slice(), u: this.spike(1).slice(), v: this.spike(2).slice() };
  }

  free(): void {
    this.kernels.modelFree(this.ptr);
  }
}
