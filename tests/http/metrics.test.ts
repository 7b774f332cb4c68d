/**
 * GET /metrics (CLAUSEWISE_METRICS=true): Prometheus text from prom-client
 * with the request histogram by route and status, answers by outcome and
 * mode, rate-limit rejections and the default process metrics. Off by
 * default (404, like any unknown route), and never rate-limited.
 */
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citedSentence, excerptIds, startOpenAIStub, type OpenAIStub } from "../support/openai-stub.ts";
import { listeningUrl, spawnServer } from "./processes.ts";
import { postJson, startServer, userMessage, type TestServer } from "./server.ts";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text exposition format (the parts prom-client writes); throws on a line it cannot read. */
function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const type = line.match(/^# TYPE (\w+) (counter|gauge|histogram|summary|untyped)$/);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith("# HELP ")) continue;
    const sample = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/);
    if (!sample) throw new Error(`not a Prometheus line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    // Prometheus reads values as Go's ParseFloat does: "NaN" and "Inf" in any case (prom-client writes the lag "Nan" before its first sample).
    const raw = sample[3]!;
    const value = /^nan$/i.test(raw) ? NaN : /^[+-]?inf$/i.test(raw) ? (raw.startsWith("-") ? -Infinity : Infinity) : Number(raw);
    if (Number.isNaN(value) && !/^nan$/i.test(raw)) throw new Error(`not a number in: ${line}`);
    samples.push({ name: sample[1]!, labels, value });
  }
  return { samples, types };
}

function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

const QUESTIONS = [
  "What does the statement say about cooperation in education and training?",
  "What is the comprehensive strategic partnership?",
  "Which zebra-unicorn clause covers quantum pastry exports?",
];

describe("/metrics off (the default)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it("is a 404 like any unknown route", async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });
});

describe("/metrics off in the real server process", () => {
  it("is a 404 even where the web app answers unknown paths", async () => {
    const output: string[] = [];
    const child = spawnServer({ CLAUSEWISE_WORKERS: "1" }, output);
    try {
      const url = await listeningUrl(child, output);
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
    } finally {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
  }, 60_000);
});

describe("/metrics on", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ CLAUSEWISE_METRICS: "true", CLAUSEWISE_RATE_LIMIT: "5" });
  });
  afterAll(() => server.close());

  it("counts answers by outcome and mode and requests by route and status, in Prometheus text", async () => {
    const expected = new Map<string, number>();
    for (const question of QUESTIONS) {
      const response = await postJson(server.url, "/api/ask", { question });
      expect(response.status).toBe(200);
      const { outcome, mode } = (await response.json()) as { outcome: string; mode: string };
      expected.set(`${outcome}/${mode}`, (expected.get(`${outcome}/${mode}`) ?? 0) + 1);
    }
    expect((await postJson(server.url, "/api/ask", "{not json")).status).toBe(400);

    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples, types } = parsePrometheus(await response.text());

    expect(types.get("clausewise_answers_total")).toBe("counter");
    const answers = samples.filter((s) => s.name === "clausewise_answers_total");
    expect(answers.reduce((sum, s) => sum + s.value, 0)).toBe(QUESTIONS.length);
    for (const [key, count] of expected) {
      const [outcome, mode] = key.split("/");
      expect(valueOf(samples, "clausewise_answers_total", { route: "/api/ask", outcome: outcome!, mode: mode! })).toBe(count);
    }

    expect(types.get("clausewise_http_request_duration_seconds")).toBe("histogram");
    const count = (labels: Record<string, string>) => valueOf(samples, "clausewise_http_request_duration_seconds_count", labels);
    expect(count({ method: "POST", route: "/api/ask", status: "200" })).toBe(QUESTIONS.length);
    expect(count({ method: "POST", route: "/api/ask", status: "400" })).toBe(1);
    expect(valueOf(samples, "clausewise_http_request_duration_seconds_bucket", { route: "/api/ask", status: "200", le: "+Inf" })).toBe(QUESTIONS.length);
    expect(valueOf(samples, "clausewise_http_request_duration_seconds_sum", { route: "/api/ask", status: "200" })).toBeGreaterThan(0);
    // The raw path never becomes a label.
    expect(samples.some((s) => s.labels.route?.includes("statement/"))).toBe(false);

    // prom-client's default process metrics, event-loop lag included.
    expect(types.get("nodejs_eventloop_lag_seconds")).toBe("gauge");
    expect(types.get("process_cpu_seconds_total")).toBe("counter");
  });

  it("counts rate-limit rejections, and is itself never rate-limited", async () => {
    // 4 requests so far from the first test; the limit is 5 per minute.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${server.url}/api/documents`)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 8; i++) expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    const { samples } = parsePrometheus(await (await fetch(`${server.url}/metrics`)).text());
    const rejected = statuses.filter((s) => s === 429).length;
    expect(valueOf(samples, "clausewise_rate_limited_total", {})).toBe(rejected);
    expect(valueOf(samples, "clausewise_http_request_duration_seconds_count", { route: "/api/documents", status: "429" })).toBe(rejected);
    expect(valueOf(samples, "clausewise_http_request_duration_seconds_count", { route: "/metrics", status: "200" })).toBeGreaterThanOrEqual(9);
  });
});

describe("/metrics: the index and the answer cache", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ CLAUSEWISE_METRICS: "true" });
  });
  afterAll(() => server.close());

  it("says where the index lives and how many answers the cache holds", async () => {
    const scrape = async () => parsePrometheus(await (await fetch(`${server.url}/metrics`)).text());
    // engine.warm() has answered a few questions already.
    const before = valueOf((await scrape()).samples, "clausewise_answer_cache_entries", {})!;
    await postJson(server.url, "/api/ask", { question: QUESTIONS[0] });
    await postJson(server.url, "/api/ask", { question: QUESTIONS[0] });
    await postJson(server.url, "/api/ask", { question: QUESTIONS[1] });
    const { samples, types } = await scrape();
    expect(valueOf(samples, "clausewise_index_info", { store: "hnswlib", state: "built" })).toBe(1);
    expect(valueOf(samples, "clausewise_index_chunks", {})).toBe(server.engine.corpus.chunks.length);
    expect(types.get("clausewise_answer_cache_entries")).toBe("gauge");
    expect(valueOf(samples, "clausewise_answer_cache_entries", {})).toBe(before + 2);
    // No REDIS_URL: no Redis gauge to mislead.
    expect(samples.some((s) => s.name === "clausewise_redis_up")).toBe(false);
    // Offline answers have no model part.
    expect(samples.some((s) => s.name === "clausewise_llm_duration_seconds_count")).toBe(false);
  });
});

describe("/metrics in LLM mode", () => {
  let stub: OpenAIStub;
  let server: TestServer;
  beforeAll(async () => {
    stub = await startOpenAIStub();
    server = await startServer({ CLAUSEWISE_METRICS: "true", OPENAI_BASE_URL: stub.url, OPENAI_API_KEY: "sk-test", CLAUSEWISE_LLM_MAX_RETRIES: "0" });
  });
  afterAll(async () => {
    await server.close();
    await stub.close();
  });

  it("times the model, and counts fallbacks and the sentences and citations grounding removed", async () => {
    const question = "How many days can Bulgarians stay in Vietnam without a visa?";
    // 1: a grounded answer (the stub's default). 2: the model fails: offline fallback.
    expect((await postJson(server.url, "/api/ask", { question })).status).toBe(200);
    stub.enqueue({ kind: "status", status: 500, message: "model crashed" });
    const fallback = (await (await postJson(server.url, "/api/ask", { question })).json()) as { mode: string };
    expect(fallback.mode).not.toBe("llm");
    // 3 (streamed): one grounded sentence, one invented one, and a citation of a chunk the model was not shown.
    stub.fallback = (request) => {
      const [first] = excerptIds(request);
      return { kind: "text", text: `${citedSentence(request, first!)} Bulgaria also pledged 40 billion euros to Vietnam [statement/99].` };
    };
    const chat = await postJson(server.url, "/api/chat", { messages: [userMessage(question)] });
    expect(chat.status).toBe(200);
    await chat.text();

    const { samples, types } = parsePrometheus(await (await fetch(`${server.url}/metrics`)).text());
    expect(types.get("clausewise_llm_duration_seconds")).toBe("histogram");
    expect(valueOf(samples, "clausewise_llm_duration_seconds_count", { result: "answered" })).toBe(2);
    expect(valueOf(samples, "clausewise_llm_duration_seconds_count", { result: "fallback" })).toBe(1);
    expect(valueOf(samples, "clausewise_llm_duration_seconds_sum", { result: "answered" })).toBeGreaterThan(0);
    expect(valueOf(samples, "clausewise_llm_fallbacks_total", {})).toBe(1);
    expect(valueOf(samples, "clausewise_llm_removed_sentences_total", {})).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, "clausewise_llm_unknown_citations_total", {})).toBe(1);
    expect(valueOf(samples, "clausewise_answers_total", { route: "/api/chat", mode: "llm" })).toBe(1);
  });
});
