/**
 * `npm start` with two workers on one port (CLAUSEWISE_WORKERS=2): one rate
 * limit across both, kept in the primary and let through when the primary
 * does not answer; lines that say which process wrote them; a worker that
 * dies is replaced; one that cannot start stops the server; and on SIGTERM a
 * worker cut off after the grace period makes the primary exit 1.
 */
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { Agent, request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HealthInfo } from "../../server/contract.ts";
import { PRIMARY_STORE_TIMEOUT_MS } from "../../server/http/rate-limit-store.ts";
import { listeningUrl, spawnServer, waitForLine } from "./processes.ts";

const LIMIT = 5;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One keep-alive connection: every request sent through it reaches the same worker. */
function connection(url: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: "GET" | "POST", path: string, body?: unknown): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const req = request(`${url}${path}`, {
        method,
        agent,
        headers: text === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(text) },
      });
      req.on("response", (res) => {
        let received = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (received += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: received }));
      });
      req.on("error", reject);
      req.end(text);
    });
  return {
    /** The pid of the worker serving this connection (health checks do not count against the limit). */
    pid: async () => (JSON.parse((await send("GET", "/api/health")).body) as HealthInfo).pid,
    ask: (question: string) => send("POST", "/api/ask", { question }),
    close: () => agent.destroy(),
  };
}
type Connection = ReturnType<typeof connection>;

/** Opens connections until `perWorker` of them are served by each of two workers. */
async function connectionsOnEachWorker(url: string, perWorker: number): Promise<Map<number, Connection[]>> {
  const byPid = new Map<number, Connection[]>();
  for (let opened = 0; opened < 200; opened++) {
    const conn = connection(url);
    const pid = await conn.pid();
    const list = byPid.get(pid) ?? [];
    if (list.length < perWorker) list.push(conn);
    else conn.close();
    byPid.set(pid, list);
    if (byPid.size === 2 && [...byPid.values()].every((l) => l.length === perWorker)) return byPid;
  }
  throw new Error(`200 connections did not reach two workers ${perWorker} times each: ${[...byPid].map(([pid, l]) => `${pid}×${l.length}`)}`);
}

const QUESTION = "How many days can Bulgarians stay in Vietnam without a visa?";

describe("two workers, one rate limit", () => {
  let child: ChildProcess;
  const output: string[] = [];
  let url: string;
  let pids: number[];
  let byPid: Map<number, Connection[]>;

  beforeAll(async () => {
    // Keep-alive connections stay open across the tests, so each stays with the worker it reached.
    child = spawnServer({ CLAUSEWISE_WORKERS: "2", CLAUSEWISE_RATE_LIMIT: String(LIMIT), CLAUSEWISE_KEEP_ALIVE_TIMEOUT_MS: "120000" }, output);
    url = await listeningUrl(child, output);
    byPid = await connectionsOnEachWorker(url, 6);
    pids = [...byPid.keys()];
  });
  afterAll(() => {
    for (const list of byPid?.values() ?? []) list.forEach((conn) => conn.close());
    if (child.exitCode === null) child.kill("SIGKILL");
  });

  it(`accepts exactly ${LIMIT} of 12 requests from one client spread over both workers`, async () => {
    // Alternating, so each worker sees six: with a count per process, each would accept five (10 of 12).
    const [first, second] = [byPid.get(pids[0]!)!, byPid.get(pids[1]!)!];
    const replies: Reply[] = [];
    for (let i = 0; i < 6; i++) {
      replies.push(await first[i]!.ask(QUESTION));
      replies.push(await second[i]!.ask(QUESTION));
    }
    expect(replies.map((r) => r.status)).toEqual([...Array(LIMIT).fill(200), ...Array(12 - LIMIT).fill(429)]);
    for (const reply of replies.filter((r) => r.status === 429)) expect(Number(reply.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("says in every line which process wrote it", () => {
    const text = output.join("");
    expect(text).toMatch(new RegExp(`^clausewise\\[primary ${child.pid}\\]: listening on ${url} \\(2 workers\\)$`, "m"));
    for (const pid of pids) expect(text).toMatch(new RegExp(`^clausewise\\[worker ${pid}\\]: serving \\(offline mode, index (built|loaded)\\)$`, "m"));
    for (const line of text.trim().split("\n")) expect(line).toMatch(/^clausewise\[(primary|worker) \d+\]: /);
  });

  it("lets requests through while the primary does not answer, says so once, and counts again when it does", async () => {
    const [first, second] = [byPid.get(pids[0]!)!, byPid.get(pids[1]!)!];
    // The client's quota is spent (previous test); only a store that fails open lets these through.
    child.kill("SIGSTOP");
    try {
      for (const conn of [first[0]!, second[0]!, first[1]!, second[1]!]) {
        const started = performance.now();
        const reply = await conn.ask(QUESTION);
        expect(reply.status).toBe(200);
        expect(performance.now() - started).toBeGreaterThanOrEqual(PRIMARY_STORE_TIMEOUT_MS - 5);
      }
    } finally {
      child.kill("SIGCONT");
    }
    for (const pid of pids) {
      await waitForLine(child, new RegExp(`\\[worker ${pid}\\]: rate limit: the primary answers again`), output);
      const outage = output.join("").match(new RegExp(`\\[worker ${pid}\\]: rate limit: the primary did not answer`, "g"));
      expect(outage, `worker ${pid} logs the outage once`).toHaveLength(1);
    }
    expect((await first[2]!.ask(QUESTION)).status).toBe(429);
    expect((await second[2]!.ask(QUESTION)).status).toBe(429);
  });

  it("replaces a worker that dies, while the other keeps serving", async () => {
    const [dead, alive] = pids as [number, number];
    process.kill(dead, "SIGKILL");
    await waitForLine(child, new RegExp(`worker ${dead} exited unexpectedly \\(signal SIGKILL\\); starting a new one in 0\\.1 s`), output);
    expect(await byPid.get(alive)![3]!.pid()).toBe(alive);
    const [, replacement] = await waitForLine(child, new RegExp(`worker (\\d+) started in place of worker ${dead}`), output);
    expect(Number(replacement)).not.toBe(dead);
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
  });
});

describe("two workers, shutdown", () => {
  let child: ChildProcess;
  const output: string[] = [];

  beforeAll(() => {
    child = spawnServer({ CLAUSEWISE_WORKERS: "2", CLAUSEWISE_SHUTDOWN_GRACE_MS: "1000" }, output);
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });

  it("exits 1 when a worker had to cut a request off after the grace period, and restarts nobody", async () => {
    const url = new URL(await listeningUrl(child, output));
    // A request whose headers never end: the worker that has it waits for it until the grace period runs out.
    const stalled = connect(Number(url.port), url.hostname);
    stalled.on("error", () => {});
    await once(stalled, "connect");
    stalled.write("POST /api/ask HTTP/1.1\r\nHost: clausewise\r\nContent-Type: application/json\r\n");
    await new Promise((resolve) => setTimeout(resolve, 200));

    const exit = once(child, "exit");
    child.kill("SIGTERM");
    const [code] = await exit;
    const text = output.join("");
    expect(code, text).toBe(1);
    expect(text.match(/\]: requests still running after 1 s; closed them\n/g), text).toHaveLength(1);
    expect(text.match(/\]: stopped\n/g), text).toHaveLength(1);
    expect(text).not.toMatch(/exited unexpectedly|started in place/);
    stalled.destroy();
  });
});

describe("two workers, a worker that cannot start", () => {
  it("stops the server with exit 1 and the worker's own reason, without restarting it", async () => {
    const output: string[] = [];
    const child = spawnServer({ CLAUSEWISE_WORKERS: "2", CLAUSEWISE_CORPUS_DIR: "/nonexistent/corpus" }, output);
    const [code] = await once(child, "exit");
    const text = output.join("");
    expect(code, text).toBe(1);
    expect(text).toMatch(/^clausewise\[worker \d+\]: .*\/nonexistent\/corpus/m);
    expect(text).not.toMatch(/exited unexpectedly|started in place|listening on/);
    expect(text).not.toMatch(/\n\s+at /);
  });
});
