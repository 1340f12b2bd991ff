// Plain progress lines (logs, CI, pipes): a first line at 0 %, then at most one per interval, and the
// final state when stopped.
import { expect, test } from "vitest";
import { createProgress } from "../src/cli/progress.js";

function fakeStream() {
  const lines: string[] = [];
  return { lines, stream: { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream };
}

test("plain lines report the percentage, elapsed time and ETA", () => {
  const { lines, stream } = fakeStream();
  const progress = createProgress("sweep x", 200, { stream, interval: 3600 });
  progress.update(50);
  progress.update(120);
  progress.stop();
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^sweep x: 0\.0%, elapsed 0 s, ETA \?\n$/);
  expect(lines[1]).toMatch(/^sweep x: 60\.0%, elapsed \d+ s, ETA \d+ s\n$/);
});

test("with no interval every update prints, and a finished run is not printed twice", () => {
  const { lines, stream } = fakeStream();
  const progress = createProgress("run", 10, { stream, interval: 0 });
  progress.update(5);
  progress.update(10);
  progress.stop();
  expect(lines.map((l) => l.split(",")[0])).toEqual(["run: 0.0%", "run: 50.0%", "run: 100.0%"]);
});
