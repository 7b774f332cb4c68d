/**
 * The rate-limit store of cluster workers, over a channel in this process
 * (tests/http/cluster.test.ts runs it over a real cluster's IPC): workers
 * share the primary's counts; without an answer in time a request counts as
 * the client's first and the outage is logged once; a worker whose channel is
 * closed does not wait at all.
 */
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { createRateLimitHost, PrimaryStore, type WorkerChannel } from "../../server/http/rate-limit-store.ts";

/** Both ends of one worker's IPC channel; `deliver` false holds the primary's replies back. */
function channelPair() {
  const toPrimary = new EventEmitter();
  const toWorker = new EventEmitter();
  const held: unknown[] = [];
  let deliver = true;
  const worker: WorkerChannel = {
    connected: true,
    send: (message) => {
      setImmediate(() => toPrimary.emit("message", message));
      return true;
    },
    on: (event, listener) => toWorker.on(event, listener),
  };
  const primary = {
    send: (message: unknown) => {
      if (deliver) setImmediate(() => toWorker.emit("message", message));
      else held.push(message);
      return true;
    },
    on: (event: "message", listener: (message: unknown) => void) => toPrimary.on(event, listener),
  };
  return {
    worker,
    primary,
    hold: () => (deliver = false),
    release: () => {
      deliver = true;
      for (const message of held.splice(0)) toWorker.emit("message", message);
    },
  };
}

function storeOn(channel: WorkerChannel, lines: string[], timeoutMs = 50): PrimaryStore {
  const store = new PrimaryStore({ channel, log: (line) => lines.push(line), timeoutMs });
  store.init({ windowMs: 60_000 });
  return store;
}

describe("PrimaryStore", () => {
  it("counts a client's requests once across workers, per window, with the window's reset time", async () => {
    const host = createRateLimitHost();
    const [a, b] = [channelPair(), channelPair()];
    host.serve(a.primary);
    host.serve(b.primary);
    const lines: string[] = [];
    const [storeA, storeB] = [storeOn(a.worker, lines), storeOn(b.worker, lines)];
    const before = Date.now();
    const hits = [];
    for (const store of [storeA, storeB, storeA, storeB]) hits.push((await store.increment("203.0.113.7")).totalHits);
    expect(hits).toEqual([1, 2, 3, 4]);
    expect((await storeB.increment("198.51.100.1")).totalHits).toBe(1);

    storeA.decrement("203.0.113.7");
    const { totalHits, resetTime } = await storeB.increment("203.0.113.7");
    expect(totalHits).toBe(4);
    expect(resetTime!.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(resetTime!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);

    storeB.resetKey("203.0.113.7");
    expect((await storeA.increment("203.0.113.7")).totalHits).toBe(1);
    expect(lines).toEqual([]);
    host.close();
  });

  it("lets requests through when the primary does not answer in time, logging the outage once and the return once", async () => {
    const host = createRateLimitHost();
    const pair = channelPair();
    host.serve(pair.primary);
    const lines: string[] = [];
    const store = storeOn(pair.worker, lines, 50);
    expect((await store.increment("203.0.113.7")).totalHits).toBe(1);

    pair.hold();
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      expect(await store.increment("203.0.113.7")).toEqual({ totalHits: 0 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    }
    expect(lines).toEqual(["rate limit: the primary did not answer within 50 ms; letting requests through until it does"]);

    pair.release();
    // The primary counted the requests it could not answer in time; counting goes on from there.
    expect((await store.increment("203.0.113.7")).totalHits).toBe(5);
    expect(lines.at(-1)).toBe("rate limit: the primary answers again; counting requests again");
    expect(lines).toHaveLength(2);
    host.close();
  });

  it("does not wait for a primary whose channel is closed", async () => {
    const lines: string[] = [];
    const store = storeOn({ connected: false, send: () => true, on: () => {} }, lines, 10_000);
    const started = performance.now();
    expect(await store.increment("203.0.113.7")).toEqual({ totalHits: 0 });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(lines).toHaveLength(1);
  });
});
