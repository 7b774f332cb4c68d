/**
 * `npm start`'s process: on SIGTERM it stops accepting connections, lets the
 * in-flight chat stream finish, answers every request it had already
 * received (even those not yet read from their sockets), and exits 0.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, tempDataDir } from "../support/engine.ts";
import { citedSentence, excerptIds, startOpenAIStub, type OpenAIStub } from "../support/openai-stub.ts";
import { chat, textOf } from "./server.ts";

function waitForLine(child: ChildProcess, pattern: RegExp, output: string[]): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.join("").match(pattern);
      if (match) {
        child.stderr!.off("data", check);
        child.off("exit", exited);
        resolve(match);
      }
    };
    const exited = (code: number | null) => reject(new Error(`server exited (${code}) before "${pattern}":\n${output.join("")}`));
    child.stderr!.on("data", check);
    child.on("exit", exited);
    check();
  });
}

/** The offline server process on a private data dir, its stderr collected. */
function spawnServer(env: Record<string, string>, output: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "server/http/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", CLAUSEWISE_DATA_DIR: tempDataDir(), ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (text: string) => output.push(text));
  return child;
}

interface AskOutcome {
  status?: number;
  body?: string;
  error?: string;
}

/**
 * POST /api/ask on a connection of its own. `sent` resolves once the whole
 * request has been handed to the kernel; the outcome is the response or the
 * socket error (ECONNRESET, "socket hang up").
 */
function askOnOwnConnection(url: string, question: string): { sent: Promise<void>; outcome: Promise<AskOutcome> } {
  let markSent!: () => void;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const outcome = new Promise<AskOutcome>((resolve) => {
    const body = JSON.stringify({ question });
    const req = request(`${url}/api/ask`, {
      method: "POST",
      agent: false,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: text }));
      res.on("error", (error: NodeJS.ErrnoException) => resolve({ status: res.statusCode, error: error.code ?? error.message }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body, () => markSent());
  });
  return { sent, outcome };
}

describe("graceful shutdown", () => {
  let stub: OpenAIStub;
  let child: ChildProcess;
  const output: string[] = [];

  beforeAll(async () => {
    stub = await startOpenAIStub();
    child = spawn(process.execPath, ["--import", "tsx", "server/http/main.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        CLAUSEWISE_DATA_DIR: tempDataDir(),
        OPENAI_BASE_URL: stub.url,
        CLAUSEWISE_LLM_MODEL: "stub-model",
        CLAUSEWISE_LLM_TIMEOUT_MS: "20000",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (text: string) => output.push(text));
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await stub.close();
  });

  it("finishes the in-flight stream, stops saying it is ready, and exits 0", async () => {
    const [, url] = await waitForLine(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, output);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Two sentences the excerpts support word for word: the first passes the grounding check and reaches the
    // client while the second is held back, so the stream is mid-way when the signal comes.
    let expected = "";
    stub.fallback = (request) => {
      const [first, second] = excerptIds(request);
      expected = `${citedSentence(request, first!)} ${citedSentence(request, second!)}`;
      return { kind: "text", text: expected, chunkChars: 6, holdBeforeEnd: gate };
    };

    let streaming!: () => void;
    const started = new Promise<void>((resolve) => (streaming = resolve));
    const inFlight = chat(url!, "How many days can Bulgarians stay in Vietnam without a visa?", (state) => {
      if (textOf(state)) streaming();
    });
    await started;

    const exit = once(child, "exit");
    child.kill("SIGTERM");
    await waitForLine(child, /SIGTERM: finishing in-flight requests/, output);
    // A connection that reaches the server while it drains what clients had already sent may still be read
    // and answered; either way the server no longer says it is ready, and soon accepts nothing.
    const probe = await fetch(`${url}/api/ready`).then((r) => r.status, () => "refused");
    expect([503, "refused"]).toContain(probe);

    release();
    const { message } = await inFlight;
    expect(textOf(message).replace(/\s+/g, " ")).toBe(expected.replace(/\s+/g, " "));
    expect(message.metadata?.mode).toBe("llm");
    const [code] = await exit;
    expect(code).toBe(0);
  });
});

describe("shutdown under load", () => {
  let child: ChildProcess;
  const output: string[] = [];
  // Distinct questions, each seen for the first time, so each costs the server real work.
  const questions = readFileSync(join(ROOT, "evals/sets/dev.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { question: string }).question)
    .slice(0, 120);

  beforeAll(() => {
    child = spawnServer({ CLAUSEWISE_RATE_LIMIT: "0" }, output);
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });

  it("answers all 120 requests fully sent before SIGTERM, resets none, and exits 0", async () => {
    const [, url] = await waitForLine(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, output);
    // The first 60 keep the server busy answering; the next 60 arrive meanwhile and wait in the kernel, not yet
    // accepted or not yet read, when the signal comes — the requests a naive shutdown resets.
    const busy = questions.slice(0, 60).map((question) => askOnOwnConnection(url!, question));
    await Promise.all(busy.map((a) => a.sent));
    const waiting = questions.slice(60).map((question) => askOnOwnConnection(url!, question));
    await Promise.all(waiting.map((a) => a.sent));
    const exit = once(child, "exit");
    child.kill("SIGTERM");
    const asks = [...busy, ...waiting];

    const outcomes = await Promise.all(asks.map((a) => a.outcome));
    const failures = outcomes.filter((o) => o.error || o.status !== 200);
    expect(failures, `${failures.length} of ${outcomes.length} failed`).toEqual([]);
    for (const { body } of outcomes) {
      const answer = JSON.parse(body!) as { answer: string; outcome: string };
      expect(typeof answer.answer).toBe("string");
      expect(["answer", "related", "none"]).toContain(answer.outcome);
    }
    const [code] = await exit;
    expect(code, output.join("")).toBe(0);
  });
});
