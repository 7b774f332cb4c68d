/**
 * The rate limiter's counts in Redis (REDIS_URL), so every replica and every
 * worker shares one quota per client. The counting is hono-rate-limiter's own
 * RedisStore (INCR and PEXPIRE in one Lua script, so two replicas never lose a
 * hit between them); this file hands it an ioredis client and bounds each
 * call. If Redis is down or slow the request is let through (fail open), as
 * with the cluster primary: a counter that cannot be reached must not take the
 * API down with it. The outage is logged once, and once more when Redis
 * answers again; the limit applies again from then on.
 */
import { RedisStore, type ClientRateLimitInfo, type Store } from "hono-rate-limiter";
import { Redis } from "ioredis";
import { describeError, type Log } from "./errors.ts";

/**
 * How long a request waits for its count. A Redis round trip on the same
 * network is a millisecond or two; this only bounds what a stuck Redis costs
 * each request.
 */
export const REDIS_STORE_TIMEOUT_MS = 250;

/** Longest pause between reconnection attempts, so the limit resumes within about a second of Redis coming back. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/** Before every key, so the counts are easy to tell apart in a Redis that other things share. */
const KEY_PREFIX = "clausewise:rate-limit:";

export interface RedisRateLimitStoreOptions {
  /** redis:// or rediss:// (TLS), with the password in it if there is one. */
  url: string;
  log: Log;
  timeoutMs?: number;
}

/** Resolves with the promise's value, or with `timedOut` if it takes longer than `ms` (it is left to settle unobserved). */
function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | { timedOut: true }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve({ timedOut: true }), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * A hono-rate-limiter `Store` over Redis that never holds a request up for
 * longer than the timeout, and never fails one: without a count in time a
 * request counts as the client's first (it is let through).
 */
export class RedisRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix = KEY_PREFIX;
  readonly #client: Redis;
  readonly #store: RedisStore;
  readonly #log: Log;
  readonly #timeoutMs: number;
  #outage = false;
  #closed = false;

  constructor({ url, log, timeoutMs = REDIS_STORE_TIMEOUT_MS }: RedisRateLimitStoreOptions) {
    this.#log = log;
    this.#timeoutMs = timeoutMs;
    this.#client = new Redis(url, {
      // Fail at once while disconnected rather than queue commands until Redis returns: the request goes through meanwhile.
      enableOfflineQueue: false,
      // A command cut off by a lost connection fails after one reconnection attempt; none is kept waiting for Redis.
      maxRetriesPerRequest: 1,
      // A command Redis never answers (a stopped server behind an open connection) is dropped rather than kept.
      commandTimeout: Math.max(timeoutMs * 4, 1_000),
      // Keep trying for as long as the process runs, at most a second apart.
      retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
    });
    // Without a listener, ioredis prints a stack trace for every failed reconnection attempt; the outage is
    // logged once instead, when the connection fails, and its end once Redis is back and answers.
    this.#client.on("error", (error: unknown) => this.#down(describeError(error)));
    this.#client.on("close", () => this.#closed || this.#down("the connection closed"));
    this.#client.on("ready", () => this.#up());
    const client = this.#client;
    this.#store = new RedisStore({
      prefix: KEY_PREFIX,
      // RedisStore's client is shaped like @upstash/redis and node-redis; ioredis takes EVALSHA's keys and arguments inline.
      client: {
        scriptLoad: async (script) => String(await client.script("LOAD", script)),
        evalsha: async <TArgs extends unknown[], TData = unknown>(sha1: string, keys: string[], args: TArgs) =>
          (await client.evalsha(sha1, keys.length, ...keys, ...(args as Array<string | number>))) as TData,
        decr: (key) => client.decr(key),
        del: (key) => client.del(key),
      },
    });
  }

  init(options: { windowMs: number }): void {
    this.#store.init(options as Parameters<RedisStore["init"]>[0]);
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    try {
      const result = await within(this.#store.increment(key), this.#timeoutMs);
      if ("value" in result) {
        this.#up();
        return result.value;
      }
      this.#down(`no answer within ${this.#timeoutMs} ms`);
    } catch (error) {
      this.#down(this.#client.status === "ready" ? describeError(error) : "not connected");
    }
    return { totalHits: 0 };
  }

  async decrement(key: string): Promise<void> {
    await within(this.#store.decrement(key), this.#timeoutMs).catch(() => {});
  }

  async resetKey(key: string): Promise<void> {
    await within(this.#store.resetKey(key), this.#timeoutMs).catch(() => {});
  }

  /** Whether Redis answers now (false during an outage, and once closed): the `clausewise_redis_up` metric. */
  get available(): boolean {
    return !this.#outage && !this.#closed;
  }

  /** Closes the connection; the store lets every request through from then on. */
  close(): void {
    this.#closed = true;
    this.#client.disconnect();
  }

  #down(reason: string): void {
    if (this.#outage) return;
    this.#outage = true;
    this.#log(`rate limit: Redis does not answer (${reason}); letting requests through until it does`);
  }

  #up(): void {
    if (!this.#outage) return;
    this.#outage = false;
    this.#log("rate limit: Redis answers again; counting requests again");
  }
}
