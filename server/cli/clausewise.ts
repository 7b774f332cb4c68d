#!/usr/bin/env node
/**
 * The `clausewise` command (package.json `bin`, compiled to dist/clausewise.js):
 *
 *   clausewise ask [--json] "question"    as `npm run ask`
 *   clausewise ask --batch FILE.jsonl
 *   clausewise index [--force]            as `npm run index`
 *   clausewise serve                      as `npm start`
 *
 * Only the chosen command's modules are loaded, so `ask` starts as fast as dist/ask.js.
 */
const COMMANDS: Record<string, () => Promise<unknown>> = {
  ask: () => import("./ask.ts"),
  index: () => import("./build-index.ts"),
  serve: () => import("../http/main.ts"),
};

const command = process.argv[2];
const load = command ? COMMANDS[command] : undefined;
if (!load) {
  process.stderr.write(`usage: clausewise ask [--json] "question" | ask --batch FILE.jsonl | index [--force] | serve\n`);
  process.exit(command === "--help" || command === "-h" ? 0 : 2);
} else {
  // Each command reads its options from process.argv.slice(2), as when run on its own.
  process.argv.splice(2, 1);
  await load();
}
