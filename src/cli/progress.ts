// Progress of long work: a bar with ETA on a terminal, plain lines elsewhere (logs, CI, pipes), always on
// stderr so that stdout stays clean for results. The bar's package (cli-progress, ~15 ms to load) is loaded
// only for a bar: the bar appears once it has loaded, with the progress made by then.
import type { SingleBar } from "cli-progress";

export interface Progress {
  /** `done` units of `total` finished. */
  update(done: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Force plain lines (true) or the bar (false); default: the bar when stderr is a terminal. */
  plain?: boolean;
  /** Minimum seconds between two plain lines (default 5). */
  interval?: number;
  stream?: NodeJS.WriteStream;
}

export function createProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const plain = options.plain ?? !stream.isTTY;
  if (!plain) {
    let bar: SingleBar | undefined;
    let latest = 0;
    let stopped = false;
    void import("cli-progress").then(({ SingleBar }) => {
      bar = new SingleBar({
        format: `${label} [{bar}] {percentage}% | elapsed {duration_formatted} | ETA {eta_formatted}`,
        stream,
        etaBuffer: 50,
        hideCursor: true,
        clearOnComplete: false,
      });
      bar.start(total, latest);
      // stopped before the bar could show: it shows the final state once
      if (stopped) bar.stop();
    });
    return {
      update: (done) => {
        latest = Math.min(done, total);
        bar?.update(latest);
      },
      stop: () => {
        stopped = true;
        bar?.stop();
      },
    };
  }
  const started = Date.now();
  const interval = (options.interval ?? 5) * 1000;
  let lastLine = 0;
  let lastDone = -1;
  let pending = 0;
  const line = (done: number) => {
    const elapsed = (Date.now() - started) / 1000;
    const fraction = total > 0 ? done / total : 1;
    const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : NaN;
    const etaText = Number.isFinite(eta) ? `${eta.toFixed(0)} s` : "?";
    stream.write(`${label}: ${(100 * fraction).toFixed(1)}%, elapsed ${elapsed.toFixed(0)} s, ETA ${etaText}\n`);
    lastLine = Date.now();
    lastDone = done;
  };
  line(0);
  return {
    update(done) {
      pending = Math.min(done, total);
      if (Date.now() - lastLine >= interval) line(pending);
    },
    stop() {
      if (pending !== lastDone) line(pending);
    },
  };
}
