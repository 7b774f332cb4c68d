/**
 * Where the rate limiter keeps its counts. With REDIS_URL, in Redis, shared by
 * every replica (rate-limit-redis.ts). Otherwise one process keeps them in
 * memory; the workers of a cluster keep them in the primary and ask it over the
 * cluster's IPC channel, so a client gets one quota however its connections
 * are spread over the workers. If the primary does not answer in time the
 * request is let through (fail open): a stuck counter must not take the API
 * down with it.
 */
import cluster from "node:cluster";
import { MemoryStore, type ClientRateLimitInfo, type Store } from "hono-rate-limiter";
import type { Config } from "../config.ts";
import type { Log } from "./errors.ts";
import { RedisRateLimitStore } from "./rate-limit-redis.ts";

/**
 * How long a worker waits for the primary's count. The round trip is well
 * under a millisecond (the primary does nothing else); this only bounds what a
 * stuck primary costs each request.
 */
export const PRIMARY_STORE_TIMEOUT_MS = 250;

/** Tags every message of this protocol, so it never mistakes one of cluster's or another library's. */
const TAG = "clausewise/rate-limit";

type RateLimitRequest =
  | { tag: typeof TAG; op: "increment"; id: number; key: string; windowMs: number }
  | { tag: typeof TAG; op: "decrement" | "resetKey"; key: string; windowMs: number };

interface RateLimitReply {
  tag: typeof TAG;
  id: number;
  totalHits: number;
  /** Epoch milliseconds; a Date does not survive the IPC channel's JSON. */
  resetTime?: number;
}

/** The worker's end of the IPC channel: `process` in a cluster worker. */
export interface WorkerChannel {
  send?(message: unknown): boolean;
  connected?: boolean;
  on(event: "message", listener: (message: unknown) => void): unknown;
}

/** The primary's end of one worker's IPC channel: a cluster `Worker`. */
export interface PrimaryChannel {
  send(message: unknown): boolean;
  on(event: "message", listener: (message: unknown) => void): unknown;
}

const isTagged = (message: unknown): message is { tag: typeof TAG } =>
  typeof message === "object" && message !== null && (message as { tag?: unknown }).tag === TAG;

export interface PrimaryStoreOptions {
  channel: WorkerChannel;
  log: Log;
  timeoutMs?: number;
}

/**
 * A hono-rate-limiter `Store` whose counts live in the cluster primary
 * (see `serveRateLimits`). Without an answer within the timeout, a request
 * counts as the client's first (it is let through); that is logged once per
 * outage, and once more when the primary answers again.
 */
export class PrimaryStore implements Store {
  readonly localKeys = false;
  readonly #channel: WorkerChannel;
  readonly #log: Log;
  readonly #timeoutMs: number;
  #windowMs = 60_000;
  #nextId = 0;
  readonly #waiting = new Map<number, (reply: RateLimitReply) => void>();
  #outage = false;

  constructor({ channel, log, timeoutMs = PRIMARY_STORE_TIMEOUT_MS }: PrimaryStoreOptions) {
    this.#channel = channel;
    this.#log = log;
    this.#timeoutMs = timeoutMs;
    channel.on("message", (message) => {
      if (!isTagged(message)) return;
      const reply = message as RateLimitReply;
      if (this.#outage) {
        this.#outage = false;
        this.#log("rate limit: the primary answers again; counting requests again");
      }
      this.#waiting.get(reply.id)?.(reply);
    });
  }

  init(options: { windowMs: number }): void {
    this.#windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const id = this.#nextId++;
    const reply = await new Promise<RateLimitReply | undefined>((resolve) => {
      const timer = setTimeout(() => settle(undefined), this.#timeoutMs);
      const settle = (value: RateLimitReply | undefined) => {
        clearTimeout(timer);
        this.#waiting.delete(id);
        resolve(value);
      };
      this.#waiting.set(id, settle);
      if (!this.#send({ tag: TAG, op: "increment", id, key, windowMs: this.#windowMs })) settle(undefined);
    });
    if (reply) return { totalHits: reply.totalHits, resetTime: reply.resetTime === undefined ? undefined : new Date(reply.resetTime) };
    if (!this.#outage) {
      this.#outage = true;
      this.#log(`rate limit: the primary did not answer within ${this.#timeoutMs} ms; letting requests through until it does`);
    }
    return { totalHits: 0 };
  }

  decrement(key: string): void {
    this.#send({ tag: TAG, op: "decrement", key, windowMs: this.#windowMs });
  }

  resetKey(key: string): void {
    this.#send({ tag: TAG, op: "resetKey", key, windowMs: this.#windowMs });
  }

  /** False when the message could not be handed to the channel (the primary is gone). */
  #send(message: RateLimitRequest): boolean {
    if (!this.#channel.send || this.#channel.connected === false) return false;
    try {
      this.#channel.send(message);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * The primary's side: one MemoryStore (hono-rate-limiter's own, so the window
 * works exactly as in a single process) per window length, shared by every
 * worker whose channel is passed to `serve`.
 */
export function createRateLimitHost() {
  const stores = new Map<number, MemoryStore>();
  const storeFor = (windowMs: number): MemoryStore => {
    let store = stores.get(windowMs);
    if (!store) {
      store = new MemoryStore();
      store.init({ windowMs } as Parameters<MemoryStore["init"]>[0]);
      stores.set(windowMs, store);
    }
    return store;
  };
  return {
    /** Answers this worker's rate-limit messages from the shared counts. */
    serve(worker: PrimaryChannel): void {
      worker.on("message", (message) => {
        if (!isTagged(message)) return;
        const request = message as RateLimitRequest;
        const store = storeFor(request.windowMs);
        if (request.op === "increment") {
          const { totalHits, resetTime } = store.increment(request.key);
          const reply: RateLimitReply = { tag: TAG, id: request.id, totalHits, resetTime: resetTime?.getTime() };
          worker.send(reply);
        } else if (request.op === "decrement") store.decrement(request.key);
        else store.resetKey(request.key);
      });
    },
    close(): void {
      for (const store of stores.values()) store.shutdown();
    },
  };
}

/**
 * The store for this process's rate limiter. With REDIS_URL every process
 * (every worker, every replica) counts in Redis itself (rate-limit-redis.ts);
 * otherwise a cluster worker's counts live in the primary, a single process's
 * in its own memory (hono-rate-limiter's default, so undefined).
 */
export function rateLimitStore(server: Pick<Config["server"], "redisUrl" | "rateLimitPerMinute">, log: Log): Store | undefined {
  // No limit, no connection: nothing would be counted.
  if (server.redisUrl) return server.rateLimitPerMinute > 0 ? new RedisRateLimitStore({ url: server.redisUrl, log }) : undefined;
  if (cluster.isWorker) return new PrimaryStore({ channel: process, log });
  return undefined;
}
