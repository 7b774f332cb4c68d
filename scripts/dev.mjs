// @ts-check
/**
 * `npm run dev`: the TypeScript loop, nothing compiled. The API server runs
 * from source under `tsx watch` (restarted on every change, on PORT, 3000 by
 * default) and Vite serves the web app with hot reload, proxying /api to it.
 * Both stop together: Ctrl-C, or either one exiting.
 */
import { spawn } from "node:child_process";

/** @type {[string, string[]][]} */
const PROCESSES = [
  ["tsx", ["watch", "server/http/main.ts"]],
  ["vite", ["--config", "web/vite.config.ts"]],
];

// One server process unless asked for more: it restarts on every change, and one is plenty to develop against.
const env = { CLAUSEWISE_WORKERS: "1", ...process.env };
const children = PROCESSES.map(([command, args]) => spawn(command, args, { stdio: "inherit", env }));
let exitCode = 0;
for (const child of children) {
  child.on("exit", (code, signal) => {
    if (code) exitCode = code;
    for (const other of children) if (other !== child && other.exitCode === null && other.signalCode === null) other.kill(signal ?? "SIGTERM");
  });
}
// Ctrl-C reaches every process in the terminal's group; these keep the parent alive until the children are done.
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
await Promise.all(children.map((child) => new Promise((resolve) => child.on("close", resolve))));
process.exit(exitCode);
