#!/usr/bin/env node
// Serves the sample app: this folder at /, the built client (clients/typescript/dist/src) at /client/, and /config.js
// naming the API. Usage: node samples/web/serve.mjs [--port 5173] [--host localhost] [--api http://localhost:5080]
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const clientDir = join(here, "..", "..", "clients", "typescript", "dist", "src");
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8" };
// The app's own pages: the main one and those the emailed links open (the API's Development Mail:Links point here).
const appPages = new Set(["/", "/sign-in", "/verify-email", "/reset-password", "/confirm-email"]);

/** Starts the server; resolves with it once it listens. */
export function serveSampleApp({ port = 5173, host = "localhost", api = "http://localhost:5080", extra = () => null } = {}) {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    const send = (status, type, body) => {
      response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
      response.end(body);
    };
    const special = extra(path, request);
    if (special) return send(200, "text/html; charset=utf-8", special);
    if (path === "/config.js") return send(200, types[".js"], `export const apiUrl = ${JSON.stringify(api)};\n`);
    const [root, relative] = path.startsWith("/client/") ? [clientDir, path.slice("/client/".length)]
      : [here, appPages.has(path) ? "index.html" : path.slice(1)];
    const file = normalize(join(root, relative));
    if (!file.startsWith(root) || !(extname(file) in types)) return send(404, "text/plain", "not found");
    try {
      send(200, types[extname(file)], await readFile(file));
    } catch {
      send(404, "text/plain", path.startsWith("/client/") ? "not found: build the client first (npm --prefix clients/typescript run build)" : "not found");
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
    arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
  const options = { port: Number(args.port ?? 5173), host: args.host ?? "localhost", api: args.api ?? "http://localhost:5080" };
  await serveSampleApp(options);
  console.log(`Sample app on http://${options.host}:${options.port}/ using the API at ${options.api}`);
  console.log(`The API must list this origin: Cors__AllowedOrigins__0=http://${options.host}:${options.port}`);
}
