/**
 * `npm start`: opens the engine, serves the API and the built web app
 * (web/dist, when present) on HOST:PORT. On SIGTERM or SIGINT it drains:
 * `/api/ready` turns 503, the listener closes, every request already received
 * is answered (streams included), and the process exits 0; requests still
 * running after the grace period are cut off and it exits 1.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../config.ts";
import { openEngine } from "../engine.ts";
import { isClausewiseError } from "../errors.ts";
import { createApp, ROOT, type Readiness } from "./app.ts";
import { startHttpServer } from "./node-server.ts";

function log(line: string): void {
  process.stderr.write(`clausewise: ${line}\n`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const readiness: Readiness = { state: "starting" };
  const engine = await openEngine({ config, log });
  // Before listening, so the first questions (and health checks) find the dictionary and tagger loaded.
  await engine.warm();
  const webDir = join(ROOT, "web/dist");
  const app = createApp({ engine, config, webDir: existsSync(webDir) ? webDir : undefined, log, readiness });
  const { url, drain } = await startHttpServer(app.fetch, config.server);
  readiness.state = "ready";
  const model = config.llm ? `, model ${config.llm.model}` : "";
  log(`listening on ${url} (${engine.mode} mode${model}, index ${engine.indexStatus.state})`);

  const stop = async (signal: string) => {
    if (readiness.state === "draining") return;
    readiness.state = "draining";
    log(`${signal}: finishing in-flight requests, accepting no new ones`);
    const grace = config.server.shutdownGraceMs;
    if ((await drain(grace)) === "drained") {
      log("stopped");
      process.exit(0);
    }
    log(`requests still running after ${grace / 1000} s; closed them`);
    process.exit(1);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  log(isClausewiseError(error) ? error.message : `failed to start: ${(error as Error).message}`);
  process.exit(1);
});
