// `stairs plot FILE... --out FIG.svg`: SVG figures of runs, comparisons and sweeps, rendered without a browser.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { StairsInputError } from "../../errors.js";
import { checkOutputs, writeFileAtomic } from "../atomic.js";
import { classify, figureFor, renderSvg, withTheory } from "../plot/render.js";
import { init } from "../../stairs.js";

export function registerPlot(program: Command): void {
  program
    .command("plot")
    .description("draw a result (overlaps and accuracy against n/d) or sweeps (n* against d with the fit) as SVG")
    .argument("<files...>", "result JSON of `stairs run`, `npm start` or `stairs sweep` (several sweeps: side by side)")
    .requiredOption("--out <file>", "the SVG to write (atomically)")
    .option("--spec <file>", "also write the Vega-Lite spec (JSON) for further editing")
    .option("--no-theory", "leave out the single neuron's theory curve (the overlap ODE) and the Bayes lines")
    .option("--overlay", "several sweeps on one pair of axes, each with its fit (a sweep set always is)")
    .action(async (files: string[], options: { out: string; spec?: string; theory: boolean; overlay?: boolean }) => {
      const inputs = files.map((file) => {
        let value: unknown;
        try {
          value = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
        } catch (error) {
          throw new StairsInputError(file, (error as Error).message, "a readable JSON file");
        }
        return classify(value, file);
      });
      checkOutputs([["--out", options.out], ["--spec", options.spec]], files);
      const stairs = options.theory ? await init() : undefined;
      const spec = figureFor(stairs ? inputs.map((input) => withTheory(stairs, input)) : inputs, options.overlay ?? false);
      const svg = await renderSvg(spec);
      writeFileAtomic(options.out, svg);
      if (options.spec) writeFileAtomic(options.spec, JSON.stringify(spec, null, 2) + "\n");
      console.log(`wrote ${options.out}`);
    });
}
