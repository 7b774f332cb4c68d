/**
 * The Node server as server/http/main.ts starts it, with short timeouts and a
 * small connection cap: raw sockets that are slow to send their headers or
 * body get a JSON 408 within the bound, an idle keep-alive connection is
 * closed, and connections over the cap are refused.
 */
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { createApp } from "../../server/http/app.ts";
import { startHttpServer, type HttpServer } from "../../server/http/node-server.ts";
import { testEngine } from "../support/engine.ts";

const HEADERS_TIMEOUT_MS = 400;
const REQUEST_TIMEOUT_MS = 800;
const KEEP_ALIVE_TIMEOUT_MS = 300;
const MAX_CONNECTIONS = 3;

interface RawExchange {
  socket: Socket;
  /** Everything the server sent until it closed the connection, and when it closed it (ms after opening). */
  closed: Promise<{ text: string; afterMs: number }>;
}

function openRaw(url: string): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const opened = performance.now();
  let text = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => (text += chunk));
  socket.on("error", () => {});
  const closed = once(socket, "close").then(() => ({ text, afterMs: performance.now() - opened }));
  return once(socket, "connect").then(() => ({ socket, closed }));
}

/** Writes `text` a character at a time, every `everyMs`, until the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  socket.on("close", () => clearInterval(timer));
}

function jsonBodyOf(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4));
}

describe("timeouts and the connection cap", () => {
  let http: HttpServer;

  beforeAll(async () => {
    const engine = await testEngine({ CLAUSEWISE_RATE_LIMIT: "0" });
    const config = loadConfig({
      CLAUSEWISE_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      CLAUSEWISE_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      CLAUSEWISE_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
      CLAUSEWISE_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
    });
    http = await startHttpServer(createApp({ engine, log: () => {} }).fetch, { ...config.server, port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    http.server.closeAllConnections();
    await new Promise((resolve) => http.server.close(resolve));
  });

  it("answers a client that trickles its body with a JSON 408 and closes it, within the request timeout", async () => {
    const { socket, closed } = await openRaw(http.url);
    const body = JSON.stringify({ question: "How many days can Bulgarians stay in Vietnam without a visa?" });
    socket.write(`POST /api/ask HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    trickle(socket, body, 100);
    const { text, afterMs } = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(jsonBodyOf(text)).toEqual({ error: { code: "timeout", message: "The request was not received in time." } });
    // Node checks timeouts every quarter of the shorter one (here 100 ms); the rest is scheduling slack.
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(afterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
  });

  it("answers a client that trickles its headers with a JSON 408 within the headers timeout", async () => {
    const { socket, closed } = await openRaw(http.url);
    socket.write("GET /api/health HTTP/1.1\r\n");
    trickle(socket, "Host: test\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n", 50);
    const { text, afterMs } = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(afterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 1_000);
  });

  it("answers a malformed request with a JSON 400, not Node's bare one", async () => {
    const { socket, closed } = await openRaw(http.url);
    socket.write("NOT HTTP AT ALL\r\n\r\n");
    const { text } = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(jsonBodyOf(text)).toMatchObject({ error: { code: "bad_request" } });
  });

  it("closes an idle keep-alive connection after the keep-alive timeout", async () => {
    const { socket, closed } = await openRaw(http.url);
    socket.write("GET /api/ready HTTP/1.1\r\nHost: test\r\n\r\n");
    const { text, afterMs } = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(afterMs).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 50);
    // Node 20 holds the socket 1 s past the timeout it advertises, so a client told the timeout closes first.
    expect(afterMs).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + 1_000 + 1_000);
  });

  it(`refuses connections beyond ${MAX_CONNECTIONS} and accepts again once one closes`, async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => openRaw(http.url)));
    // The server counts a connection once it has accepted it; a request answered on each proves all three are counted.
    for (const { socket } of held) socket.write("GET /api/ready HTTP/1.1\r\nHost: test\r\n\r\n");
    await Promise.all(held.map(({ socket }) => once(socket, "data")));

    const refused = await openRaw(http.url);
    refused.socket.write("GET /api/ready HTTP/1.1\r\nHost: test\r\n\r\n");
    expect((await refused.closed).text).toBe("");

    held[0]!.socket.destroy();
    await held[0]!.closed;
    const res = await fetch(`${http.url}/api/ready`);
    expect(res.status).toBe(200);
    for (const { socket } of held) socket.destroy();
  });
});
