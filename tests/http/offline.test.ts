/**
 * Every route in offline mode over real HTTP; /api/chat read with the AI
 * SDK's own transport and stream reader, as `useChat` reads it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hc } from "hono/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import type { Chunk, DocumentTree, HealthInfo } from "../../server/contract.ts";
import type { AppType } from "../../server/http/app.ts";
import { assistantMessage, chat, postJson, startServer, textOf, userMessage, type TestServer } from "./server.ts";

const VISA = "How many days can Bulgarians stay in Vietnam without a visa?";

/** A GET with the path sent exactly as given (fetch would normalise "..") */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const req = request({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("offline API", () => {
  let server: TestServer;
  const reportDir = mkdtempSync(join(tmpdir(), "clausewise-report-"));
  const report = { split: "test", metrics: { answerAccuracy: 0.9 } };

  beforeAll(async () => {
    writeFileSync(join(reportDir, "test.json"), JSON.stringify(report));
    server = await startServer({}, { evalReportPath: join(reportDir, "test.json") });
  });
  afterAll(() => server.close());

  it("GET /api/health reports mode, embedder, index and version", async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    const health = (await res.json()) as HealthInfo;
    expect(health).toMatchObject({ status: "ok", mode: "offline", version: pkg.version, embedder: server.engine.embedder.id });
    expect(health.index.chunks).toBe(server.engine.corpus.chunks.length);
    expect(health.model).toBeUndefined();
  });

  it("GET /api/documents returns both documents with every chunk in their section trees", async () => {
    const docs = (await (await fetch(`${server.url}/api/documents`)).json()) as DocumentTree[];
    expect(docs.map((d) => d.id).sort()).toEqual(["article", "statement"]);
    const ids = docs.flatMap((d) => d.sections.flatMap((s) => s.subsections.flatMap((sub) => sub.chunks.map((c) => c.id))));
    expect(ids).toHaveLength(server.engine.corpus.chunks.length);
    expect(ids).toContain("statement/24");
    expect(ids).toContain("article/17");
  });

  it.each(["statement/24", "statement/preamble-3", "statement/closing", "article/1"])("GET /api/chunks/%s returns the chunk", async (id) => {
    const res = await fetch(`${server.url}/api/chunks/${id}`);
    expect(res.status).toBe(200);
    const chunk = (await res.json()) as Chunk;
    expect(chunk).toEqual(server.engine.chunkById.get(id));
    expect(chunk.end - chunk.start).toBe(chunk.text.length);
  });

  it.each(["statement/99", "article/0", "nothing/1", "statement/preamble-9"])("GET /api/chunks/%s is a JSON 404", async (id) => {
    const res = await fetch(`${server.url}/api/chunks/${id}`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toContain(id);
  });

  it("unknown API paths are JSON 404s", async () => {
    const res = await fetch(`${server.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("POST /api/ask answers with the shared Answer structure", async () => {
    const res = await postJson(server.url, "/api/ask", { question: VISA });
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer).toMatchObject({ mode: "extractive", abstained: false, outcome: "answer" });
    expect(answer.answer).toContain("45");
    expect(answer.citations.map((c: { id: string }) => c.id)).toContain("statement/24");
    expect(answer.retrieved[0]).toHaveProperty("score");
  });

  it("POST /api/ask uses the history for a follow-up", async () => {
    const first = await (await postJson(server.url, "/api/ask", { question: "What does clause 24 say?" })).json();
    const res = await postJson(server.url, "/api/ask", {
      question: "And the next clause?",
      history: [
        { role: "user", content: "What does clause 24 say?" },
        { role: "assistant", content: first.answer },
      ],
    });
    const answer = await res.json();
    expect(answer.citations.map((c: { id: string }) => c.id)).toEqual(["statement/25"]);
  });

  it("POST /api/chat streams text, source parts, citations and metadata that useChat reads", async () => {
    const { message, states, chunks } = await chat(server.url, VISA);
    const expected = await (await postJson(server.url, "/api/ask", { question: VISA })).json();

    expect(textOf(message)).toBe(expected.answer);
    const deltas = chunks.filter((c) => c.type === "text-delta");
    expect(deltas.length).toBeGreaterThan(1);
    const lengths = states.map((s) => textOf(s).length);
    expect(new Set(lengths).size).toBeGreaterThan(2);

    const sources = message.parts.filter((p) => p.type === "source-document");
    expect(sources).toEqual(
      expected.citations.map((c: { id: string; label: string; quote: string }) => ({
        type: "source-document",
        sourceId: c.id,
        mediaType: "text/plain",
        title: c.label,
        providerMetadata: { clausewise: { quote: c.quote } },
      })),
    );
    const data = message.parts.find((p) => p.type === "data-citations");
    expect(data?.type === "data-citations" && data.data).toEqual(expected.citations);
    expect(message.metadata).toMatchObject({ mode: "extractive", abstained: false, outcome: "answer" });
    expect(message.metadata?.retrieved?.[0]?.id).toBe("statement/24");
  });

  it("POST /api/ask and /api/chat say 'related' for what the documents don't state but come close to", async () => {
    const question = "Who is the Prime Minister of Bulgaria?";
    const answer = await (await postJson(server.url, "/api/ask", { question })).json();
    expect(answer).toMatchObject({ outcome: "related", abstained: true });
    expect(answer.citations.length).toBeGreaterThan(0);
    const { message } = await chat(server.url, question);
    expect(message.metadata).toMatchObject({ outcome: "related", abstained: true });
    expect(message.parts.filter((p) => p.type === "source-document").length).toBe(answer.citations.length);
  });

  it("POST /api/chat abstains with no sources when the documents don't say", async () => {
    const { message } = await chat(server.url, "What is the capital of France?");
    expect(message.metadata?.abstained).toBe(true);
    expect(message.metadata?.outcome).toBe("none");
    expect(textOf(message)).toMatch(/documents don't say/);
    expect(message.parts.filter((p) => p.type === "source-document")).toHaveLength(0);
  });

  it("POST /api/chat takes the earlier messages as history", async () => {
    const first = await chat(server.url, "What does clause 24 say?");
    const { message } = await chat(server.url, [
      userMessage("What does clause 24 say?", "u1"),
      { ...first.message, id: "a1" },
      userMessage("And the next clause?", "u2"),
    ]);
    expect(message.parts.filter((p) => p.type === "source-document").map((p) => p.type === "source-document" && p.sourceId)).toEqual([
      "statement/25",
    ]);
  });

  it("POST /api/chat keeps only the most recent turns of a long conversation", async () => {
    const turns = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0 ? userMessage(`question ${i}`, `u${i}`) : assistantMessage(`answer ${i}`, `a${i}`),
    );
    const { message } = await chat(server.url, [...turns, userMessage(VISA, "last")]);
    expect(textOf(message)).toContain("45");
  });

  it("GET /api/evals/latest serves the committed report, and 404s without one", async () => {
    const res = await fetch(`${server.url}/api/evals/latest`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(report);

    const bare = await startServer({}, { evalReportPath: join(reportDir, "missing.json") });
    try {
      const missing = await fetch(`${bare.url}/api/evals/latest`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
    } finally {
      await bare.close();
    }
  });

  it("sets secure headers and no CORS header unless configured", async () => {
    const res = await fetch(`${server.url}/api/health`, { headers: { origin: "https://elsewhere.example" } });
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("the typed client (hc<AppType>) calls the API", async () => {
    const client = hc<AppType>(server.url);
    const health = await (await client.api.health.$get()).json();
    expect(health.mode).toBe("offline");
    const res = await client.api.ask.$post({ json: { question: VISA } });
    expect(res.status).toBe(200);
    const chunk = await client.api.chunks[":doc"][":chunk"].$get({ param: { doc: "statement", chunk: "24" } });
    expect(((await chunk.json()) as Chunk).id).toBe("statement/24");
  });
});

describe("configured CORS and rate limit", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ CLAUSEWISE_CORS_ORIGINS: "https://app.example", CLAUSEWISE_RATE_LIMIT: "3" });
  });
  afterAll(() => server.close());

  it("allows the configured origin only", async () => {
    const ok = await fetch(`${server.url}/api/health`, { headers: { origin: "https://app.example" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example");
    const preflight = await fetch(`${server.url}/api/ask`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    const other = await fetch(`${server.url}/api/health`, { headers: { origin: "https://elsewhere.example" } });
    expect(other.headers.get("access-control-allow-origin")).not.toBe("https://elsewhere.example");
  });

  it("answers 429 with Retry-After past the per-client limit; health is not limited", async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/api/chunks/statement/${i + 1}`);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.body?.cancel();
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited!.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});

describe("rate limit behind a trusted proxy", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ CLAUSEWISE_RATE_LIMIT: "2", CLAUSEWISE_TRUST_PROXY: "true" });
  });
  afterAll(() => server.close());

  it("counts each forwarded client separately, by the address the proxy appended", async () => {
    const get = (forwardedFor: string) =>
      fetch(`${server.url}/api/chunks/statement/1`, { headers: { "x-forwarded-for": forwardedFor } }).then(async (r) => {
        await r.body?.cancel();
        return r.status;
      });
    expect([await get("203.0.113.1"), await get("203.0.113.1"), await get("203.0.113.1")]).toEqual([200, 200, 429]);
    // A client cannot dodge its limit by forging an earlier hop: the proxy's own entry comes last.
    expect(await get("198.51.100.9, 203.0.113.1")).toBe(429);
    expect(await get("203.0.113.2")).toBe(200);
  });
});

describe("web app", () => {
  let server: TestServer;
  beforeAll(async () => {
    const parent = mkdtempSync(join(tmpdir(), "clausewise-web-"));
    writeFileSync(join(parent, "secret.json"), '{"secret":"outside the web root"}');
    const web = join(parent, "web");
    mkdirSync(join(web, "assets"), { recursive: true });
    writeFileSync(join(web, "index.html"), "<!doctype html><title>Clausewise</title><div id=root></div>");
    writeFileSync(join(web, "assets", "app-1234.js"), "console.info('app')");
    server = await startServer({}, { webDir: web });
  });
  afterAll(() => server.close());

  it.each(["/", "/doc/statement", "/evals"])("GET %s serves the app's index.html", async (path) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("<title>Clausewise</title>");
  });

  it("serves hashed assets as immutable", async () => {
    const res = await fetch(`${server.url}/assets/app-1234.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
  });

  it.each(["/..%2fsecret.json", "/assets/..%2f..%2fsecret.json", "/%2e%2e/secret.json", "/../secret.json", "/assets/../../secret.json"])(
    "does not serve files outside the app for %s",
    async (path) => {
      const { status, body } = await rawGet(server.url, path);
      expect(body).not.toContain("outside the web root");
      expect([200, 400, 404]).toContain(status);
    },
  );

  it("does not answer unknown API paths with the app", async () => {
    const res = await fetch(`${server.url}/api/unknown`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
  });
});
