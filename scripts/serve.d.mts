// Types of scripts/serve.mjs, for the browser tests.
import type { Server } from "node:http";

export function serveStatic(options: { root: string; port?: number; host?: string }): Promise<{
  server: Server;
  url: string;
  close(): Promise<void>;
}>;
