import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { init } from "../src/index.js";

// The README's first code example is examples/quickstart.mjs: it must run against the built bundle,
// show the staircase (v is found only with correlated latents), and print hashes that a run in this
// process reproduces; the README shows its code and, line for line, what it prints.
describe("examples/quickstart.mjs", () => {
  it("runs, shows the effect, and its hashes reproduce in another process", async () => {
    const out = execFileSync(process.execPath, ["examples/quickstart.mjs"], { encoding: "utf8" });
    const line = (coupling: string) => out.split("\n").find((l) => l.startsWith(coupling))!;
    const alphaV = (l: string) => Number(/\|alpha_v\| ([0-9.]+)/.exec(l)![1]);
    expect(alphaV(line("sign"))).toBeGreaterThan(0.15);
    expect(alphaV(line("independent"))).toBeLessThan(0.12);
    const stairs = await init();
    const result = await stairs.run({
      model: { kind: "mcm", d: 64, betaM: 0, betaU: 5, betaV: 5, coupling: "sign" },
      learner: { kind: "neuron", activation: "relu", loss: "correlation", lr: 1 },
      steps: 20_000, replicas: 1, seed: 1, recovery: { threshold: 0.5 },
    });
    expect(line("sign")).toContain(`replica 0 hash ${result.replicas[0].hash.slice(0, 16)}`);
    expect(out).toMatch(/information exponents: u 2, v 4/);

    // The README: the block after "`node examples/quickstart.mjs` prints" is the output, every line of it
    // (rho, overlaps, median steps, hashes), and the code block before it quotes the example's configs.
    const readme = readFileSync("README.md", "utf8");
    const printed = /`node examples\/quickstart\.mjs` prints\n\n```\n([\s\S]*?)```/.exec(readme);
    expect(printed).not.toBeNull();
    expect(printed![1].trimEnd().split("\n")).toEqual(out.trimEnd().split("\n"));
    const code = /```js\n(\/\/ examples\/quickstart\.mjs[\s\S]*?)```/.exec(readme);
    expect(code!.index).toBeLessThan(printed!.index);
    const example = readFileSync("examples/quickstart.mjs", "utf8");
    const quotedLine = (start: string) => {
      const line = code![1].split("\n").find((l) => l.trim().startsWith(start));
      expect(line, start).toBeDefined();
      return line!.replace(/\s+\/\/.*$/, "").trim();
    };
    for (const start of ["const model = {", "model: {", "learner: {", "for (const coupling of"]) {
      expect(example).toContain(quotedLine(start));
    }
    // steps, replicas, seed and recovery sit on one line in the README, on four in the example
    for (const field of quotedLine("steps:").replace(/,$/, "").split(/, (?=[a-z]+:)/)) expect(example).toContain(field);
  });
});
