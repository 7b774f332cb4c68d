/**
 * The cluster primary: forks the server workers, which share one port, and
 * only supervises them. It replaces a worker that dies unexpectedly (after a
 * backoff, with a log line), keeps the rate-limit counts every worker shares
 * (rate-limit-store.ts; with REDIS_URL the workers count in Redis instead),
 * and on SIGTERM or SIGINT has every worker drain, then exits 0 if all of
 * them answered everything they had received, 1 if any was cut off.
 *
 * Workers accept connections from the shared listening socket themselves
 * (cluster.SCHED_NONE) rather than through the primary (round-robin, Node's
 * default on Linux). With round-robin the primary accepts each connection and
 * queues it for a worker; a draining worker cannot see that queue, and the
 * last one to close its listener resets whatever is still in it. With a shared
 * socket each worker's drain (node-server.ts) accepts and reads what clients
 * had sent before the signal straight from the kernel, as a single process
 * does, and the socket closes only when the last worker has.
 */
import cluster, { type Worker } from "node:cluster";
import type { Config } from "../config.ts";
import type { Log } from "./errors.ts";
import { createRateLimitHost } from "./rate-limit-store.ts";

/** Backoff between restarts of a worker that keeps dying, so a crash loop does not spin the CPU. */
export const RESTART_BACKOFF = {
  firstDelayMs: 100,
  maxDelayMs: 10_000,
  /** A worker that ran this long before dying was healthy: its replacement starts after the first delay again. */
  healthyAfterMs: 30_000,
};

/**
 * How long after the workers' own grace period the primary waits before it
 * kills the ones still running: the workers cut off their own requests at the
 * grace period, so this only covers a worker that hangs.
 */
const KILL_MARGIN_MS = 5_000;

export interface PrimaryOptions {
  config: Config;
  log: Log;
}

/** Runs the primary until shutdown; resolves with the exit code. */
export function runPrimary({ config, log }: PrimaryOptions): Promise<number> {
  const { workers: size, shutdownGraceMs } = config.server;
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  // With REDIS_URL the workers count in Redis themselves and never ask the primary.
  const rateLimits = config.server.redisUrl ? undefined : createRateLimitHost();
  const live = new Set<Worker>();
  const pendingRestarts = new Set<NodeJS.Timeout>();
  /** Reasons to exit 1: workers that could not start, or that exited other than 0 while draining (cut off, killed). */
  let failures = 0;
  let phase: "starting" | "serving" | "stopping" = "starting";
  let crashes = 0;
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));

  const stopped = () => {
    rateLimits?.close();
    finish(failures > 0 ? 1 : 0);
  };

  /** Workers that have listened since the start; the first to listen lets the others start. */
  let started = 0;
  const fork = (replaces?: number) => {
    const worker = cluster.fork();
    const pid = worker.process.pid;
    const forkedAt = Date.now();
    let listening = false;
    live.add(worker);
    rateLimits?.serve(worker);
    worker.once("listening", (address: { address: string; port: number }) => {
      listening = true;
      if (replaces !== undefined) log(`worker ${pid} started in place of worker ${replaces}`);
      if (phase !== "starting") return;
      // The first worker starts alone: if the index or the word-vector cache has to be built it builds it once,
      // and the others then open what it wrote instead of all building it at the same time.
      if (++started === 1) for (let i = 1; i < size; i++) fork();
      if (started === size) {
        phase = "serving";
        const host = address.address.includes(":") ? `[${address.address}]` : address.address;
        log(`listening on http://${host}:${address.port} (${size} workers)`);
      }
    });
    worker.once("exit", (code: number | null, signal: string | null) => {
      live.delete(worker);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (phase === "stopping") {
        // A worker stopped before it listened had nothing to drain.
        if (listening && code !== 0) failures++;
        if (live.size === 0) stopped();
        return;
      }
      if (phase === "starting" && !listening) {
        // A worker that cannot start (bad corpus, unusable read-only data dir) has said why in its own line;
        // its siblings would fail the same way, so stop rather than restart it.
        if (signal) log(`worker ${pid} died while starting (${how}); stopping`);
        phase = "stopping";
        failures++;
        for (const other of live) other.process.kill("SIGTERM");
        if (live.size === 0) stopped();
        return;
      }
      if (Date.now() - forkedAt >= RESTART_BACKOFF.healthyAfterMs) crashes = 0;
      const delayMs = Math.min(RESTART_BACKOFF.firstDelayMs * 2 ** crashes, RESTART_BACKOFF.maxDelayMs);
      crashes++;
      log(`worker ${pid} exited unexpectedly (${how}); starting a new one in ${delayMs / 1000} s`);
      const timer = setTimeout(() => {
        pendingRestarts.delete(timer);
        fork(pid);
      }, delayMs);
      pendingRestarts.add(timer);
    });
  };

  log(`starting ${size} workers`);
  fork();

  const stop = (signal: NodeJS.Signals) => {
    if (phase === "stopping") return;
    phase = "stopping";
    log(`${signal}: every worker finishes its in-flight requests and accepts no new ones`);
    for (const timer of pendingRestarts) clearTimeout(timer);
    pendingRestarts.clear();
    // Signals, not worker.disconnect(): a draining worker still asks the primary for rate-limit counts.
    for (const worker of live) worker.process.kill("SIGTERM");
    if (live.size === 0) stopped();
    setTimeout(() => {
      if (live.size === 0) return;
      log(`${live.size} workers still running ${(shutdownGraceMs + KILL_MARGIN_MS) / 1000} s after ${signal}; killing them`);
      for (const worker of live) worker.process.kill("SIGKILL");
    }, shutdownGraceMs + KILL_MARGIN_MS).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return done;
}
