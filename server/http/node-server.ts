/**
 * The Node HTTP server around the Hono app, hardened for the open network:
 * timeouts against slow clients, a cap on open connections, JSON bodies for
 * the errors Node answers itself (408, 431, 400), and a drain on shutdown
 * that answers every request already received before the process exits.
 */
import type { Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { serve } from "@hono/node-server";
import type { Config } from "../config.ts";
import { errorBody } from "./errors.ts";

export type HttpLimits = Pick<Config["server"], "headersTimeoutMs" | "requestTimeoutMs" | "keepAliveTimeoutMs" | "maxConnections">;

export interface HttpServer {
  server: Server;
  url: string;
  /**
   * Stops accepting connections and resolves once every request already
   * received has been answered ("drained"), or once `graceMs` has passed and
   * the rest were cut off ("cut-off").
   */
  drain(graceMs: number): Promise<"drained" | "cut-off">;
}

/** Node's own answers to a client that broke the protocol or ran out of time, as the API's JSON errors. */
const CLIENT_ERRORS: Record<string, { status: string; code: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: "408 Request Timeout", code: "timeout", message: "The request was not received in time." },
  HPE_HEADER_OVERFLOW: { status: "431 Request Header Fields Too Large", code: "headers_too_large", message: "The request headers are too large." },
};
const BAD_REQUEST = { status: "400 Bad Request", code: "bad_request", message: "The request is not valid HTTP." };

function rawErrorResponse(errorCode: string | undefined): string {
  const { status, code, message } = CLIENT_ERRORS[errorCode ?? ""] ?? BAD_REQUEST;
  const body = JSON.stringify(errorBody(code, message));
  return `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * How often Node checks for requests past their timeout. Its default (30 s)
 * would let a 10 s headers timeout fire anywhere up to 40 s; a quarter of the
 * shorter timeout keeps the overshoot small, and the check is a walk over open
 * connections, cheap at once a second.
 */
function checkingIntervalMs(limits: HttpLimits): number {
  return Math.max(50, Math.min(1_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)));
}

/** One turn of the event loop, including its poll phase (where connections are accepted and sockets read). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * How a drain decides that everything clients sent before the signal has been
 * accepted and read: two turns of the event loop that bring nothing new, and
 * nothing new for `quietMs`. The turns alone were not enough on a loaded
 * machine, where the kernel can hand over a loopback connection or its bytes
 * some milliseconds after the client's write returned: on 2 cores at load
 * 7.5–8, one run in four reset 17 of 120 requests fully sent before the
 * signal; with this wait, none in four runs. It ends after `maxMs` even if
 * clients keep connecting, so a stream of new connections cannot hold the
 * listener open. The cap is time, not turns: Node 24 accepts one connection
 * per turn, so 100 turns let 18 of 120 waiting clients be reset at load 2.
 */
export const DRAIN_SETTLE = { quietMs: 50, maxMs: 2_000 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function startHttpServer(
  fetch: (request: Request) => Response | Promise<Response>,
  options: HttpLimits & { port: number; host: string },
): Promise<HttpServer> {
  const server = serve({
    fetch,
    port: options.port,
    hostname: options.host,
    serverOptions: {
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkingIntervalMs(options),
    },
  }) as Server;
  server.maxConnections = options.maxConnections;

  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    // A response already under way must not get a second status line in the middle of it.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (error.code !== "ECONNRESET" && socket.writable && !inFlight?.headersSent) socket.write(rawErrorResponse(error.code));
    socket.destroy();
  });

  let draining = false;
  /** Connections accepted and requests received so far: while a drain waits, it watches these grow. */
  let arrivals = 0;
  const unanswered = new Set<ServerResponse>();
  server.on("connection", () => arrivals++);
  server.on("request", (_request, response: ServerResponse) => {
    arrivals++;
    if (draining) response.setHeader("Connection", "close");
    unanswered.add(response);
    response.on("close", () => unanswered.delete(response));
  });

  const drain = async (graceMs: number): Promise<"drained" | "cut-off"> => {
    draining = true;
    // Each response still to be written closes its connection after it, so keep-alive clients go elsewhere.
    for (const response of unanswered) if (!response.headersSent) response.setHeader("Connection", "close");
    // Clients whose requests were fully sent before the signal may still sit in the kernel: connections in the
    // listen backlog (closing the listener would reset them) and bytes not yet read (closing an "idle"
    // connection would reset it). Let the event loop accept and read them first, until nothing new comes (DRAIN_SETTLE).
    const startedAt = performance.now();
    let lastArrivalAt = startedAt;
    let quietTurns = 0;
    for (;;) {
      const before = arrivals;
      await nextTurn();
      const now = performance.now();
      if (arrivals !== before) {
        quietTurns = 0;
        lastArrivalAt = now;
      } else quietTurns++;
      const quietFor = now - lastArrivalAt;
      if ((quietTurns >= 2 && quietFor >= DRAIN_SETTLE.quietMs) || now - startedAt >= DRAIN_SETTLE.maxMs) break;
      if (quietTurns >= 2) await sleep(DRAIN_SETTLE.quietMs - quietFor);
    }
    return new Promise((resolve) => {
      const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
      const cutOff = setTimeout(() => {
        clearInterval(closeIdle);
        server.closeAllConnections();
        resolve("cut-off");
      }, graceMs);
      // Stops listening; Node closes idle connections now and fires this once the last busy one has closed.
      server.close(() => {
        clearInterval(closeIdle);
        clearTimeout(cutOff);
        resolve("drained");
      });
    });
  };

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.once("listening", () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(":") ? `[${options.host}]` : options.host;
      resolve({ server, url: `http://${host}:${port}`, drain });
    });
  });
}
