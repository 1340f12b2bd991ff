// `stairs presets`: the experiments that ship with the package, one line each (`--json` for the full files).
import type { Command } from "commander";
import { listPresets, presetsDirectory, readPresetOrFile } from "../experiment.js";
import { addVerbosityOptions, createLog, examples } from "../options.js";

export function registerPresets(program: Command): void {
  const command = program
    .command("presets")
    .description("list the preset experiments (presets/*.json) with a one-line description")
    .argument("[name]", "show one preset in full (its parameters and why they were chosen)");
  addVerbosityOptions(command)
    .addHelpText("after", examples("stairs presets", "stairs presets cumulant > my-cumulant.json   # a starting point for your own config"))
    .action((name: string | undefined, options: { quiet?: boolean; verbose?: boolean }) => {
      createLog(options).detail(`presets folder: ${presetsDirectory()}`);
      if (name !== undefined) {
        const { raw } = readPresetOrFile(name);
        console.log(JSON.stringify(raw, null, 2));
        return;
      }
      const presets = listPresets();
      const width = Math.max(...presets.map((p) => p.name.length));
      for (const p of presets) console.log(`${p.name.padEnd(width)}  ${p.description}`);
    });
}
