// The `stairs` command line. Each subcommand lives in src/cli/commands/<name>.ts and registers itself
// here; this file only wires them together and maps failures to exit codes:
//   0  success
//   1  a run-time failure (the work started and something went wrong: an I/O error, a crash)
//   2  a usage error, found before any work: an unknown command or option, a bad option value, an invalid
//      config, an unreadable input, an output that cannot be written or is an input, an output that exists
//      with --no-clobber
import { Command, CommanderError } from "commander";
import { StairsInputError } from "../errors.js";
import { VERSION } from "../wasm/wasm.js";
import { registerDemo } from "./commands/demo.js";
// learners
import { registerRun } from "./commands/run.js";
// data models
import { registerSample } from "./commands/sample.js";
// theory
import { registerTheory } from "./commands/theory.js";
// cli: presets, sweeps, plots, exports, completion
import { registerPresets } from "./commands/presets.js";
import { registerSweep } from "./commands/sweep.js";
import { registerPlot } from "./commands/plot.js";
import { registerExport } from "./commands/export.js";
import { registerCompletion } from "./commands/completion.js";

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
// cluster: replica store, shards, Slurm
import { registerMerge } from "./commands/merge.js";
import { registerSlurm } from "./commands/slurm.js";

const program = new Command();
program
  .name("stairs")
  .description("Simulate how neural networks learn hidden directions from higher-order cumulants (Bardone & Goldt, ICML 2024).")
  .version(VERSION)
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride() // commander throws instead of exiting: its usage errors get status 2 below
  .addHelpText(
    "after",
    '\nFiles: "-" is standard input or output; output folders are created; an existing output is replaced with a note, or kept with --no-clobber.\n' +
      "Exit status: 0 success, 1 run-time failure, 2 usage error (bad option, invalid config, an output that cannot be written or is an input, an existing output with --no-clobber).\n\n" +
      "Example:\n  stairs run staircase --out results/staircase.json --npz results/staircase.npz --plot results/staircase.png",
  );

// learners
registerRun(program);
// data models
registerSample(program);
// theory
registerTheory(program);
// cli: presets, sweeps, plots
registerPresets(program);
registerSweep(program);
registerPlot(program);
registerExport(program);
registerCompletion(program);
// cluster: replica store, shards, Slurm
registerMerge(program);
registerSlurm(program);
// developer commands: hidden from the list
registerDemo(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // help and version exit 0; every other commander error is a usage error (already printed)
    process.exitCode = error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : EXIT_USAGE;
    return;
  }
  console.error(`stairs: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof StairsInputError ? EXIT_USAGE : EXIT_FAILURE;
});
