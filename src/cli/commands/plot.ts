// `stairs plot FILE... [--out FIG.svg|.png|.pdf] [--formats svg,png,pdf]`: figures of runs, comparisons and
// sweeps, rendered without a browser. Without --out the figure goes beside the first input (RESULT.json ->
// RESULT.svg), or to standard output when that input is "-".
import { basename, dirname, extname, join } from "node:path";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { StairsInputError } from "../../errors.js";
import { classify, figureFor, renderSvg, withTheory } from "../plot/render.js";
import { figureBytes, FIGURE_FORMATS, type FigureFormat } from "../plot/formats.js";
import { init } from "../../stairs.js";
import { checkOutputs, readJson, writeOutput } from "../files.js";

function formatList(value: string): FigureFormat[] {
  const list = value.split(",").map((s) => s.trim().toLowerCase());
  const bad = list.find((f) => !(FIGURE_FORMATS as readonly string[]).includes(f));
  if (bad !== undefined) throw new InvalidArgumentError(`expected a comma-separated list of ${FIGURE_FORMATS.join(", ")}; got "${value}"`);
  return list as FigureFormat[];
}

interface PlotOptions {
  out?: string;
  formats?: FigureFormat[];
  spec?: string;
  theory: boolean;
  overlay?: boolean;
  clobber?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** The figure files to write: --out (or beside the first input), and its siblings in --formats. */
export function plotTargets(files: string[], options: { out?: string; formats?: FigureFormat[] }): string[] {
  const first = files[0];
  const out = options.out ?? (first === "-" ? "-" : join(dirname(first), `${basename(first, extname(first))}.svg`));
  if (!options.formats) return [out];
  if (out === "-") throw new StairsInputError("--formats", options.formats.join(","), "no --formats when the figure goes to standard output");
  const stem = join(dirname(out), basename(out, extname(out)));
  return [...new Set([out, ...options.formats.map((f) => `${stem}.${f}`)])];
}

export function registerPlot(program: Command): void {
  program
    .command("plot")
    .description("draw a result (overlaps and accuracy against n/d) or sweeps (n* against d with the fit) as SVG, PNG or PDF")
    .argument("<files...>", 'result JSON of `stairs run` or `stairs sweep` (several sweeps: side by side; "-": standard input)')
    .option("--out <file>", 'the figure; .svg, .png or .pdf by its extension ("-": SVG on standard output) [default: beside the first input, .svg]')
    .option("--formats <list>", "also write these formats beside --out, e.g. svg,png,pdf", formatList)
    .option("--spec <file>", "also write the Vega-Lite spec (JSON) for further editing")
    .option("--no-theory", "leave out the theory: the single neuron's overlap ODE, the Bayes lines and a sweep's reference slope")
    .option("--overlay", "several sweeps on one pair of axes, each with its fit (a sweep set always is)")
    .option("--no-clobber", "refuse to replace an existing output, before any work (by default it is replaced, with a note on stderr)")
    .option("-q, --quiet", "no messages on standard error but errors")
    .option("-v, --verbose", "say more: what each input is")
    .addHelpText("after", "\nExamples:\n  stairs plot results/staircase.json                       # writes results/staircase.svg\n  stairs plot sweep-mean.json sweep-covariance.json --out sweeps.pdf --formats svg,png")
    .action(async (files: string[], options: PlotOptions) => {
      const targets = plotTargets(files, options);
      checkOutputs({ ...Object.fromEntries(targets.map((t, i) => [i === 0 ? "--out" : `--formats (${t})`, t])), "--spec": options.spec }, { inputs: files, clobber: options.clobber, quiet: options.quiet });
      const inputs = files.map((file) => classify(readJson(file, "result"), file));
      const stairs = options.theory ? await init() : undefined;
      const spec = figureFor(stairs ? inputs.map((input) => withTheory(stairs, input)) : inputs, options.overlay ?? false);
      const svg = await renderSvg(spec);
      const log = (line: string) => (options.quiet ? undefined : process.stderr.write(line + "\n"));
      if (options.verbose) inputs.forEach((input, i) => log(`${files[i]}: a ${input.kind}`));
      for (const target of targets) {
        writeOutput(target, await figureBytes(svg, target, "--out"));
        if (target !== "-") log(`wrote ${target}`);
      }
      if (options.spec) {
        writeOutput(options.spec, JSON.stringify(spec, null, 2) + "\n");
        if (options.spec !== "-") log(`wrote ${options.spec}`);
      }
    });
}
