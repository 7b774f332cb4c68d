/**
 * A stub of OpenAI's chat completions API: a real HTTP server on loopback
 * that speaks `POST /v1/chat/completions` like the real one — with
 * `stream: true` as SSE lines of `chat.completion.chunk` objects (a role
 * delta, content deltas, a finish_reason, then `data: [DONE]`), otherwise as
 * one `chat.completion` object. Tests script its replies one request at a
 * time and read back the requests (and so the prompts) it received.
 *
 * It is a stub: it does not understand the prompt. Unless scripted, it
 * answers with the first sentence of the first excerpt in the prompt, cited.
 *
 * It writes as a real server does, no faster than the client reads, and
 * stops when the client hangs up; `sentBytes` on each recorded request says
 * how much of a reply it actually wrote.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type StubReply =
  /**
   * A normal completion, streamed in pieces of `chunkChars` characters. With
   * `holdBeforeEnd`, the last piece and the finish wait until it resolves.
   */
  | {
      kind: "text";
      text: string;
      chunkChars?: number;
      delayMs?: number;
      holdBeforeEnd?: Promise<void>;
      /** Answer with one `chat.completion` JSON body even when asked to stream (an endpoint that ignores `stream`). */
      ignoreStream?: boolean;
    }
  /** An error status with OpenAI's error body, e.g. 500 or 429. */
  | { kind: "status"; status: number; headers?: Record<string, string>; message?: string }
  /** Never finishes: with `afterText`, streams that text first and then goes silent. */
  | { kind: "stall"; afterText?: string }
  /** Streams `afterText`, then a `data:` line that is not JSON. */
  | { kind: "malformed"; afterText?: string };

export interface RecordedRequest {
  path: string;
  authorization?: string;
  body: {
    model?: string;
    stream?: boolean;
    temperature?: number;
    messages?: Array<{ role: string; content: string }>;
    [key: string]: unknown;
  };
  /** Bytes of the reply body written so far (stops growing when the client hangs up). */
  sentBytes: number;
}

export interface OpenAIStub {
  /** Base URL to use as OPENAI_BASE_URL, e.g. http://127.0.0.1:41234/v1 */
  url: string;
  requests: RecordedRequest[];
  /** Requests whose client hung up before the reply was complete. */
  abandoned: number;
  /** Replies for the next requests, in order; when used up, `fallback` answers. */
  enqueue(...replies: StubReply[]): void;
  /** Answers requests when the queue is empty (default: a grounded, cited sentence). */
  fallback: (request: RecordedRequest) => StubReply;
  /** Clears the queue, the recorded requests and any custom fallback. */
  reset(): void;
  close(): Promise<void>;
}

/** The system and user messages of a recorded request. */
export function promptOf(request: RecordedRequest): { system: string; user: string } {
  const messages = request.body.messages ?? [];
  return {
    system: messages.find((m) => m.role === "system")?.content ?? "",
    user: messages.find((m) => m.role === "user")?.content ?? "",
  };
}

/** The excerpt ids the prompt offered, in order. */
export function excerptIds(request: RecordedRequest): string[] {
  return [...promptOf(request).user.matchAll(/<excerpt id="([^"]+)"/g)].map((m) => m[1]!);
}

/** The text of an excerpt the prompt offered, as the prompt gives it (escaped for the data section). */
export function excerptText(request: RecordedRequest, id: string): string {
  const escaped = id.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const excerpt = new RegExp(`<excerpt id="${escaped}"[^>]*>\\n([\\s\\S]*?)\\n</excerpt>`).exec(promptOf(request).user);
  if (!excerpt) throw new Error(`the prompt has no excerpt ${id}`);
  return excerpt[1]!;
}

/** The first sentence of an excerpt, without its clause number, cited: a claim its excerpt supports word for word. */
export function citedSentence(request: RecordedRequest, id: string): string {
  const sentence = excerptText(request, id).replace(/^\s*\d{1,3}\.\s+/, "").split(/(?<=\.)\s/)[0]!;
  return `${sentence} [${id}]`;
}

export function groundedReply(request: RecordedRequest): StubReply {
  const [first] = excerptIds(request);
  if (!first) return { kind: "text", text: "The documents don't say." };
  return { kind: "text", text: citedSentence(request, first) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (b: Buffer) => parts.push(b));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export async function startOpenAIStub(): Promise<OpenAIStub> {
  const queue: StubReply[] = [];
  const sockets = new Set<Socket>();
  let counter = 0;

  const stub: OpenAIStub = {
    url: "",
    requests: [],
    abandoned: 0,
    enqueue: (...replies) => queue.push(...replies),
    fallback: groundedReply,
    reset() {
      queue.length = 0;
      stub.requests.length = 0;
      stub.abandoned = 0;
      stub.fallback = groundedReply;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "Unknown path", type: "invalid_request_error" } }));
      return;
    }
    const request: RecordedRequest = {
      path: req.url,
      authorization: req.headers.authorization,
      body: JSON.parse(raw) as RecordedRequest["body"],
      sentBytes: 0,
    };
    /** Writes like a real server: waits while the client is not reading, stops when it has gone. */
    const send = async (text: string): Promise<boolean> => {
      for (let i = 0; i < text.length; i += 65_536) {
        if (res.destroyed) return false;
        const piece = text.slice(i, i + 65_536);
        request.sentBytes += Buffer.byteLength(piece);
        if (!res.write(piece)) await Promise.race([once(res, "drain"), once(res, "close")]);
      }
      return !res.destroyed;
    };
    stub.requests.push(request);
    res.on("close", () => {
      if (!res.writableFinished) stub.abandoned++;
    });
    const reply = queue.shift() ?? stub.fallback(request);
    const id = `chatcmpl-stub${++counter}`;
    const created = Math.floor(Date.now() / 1000);
    const model = request.body.model ?? "stub-model";

    if (reply.kind === "status") {
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(JSON.stringify({ error: { message: reply.message ?? `stub status ${reply.status}`, type: "server_error", code: null } }));
      return;
    }
    if (reply.kind === "stall" && !reply.afterText) return;

    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({
        id,
        object: "chat.completion.chunk",
        created,
        model,
        system_fingerprint: "fp_stub",
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      })}\n\n`;

    if (!request.body.stream || (reply.kind === "text" && reply.ignoreStream)) {
      if (reply.kind !== "text") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write(`{"id":"${id}","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"${reply.afterText ?? ""}`);
        if (reply.kind === "malformed") res.end("<<not json");
        return;
      }
      if (reply.delayMs) await sleep(reply.delayMs);
      res.writeHead(200, { "content-type": "application/json" });
      const completed = await send(
        JSON.stringify({
          id,
          object: "chat.completion",
          created,
          model,
          system_fingerprint: "fp_stub",
          choices: [{ index: 0, message: { role: "assistant", content: reply.text, refusal: null }, logprobs: null, finish_reason: "stop" }],
          usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        }),
      );
      if (completed) res.end();
      return;
    }

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.write(chunk({ role: "assistant", content: "", refusal: null }));
    const text = reply.kind === "text" ? reply.text : (reply.afterText ?? "");
    const parts = pieces(text, reply.kind === "text" ? (reply.chunkChars ?? 12) : 12);
    for (const [i, piece] of parts.entries()) {
      if (reply.kind === "text" && reply.delayMs) await sleep(reply.delayMs);
      if (reply.kind === "text" && reply.holdBeforeEnd && i === parts.length - 1) await reply.holdBeforeEnd;
      if (!(await send(chunk({ content: piece })))) return;
    }
    if (reply.kind === "stall") return;
    if (reply.kind === "malformed") {
      res.end(`data: {"id":"${id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"ok"\n\n`);
      return;
    }
    res.write(chunk({}, "stop"));
    res.end("data: [DONE]\n\n");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return stub;
}
