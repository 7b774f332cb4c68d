/**
 * POST /api/evals/cases ("Add to eval set" from chat): off without CLAUSEWISE_ADMIN_TOKEN, refused
 * without the token, validated with the eval set's own schema and the corpus's chunk ids, and
 * appended whole: 20 saves at once give 20 lines the eval runner loads.
 */
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEvalSet } from "../../evals/eval-set.ts";
import { startServer, type TestServer } from "./server.ts";

const TOKEN = "test-admin-token-0123456789";
const CASE = {
  question: "How long is the visa exemption for Bulgarians?",
  answerable: true,
  citations: ["statement/24"],
  facts: ["45-day"],
  tags: ["numeric"],
  history: [],
};

function save(server: TestServer, body: unknown, token: string | null = TOKEN) {
  return fetch(`${server.url}/api/evals/cases`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("saving eval cases without CLAUSEWISE_ADMIN_TOKEN", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ CLAUSEWISE_EVAL_CASES_FILE: join(mkdtempSync(join(tmpdir(), "cw-cases-")), "user.jsonl") });
  });
  afterAll(() => server.close());

  it("is off, and says why", async () => {
    const response = await save(server, CASE);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("CLAUSEWISE_ADMIN_TOKEN") } });
    expect(await (await fetch(`${server.url}/api/evals/cases/status`)).json()).toEqual({ enabled: false });
  });
});

describe("saving eval cases with CLAUSEWISE_ADMIN_TOKEN", () => {
  let server: TestServer;
  const file = join(mkdtempSync(join(tmpdir(), "cw-cases-")), "sets", "user.jsonl");
  beforeAll(async () => {
    server = await startServer({ CLAUSEWISE_ADMIN_TOKEN: TOKEN, CLAUSEWISE_EVAL_CASES_FILE: file });
  });
  afterAll(() => server.close());

  it("refuses a request without the token or with another one", async () => {
    expect((await save(server, CASE, null)).status).toBe(401);
    const wrong = await save(server, CASE, "not-the-admin-token-at-all");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect(await (await fetch(`${server.url}/api/evals/cases/status`)).json()).toEqual({ enabled: true });
  });

  it("saves a case as one line in the eval set format, with an id of its own", async () => {
    const response = await save(server, CASE);
    expect(response.status).toBe(201);
    const { saved } = (await response.json()) as { saved: { id: string } };
    expect(saved.id).toMatch(/^user-\d{4}-\d\d-\d\d-[0-9a-f]{8}$/);
    const items = loadEvalSet(file);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ...CASE, id: saved.id });
  });

  it.each([
    ["an answerable case without a gold citation", { ...CASE, citations: [] }, /at least one gold citation/],
    ["an unanswerable case with facts", { ...CASE, answerable: false, citations: [] }, /no citations and no facts/],
    ["a chunk the documents do not have", { ...CASE, citations: ["statement/99"] }, /no chunk statement\/99/],
    ["a tag the sets do not use", { ...CASE, tags: ["vibes"] }, /tags/],
    ["a body that is not JSON", "{not json", /not valid JSON/],
  ])("refuses %s with a 400 naming it, and writes nothing", async (_, body, message) => {
    const before = readFileSync(file, "utf8");
    const response = await save(server, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("keeps 20 saves made at once as 20 whole lines", async () => {
    const before = loadEvalSet(file).length;
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => save(server, { ...CASE, question: `Concurrent case ${i}?` })));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const items = loadEvalSet(file);
    expect(items).toHaveLength(before + 20);
    expect(new Set(items.map((q) => q.question)).size).toBe(items.length);
    expect(new Set(items.map((q) => q.id)).size).toBe(items.length);
  });

  it("starts a new line after a last line that lost its newline", async () => {
    appendFileSync(file, JSON.stringify({ ...CASE, id: "hand-written", question: "Written by hand without a newline?" }));
    expect((await save(server, { ...CASE, question: "After the hand-written one?" })).status).toBe(201);
    expect(loadEvalSet(file).map((q) => q.question).slice(-2)).toEqual(["Written by hand without a newline?", "After the hand-written one?"]);
  });
});
