// `stairs demo`: a short look at the kernels (placeholder for `npm start` until the experiments land).
import type { Command } from "commander";
import { init } from "../../stairs.js";

export function registerDemo(program: Command): void {
  program
    .command("demo", { hidden: true })
    .description("draw normals from a seeded stream and show that they reproduce")
    .option("--seed <n>", "seed of the stream", "1")
    .addHelpText("after", "\nExample:\n  stairs demo --seed 7")
    .action(async (options: { seed: string }) => {
      const stairs = await init();
      const seed = Number(options.seed);
      const z = stairs.stream(seed, 0).normal(1_000_000);
      let mean = 0, second = 0;
      for (const v of z) {
        mean += v;
        second += v * v;
      }
      mean /= z.length;
      console.log(`stairs ${stairs.version} (wasm sha256 ${stairs.wasmSha256.slice(0, 16)}...)`);
      console.log(`10^6 normals from stream (${seed}, 0): mean ${mean.toFixed(5)}, variance ${(second / z.length - mean * mean).toFixed(5)}`);
      console.log(`first three: ${Array.from(z.slice(0, 3), (v) => v.toFixed(12)).join(", ")}`);
    });
}
