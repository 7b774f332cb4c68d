/**
 * /api/evals/runs over real HTTP: a set run in the background by the server's own engine, its
 * progress as Server-Sent Events, the report written beside the others and listed; one run at a
 * time (409), cancel (no report), the admin token (403 off, 401 wrong), and 400s as JSON.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvalRunStatus, EvalRunsInfo } from "../../server/http/eval-runs.ts";
import { ROOT } from "../support/engine.ts";
import { postJson, startServer, type TestServer } from "./server.ts";

const TOKEN = "test-admin-token-0123456789";
const AUTH = { authorization: `Bearer ${TOKEN}` };

/** A sets directory with two real sets (37 and 293 questions) and one whose gold is wrong. */
function setsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "cw-sets-"));
  copyFileSync(join(ROOT, "evals/sets/holdout4.jsonl"), join(dir, "holdout4.jsonl"));
  copyFileSync(join(ROOT, "evals/sets/test.jsonl"), join(dir, "test.jsonl"));
  const broken = { id: "b1", question: "What is clause 99?", answerable: true, citations: ["statement/999"], facts: [], tags: ["factual"], history: [] };
  writeFileSync(join(dir, "broken.jsonl"), `${JSON.stringify(broken)}\n`);
  return dir;
}

interface RunEvent {
  event: string;
  status: EvalRunStatus;
}

/** Reads a run's event stream to its end event. */
async function readEvents(url: string, id: string): Promise<RunEvent[]> {
  const response = await fetch(`${url}/api/evals/runs/${id}/events`);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const events: RunEvent[] = [];
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const bytes of response.body!) {
    buffer += decoder.decode(bytes as Uint8Array, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, status: JSON.parse(data) as EvalRunStatus });
    }
  }
  return events;
}

async function statusOf(url: string, id: string): Promise<EvalRunStatus> {
  return (await (await fetch(`${url}/api/evals/runs/${id}`)).json()) as EvalRunStatus;
}

describe("eval runs with CLAUSEWISE_ADMIN_TOKEN", () => {
  let server: TestServer;
  const reports = mkdtempSync(join(tmpdir(), "cw-run-reports-"));

  beforeAll(async () => {
    copyFileSync(join(ROOT, "evals/reports/holdout4.json"), join(reports, "holdout4.json"));
    // 20 ms before each question: an offline question takes about 1 ms, too fast to watch or cancel.
    server = await startServer({ CLAUSEWISE_ADMIN_TOKEN: TOKEN, CLAUSEWISE_EVAL_RUN_PAUSE_MS: "20" }, { evalReportsDir: reports, evalSetsDir: setsDir() });
  });
  afterAll(() => server.close());

  it("says runs are on, which sets there are, and that LLM mode is not", async () => {
    const info = (await (await fetch(`${server.url}/api/evals/runs`)).json()) as EvalRunsInfo;
    expect(info).toMatchObject({ enabled: true, llm: false });
    expect(info.reason).toBeUndefined();
    expect(info.sets).toEqual([
      { name: "broken", questions: 1 },
      { name: "holdout4", questions: 37 },
      { name: "test", questions: 293 },
    ]);
  });

  it("runs a set in the background, streams its progress, and writes a report the list shows", async () => {
    const response = await postJson(server.url, "/api/evals/runs", { set: "holdout4", mode: "offline" }, AUTH);
    expect(response.status).toBe(202);
    const { id, set, total } = (await response.json()) as { id: string; set: string; total: number };
    expect({ set, total }).toEqual({ set: "holdout4", total: 37 });

    const events = await readEvents(server.url, id);
    const progress = events.filter((e) => e.event === "progress").map((e) => e.status);
    expect(progress.length).toBeGreaterThan(2);
    const done = progress.map((s) => s.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.some((s) => s.done > 0 && s.done < 37 && typeof s.metrics.factAccuracy === "number")).toBe(true);
    const end = events.at(-1)!;
    expect(end.event).toBe("end");
    expect(end.status).toMatchObject({ id, state: "done", done: 37, total: 37, baseline: "holdout4" });
    expect(end.status.report).toMatch(/^holdout4\.run-\d{8}-\d{6}$/);

    const list = (await (await fetch(`${server.url}/api/evals/reports`)).json()) as Array<{ name: string; questions: number }>;
    expect(list.find((r) => r.name === end.status.report)).toMatchObject({ questions: 37 });
    const report = (await (await fetch(`${server.url}/api/evals/reports/${end.status.report}`)).json()) as { mode: string; results: unknown[] };
    expect(report).toMatchObject({ mode: "extractive" });
    expect(report.results).toHaveLength(37);
    expect(existsSync(join(reports, `${end.status.report}.md`))).toBe(true);
    // Written whole: no temporary file is left, and the run's own files are dot files the list never shows.
    expect(readdirSync(reports).filter((f) => f.includes(".tmp") || f === ".eval-run.lock")).toEqual([]);
    expect(await statusOf(server.url, id)).toMatchObject({ state: "done", report: end.status.report });
  });

  it("refuses a second run while one goes (409), keeps answering, and cancels without writing a report", async () => {
    const before = readdirSync(reports);
    const first = await postJson(server.url, "/api/evals/runs", { set: "test" }, AUTH);
    expect(first.status).toBe(202);
    const { id } = (await first.json()) as { id: string };

    const second = await postJson(server.url, "/api/evals/runs", { set: "holdout4" }, AUTH);
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: { code: "conflict", message: expect.stringContaining("one runs at a time") } });

    // The server keeps answering while the run goes.
    const asked = await postJson(server.url, "/api/ask", { question: "How many days can Bulgarians stay in Vietnam without a visa?" });
    expect(asked.status).toBe(200);
    await expect.poll(async () => (await statusOf(server.url, id)).done, { timeout: 10_000 }).toBeGreaterThan(0);

    expect((await fetch(`${server.url}/api/evals/runs/${id}`, { method: "DELETE" })).status).toBe(401);
    const cancel = await fetch(`${server.url}/api/evals/runs/${id}`, { method: "DELETE", headers: AUTH });
    expect(cancel.status).toBe(202);
    const events = await readEvents(server.url, id);
    expect(events.at(-1)).toMatchObject({ event: "end", status: { id, state: "cancelled", message: "Cancelled." } });
    const stopped = await statusOf(server.url, id);
    expect(stopped.done).toBeLessThan(293);
    expect(stopped.report).toBeUndefined();
    expect(readdirSync(reports).filter((f) => !f.startsWith("."))).toEqual(before.filter((f) => !f.startsWith(".")));

    // Once it has stopped: cancelling again is a conflict, and the next run may start.
    expect((await fetch(`${server.url}/api/evals/runs/${id}`, { method: "DELETE", headers: AUTH })).status).toBe(409);
    const next = await postJson(server.url, "/api/evals/runs", { set: "holdout4" }, AUTH);
    expect(next.status).toBe(202);
    const { id: nextId } = (await next.json()) as { id: string };
    expect((await readEvents(server.url, nextId)).at(-1)!.status.state).toBe("done");
  });

  it("is one run across the worker processes sharing the reports directory: another one sees it, refuses a second, and cancels it", async () => {
    // A second app on the same directories stands for a second cluster worker: it shares nothing in memory.
    const other = await startServer({ CLAUSEWISE_ADMIN_TOKEN: TOKEN, CLAUSEWISE_EVAL_RUN_PAUSE_MS: "20" }, { evalReportsDir: reports, evalSetsDir: setsDir() });
    try {
      const started = await postJson(server.url, "/api/evals/runs", { set: "test" }, AUTH);
      const { id } = (await started.json()) as { id: string };
      expect((await postJson(other.url, "/api/evals/runs", { set: "holdout4" }, AUTH)).status).toBe(409);
      await expect.poll(async () => (await statusOf(other.url, id)).done, { timeout: 10_000 }).toBeGreaterThan(0);
      const events = readEvents(other.url, id);
      expect((await fetch(`${other.url}/api/evals/runs/${id}`, { method: "DELETE", headers: AUTH })).status).toBe(202);
      expect((await events).at(-1)!.status).toMatchObject({ id, state: "cancelled" });
      expect(await statusOf(server.url, id)).toMatchObject({ state: "cancelled" });
    } finally {
      await other.close();
    }
  });

  it.each([
    ["a set that does not exist", { set: "nope" }, /no eval set "nope"/],
    ["a path instead of a set's name", { set: "../sets/test" }, /^set: /],
    ["a mode there is none of", { set: "holdout4", mode: "gpu" }, /^mode: /],
    ["LLM mode without an LLM", { set: "holdout4", mode: "llm" }, /LLM runs need an LLM/],
    ["a field a run does not take", { set: "holdout4", judge: true }, /judge/],
    ["a set whose gold answers are wrong", { set: "broken" }, /wrong gold answers.*statement\/999/],
    ["a body that is not JSON", "{not json", /not valid JSON/],
  ])("refuses %s with a JSON 400 naming it", async (_, body, message) => {
    const response = await postJson(server.url, "/api/evals/runs", body, AUTH);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("bad_request");
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it("refuses a body over a kilobyte (413), and an unknown run (404)", async () => {
    const large = await postJson(server.url, "/api/evals/runs", { set: "holdout4", padding: "x".repeat(2000) }, AUTH);
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ error: { code: "too_large" } });
    const unknown = await fetch(`${server.url}/api/evals/runs/20260101000000-abcdef/events`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("refuses a request without the token or with another one (401)", async () => {
    expect((await postJson(server.url, "/api/evals/runs", { set: "holdout4" })).status).toBe(401);
    const wrong = await postJson(server.url, "/api/evals/runs", { set: "holdout4" }, { authorization: "Bearer not-the-admin-token-at-all" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: "unauthorized" } });
  });
});

describe("eval runs without CLAUSEWISE_ADMIN_TOKEN", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({}, { evalReportsDir: mkdtempSync(join(tmpdir(), "cw-run-reports-")), evalSetsDir: setsDir() });
  });
  afterAll(() => server.close());

  it("are off (403), and the status says why", async () => {
    const response = await postJson(server.url, "/api/evals/runs", { set: "holdout4" }, AUTH);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("CLAUSEWISE_ADMIN_TOKEN") } });
    const info = (await (await fetch(`${server.url}/api/evals/runs`)).json()) as EvalRunsInfo;
    expect(info).toMatchObject({ enabled: false, reason: expect.stringContaining("CLAUSEWISE_ADMIN_TOKEN") });
    expect((await fetch(`${server.url}/api/evals/runs/x`, { method: "DELETE" })).status).toBe(403);
  });
});
