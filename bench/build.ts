/**
 * The compiled CLI and server (dist/) are what users run, so the benchmarks
 * time them; this rebuilds dist/ first when it is missing or older than its
 * sources, exactly as `npm start` and `npm run ask` do (scripts/build.mjs
 * --if-stale), so a benchmark never times yesterday's build.
 */
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

export function buildServerIfStale(): void {
  const run = spawnSync(process.execPath, ["scripts/build.mjs", "--if-stale", "server"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (run.status !== 0) throw new Error(`scripts/build.mjs --if-stale server exited with ${run.status ?? run.signal}`);
}
