/**
 * Request logs of the real server process (`npm start`): one JSON line per
 * request on stdout with the matched route, status, duration, the request id
 * the client got in `X-Request-Id`, and the answer's outcome and mode; the
 * question's text only with CLAUSEWISE_LOG_QUESTIONS=true; never an API key
 * or Authorization header. Lifecycle lines stay on stderr as they were.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, tempDataDir } from "../support/engine.ts";
import { startOpenAIStub, type OpenAIStub } from "../support/openai-stub.ts";
import { listeningUrl } from "./processes.ts";

interface LoggedServer {
  child: ChildProcess;
  url: string;
  stdout: string[];
  stderr: string[];
}

/** The offline server process with both its stdout and stderr collected. */
async function startLoggedServer(env: Record<string, string>): Promise<LoggedServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/http/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", CLAUSEWISE_DATA_DIR: tempDataDir(), CLAUSEWISE_WORKERS: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (text: string) => stdout.push(text));
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (text: string) => stderr.push(text));
  const url = await listeningUrl(child, stderr);
  return { child, url, stdout, stderr };
}

async function stop(server: LoggedServer | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = once(server.child, "exit");
  server.child.kill("SIGTERM");
  await exited;
}

type Line = Record<string, unknown>;

/** Every stdout line, each of which must be one JSON object. */
function linesOf(server: LoggedServer): Line[] {
  const text = server.stdout.join("");
  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  return complete
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Line);
}

/** The lines logged for one request id, once there is at least one (and a moment for a second to show up). */
async function linesFor(server: LoggedServer, id: string): Promise<Line[]> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const found = linesOf(server).filter((line) => line.requestId === id);
    if (found.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return linesOf(server).filter((line) => line.requestId === id);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no log line for request ${id} in:\n${server.stdout.join("")}`);
}

const QUESTION = "What does the statement say about cooperation in education and training?";
const ask = (url: string, question: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/ask`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ question }) });

function requestIdOf(response: Response): string {
  const id = response.headers.get("x-request-id");
  expect(id).toMatch(/^[\w-]{8,}$/);
  return id!;
}

describe("request logs (default: no question text)", () => {
  let server: LoggedServer;
  beforeAll(async () => {
    server = await startLoggedServer({});
  }, 60_000);
  afterAll(() => stop(server));

  it("logs one JSON line per /api/ask with route, status, duration, request id, outcome and mode", async () => {
    const response = await ask(server.url, QUESTION);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { outcome: string; mode: string };
    const id = requestIdOf(response);
    const lines = await linesFor(server, id);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({ level: "info", method: "POST", route: "/api/ask", status: 200, outcome: answer.outcome, mode: answer.mode });
    expect(typeof line.durationMs).toBe("number");
    expect(line.durationMs as number).toBeGreaterThanOrEqual(0);
    expect(Date.parse(line.time as string)).not.toBeNaN();
  });

  it("does not put the question's text in stdout", async () => {
    const question = "Which zebra-unicorn clause covers quantum pastry exports?";
    const response = await ask(server.url, question);
    const [line] = await linesFor(server, requestIdOf(response));
    expect(line).not.toHaveProperty("question");
    expect(server.stdout.join("")).not.toContain("zebra-unicorn");
  });

  it("logs the route pattern, not the raw path", async () => {
    const response = await fetch(`${server.url}/api/chunks/statement/24`);
    const [line] = await linesFor(server, requestIdOf(response));
    expect(line).toMatchObject({ method: "GET", route: "/api/chunks/:doc/:chunk", status: response.status });
    expect(JSON.stringify(line)).not.toContain("statement/24");
  });

  it("logs a 4xx with its status: invalid JSON, and a field missing", async () => {
    const malformed = await fetch(`${server.url}/api/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(malformed.status).toBe(400);
    const [bad] = await linesFor(server, requestIdOf(malformed));
    expect(bad).toMatchObject({ level: "warn", method: "POST", route: "/api/ask", status: 400 });
    expect(bad).not.toHaveProperty("outcome");

    const unsupported = await fetch(`${server.url}/api/ask`, { method: "POST", headers: { "content-type": "text/plain" }, body: "hi" });
    expect(unsupported.status).toBe(415);
    expect(await linesFor(server, requestIdOf(unsupported))).toMatchObject([{ route: "/api/ask", status: 415 }]);
  });

  it("logs a streamed /api/chat once, when the stream ends, with its outcome and mode", async () => {
    const response = await fetch(`${server.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: QUESTION }] }] }),
    });
    expect(response.status).toBe(200);
    const id = requestIdOf(response);
    const body = await response.text();
    const finish = body
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => JSON.parse(line.slice("data: ".length)) as { type: string; messageMetadata?: { outcome: string; mode: string } })
      .find((chunk) => chunk.type === "finish");
    const { outcome, mode } = finish!.messageMetadata!;
    const lines = await linesFor(server, id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: "POST", route: "/api/chat", status: 200, outcome, mode });
    expect(server.stdout.join("")).not.toContain("education and training");
  });

  it("logs an unknown API path as unmatched, with its 404", async () => {
    const response = await fetch(`${server.url}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(await linesFor(server, requestIdOf(response))).toMatchObject([{ method: "GET", route: "unmatched", status: 404 }]);
  });

  it("logs the index build of a fresh data directory as one JSON event line", () => {
    const events = linesOf(server).filter((line) => line.event !== undefined);
    expect(events).toMatchObject([{ level: "warn", event: "index_build", store: "hnswlib", state: "built" }]);
    expect(events[0]!.chunks).toBeGreaterThan(0);
  });

  it("writes only JSON lines to stdout, one per request, and keeps lifecycle lines on stderr", async () => {
    const before = linesOf(server).length;
    const responses = await Promise.all(Array.from({ length: 5 }, () => fetch(`${server.url}/api/health`)));
    const ids = responses.map(requestIdOf);
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect(await linesFor(server, id)).toMatchObject([{ route: "/api/health", status: 200 }]);
    expect(linesOf(server).length).toBe(before + 5);
    expect(server.stderr.join("")).toMatch(/^clausewise: listening on http:\/\/127\.0\.0\.1:\d+ \(offline mode/m);
    expect(server.stderr.join("")).not.toMatch(/"requestId"/);
  });
});

describe("request logs with CLAUSEWISE_LOG_QUESTIONS=true", () => {
  let server: LoggedServer;
  beforeAll(async () => {
    server = await startLoggedServer({ CLAUSEWISE_LOG_QUESTIONS: "true" });
  }, 60_000);
  afterAll(() => stop(server));

  it("puts the question's text in the line", async () => {
    const response = await ask(server.url, QUESTION);
    expect(await linesFor(server, requestIdOf(response))).toMatchObject([{ route: "/api/ask", status: 200, question: QUESTION }]);
  });
});

describe("request logs in LLM mode", () => {
  let stub: OpenAIStub;
  let server: LoggedServer;
  const apiKey = "sk-test-request-log-secret-0123456789";
  beforeAll(async () => {
    stub = await startOpenAIStub();
    server = await startLoggedServer({
      OPENAI_API_KEY: apiKey,
      OPENAI_BASE_URL: stub.url,
      CLAUSEWISE_LLM_MODEL: "stub-model",
      CLAUSEWISE_LLM_MAX_RETRIES: "0",
      CLAUSEWISE_LOG_QUESTIONS: "true",
    });
  }, 60_000);
  afterAll(async () => {
    await stop(server);
    await stub?.close();
  });

  it("logs the llm mode and never the API key or an Authorization header", async () => {
    const response = await ask(server.url, QUESTION, { authorization: "Bearer client-token-should-not-be-logged" });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { outcome: string; mode: string };
    expect(await linesFor(server, requestIdOf(response))).toMatchObject([{ route: "/api/ask", status: 200, outcome: answer.outcome, mode: answer.mode }]);
    const out = server.stdout.join("");
    expect(out).not.toContain(apiKey);
    expect(out).not.toContain("client-token-should-not-be-logged");
    expect(out.toLowerCase()).not.toContain("authorization");
  });

  it("puts the model's part in the line: its time, and on a fallback why", async () => {
    const answered = await ask(server.url, QUESTION);
    const [line] = await linesFor(server, requestIdOf(answered));
    expect(line).toMatchObject({ mode: "llm", llm: { fallback: false, removedSentences: 0, unknownCitations: 0 } });
    expect((line!.llm as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
    stub.enqueue({ kind: "status", status: 500, message: "the model fell over" });
    const failed = await ask(server.url, "Which clause covers young athletes?");
    const [fallback] = await linesFor(server, requestIdOf(failed));
    expect(fallback).toMatchObject({ llm: { fallback: true } });
    expect((fallback!.llm as { error: string }).error).toMatch(/500|fell over/);
  });
});

describe("request logs with two workers", () => {
  let server: LoggedServer;
  beforeAll(async () => {
    server = await startLoggedServer({ CLAUSEWISE_WORKERS: "2" });
  }, 90_000);
  afterAll(() => stop(server));

  it("logs each request once, whichever worker answered, and keeps the worker prefix on stderr", async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => fetch(`${server.url}/api/ready`)));
    for (const response of responses) expect(await linesFor(server, requestIdOf(response))).toHaveLength(1);
    expect(server.stderr.join("")).toMatch(/clausewise\[worker \d+\]: serving/);
    expect(server.stderr.join("")).toMatch(/clausewise\[primary \d+\]: listening on http:\/\/127\.0\.0\.1:\d+ \(2 workers\)/);
  });
});
