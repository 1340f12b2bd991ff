// `stairs presets`: the experiments that ship with the package, one line each (`--json` for the full files).
import type { Command } from "commander";
import { listPresets, readPresetOrFile } from "../experiment.js";

export function registerPresets(program: Command): void {
  program
    .command("presets")
    .description("list the preset experiments (presets/*.json) with a one-line description")
    .argument("[name]", "show one preset in full (its parameters and why they were chosen)")
    .action((name: string | undefined) => {
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
