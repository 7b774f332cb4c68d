/**
 * `npm start`: opens the engine, serves the API and the built web app
 * (web/dist, when present) on HOST:PORT. On SIGTERM or SIGINT it stops
 * accepting connections, lets in-flight requests (streams included) finish,
 * and exits; a request still running after the grace period is cut off.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { Server } from "node:http";
import { loadConfig } from "../config.ts";
import { openEngine } from "../engine.ts";
import { isClausewiseError } from "../errors.ts";
import { createApp, ROOT } from "./app.ts";

/** How long in-flight requests may take to finish after a shutdown signal. */
const SHUTDOWN_GRACE_MS = 10_000;

function log(line: string): void {
  process.stderr.write(`clausewise: ${line}\n`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const engine = await openEngine({ config, log });
  // Before listening, so the first questions (and health checks) find the dictionary and tagger loaded.
  await engine.warm();
  const webDir = join(ROOT, "web/dist");
  const app = createApp({ engine, config, webDir: existsSync(webDir) ? webDir : undefined, log });
  const server = serve({ fetch: app.fetch, port: config.server.port, hostname: config.server.host }, (info) => {
    const model = config.llm ? `, model ${config.llm.model}` : "";
    log(`listening on http://${config.server.host}:${info.port} (${engine.mode} mode${model}, index ${engine.indexStatus.state})`);
  }) as Server;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing in-flight requests, accepting no new ones`);
    server.close(() => {
      log("stopped");
      process.exit(0);
    });
    // Keep-alive connections go idle as their last response ends; close each one then.
    setInterval(() => server.closeIdleConnections(), 100).unref();
    setTimeout(() => {
      log(`requests still running after ${SHUTDOWN_GRACE_MS / 1000} s; closing them`);
      server.closeAllConnections();
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  log(isClausewiseError(error) ? error.message : `failed to start: ${(error as Error).message}`);
  process.exit(1);
});
