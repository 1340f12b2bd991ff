// SIGINT and SIGTERM during `stairs run` / `stairs sweep`: the work stops within a second -- the worker
// threads are terminated, replicas already finished stay in the replica store (each entry was renamed into
// place whole), nothing is written to the output -- and the command that resumes is printed. A second signal,
// or a stop that takes longer than STOP_GRACE_MS, exits at once: the store is consistent at every instant.
import { RunInterrupted } from "./pool.js";

const STOP_GRACE_MS = 700;
const EXIT_CODE = { SIGINT: 130, SIGTERM: 143 } as const;

/** Quotes one argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=,@%+^*-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command line that started this process, as one would type it again (`stairs sweep mean --out x.json`). */
export function thisCommand(): string {
  return ["stairs", ...process.argv.slice(2)].map(shellQuote).join(" ");
}

/**
 * Runs `work` with an AbortSignal that SIGINT/SIGTERM trigger. If it stops because of the signal, prints
 * what was kept and the resume command (`describeKept()` says what the store holds), and exits with 130 or
 * 143. Other errors pass through.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>, describeKept: () => string): Promise<T> {
  const controller = new AbortController();
  let received: "SIGINT" | "SIGTERM" | undefined;
  const onSignal = (name: "SIGINT" | "SIGTERM") => {
    if (received) process.exit(EXIT_CODE[name]);
    received = name;
    controller.abort(name);
    // Whatever is still winding down (a thread that does not terminate at once), the process ends in time.
    setTimeout(() => {
      console.error(`stairs: stopped (${name})`);
      process.exit(EXIT_CODE[name]);
    }, STOP_GRACE_MS).unref();
  };
  const sigint = () => onSignal("SIGINT");
  const sigterm = () => onSignal("SIGTERM");
  process.on("SIGINT", sigint);
  process.on("SIGTERM", sigterm);
  try {
    const result = await work(controller.signal);
    if (received) throw new RunInterrupted(received);
    return result;
  } catch (error) {
    if (received) {
      console.error(`\nstairs: ${received}: stopped; the output was not written. ${describeKept()}`);
      console.error(`resume with: ${thisCommand()}`);
      process.exit(EXIT_CODE[received]);
    }
    throw error;
  } finally {
    process.off("SIGINT", sigint);
    process.off("SIGTERM", sigterm);
  }
}
