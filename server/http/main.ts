/**
 * `npm start`: serves the API and the built web app on HOST:PORT with
 * CLAUSEWISE_WORKERS processes (default: one per core). With one, this
 * process serves (serve.ts). With more, it becomes the cluster primary
 * (cluster.ts), and each worker it forks runs this same file and serves on
 * the shared port. On SIGTERM or SIGINT every server process drains; the exit
 * code is 0 when all of them answered everything they had received, 1 when
 * any was cut off after the grace period.
 */
import cluster from "node:cluster";
import { loadConfig } from "../config.ts";
import { isClausewiseError } from "../errors.ts";
import type { Log } from "./errors.ts";

/** Lines carry the process's role and pid when there are several processes, so each says who wrote it. */
function logFor(role: "single" | "primary" | "worker"): Log {
  const prefix = role === "single" ? "clausewise: " : `clausewise[${role} ${process.pid}]: `;
  return (line) => process.stderr.write(`${prefix}${line}\n`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (cluster.isPrimary && config.server.workers > 1) {
    // Imported here so the primary, which serves nothing, loads neither the engine nor the app.
    const { runPrimary } = await import("./cluster.ts");
    process.exit(await runPrimary({ config, log: logFor("primary") }));
  }
  const { serve } = await import("./serve.ts");
  await serve(config, logFor(cluster.isWorker ? "worker" : "single"));
}

main().catch((error: unknown) => {
  const log = logFor(cluster.isWorker ? "worker" : "single");
  log(isClausewiseError(error) ? error.message : `failed to start: ${(error as Error).message}`);
  process.exit(1);
});
