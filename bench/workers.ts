/**
 * Throughput of `POST /api/ask` with one worker against all workers, and
 * against a minimal Hono app (bench/minimal-hono.ts), measured in the same
 * run and reported as ratios with the load average.
 *
 * Each server is a real process spawned as `npm start` runs it
 * (dist/server.js, rebuilt first when stale; offline, rate limit off unless asked), loaded by
 * autocannon from this process: 50 connections for 10 s after a short
 * warm-up, the dev questions in rotation. The configurations run in A/B
 * pairs (order alternating from pair to pair), and the medians over pairs are
 * compared, so a change in the machine's load shifts both sides alike.
 *
 *   npx tsx bench/workers.ts                 3 pairs, 10 s each
 *   npx tsx bench/workers.ts --quick         1 pair, 3 s each
 *   npx tsx bench/workers.ts --pairs 5 --shared-limit
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { buildServerIfStale } from "./build.ts";
import { environment, environmentLine, loadAverage1 } from "./environment.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface WorkersBenchOptions {
  /** A/B pairs; medians are taken over them. Default 3 (1 with `quick`). */
  pairs?: number;
  durationSec?: number;
  connections?: number;
  /** Workers of the "all" configuration; default: available cores. */
  workers?: number;
  /** Also measure all workers with the rate limit on (a limit no one reaches), i.e. one IPC round trip to the primary per request. */
  sharedLimit?: boolean;
  quick?: boolean;
  /** How to start the server; default: the compiled dist/server.js, as `npm start` runs it (the caller builds it). */
  serverCommand?: string[];
  log?: (line: string) => void;
}

/** One configuration under load: a server process and what autocannon sends it. */
interface Target {
  name: string;
  command: string[];
  env: Record<string, string>;
  requests: autocannon.Request[];
}

export interface RunResult {
  target: string;
  pair: number;
  requestsPerSec: number;
  latencyMs: { p50: number; p99: number };
  errors: number;
  non2xx: number;
  /** /proc/loadavg (or os.loadavg()) just before the run. */
  loadavg: string;
}

export interface Summary {
  /** Median over pairs of each run's mean requests/s. */
  requestsPerSec: number;
  p99Ms: number;
  errors: number;
}

export interface WorkersBenchResult {
  setting: { connections: number; durationSec: number; pairs: number; workers: number; questions: number; cores: number; node: string };
  runs: RunResult[];
  /** The keys of `medians` for the minimal Hono app, one worker and all workers. */
  names: { hono: string; one: string; all: string; uncached: string };
  medians: Record<string, Summary>;
  /** Same-run ratios of the medians. */
  ratios: Record<string, number>;
  loadavg: { first: string; last: string; min1: number; max1: number };
}

/** One worker with the answer cache off: every request answered afresh. */
const UNCACHED = "ask, 1 worker, answer cache off";

function devQuestions(): Array<{ question: string; history?: unknown[] }> {
  return readFileSync(new URL("../evals/sets/dev.jsonl", import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => {
      const { question, history } = JSON.parse(line) as { question: string; history?: unknown[] };
      return history?.length ? { question, history } : { question };
    });
}

function loadavgNow(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").trim();
  } catch {
    return loadavg().map((x) => x.toFixed(2)).join(" ");
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round = (x: number, digits = 0) => Number(x.toFixed(digits));

/** Starts a server process and resolves with its URL once it says where it listens. */
async function start(target: Target): Promise<{ url: string; child: ChildProcess }> {
  const [command, ...args] = target.command;
  const child = spawn(command!, args, {
    cwd: ROOT,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", OPENAI_API_KEY: "", OPENAI_BASE_URL: "", CLAUSEWISE_EMBEDDING_MODEL: "", ...target.env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  child.stderr!.setEncoding("utf8");
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (text: string) => {
      output += text;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`${target.name} exited (${code}) before listening:\n${output}`)));
  });
  return { url, child };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

async function load(url: string, target: Target, durationSec: number, connections: number) {
  return autocannon({ url, connections, duration: durationSec, requests: target.requests });
}

async function measure(target: Target, pair: number, options: Required<Pick<WorkersBenchOptions, "durationSec" | "connections">>): Promise<RunResult> {
  const { url, child } = await start(target);
  try {
    // Warm-up, not measured: the engine's per-word caches in every worker, the JIT, the connections.
    await load(url, target, Math.min(3, options.durationSec), options.connections);
    const loadavg = loadavgNow();
    const result = await load(url, target, options.durationSec, options.connections);
    return {
      target: target.name,
      pair,
      requestsPerSec: round(result.requests.average),
      latencyMs: { p50: round(result.latency.p50, 1), p99: round(result.latency.p99, 1) },
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      loadavg,
    };
  } finally {
    await stop(child);
  }
}

export async function benchWorkers(options: WorkersBenchOptions = {}): Promise<WorkersBenchResult> {
  const quick = Boolean(options.quick);
  const pairs = options.pairs ?? (quick ? 1 : 3);
  const durationSec = options.durationSec ?? (quick ? 3 : 10);
  const connections = options.connections ?? 50;
  const workers = options.workers ?? availableParallelism();
  const log = options.log ?? (() => {});
  const serverCommand = options.serverCommand ?? [process.execPath, "dist/server.js"];
  const questions = devQuestions();
  const ask: autocannon.Request[] = questions.map((q) => ({
    method: "POST",
    path: "/api/ask",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(q),
  }));
  const targets: Target[] = [
    { name: "minimal Hono", command: [process.execPath, "--import", "tsx", "bench/minimal-hono.ts"], env: {}, requests: [{ method: "GET", path: "/" }] },
    { name: "ask, 1 worker", command: serverCommand, env: { CLAUSEWISE_WORKERS: "1", CLAUSEWISE_RATE_LIMIT: "0" }, requests: ask },
    { name: `ask, ${workers} workers`, command: serverCommand, env: { CLAUSEWISE_WORKERS: String(workers), CLAUSEWISE_RATE_LIMIT: "0" }, requests: ask },
    // The rotation repeats each question many times, so the runs above answer from the answer cache after the
    // warm-up; this one answers every request afresh, as for questions no one has asked before.
    { name: UNCACHED, command: serverCommand, env: { CLAUSEWISE_WORKERS: "1", CLAUSEWISE_RATE_LIMIT: "0", CLAUSEWISE_ANSWER_CACHE: "0" }, requests: ask },
  ];
  const shared = `ask, ${workers} workers, shared rate limit`;
  if (options.sharedLimit) {
    targets.push({
      name: shared,
      command: serverCommand,
      env: { CLAUSEWISE_WORKERS: String(workers), CLAUSEWISE_RATE_LIMIT: "1000000000" },
      requests: ask,
    });
  }

  const runs: RunResult[] = [];
  for (let pair = 1; pair <= pairs; pair++) {
    const order = pair % 2 ? targets : [...targets].reverse();
    for (const target of order) {
      log(`pair ${pair}/${pairs}: ${target.name} …`);
      const run = await measure(target, pair, { durationSec, connections });
      log(`  ${run.requestsPerSec} req/s, p99 ${run.latencyMs.p99} ms, load ${run.loadavg}`);
      runs.push(run);
    }
  }

  const medians: Record<string, Summary> = {};
  for (const { name } of targets) {
    const mine = runs.filter((r) => r.target === name);
    medians[name] = {
      requestsPerSec: round(median(mine.map((r) => r.requestsPerSec))),
      p99Ms: round(median(mine.map((r) => r.latencyMs.p99)), 1),
      errors: mine.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
    };
  }
  const rps = (name: string) => medians[name]!.requestsPerSec;
  const [hono, one, all] = targets.map((t) => t.name) as [string, string, string];
  const ratios: Record<string, number> = {
    [`${all} / ${one}`]: round(rps(all) / rps(one), 2),
    [`${one} / ${hono}`]: round(rps(one) / rps(hono), 3),
    [`${all} / ${hono}`]: round(rps(all) / rps(hono), 3),
  };
  ratios[`${UNCACHED} / ${hono}`] = round(rps(UNCACHED) / rps(hono), 3);
  ratios[`${one} / ${UNCACHED}`] = round(rps(one) / rps(UNCACHED), 2);
  if (options.sharedLimit) ratios[`${shared} / ${all}`] = round(rps(shared) / rps(all), 2);
  const ones = runs.map((r) => Number(r.loadavg.split(" ")[0]));
  return {
    setting: { connections, durationSec, pairs, workers, questions: questions.length, cores: availableParallelism(), node: process.version },
    runs,
    names: { hono, one, all, uncached: UNCACHED },
    medians,
    ratios,
    loadavg: { first: runs[0]!.loadavg, last: runs.at(-1)!.loadavg, min1: Math.min(...ones), max1: Math.max(...ones) },
  };
}

export function report(result: WorkersBenchResult): string {
  const { setting, medians, ratios, loadavg } = result;
  return [
    `POST /api/ask vs workers — ${setting.connections} connections × ${setting.durationSec} s, medians of ${setting.pairs} A/B pairs, ` +
      `${setting.cores} cores, Node ${setting.node}, rate limit off unless stated`,
    ...Object.entries(medians).map(
      ([name, m]) => `  ${name.padEnd(40)} ${String(m.requestsPerSec).padStart(7)} req/s   p99 ${m.p99Ms} ms   errors ${m.errors}`,
    ),
    "ratios:",
    ...Object.entries(ratios).map(([name, r]) => `  ${name.padEnd(56)} ${r}×`),
    `load average (1 min) ${loadavg.min1}–${loadavg.max1}; /proc/loadavg first ${loadavg.first}, last ${loadavg.last}`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { quick: { type: "boolean" }, pairs: { type: "string" }, "shared-limit": { type: "boolean" }, json: { type: "boolean" } },
  });
  const loadBefore = loadAverage1();
  buildServerIfStale();
  const result = await benchWorkers({
    quick: values.quick,
    pairs: values.pairs ? Number(values.pairs) : undefined,
    sharedLimit: values["shared-limit"],
    log: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  const env = environment(loadBefore);
  process.stdout.write(`${values.json ? JSON.stringify({ ...result, environment: env }, null, 2) : `${report(result)}\n${environmentLine(env)}`}\n`);
}
