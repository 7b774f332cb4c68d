/**
 * `npm start` runs this first: it builds web/dist when it is missing or older
 * than any source of the web app, so a fresh clone serves the UI on one port
 * without a separate build step, and a restart after no change costs nothing.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const WEB = fileURLToPath(new URL(".", import.meta.url));
const BUILT = join(WEB, "dist", "index.html");
/** Everything the bundle is made from, including the shared contract. */
const SOURCES = [join(WEB, "src"), join(WEB, "public"), join(WEB, "index.html"), join(WEB, "vite.config.ts"), join(WEB, "../server/contract.ts")];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

export function needsBuild(): boolean {
  if (!existsSync(BUILT)) return true;
  const builtAt = statSync(BUILT).mtimeMs;
  return SOURCES.some((source) => newestChange(source) > builtAt);
}

export async function buildWeb(): Promise<void> {
  // Imported here so a start with nothing to build doesn't pay for loading Vite.
  const { build } = await import("vite");
  await build({ configFile: join(WEB, "vite.config.ts"), logLevel: "warn" });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (needsBuild()) {
    process.stderr.write("clausewise: building the web app (web/dist)…\n");
    await buildWeb();
    process.stderr.write("clausewise: web app built\n");
  }
}
