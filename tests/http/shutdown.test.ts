/**
 * `npm start`'s process: on SIGTERM it stops accepting connections, lets the
 * in-flight chat stream finish, answers every request it had already
 * received (even those not yet read from their sockets), and exits 0 — as a
 * single process, and as a cluster primary whose workers all drain.
 */
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/engine.ts";
import { citedSentence, excerptIds, startOpenAIStub, type OpenAIStub } from "../support/openai-stub.ts";
import { askOnOwnConnection, listeningUrl, spawnServer, waitForLine } from "./processes.ts";
import { chat, textOf } from "./server.ts";

describe.each([1, 2])("graceful shutdown, %i worker(s)", (workers) => {
  let stub: OpenAIStub;
  let child: ChildProcess;
  let url: string;
  const output: string[] = [];

  beforeAll(async () => {
    stub = await startOpenAIStub();
    child = spawnServer(
      { OPENAI_BASE_URL: stub.url, CLAUSEWISE_LLM_MODEL: "stub-model", CLAUSEWISE_LLM_TIMEOUT_MS: "20000", CLAUSEWISE_WORKERS: String(workers) },
      output,
    );
    // Starting (building the index, then the other workers) is not part of what the test times.
    url = await listeningUrl(child, output);
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await stub.close();
  });

  it("finishes the in-flight stream, stops saying it is ready, and exits 0", async () => {
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
    const inFlight = chat(url, "How many days can Bulgarians stay in Vietnam without a visa?", (state) => {
      if (textOf(state)) streaming();
    });
    await started;

    const exit = once(child, "exit");
    child.kill("SIGTERM");
    // Every worker marks itself not ready; the one streaming waits for the stream, and the primary for it. Each
    // worker gets the signal from the primary in its own time: wait until every one has said so before probing.
    await waitForLine(child, new RegExp(`(?:SIGTERM: finishing in-flight requests[\\s\\S]*){${workers}}`), output);
    // A connection that reaches the server while it drains what clients had already sent may still be read
    // and answered; either way the server no longer says it is ready, and soon accepts nothing.
    const probe = await fetch(`${url}/api/ready`).then((r) => r.status, () => "refused");
    expect([503, "refused"]).toContain(probe);

    release();
    const { message } = await inFlight;
    expect(textOf(message).replace(/\s+/g, " ")).toBe(expected.replace(/\s+/g, " "));
    expect(message.metadata?.mode).toBe("llm");
    const [code] = await exit;
    expect(code, output.join("")).toBe(0);
    expect(output.join("").match(/: stopped\n/g), "every server process drained").toHaveLength(workers);
  });
});

describe.each([1, 2])("shutdown under load, %i worker(s)", (workers) => {
  let child: ChildProcess;
  let url: string;
  const output: string[] = [];
  // Distinct questions, each seen for the first time, so each costs the server real work.
  const questions = readFileSync(join(ROOT, "evals/sets/dev.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { question: string }).question)
    .slice(0, 120);

  beforeAll(async () => {
    child = spawnServer({ CLAUSEWISE_RATE_LIMIT: "0", CLAUSEWISE_WORKERS: String(workers) }, output);
    url = await listeningUrl(child, output);
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });

  it("answers all 120 requests fully sent before SIGTERM, resets none, and exits 0", async () => {
    // The first 60 keep the server busy answering; the next 60 arrive meanwhile and wait in the kernel, not yet
    // accepted or not yet read, when the signal comes — the requests a naive shutdown resets.
    const busy = questions.slice(0, 60).map((question) => askOnOwnConnection(url, question));
    await Promise.all(busy.map((a) => a.sent));
    const waiting = questions.slice(60).map((question) => askOnOwnConnection(url, question));
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
    expect(output.join("").match(/: stopped\n/g), "every server process drained").toHaveLength(workers);
  });
});
