// The `stairs` command line. Each subcommand lives in src/cli/commands/<name>.ts and registers itself
// here; this file only wires them together.
import { Command } from "commander";
import { VERSION } from "../wasm.js";
import { registerDemo } from "./commands/demo.js";
// learners
import { registerRun } from "./commands/run.js";
// data models
import { registerSample } from "./commands/sample.js";
// theory
import { registerTheory } from "./commands/theory.js";
// cli: presets, sweeps, plots
import { registerPresets } from "./commands/presets.js";
import { registerSweep } from "./commands/sweep.js";
import { registerPlot } from "./commands/plot.js";
import { registerExport } from "./commands/export.js";

const program = new Command();
program
  .name("stairs")
  .description("Simulate how neural networks learn hidden directions from higher-order cumulants (Bardone & Goldt, ICML 2024).")
  .version(VERSION)
  .showHelpAfterError("(run with --help for usage)");

registerDemo(program);
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

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`stairs: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
