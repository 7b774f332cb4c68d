/**
 * What an operator relies on: `/api/health` states that never contradict
 * each other, `/api/ready` separate from it, and an LLM failure on
 * `/api/ask` in the log as one on `/api/chat` is.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HealthInfo } from "../../server/contract.ts";
import { openEngine } from "../../server/engine.ts";
import type { Readiness, ReadyInfo } from "../../server/http/app.ts";
import { indexDir } from "../../server/index/open-index.ts";
import { testConfig } from "../support/engine.ts";
import { startOpenAIStub, type OpenAIStub } from "../support/openai-stub.ts";
import { startServer, type TestServer } from "./server.ts";

const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("/api/health", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it("reports a first build as built, with no reason that says there is no index", async () => {
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as HealthInfo;
    expect(health.index.state).toBe("built");
    expect(health.index).not.toHaveProperty("reason");
    expect(health.wordVectors).toEqual({ state: "loaded" });
  });

  it("reports a rebuild with the reason the old index was unusable", async () => {
    const config = testConfig();
    await openEngine({ config, log: () => {} });
    writeFileSync(join(indexDir(config), "manifest.json"), "{ not json");
    const engine = await openEngine({ config, log: () => {} });
    expect(engine.indexStatus.state).toBe("rebuilt");
    expect(engine.indexStatus.reason).toMatch(/manifest is unreadable/);
  });
});

describe("/api/ready", () => {
  const readiness: Readiness = { state: "starting" };
  let server: TestServer;
  beforeAll(async () => {
    // A limit of one request a minute: probes must not count against it.
    server = await startServer({ CLAUSEWISE_RATE_LIMIT: "1" }, { readiness });
  });
  afterAll(() => server.close());

  it.each([
    ["starting", 503],
    ["ready", 200],
    ["draining", 503],
  ] as const)("when %s answers %i with JSON, and liveness stays 200", async (state, status) => {
    readiness.state = state;
    for (let probe = 0; probe < 3; probe++) {
      const res = await fetch(`${server.url}/api/ready`);
      expect(res.status).toBe(status);
      expect((await res.json()) as ReadyInfo).toEqual({ ready: state === "ready", state });
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    }
  });
});

describe("LLM failures in the log", () => {
  let stub: OpenAIStub;
  let server: TestServer;
  beforeAll(async () => {
    stub = await startOpenAIStub();
    server = await startServer({ OPENAI_BASE_URL: stub.url, CLAUSEWISE_LLM_MODEL: "stub-model", CLAUSEWISE_LLM_MAX_RETRIES: "0" });
  });
  afterAll(async () => {
    await server.close();
    await stub.close();
  });

  it("logs an LLM failure on /api/ask in one line, as /api/chat does, and answers offline", async () => {
    stub.enqueue({ kind: "status", status: 500 });
    const res = await post(`${server.url}/api/ask`, { question: "How many days can Bulgarians stay in Vietnam without a visa?" });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { mode: string; notice?: string };
    expect(answer.mode).toBe("extractive");
    const failures = server.logs.filter((line) => /LLM answer refused or failed, answering offline/.test(line));
    expect(failures).toHaveLength(1);
    // The model's own error, as /api/chat logs it, not only the notice the user sees.
    expect(failures[0]).toMatch(/^POST \/api\/ask: .*answering offline: \w+ \(HTTP 500\): /);
  });

  it("logs nothing when the model answers", async () => {
    const logged = server.logs.length;
    const answer = (await (await post(`${server.url}/api/ask`, { question: "What level were relations upgraded to?" })).json()) as { mode: string };
    expect(answer.mode).toBe("llm");
    expect(server.logs.slice(logged)).toEqual([]);
  });
});
