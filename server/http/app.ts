/**
 * The HTTP API (and, when built, the web app) as one Hono app. Stateless:
 * the conversation travels with each request, so any number of instances
 * can serve behind a load balancer. Routes are chained so `AppType` gives
 * the web UI a typed client (`hc<AppType>`).
 */
import { readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import { zValidator } from "@hono/zod-validator";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { rateLimiter, type Store } from "hono-rate-limiter";
import type { Logger } from "pino";
import pkg from "../../package.json" with { type: "json" };
import { llmAnswererFor, type ChatModel, type LlmAnswerer } from "../answer/llm.ts";
import { PROMPT_VERSION } from "../answer/prompt.ts";
import type { Config } from "../config.ts";
import { askRequestSchema, type Answer, type HealthInfo } from "../contract.ts";
import type { Engine } from "../engine.ts";
import { ClausewiseError } from "../errors.ts";
import { bodySizeLimit } from "./body-limit.ts";
import { chatRequestSchema, chatResponse, conversationOf } from "./chat.ts";
import { describeError, errorResponse, redactingLog, type Log } from "./errors.ts";
import { createMetrics } from "./metrics.ts";
import { ADMIN_OFF_REASON, requireAdmin } from "./admin.ts";
import { EvalCaseStore } from "./eval-cases.ts";
import { EvalReportStore } from "./eval-reports.ts";
import { evalRunRoutes, EvalRuns } from "./eval-runs.ts";
import { RedisRateLimitStore } from "./rate-limit-redis.ts";
import { llmFacts, noteRequest, requestLogLine, requestObserver, type LlmFacts, type RequestObserver } from "./request-log.ts";

export const ROOT = resolve(import.meta.dirname, "../..");

/** Request bodies above this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface AppOptions {
  engine: Engine;
  /** Defaults to the engine's configuration. */
  config?: Config;
  /** A chat model to use instead of the one built from `config.llm` (LLM mode only). */
  llm?: ChatModel;
  /** The built web app; non-API GET requests fall back to its index.html. Absent: API only. */
  webDir?: string;
  /** The eval report served by /api/evals/latest. */
  evalReportPath?: string;
  /** The eval reports listed by /api/evals/reports and served by /api/evals/reports/:name; runs from /evals write theirs here. */
  evalReportsDir?: string;
  /** The eval sets /api/evals/runs can run. */
  evalSetsDir?: string;
  /** Where server-side faults are logged (the API key is redacted). Defaults to stderr. */
  log?: Log;
  /** What `GET /api/ready` reports; the server process moves it along. Absent: always ready. */
  readiness?: Readiness;
  /** Where the rate limiter keeps its counts (rate-limit-store.ts picks one). Absent: this process's memory. */
  rateLimitStore?: Store;
  /** @hono/otel's middleware when tracing is on (serve.ts); absent, no span per request. */
  tracing?: MiddlewareHandler;
  /** Where one JSON line per request goes (request-log.ts; serve.ts passes stdout). Absent: no request lines. */
  requestLog?: Logger;
}

/**
 * Whether this instance should get traffic, for a load balancer's readiness
 * probe — separate from liveness (`/api/health`), which stays 200 while a
 * live process is starting or draining. server/http/main.ts sets it: starting
 * until the engine is warm, ready, then draining from SIGTERM on.
 */
export interface Readiness {
  state: "starting" | "ready" | "draining";
}

/** `GET /api/ready`: 200 when ready, otherwise 503 with the same body. */
export interface ReadyInfo {
  ready: boolean;
  state: Readiness["state"];
}

/** zod-validator hook: the first problem, naming its field, as a 400. */
function invalidInput(result: { success: boolean; error?: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } }): void {
  if (result.success || !result.error) return;
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.map(String).join(".") : "body";
  throw new ClausewiseError("bad_request", `${field}: ${issue.message}`);
}

/** POST bodies must be JSON: anything else is a 415, not a confusing "field missing". */
const requireJson: MiddlewareHandler = async (c, next) => {
  if (c.req.method === "POST") {
    const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      throw new HTTPException(415, { message: "Send the request body as JSON with Content-Type: application/json." });
    }
  }
  await next();
};

/**
 * Who a request counts against. Behind a load balancer every request comes
 * from the balancer's address, so when the proxy is trusted the client is the
 * last address the proxy appended to X-Forwarded-For (the only one a client
 * cannot forge).
 */
function clientKeyFor(trustProxy: boolean) {
  return (c: Context): string => {
    const forwarded = trustProxy ? c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim() : undefined;
    if (forwarded) return forwarded;
    try {
      return getConnInfo(c).remote.address ?? "unknown";
    } catch {
      return "unknown";
    }
  };
}

export function createApp(options: AppOptions) {
  const { engine } = options;
  const config = options.config ?? engine.config;
  const log = redactingLog(options.log ?? ((line) => process.stderr.write(`clausewise: ${line}\n`)), [config.llm?.apiKey]);
  const llm: (() => Promise<LlmAnswerer>) | undefined = config.llm ? () => llmAnswererFor(engine, options.llm) : undefined;
  const evalReportPath = options.evalReportPath ?? join(ROOT, "evals/reports/test.json");
  const evalCases = new EvalCaseStore(config.evalCasesFile ?? join(ROOT, "evals/sets/user.jsonl"), (id) => engine.chunkById.has(id));
  /** Write actions need the admin token: off without one configured (403), refused without the right one (401). */
  const adminOnly = requireAdmin(config.adminToken);
  const evalReportsDir = options.evalReportsDir ?? config.evalReportsDir ?? join(ROOT, "evals/reports");
  const evalReports = new EvalReportStore(evalReportsDir);
  const documents = engine.documents();
  const readiness: Readiness = options.readiness ?? { state: "ready" };
  const evalRuns = new EvalRuns({
    engine,
    setsDir: options.evalSetsDir ?? config.evalSetsDir ?? join(ROOT, "evals/sets"),
    reportsDir: evalReportsDir,
    // The answerer chat uses, so a run measures what users get; the run's signal stops a question in flight.
    llm: llm
      ? async () => {
          const answerer = await llm();
          return (question, { history, signal }) => answerer.answer(question, { history, signal });
        }
      : undefined,
    pauseMs: config.evalRunPauseMs,
    draining: () => readiness.state === "draining",
    log,
  });

  const store = options.rateLimitStore;
  const metrics = config.server.metrics
    ? createMetrics({
        index: { store: engine.index.store, state: engine.indexStatus.state, chunks: engine.index.size, embedder: engine.index.embedder },
        cachedAnswers: () => engine.cachedAnswers,
        ...(store instanceof RedisRateLimitStore ? { redisUp: () => store.available } : {}),
      })
    : undefined;
  const observers: RequestObserver[] = [];
  if (options.requestLog) observers.push(requestLogLine(options.requestLog));
  if (metrics) observers.push(metrics.observe);
  const notFound = (c: Context) => {
    noteRequest(c, { unmatched: true });
    return errorResponse(new ClausewiseError("not_found", `Nothing at ${c.req.method} ${c.req.path.slice(0, 200)}`), c, log);
  };

  const app = new Hono();
  app.onError((error, c) => errorResponse(error, c, log));
  app.notFound(notFound);

  // With tracing on, each request is a span that the engine's spans nest under.
  if (options.tracing) app.use(options.tracing);
  // First, so every response (errors, 404s, 429s) carries X-Request-Id and is logged and counted once.
  app.use(requestObserver(observers, config.server.logQuestions));
  app.use(requestId());

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    }),
  );
  if (config.server.corsOrigins.length > 0) app.use("/api/*", cors({ origin: config.server.corsOrigins }));
  if (config.server.rateLimitPerMinute > 0) {
    app.use(
      "/api/*",
      rateLimiter({
        windowMs: 60_000,
        limit: config.server.rateLimitPerMinute,
        standardHeaders: "draft-6",
        keyGenerator: clientKeyFor(config.server.trustProxy),
        store: options.rateLimitStore,
        // Load balancers probe health and readiness often; a probe must not eat a client's quota or be refused.
        skip: (c) => c.req.path === "/api/health" || c.req.path === "/api/ready",
        handler: (c) =>
          errorResponse(new ClausewiseError("rate_limited", "Too many requests; please wait a moment and try again."), c, log),
      }),
    );
  }
  app.use(
    "/api/*",
    bodySizeLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ClausewiseError("too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
      },
    }),
  );
  app.use("/api/*", requireJson);

  // Outside /api/*, so never rate-limited; off, it is a 404 like any unknown route (even with the web app's fallback).
  app.get("/metrics", async (c) => {
    if (!metrics) return notFound(c);
    return c.body(await metrics.registry.metrics(), 200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" });
  });

  const routes = app
    .post("/api/chat", zValidator("json", chatRequestSchema, invalidInput), (c) => {
      const conversation = conversationOf(c.req.valid("json"));
      noteRequest(c, { question: conversation.question });
      const onAnswer = ({ outcome, mode }: Pick<Answer, "outcome" | "mode">, llm?: LlmFacts) => noteRequest(c, { outcome, mode, ...(llm ? { llm } : {}) });
      return chatResponse({ engine, llm, log, onAnswer }, conversation, c.req.raw.signal);
    })
    .post("/api/ask", zValidator("json", askRequestSchema, invalidInput), async (c) => {
      const { question, history } = c.req.valid("json");
      noteRequest(c, { question });
      if (!llm) {
        const answer = await engine.answer(question, { history });
        noteRequest(c, { outcome: answer.outcome, mode: answer.mode });
        return c.json<Answer>(answer);
      }
      // The answerer falls back to the offline answer by itself; the log gets the model's error, as chat's does
      // (or, when the model answered but nothing it said passed the grounding check, the notice the user sees).
      let failure: string | undefined;
      const startedAt = performance.now();
      const answer: Answer = await (await llm()).answer(question, {
        history,
        signal: c.req.raw.signal,
        onFallback: (error, timedOut) => (failure = timedOut ? "timed out" : describeError(error)),
      });
      if (answer.mode !== "llm") log(`POST /api/ask: LLM answer refused or failed, answering offline: ${failure ?? answer.notice ?? "no reason given"}`);
      noteRequest(c, { outcome: answer.outcome, mode: answer.mode, llm: llmFacts(answer, performance.now() - startedAt, failure) });
      return c.json(answer);
    })
    .get("/api/documents", (c) => c.json(documents))
    .get("/api/chunks/:doc/:chunk", (c) => {
      const id = `${c.req.param("doc")}/${c.req.param("chunk")}`;
      const chunk = engine.chunkById.get(id);
      if (!chunk) throw new ClausewiseError("not_found", `No chunk "${id.slice(0, 100)}" in the documents.`);
      return c.json(chunk);
    })
    .get("/api/health", (c) => {
      const health: HealthInfo = {
        status: "ok",
        version: pkg.version,
        mode: engine.mode,
        ...(config.llm ? { model: config.llm.model, promptVersion: PROMPT_VERSION } : {}),
        embedder: engine.embedder.id,
        index: engine.indexStatus,
        wordVectors: engine.wordVectors.cache,
        pid: process.pid,
      };
      return c.json(health);
    })
    .get("/api/ready", (c) => {
      const body: ReadyInfo = { ready: readiness.state === "ready", state: readiness.state };
      return c.json(body, body.ready ? 200 : 503);
    })
    .get("/api/evals/latest", async (c) => {
      let report: string;
      try {
        report = await readFile(evalReportPath, "utf8");
      } catch {
        throw new ClausewiseError("not_found", "No eval report yet; run `npm run eval`.");
      }
      return c.json(JSON.parse(report) as unknown);
    })
    .post("/api/evals/cases", adminOnly, async (c) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        throw new ClausewiseError("bad_request", "The body is not valid JSON.");
      }
      const saved = await evalCases.save(body);
      return c.json({ saved, file: relative(ROOT, evalCases.path) }, 201);
    })
    .get("/api/evals/cases/status", (c) => c.json({ enabled: Boolean(config.adminToken) }))
    .get("/api/evals/reports", async (c) => c.json(await evalReports.list()))
    .get("/api/evals/reports/:name", async (c) => c.json(await evalReports.read(c.req.param("name"))))
    .route("/api/evals/runs", evalRunRoutes(evalRuns, { requireAdmin: adminOnly, enabled: Boolean(config.adminToken), offReason: ADMIN_OFF_REASON }));

  if (options.webDir) {
    const webDir = resolve(options.webDir);
    app.use(
      "*",
      serveStatic({
        root: webDir,
        onFound: (path, c) => {
          // Vite puts content hashes in asset names, so they never change under the same URL.
          c.header("Cache-Control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        },
      }),
    );
    app.get("*", async (c, next) => {
      if (c.req.path.startsWith("/api/")) return next();
      let html: string;
      try {
        html = await readFile(join(webDir, "index.html"), "utf8");
      } catch {
        return next();
      }
      c.header("Cache-Control", "no-cache");
      return c.html(html);
    });
  }

  return routes;
}

export type AppType = ReturnType<typeof createApp>;
