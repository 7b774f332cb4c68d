/**
 * OpenTelemetry: `npm start` with OTEL_EXPORTER_OTLP_ENDPOINT sends its spans over OTLP/HTTP to a
 * receiver on loopback (a plain HTTP server here, reading the JSON the exporter posts): one span per
 * request, with the engine's retrieve and answer spans and the model call nested under it, in a trace
 * a caller's `traceparent` can start. Without the variable, no span goes anywhere.
 */
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAIStub, type OpenAIStub } from "../support/openai-stub.ts";
import { listeningUrl, spawnServer } from "./processes.ts";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
  status?: { code?: number; message?: string };
}

interface Receiver {
  url: string;
  spans: OtlpSpan[];
  resources: Array<Record<string, unknown>>;
  contentTypes: string[];
  server: Server;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Omit<Receiver, "url"> = { spans: [], resources: [], contentTypes: [], server: undefined as unknown as Server };
  receiver.server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      receiver.contentTypes.push(`${req.method} ${req.url} ${req.headers["content-type"]}`);
      const payload = JSON.parse(body) as {
        resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: Record<string, unknown> }> }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
      };
      for (const rs of payload.resourceSpans) {
        receiver.resources.push(Object.fromEntries(rs.resource.attributes.map((a) => [a.key, Object.values(a.value)[0]])));
        for (const ss of rs.scopeSpans) receiver.spans.push(...ss.spans);
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  receiver.server.listen(0, "127.0.0.1");
  await once(receiver.server, "listening");
  return { ...receiver, url: `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}` };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

describe("OTEL_EXPORTER_OTLP_ENDPOINT", () => {
  let receiver: Receiver;
  let stub: OpenAIStub;
  let child: ChildProcess;
  let url: string;
  const output: string[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    stub = await startOpenAIStub();
    child = spawnServer(
      {
        CLAUSEWISE_WORKERS: "1",
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_SERVICE_NAME: "clausewise-test",
        OTEL_BSP_SCHEDULE_DELAY: "100",
        OPENAI_BASE_URL: stub.url,
        OPENAI_API_KEY: "sk-test",
        CLAUSEWISE_LLM_MAX_RETRIES: "0",
      },
      output,
    );
    url = await listeningUrl(child, output);
  }, 60_000);

  afterAll(async () => {
    if (child?.exitCode === null) child.kill("SIGKILL");
    await stub?.close();
    receiver?.server.close();
  });

  it("sends a request's span with the model call nested under it, continuing the caller's trace", async () => {
    const response = await fetch(`${url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ question: "How many days can Bulgarians stay in Vietnam without a visa?" }),
    });
    expect(response.status).toBe(200);
    await waitFor(() => receiver.spans.some((s) => s.name === "clausewise.llm") && receiver.spans.some((s) => s.parentSpanId === "00f067aa0ba902b7"), "the spans");
    const trace = receiver.spans.filter((s) => s.traceId === TRACE_ID);
    const root = trace.find((s) => s.parentSpanId === "00f067aa0ba902b7")!;
    expect(root.name).toMatch(/POST/);
    const llm = trace.find((s) => s.name === "clausewise.llm")!;
    expect(llm.attributes?.find((a) => a.key === "gen_ai.request.model")).toBeTruthy();
    // The model call's retrieval (and the request span above it) are in the same trace; everything hangs off the request.
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const ancestors = (s: OtlpSpan): string[] => (s.parentSpanId && byId.has(s.parentSpanId) ? [s.parentSpanId, ...ancestors(byId.get(s.parentSpanId)!)] : []);
    expect(ancestors(llm)).toContain(root.spanId);
    expect(trace.some((s) => s.name === "clausewise.retrieve" && ancestors(s).includes(root.spanId))).toBe(true);
    expect(receiver.resources[0]).toMatchObject({ "service.name": "clausewise-test" });
    expect(receiver.contentTypes[0]).toMatch(/^POST \/v1\/traces application\/json/);
  });

  it("sends an offline answer's answer span too, and flushes what is left when it stops", async () => {
    stub.enqueue({ kind: "status", status: 500, message: "model down" });
    const before = receiver.spans.length;
    await fetch(`${url}/api/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: "Which clause covers sports for young people?" }) });
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
    const after = receiver.spans.slice(before);
    // The model failed: its span ends in error, and the offline answer that replaced it has a span of its own
    // (a question the answer cache already holds would have none: nothing is computed).
    expect(after.map((s) => s.name), JSON.stringify(after.map((s) => s.name)) + output.join("")).toEqual(expect.arrayContaining(["clausewise.llm", "clausewise.answer"]));
    // OTLP status code 2 is ERROR.
    expect(after.find((s) => s.name === "clausewise.llm")!.status).toMatchObject({ code: 2 });
  });
});
