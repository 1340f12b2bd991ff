// The command line's entry, bundled to dist/cli.js: for `run` and `sweep` it starts the replica pool's
// threads first (src/cli/prestart.ts), then loads the command line itself (src/cli/main.ts, bundled
// beside it to dist/cli-main.js), so that the threads' start overlaps that loading.
import { prestart } from "./prestart.js";

prestart(process.argv.slice(2));
// a variable, so that the bundler leaves the command line in its own file, loaded after prestart
const commandLine = "./cli-main.js";
await import(commandLine);
