/**
 * One server process: opens the engine, serves the API and the built web app
 * (web/dist, when present), and drains on SIGTERM or SIGINT: `/api/ready`
 * turns 503, the listener closes, every request already received is answered
 * (streams included), and the process exits 0; requests still running after
 * the grace period are cut off and it exits 1. Run by main.ts, alone or as a
 * cluster worker.
 */
import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config.ts";
import { openEngine } from "../engine.ts";
import { createApp, ROOT, type Readiness } from "./app.ts";
import type { Log } from "./errors.ts";
import { startHttpServer } from "./node-server.ts";
import { rateLimitStore } from "./rate-limit-store.ts";
import { requestLogger } from "./request-log.ts";
import { activeTracer, startTracing } from "../tracing.ts";
import pkg from "../../package.json" with { type: "json" };

export async function serve(config: Config, log: Log): Promise<void> {
  const readiness: Readiness = { state: "starting" };
  // Before the engine opens, so its first spans (none yet) and the requests' find the tracer registered.
  const stopTracing = await startTracing(config.tracing, pkg.version);
  const tracing = config.tracing
    ? (await import("@hono/otel")).httpInstrumentationMiddleware({ tracer: activeTracer(), serviceName: config.tracing.serviceName, serviceVersion: pkg.version })
    : undefined;
  const engine = await openEngine({ config, log });
  const requestLog = requestLogger();
  // An index or word-vector cache that had to be (re)built is an event an operator looks for: one JSON line each.
  const { indexStatus } = engine;
  if (indexStatus.state !== "loaded") {
    requestLog.warn({ event: "index_build", store: engine.index.store, state: indexStatus.state, reason: indexStatus.reason, chunks: indexStatus.chunks });
  }
  const cache = engine.wordVectors.cache;
  if (cache.state !== "loaded") requestLog.warn({ event: "word_vector_cache_build", state: cache.state, reason: cache.reason });
  // Before listening, so the first questions (and health checks) find the dictionary and tagger loaded.
  await engine.warm();
  const webDir = join(ROOT, "web/dist");
  const app = createApp({
    engine,
    config,
    webDir: existsSync(webDir) ? webDir : undefined,
    log,
    readiness,
    rateLimitStore: rateLimitStore(config.server, log),
    // One JSON line per request on stdout; the lifecycle lines above and below stay on stderr.
    requestLog,
    ...(tracing ? { tracing } : {}),
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
    const drained = (await drain(grace)) === "drained";
    await engine.close().catch((error: unknown) => log(`closing the vector store: ${(error as Error).message}`));
    // Spans still in the batch go out now, or never.
    await stopTracing().catch((error: unknown) => log(`sending the last spans: ${(error as Error).message}`));
    if (drained) {
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
