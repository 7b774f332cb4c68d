/**
 * The `clausewise` command, compiled to dist/clausewise.js and run by bin/clausewise.js:
 *
 *   clausewise ask [--json] "question"    as `npm run ask`
 *   clausewise ask --batch FILE.jsonl
 *   clausewise index [--force]            as `npm run index`
 *   clausewise db:migrate                 as `npm run db:migrate` (DATABASE_URL)
 *   clausewise serve                      as `npm start`
 *
 * Only the chosen command's modules are loaded, so `ask` starts as fast as dist/ask.js.
 */
const COMMANDS: Record<string, () => Promise<unknown>> = {
  ask: () => import("./ask.ts"),
  index: () => import("./build-index.ts"),
  "db:migrate": () => import("./db-migrate.ts"),
  serve: () => import("../http/main.ts"),
};

const command = process.argv[2];
const load = command ? COMMANDS[command] : undefined;
if (!load) {
  process.stderr.write(`usage: clausewise ask [--json] "question" | ask --batch FILE.jsonl | index [--force] | db:migrate | serve\n`);
  process.exit(command === "--help" || command === "-h" ? 0 : 2);
} else {
  // ask and index read their options from process.argv.slice(2), as when run on their own. serve reads
  // none, and node:cluster forks its workers with this process's argv, so they too must see `serve`.
  if (command !== "serve") process.argv.splice(2, 1);
  await load();
}
