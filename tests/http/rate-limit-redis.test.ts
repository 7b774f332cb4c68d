/**
 * REDIS_URL: two separate `npm start` processes (replicas; the second with two
 * workers) and a real redis-server share one rate limit per client. When
 * Redis stops, or stops answering, requests are let through and every server
 * process logs the outage once; when Redis is back the limit applies again.
 */
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_STORE_TIMEOUT_MS } from "../../server/http/rate-limit-redis.ts";
import { startRedis, type RedisServer } from "../support/redis.ts";
import { askOnOwnConnection, listeningUrl, spawnServer, waitForLine } from "./processes.ts";

const LIMIT = 5;
const QUESTION = "How many days can Bulgarians stay in Vietnam without a visa?";

interface Replica {
  child: ChildProcess;
  output: string[];
  url: string;
  /** How each of its server processes starts its lines: one for a single process, one per worker. */
  prefixes: string[];
}

async function startReplica(redisUrl: string, workers: 1 | 2): Promise<Replica> {
  const output: string[] = [];
  const child = spawnServer(
    { CLAUSEWISE_WORKERS: String(workers), CLAUSEWISE_RATE_LIMIT: String(LIMIT), REDIS_URL: redisUrl, CLAUSEWISE_METRICS: String(workers === 1) },
    output,
  );
  const url = await listeningUrl(child, output);
  if (workers === 1) return { child, output, url, prefixes: ["clausewise: "] };
  const [, a, b] = await waitForLine(child, /\[worker (\d+)\]: serving[\s\S]*\[worker (\d+)\]: serving/, output);
  return { child, output, url, prefixes: [`clausewise[worker ${a}]: `, `clausewise[worker ${b}]: `] };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** How many lines of this process (by its prefix) match `pattern`. */
function linesOf(replica: Replica, prefix: string, pattern: RegExp): number {
  return replica.output.join("").match(new RegExp(`^${escape(prefix)}${pattern.source}`, "gm"))?.length ?? 0;
}

/** Waits until every server process of the replica has logged a line matching `pattern`. */
async function waitForEach(replica: Replica, pattern: RegExp): Promise<void> {
  for (const prefix of replica.prefixes) {
    await waitForLine(replica.child, new RegExp(`^${escape(prefix)}${pattern.source}`, "m"), replica.output);
  }
}

/** Status codes of `count` requests from this one client, alternating between the replicas, each on a fresh connection. */
async function askAlternately(replicas: Replica[], count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const { status, error } = await askOnOwnConnection(replicas[i % replicas.length]!.url, QUESTION).outcome;
    expect(error).toBeUndefined();
    statuses.push(status!);
  }
  return statuses;
}

/** The single-process replica's `clausewise_redis_up` gauge (it serves /metrics; the two-worker one does not). */
async function redisUp(replica: Replica): Promise<number> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  return Number(/^clausewise_redis_up (\S+)$/m.exec(text)?.[1]);
}

const OUTAGE = /rate limit: Redis does not answer \(/;
const BACK = /rate limit: Redis answers again; counting requests again$/;

describe("REDIS_URL: one rate limit across replicas", () => {
  let redis: RedisServer;
  let replicas: Replica[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    replicas = await Promise.all([startReplica(redis.url, 1), startReplica(redis.url, 2)]);
  });
  afterAll(async () => {
    for (const { child } of replicas) if (child.exitCode === null) child.kill("SIGKILL");
    await redis?.stop();
  });

  it(`accepts exactly ${LIMIT} of 12 requests from one client spread over two replicas`, async () => {
    // With a count per replica each would accept five of its six (10 of 12).
    expect(await askAlternately(replicas, 12)).toEqual([...Array(LIMIT).fill(200), ...Array(12 - LIMIT).fill(429)]);
    expect(await redisUp(replicas[0]!)).toBe(1);
  });

  it("lets requests through while Redis is down, and every server process says so once", async () => {
    await redis.stop();
    // The client's quota is spent (previous test); only a store that fails open lets these through.
    expect(await askAlternately(replicas, 6)).toEqual(Array(6).fill(200));
    for (const replica of replicas) await waitForEach(replica, OUTAGE);
    expect(await redisUp(replicas[0]!)).toBe(0);
    // More requests, and more failed reconnection attempts (at most a second apart), log nothing more.
    expect(await askAlternately(replicas, 4)).toEqual(Array(4).fill(200));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const replica of replicas) {
      for (const prefix of replica.prefixes) {
        expect(linesOf(replica, prefix, OUTAGE), `${prefix}logs the outage once:\n${replica.output.join("")}`).toBe(1);
        expect(linesOf(replica, prefix, BACK)).toBe(0);
      }
    }
  });

  it("applies the limit again once Redis is back on the same port", async () => {
    redis = await startRedis(redis.port);
    for (const replica of replicas) await waitForEach(replica, BACK);
    expect(await redisUp(replicas[0]!)).toBe(1);
    // The new Redis starts with no counts (nothing is saved), so the client has its whole quota again, once.
    expect(await askAlternately(replicas, 12)).toEqual([...Array(LIMIT).fill(200), ...Array(12 - LIMIT).fill(429)]);
    for (const replica of replicas) for (const prefix of replica.prefixes) expect(linesOf(replica, prefix, BACK)).toBe(1);
  });

  it(`lets a request through after ${REDIS_STORE_TIMEOUT_MS} ms when Redis stops answering, and counts again when it does`, async () => {
    const [single] = replicas as [Replica, Replica];
    redis.pause();
    try {
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const { status } = await askOnOwnConnection(single.url, QUESTION).outcome;
        const waited = performance.now() - started;
        expect(status).toBe(200);
        expect(waited).toBeGreaterThanOrEqual(REDIS_STORE_TIMEOUT_MS - 5);
        expect(waited).toBeLessThan(REDIS_STORE_TIMEOUT_MS + 750);
      }
    } finally {
      redis.resume();
    }
    expect(linesOf(single, single.prefixes[0]!, new RegExp(`${OUTAGE.source}no answer within ${REDIS_STORE_TIMEOUT_MS} ms\\)`))).toBe(1);
    // The quota is spent (previous test): once Redis answers, the client is refused again, and the server says it is back.
    expect((await askOnOwnConnection(single.url, QUESTION).outcome).status).toBe(429);
    // The log line travels on stderr, the response on the socket: the line may land a moment after the 429.
    await expect.poll(() => linesOf(single, single.prefixes[0]!, BACK)).toBe(2);
  });
});
