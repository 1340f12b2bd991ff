// Timing for bench/: the median of several repeats of a measured closure, in nanoseconds per unit.
// Wall-clock only ever appears here, never in tests.

/** The middle element of the sorted values (the upper one of an even count). */
export const median = (xs: readonly number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** The values to two decimals, comma-separated: a row of rounds. */
export const list = (xs: readonly number[]) => xs.map((x) => x.toFixed(2)).join(", ");
/** The least of the values: of rounds, the one the host disturbed least. */
export const least = (xs: readonly number[]) => Math.min(...xs);

/** The wall clock, in milliseconds. */
export const wallClock = () => performance.now();

/** The median of `repeats` timed batches, in ns per unit, by `clock` (milliseconds; the wall clock by default). */
export function measure(fn: () => void, unitsPerCall: number, minMillis = 200, repeats = 5, clock: () => number = wallClock): number {
  // Warm up (JIT and wasm tier-up), then time batches long enough to swamp timer resolution.
  let calls = 1;
  for (;;) {
    const t0 = clock();
    for (let i = 0; i < calls; i++) fn();
    if (clock() - t0 > minMillis / 4) break;
    calls *= 2;
  }
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = clock();
    for (let i = 0; i < calls; i++) fn();
    samples.push(((clock() - t0) * 1e6) / (calls * unitsPerCall));
  }
  return median(samples);
}

export interface Row {
  what: string;
  unit: string;
  wasm: number;
  baseline: number;
  baselineName: string;
}

/** Every table printed in this run, in order, for `--json FILE`. */
export const recorded: { title: string; rows: Row[] }[] = [];
/** Every target line printed in this run ("met" or "MISSED"), for `--json FILE`. */
export const verdicts: string[] = [];

export function printRows(title: string, rows: Row[]): void {
  recorded.push({ title, rows });
  console.log(`\n${title}`);
  console.log(
    "  " + "what".padEnd(52) + "unit".padEnd(12) + "wasm".padStart(10) + "baseline".padStart(11) + "  speed-up  baseline is",
  );
  for (const r of rows) {
    console.log(
      "  " +
        r.what.padEnd(52) +
        r.unit.padEnd(12) +
        r.wasm.toFixed(3).padStart(10) +
        r.baseline.toFixed(3).padStart(11) +
        (r.baseline / r.wasm).toFixed(2).padStart(9) +
        "x  " +
        r.baselineName,
    );
  }
}

/** Prints and records a target: `what` measured `value` against `limit` (at most, or at least). */
export function target(what: string, value: number, kind: "at most" | "at least", limit: number, unit = ""): void {
  const met = kind === "at most" ? value <= limit : value >= limit;
  const line = `  ${what}: ${value.toFixed(3)}${unit} (target ${kind} ${limit}${unit}: ${met ? "met" : "MISSED"})`;
  verdicts.push(line.trim());
  console.log(line);
}
