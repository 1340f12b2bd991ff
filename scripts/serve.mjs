// A tiny static file server for the page (`npm run web`) and for the browser tests. It serves dist/, so the
// page at /web/ and the bundle at /index.js come from the same origin, as they would on any static host.
// No SharedArrayBuffer is used, so no cross-origin-isolation headers are needed.
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves the files under `root` on 127.0.0.1:`port` (0 picks a free port). Resolves to
 * {server, url, close()} once listening. Directories answer with their index.html.
 */
export function serveStatic({ root, port = 0, host = "127.0.0.1" }) {
  const base = resolve(root);
  const server = createServer((request, response) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    } catch {
      return answer(response, 400, "bad request");
    }
    if (pathname === "/") return redirect(response, "/web/");
    // Resolve inside root only: a path with .. that climbs out is refused.
    let file = resolve(join(base, normalize(pathname)));
    if (file !== base && !file.startsWith(base + sep)) return answer(response, 403, "forbidden");
    let stats = statOrNull(file);
    if (stats?.isDirectory()) {
      if (!pathname.endsWith("/")) return redirect(response, pathname + "/");
      file = join(file, "index.html");
      stats = statOrNull(file);
    }
    if (!stats?.isFile()) return answer(response, 404, "not found");
    response.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": stats.size,
      "cache-control": "no-cache",
    });
    if (request.method === "HEAD") return response.end();
    createReadStream(file).pipe(response);
  });
  return new Promise((resolveListening, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const url = `http://${host === "0.0.0.0" ? "localhost" : host}:${address.port}`;
      resolveListening({ server, url, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

function statOrNull(file) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

function answer(response, status, text) {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  response.end(text + "\n");
}

function redirect(response, location) {
  response.writeHead(302, { location });
  response.end();
}

// `node scripts/serve.mjs [--port N]`: serve dist/ and print where the pages are.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("../dist", import.meta.url));
  const portFlag = process.argv.indexOf("--port");
  const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : Number(process.env.PORT ?? 8080);
  const { url } = await serveStatic({ root, port });
  console.log(`stairs page:   ${url}/web/`);
  console.log(`embed example: ${url}/web/embed.html`);
  console.log("(Ctrl-C to stop)");
}
