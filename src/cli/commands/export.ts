// `stairs export RESULT.json --npz OUT.npz | --csv OUT.csv`: a result of `stairs run` (one run or a
// comparison) or of `stairs sweep` as arrays for NumPy or a tidy table for pandas (layout: docs/python.md).
import { deflateRawSync } from "node:zlib";
import type { Command } from "commander";
import { StairsInputError } from "../../errors.js";
import { encodeNpz } from "../../io/npz.js";
import { resultArrays, resultCsv } from "../../run/arrays.js";
import { checkOutputs, readJson, writeOutput } from "../files.js";

/** The .npz bytes of a result (deflated like np.savez_compressed). */
export function npzOfResult(value: unknown, file: string): Uint8Array {
  const arrays = resultArrays(value);
  if (!arrays) throw new StairsInputError(file, "a JSON file of another kind", "a result of `stairs run` or `stairs sweep`");
  return encodeNpz(arrays, (bytes) => deflateRawSync(bytes));
}

interface ExportOptions {
  npz?: string;
  csv?: string;
  clobber?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export function registerExport(program: Command): void {
  program
    .command("export")
    .description("convert a result (run, comparison or sweep JSON) to NumPy .npz arrays or a CSV table")
    .argument("<result>", 'result JSON of `stairs run` or `stairs sweep` ("-": standard input)')
    .option("--npz <file>", 'write the arrays as .npz (np.load; "-": standard output)')
    .option("--csv <file>", 'write a tidy table, one row per replica and checkpoint ("-": standard output)')
    .option("--no-clobber", "refuse to replace an existing output, before any work (by default it is replaced, with a note on stderr)")
    .option("-q, --quiet", "no messages on standard error but errors")
    .option("-v, --verbose", "say more: the arrays written")
    .addHelpText("after", "\nExamples:\n  stairs export results/staircase.json --npz results/staircase.npz\n  stairs export results/sweep-mean.json --csv - | head")
    .action((file: string, options: ExportOptions) => {
      if (!options.npz && !options.csv) throw new StairsInputError("export", "neither --npz nor --csv", "at least one output: --npz FILE or --csv FILE");
      checkOutputs({ "--npz": options.npz, "--csv": options.csv }, { inputs: [file], clobber: options.clobber, quiet: options.quiet });
      const value = readJson(file, "result");
      const log = (line: string) => (options.quiet ? undefined : process.stderr.write(line + "\n"));
      if (options.npz) {
        const arrays = resultArrays(value);
        if (!arrays) throw new StairsInputError(file, "a JSON file of another kind", "a result of `stairs run` or `stairs sweep`");
        writeOutput(options.npz, encodeNpz(arrays, (bytes) => deflateRawSync(bytes)));
        if (options.verbose) for (const [name, a] of Object.entries(arrays)) log(`  ${name} (${a.shape.join(", ")})`);
        if (options.npz !== "-") log(`wrote ${options.npz}`);
      }
      if (options.csv) {
        const csv = resultCsv(value);
        if (csv === null) throw new StairsInputError(file, "a JSON file of another kind", "a result of `stairs run` or `stairs sweep`");
        writeOutput(options.csv, csv);
        if (options.csv !== "-") log(`wrote ${options.csv}`);
      }
    });
}
