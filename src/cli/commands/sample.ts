// `stairs sample CONFIG.json --n N --seed S --out PREFIX`: draws n samples of a data model and writes
// PREFIX.x.npy (n x d), PREFIX.y.npy (n, values +1/-1), PREFIX.lambda.npy and PREFIX.nu.npy (n, the latents;
// NaN where y = -1) and PREFIX.spikes.npy (3 x d, rows m, u, v), float64.
//
// Everything is validated before any file is touched; the samples are drawn chunk by chunk and streamed
// to temporary files beside the targets, which are renamed into place only once all three are complete.
// So a failure (bad config, full disk, Ctrl-C) leaves either the previous files or none, never half a file.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { checkInteger, checkSeed, StairsInputError } from "../../errors.js";
import { float64Bytes, npyHeader, encodeNpy } from "../../io/npy.js";
import { resolveModelConfig } from "../../config/model.js";
import { ModelSampler } from "../../model/sample.js";
import { init } from "../../stairs.js";
import { configOfResult } from "../experiment.js";
import { checkOutputs, readJson } from "../files.js";
import { addForceOption, addVerbosityOptions, examples } from "../options.js";

/** Largest n accepted (the wasm takes row counts as i32). */
const MAX_N = 2 ** 31 - 1;
const CHUNK_DOUBLES = 1 << 18;

interface SampleOptions {
  n: string;
  seed?: string;
  out: string;
  quiet?: boolean;
  verbose?: boolean;
  clobber?: boolean;
}

/** The model config of a file holding either a model config or an experiment config with "model". */
export function modelConfigOf(parsed: unknown): unknown {
  if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) && "model" in parsed) {
    return (parsed as { model: unknown }).model;
  }
  return parsed;
}

function parseCount(field: string, text: string, min: number, max: number, maxText?: string): number {
  const value = /^\s*[0-9.eE+]+\s*$/.test(text) ? Number(text) : NaN;
  return checkInteger(field, Number.isNaN(value) ? text : value, min, max, maxText);
}

export function registerSample(program: Command): void {
  const command = program
    .command("sample")
    .description("draw samples of a data model and write them as NumPy .npy files (float64)")
    .argument("<config>", 'JSON file: a model config, or an experiment config (or a run result) with one under "model"; "-": standard input')
    .requiredOption("--n <count>", "number of samples")
    .option("--seed <seed>", "seed: spikes from stream (seed, 0), samples from stream (seed, 1) [default: the experiment's \"seed\", else 1]")
    .requiredOption("--out <prefix>", "writes PREFIX.x.npy, PREFIX.y.npy, PREFIX.lambda.npy, PREFIX.nu.npy, PREFIX.spikes.npy (folders created)")
  addForceOption(command);
  addVerbosityOptions(command);
  command
    .addHelpText("after", examples("stairs sample presets/staircase.json --n 100000 --seed 1 --out data/mcm", `python3 -c "import numpy as np; print(np.load('data/mcm.x.npy').shape)"`))
    .action(async (configPath: string, options: SampleOptions) => {
      // ---- validate everything before any work ----
      let parsed = readJson(configPath, "config file");
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
        const raw = parsed as Record<string, unknown>;
        // a run result stands for its config; a preset with several runs: their models must be given one by one
        parsed = "replicas" in raw && "config" in raw ? configOfResult(raw, configPath) : raw;
      }
      const config = resolveModelConfig(modelConfigOf(parsed));
      const n = parseCount("--n", options.n, 1, MAX_N, "2^31 - 1");
      const experimentSeed = (parsed as { seed?: unknown } | null)?.seed;
      const seed =
        options.seed !== undefined
          ? parseCount("--seed", options.seed, 0, Number.MAX_SAFE_INTEGER, "2^53 - 1")
          : experimentSeed !== undefined && modelConfigOf(parsed) !== parsed
            ? checkSeed("seed", experimentSeed)
            : 1;
      if (options.out === "-") {
        throw new StairsInputError("--out", options.out, "a file prefix (sample writes five .npy files, which standard output cannot hold)");
      }
      const prefix = resolve(options.out);
      const directory = dirname(prefix);
      if (existsSync(directory) && !statSync(directory).isDirectory()) {
        throw new StairsInputError("--out", options.out, `a prefix in a directory (${directory} is a file)`);
      }
      const names = ["x", "y", "lambda", "nu", "spikes"];
      checkOutputs(Object.fromEntries(names.map((name) => [`--out (${name})`, `${prefix}.${name}.npy`])), { inputs: [configPath], clobber: options.clobber, quiet: options.quiet });
      mkdirSync(directory, { recursive: true });

      // ---- sample and stream to temporary files ----
      const stairs = await init();
      const sampler = new ModelSampler(stairs.kernels, config, seed);
      const d = config.d;
      const targets = { x: `${prefix}.x.npy`, y: `${prefix}.y.npy`, lambda: `${prefix}.lambda.npy`, nu: `${prefix}.nu.npy`, spikes: `${prefix}.spikes.npy` };
      const temporary = (path: string) => `${path}.tmp-${process.pid}`;
      const opened: { path: string; fd: number }[] = [];
      const open = (path: string) => {
        const entry = { path: temporary(path), fd: openSync(temporary(path), "w") };
        opened.push(entry);
        return entry.fd;
      };
      const cleanUp = () => {
        for (const { path, fd } of opened) {
          try {
            closeSync(fd);
          } catch {
            // already closed
          }
          rmSync(path, { force: true });
        }
      };
      process.once("SIGINT", () => {
        cleanUp();
        process.exit(130);
      });
      let positive = 0;
      try {
        const xFd = open(targets.x);
        const yFd = open(targets.y);
        const lambdaFd = open(targets.lambda);
        const nuFd = open(targets.nu);
        const spikesFd = open(targets.spikes);
        writeAll(xFd, npyHeader([n, d]));
        writeAll(yFd, npyHeader([n]));
        writeAll(lambdaFd, npyHeader([n]));
        writeAll(nuFd, npyHeader([n]));
        const spikes = new Float64Array(3 * d);
        spikes.set(sampler.spikes.m, 0);
        spikes.set(sampler.spikes.u, d);
        spikes.set(sampler.spikes.v, 2 * d);
        writeAll(spikesFd, encodeNpy(spikes, [3, d]));

        const rowsPerChunk = Math.max(1, Math.floor(CHUNK_DOUBLES / d));
        const progress = !options.quiet && n * d >= 1e7;
        let nextReport = 0.1;
        for (let done = 0; done < n; ) {
          const rows = Math.min(rowsPerChunk, n - done);
          const chunk = sampler.next(rows);
          writeAll(xFd, float64Bytes(chunk.x));
          writeAll(yFd, float64Bytes(chunk.y));
          writeAll(lambdaFd, float64Bytes(chunk.lambda));
          writeAll(nuFd, float64Bytes(chunk.nu));
          for (const label of chunk.y) if (label > 0) positive++;
          done += rows;
          if (progress && done / n >= nextReport) {
            process.stderr.write(`stairs sample: ${done} / ${n} samples (${Math.round((100 * done) / n)}%)\n`);
            nextReport += 0.1;
          }
        }
        for (const { fd } of opened) {
          fsyncSync(fd);
          closeSync(fd);
        }
        opened.forEach((entry) => (entry.fd = -1));
        renameSync(temporary(targets.spikes), targets.spikes);
        renameSync(temporary(targets.nu), targets.nu);
        renameSync(temporary(targets.lambda), targets.lambda);
        renameSync(temporary(targets.y), targets.y);
        renameSync(temporary(targets.x), targets.x);
      } catch (error) {
        cleanUp();
        throw error;
      } finally {
        sampler.free();
      }
      if (!options.quiet) {
        console.log(
          `wrote ${targets.x} (${n} x ${d}), ${targets.y} (${n}; ${positive} with y = +1), ${targets.lambda} and ${targets.nu} (${n}; NaN where y = -1), ${targets.spikes} (3 x ${d}: m, u, v)`,
        );
        console.log(`model ${JSON.stringify({ ...config, spikes: typeof config.spikes === "string" ? config.spikes : "given" })}, seed ${seed}`);
      }
    });
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}
