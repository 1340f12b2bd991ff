// A plain single-neuron spherical online SGD for testing the overlap ODE (src/theory/dynamics.ts): the
// samples come from the wasm's MCM sampler, the step is written out in TypeScript from science.md section 3
// (g = -psi x, g_s = g - (g.w) w, w <- (w - eta g_s) / |w - eta g_s|). Test-only: it uses JS Math.
import type { Stairs } from "../src/index.js";
import { resolveModelConfig } from "../src/model/config.js";
import { WasmModel } from "../src/model/model.js";

export interface SgdOptions {
  model: unknown;
  activation: "relu";
  loss: "correlation" | "square";
  eta: number;
  steps: number[];
  replicas: number;
  seed: number;
}

/** |alpha_e| at each checkpoint step, per replica: result[r][i] = [|alpha_m|, |alpha_u|, |alpha_v|]. */
export function simulateNeuron(stairs: Stairs, options: SgdOptions): number[][][] {
  const k = stairs.kernels;
  const config = resolveModelConfig(options.model);
  const d = config.d;
  const spikeStream = stairs.stream(options.seed, 1_000_000);
  const model = new WasmModel(k, config, spikeStream.statePtr);
  const { m, u, v } = model.spikes();
  const batch = 512;
  const X = k.alloc(8 * batch * d), Y = k.alloc(8 * batch);
  const results: number[][][] = [];
  const last = options.steps[options.steps.length - 1];
  for (let r = 0; r < options.replicas; r++) {
    const data = stairs.stream(options.seed, 2 * r);
    const w = Float64Array.from(stairs.stream(options.seed, 2 * r + 1).normal(d));
    let norm = Math.hypot(...w);
    for (let i = 0; i < d; i++) w[i] /= norm;
    const record: number[][] = [];
    const overlaps = () => {
      let a = 0, b = 0, c = 0;
      for (let i = 0; i < d; i++) {
        a += w[i] * m[i];
        b += w[i] * u[i];
        c += w[i] * v[i];
      }
      return [Math.abs(a), Math.abs(b), Math.abs(c)];
    };
    let next = 0;
    for (let n = 0; n <= last; n++) {
      while (next < options.steps.length && options.steps[next] === n) {
        record.push(overlaps());
        next++;
      }
      if (n === last) break;
      const j = n % batch;
      if (j === 0) k.modelSampleBatch(model.ptr, data.statePtr, batch, X, Y, 0, 0);
      const x = new Float64Array(k.memory.buffer, X + 8 * j * d, d);
      const y = new Float64Array(k.memory.buffer, Y, batch)[j];
      let h = 0;
      for (let i = 0; i < d; i++) h += w[i] * x[i];
      const relu = h > 0 ? h : 0, slope = h > 0 ? 1 : 0;
      const psi = options.loss === "correlation" ? y * slope : (y - relu) * slope;
      // w - eta g_s = w + eta psi (x - h w)
      norm = 0;
      for (let i = 0; i < d; i++) {
        w[i] += options.eta * psi * (x[i] - h * w[i]);
        norm += w[i] * w[i];
      }
      norm = Math.sqrt(norm);
      for (let i = 0; i < d; i++) w[i] /= norm;
    }
    results.push(record);
    data.free();
  }
  k.free(X);
  k.free(Y);
  model.free();
  spikeStream.free();
  return results;
}
