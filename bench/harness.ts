// Timing for bench/: the median of several repeats of a measured closure, in nanoseconds per unit.
// Wall-clock only ever appears here, never in tests.

export function measure(fn: () => void, unitsPerCall: number, minMillis = 200, repeats = 5): number {
  // Warm up (JIT and wasm tier-up), then time batches long enough to swamp timer resolution.
  let calls = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    if (performance.now() - t0 > minMillis / 4) break;
    calls *= 2;
  }
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    samples.push(((performance.now() - t0) * 1e6) / (calls * unitsPerCall));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(repeats / 2)];
}

export interface Row {
  what: string;
  unit: string;
  wasm: number;
  baseline: number;
  baselineName: string;
}

export function printRows(title: string, rows: Row[]): void {
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
