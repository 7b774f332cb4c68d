/**
 * Load benchmark of the HTTP server, offline mode, rate limit off (0).
 *
 * Starts the real app in this process on a loopback port, on the Node server
 * as `npm start` configures it (timeouts, connection cap), then:
 * 1. autocannon on POST /api/ask: 50 connections for 10 s, cycling through a
 *    mix of questions (answered, clause look-ups, abstentions); autocannon
 *    runs in a worker thread so its load generation does not share the
 *    server's event loop;
 * 2. 200 concurrent POST /api/chat streams, each read to its end.
 *
 *   npx tsx bench/load.ts            full run
 *   npx tsx bench/load.ts --quick    3 s of load
 */
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { loadConfig } from "../server/config.ts";
import { openEngine } from "../server/engine.ts";
import { createApp } from "../server/http/app.ts";
import { startHttpServer, type HttpServer } from "../server/http/node-server.ts";
import { environment, environmentLine, loadAverage1 } from "./environment.ts";

export const LOAD_TARGETS = { requestsPerSec: 1500, p99Ms: 50 };

export interface LoadOptions {
  quick?: boolean;
  connections?: number;
  durationSec?: number;
  streams?: number;
}

export interface LoadResult {
  setting: {
    mode: "offline";
    rateLimitPerMinute: 0;
    connections: number;
    durationSec: number;
    questions: number;
    autocannonWorkers: number;
    node: string;
  };
  ask: {
    requests: number;
    requestsPerSec: { median: number; mean: number };
    latencyMs: { p50: number; p99: number; max: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    met: boolean;
  };
  chat: { streams: number; completed: number; failed: number; medianMs: number; p99Ms: number; allCompleted: boolean };
}

/**
 * A realistic mix: every question of the dev eval set (plain questions, clause
 * look-ups, follow-ups with history, paraphrases, questions the documents
 * don't answer, Vietnamese), so no small rotation flatters the engine's
 * per-word caches.
 */
const QUESTIONS: Array<{ question: string; history?: Array<{ role: string; content: string }> }> = readFileSync(
  fileURLToPath(new URL("../evals/sets/dev.jsonl", import.meta.url)),
  "utf8",
)
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => {
    const { question, history } = JSON.parse(line) as { question: string; history?: Array<{ role: string; content: string }> };
    return history?.length ? { question, history } : { question };
  });

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (x: number, digits = 1) => Number(x.toFixed(digits));

async function startServer(): Promise<HttpServer> {
  const env = { ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", CLAUSEWISE_EMBEDDING_MODEL: "", CLAUSEWISE_RATE_LIMIT: "0" };
  const config = loadConfig(env);
  const engine = await openEngine({ config, log: () => {} });
  const app = createApp({ engine, config });
  return startHttpServer(app.fetch, { ...config.server, port: 0, host: "127.0.0.1" });
}

async function streamOnce(url: string, question: string): Promise<{ ok: boolean; ms: number }> {
  const start = performance.now();
  try {
    const res = await fetch(`${url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "bench", messages: [{ id: "u", role: "user", parts: [{ type: "text", text: question }] }], trigger: "submit-message" }),
    });
    const body = await res.text();
    const ok = res.status === 200 && body.includes('"type":"finish"') && body.trimEnd().endsWith("data: [DONE]");
    return { ok, ms: performance.now() - start };
  } catch {
    return { ok: false, ms: performance.now() - start };
  }
}

export default async function runLoadBench(options: LoadOptions = {}): Promise<LoadResult> {
  const connections = options.connections ?? 50;
  const durationSec = options.durationSec ?? (options.quick ? 3 : 10);
  const streams = options.streams ?? 200;
  const workers = 1;
  const { url, server } = await startServer();
  try {
    // Warm up: the first answers fill the engine's word-vector cache.
    for (const q of QUESTIONS) await fetch(`${url}/api/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(q) });

    const result = await autocannon({
      url,
      connections,
      duration: durationSec,
      workers,
      requests: QUESTIONS.map((q) => ({
        method: "POST" as const,
        path: "/api/ask",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(q),
      })),
    });

    const chat = await Promise.all(Array.from({ length: streams }, (_, i) => streamOnce(url, QUESTIONS[i % QUESTIONS.length]!.question)));
    const times = chat.filter((r) => r.ok).map((r) => r.ms).sort((a, b) => a - b);
    const completed = times.length;

    const latencyMs = { p50: round(result.latency.p50), p99: round(result.latency.p99), max: round(result.latency.max) };
    const requestsPerSec = { median: round(result.requests.p50, 0), mean: round(result.requests.average, 0) };
    const errors = result.errors + result.non2xx;
    return {
      setting: {
        mode: "offline",
        rateLimitPerMinute: 0,
        connections,
        durationSec,
        questions: QUESTIONS.length,
        autocannonWorkers: workers,
        node: process.version,
      },
      ask: {
        requests: result.requests.total,
        requestsPerSec,
        latencyMs,
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        met: requestsPerSec.median >= LOAD_TARGETS.requestsPerSec && latencyMs.p99 <= LOAD_TARGETS.p99Ms && errors === 0,
      },
      chat: {
        streams,
        completed,
        failed: streams - completed,
        medianMs: round(percentile(times, 50)),
        p99Ms: round(percentile(times, 99)),
        allCompleted: completed === streams,
      },
    };
  } finally {
    server.close();
    server.closeAllConnections();
  }
}

function report(r: LoadResult): string {
  const { ask, chat, setting } = r;
  return [
    `Load benchmark — ${setting.mode} mode, rate limit OFF (CLAUSEWISE_RATE_LIMIT=0), ${setting.questions} questions in rotation, Node ${setting.node}`,
    `POST /api/ask, ${setting.connections} connections × ${setting.durationSec} s (autocannon in ${setting.autocannonWorkers} worker thread):`,
    `  requests/s  median ${ask.requestsPerSec.median}  mean ${ask.requestsPerSec.mean}   (target ≥ ${LOAD_TARGETS.requestsPerSec})`,
    `  latency     p50 ${ask.latencyMs.p50} ms  p99 ${ask.latencyMs.p99} ms  max ${ask.latencyMs.max} ms   (target p99 ≤ ${LOAD_TARGETS.p99Ms} ms)`,
    `  requests ${ask.requests}, errors ${ask.errors}, timeouts ${ask.timeouts}, non-2xx ${ask.non2xx}   → ${ask.met ? "targets met" : "TARGETS MISSED"}`,
    `POST /api/chat, ${chat.streams} concurrent streams:`,
    `  completed ${chat.completed}/${chat.streams}, median ${chat.medianMs} ms, p99 ${chat.p99Ms} ms`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const loadBefore = loadAverage1();
  const result = await runLoadBench({ quick: process.argv.includes("--quick") });
  process.stdout.write(`${report(result)}\n${environmentLine(environment(loadBefore))}\n`);
}
