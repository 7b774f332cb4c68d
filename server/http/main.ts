/**
 * `npm start`: opens the engine, serves the API and the built web app
 * (web/dist, when present) on HOST:PORT. On SIGTERM or SIGINT it drains:
 * `/api/ready` turns 503, the listener closes, every request already received
 * is answered (streams included), and the process exits 0; requests still
 * running after the grace period are cut off and it exits 1.
 *
 * With CLAUSEWISE_WORKERS above 1 (the default: one per core) this process
 * becomes the cluster primary (cluster.ts), and each worker it forks runs this
 * same file and serves as described above, on the shared port.
 */
import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type Config } from "../config.ts";
import { openEngine } from "../engine.ts";
import { isClausewiseError } from "../errors.ts";
import { createApp, ROOT, type Readiness } from "./app.ts";
import { runPrimary } from "./cluster.ts";
import type { Log } from "./errors.ts";
import { startHttpServer } from "./node-server.ts";
import { rateLimitStore } from "./rate-limit-store.ts";

/** Lines carry the process's role and pid when there are several processes, so each says who wrote it. */
function logFor(role: "single" | "primary" | "worker"): Log {
  const prefix = role === "single" ? "clausewise: " : `clausewise[${role} ${process.pid}]: `;
  return (line) => process.stderr.write(`${prefix}${line}\n`);
}

async function serve(config: Config, log: Log): Promise<void> {
  const readiness: Readiness = { state: "starting" };
  const engine = await openEngine({ config, log });
  // Before listening, so the first questions (and health checks) find the dictionary and tagger loaded.
  await engine.warm();
  const webDir = join(ROOT, "web/dist");
  const app = createApp({
    engine,
    config,
    webDir: existsSync(webDir) ? webDir : undefined,
    log,
    readiness,
    rateLimitStore: rateLimitStore(log),
  });
  const { url, drain } = await startHttpServer(app.fetch, config.server);
  readiness.state = "ready";
  const model = config.llm ? `, model ${config.llm.model}` : "";
  // A worker says it serves; the primary says where, once all of them do.
  log(`${cluster.isWorker ? "serving" : `listening on ${url}`} (${engine.mode} mode${model}, index ${engine.indexStatus.state})`);

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
  // A worker drains on the primary's SIGTERM, or on a signal sent to the whole process group (Ctrl-C, systemd).
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (cluster.isWorker) return serve(config, logFor("worker"));
  if (config.server.workers === 1) return serve(config, logFor("single"));
  process.exit(await runPrimary({ config, log: logFor("primary") }));
}

main().catch((error: unknown) => {
  const log = logFor(cluster.isWorker ? "worker" : "single");
  log(isClausewiseError(error) ? error.message : `failed to start: ${(error as Error).message}`);
  process.exit(1);
});
