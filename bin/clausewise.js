#!/usr/bin/env node
// @ts-check
/**
 * The `clausewise` command (package.json `bin`). It runs the compiled CLI,
 * dist/clausewise.js; this launcher is committed, not built, so that npm and
 * npx can link the command in a fresh clone before anything is compiled.
 */
import { existsSync } from "node:fs";

const compiled = new URL("../dist/clausewise.js", import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write("clausewise: the CLI is not built yet: run npm run build (or npm run ask, which builds it)\n");
  process.exit(1);
}
await import(compiled.href);
