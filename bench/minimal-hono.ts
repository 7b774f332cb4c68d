/**
 * The framework's ceiling for bench/workers.ts: a Hono app with one route
 * that returns a small JSON, on @hono/node-server, nothing else. Prints
 * "listening on <url>" on stderr as server/http/main.ts does.
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono().get("/", (c) => c.json({ ok: true, answer: "45 days", citations: ["statement/24"] }));

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" }, ({ port }) =>
  process.stderr.write(`listening on http://127.0.0.1:${port}\n`),
);
process.on("SIGTERM", () => process.exit(0));
