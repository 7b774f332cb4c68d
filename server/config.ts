/**
 * Configuration from the environment, validated once. Everything has an
 * offline default: with no variables set, Clausewise runs with local word
 * vectors and extractive answers.
 */
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { z } from "zod";
import { ClausewiseError } from "./errors.ts";

const envSchema = z.object({
  OPENAI_API_KEY: z.string().optional(),
  /** Any OpenAI-compatible server: Ollama (http://localhost:11434/v1), vLLM, llama.cpp. */
  OPENAI_BASE_URL: z.url().optional(),
  CLAUSEWISE_LLM_MODEL: z.string().default("gpt-4o-mini"),
  CLAUSEWISE_LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0),
  /** Per LLM request, including the whole stream. */
  CLAUSEWISE_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /** Retries after the first attempt on 429/5xx/network errors, before anything was streamed. */
  CLAUSEWISE_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  /** Tokens the model may write per answer (`max_tokens`); Clausewise answers are one to four sentences. */
  CLAUSEWISE_LLM_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(16).max(32_000).default(600),
  /** Characters of model output read per answer; past it the answer is cut, even from an endpoint that ignores max_tokens. */
  CLAUSEWISE_LLM_MAX_OUTPUT_CHARS: z.coerce.number().int().min(200).max(1_000_000).default(4000),
  /** Setting this switches embeddings to the OpenAI-compatible endpoint (e.g. text-embedding-3-small). */
  CLAUSEWISE_EMBEDDING_MODEL: z.string().optional(),
  CLAUSEWISE_DATA_DIR: z.string().default("data"),
  CLAUSEWISE_CORPUS_DIR: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  /** Requests per client per minute on /api/*; 0 turns the limit off. */
  CLAUSEWISE_RATE_LIMIT: z.coerce.number().int().min(0).default(120),
  /** "true" behind a load balancer: rate limits count per X-Forwarded-For client, not per balancer. */
  CLAUSEWISE_TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  /** Where the rate limit's counts live so every replica shares them (redis://, or rediss:// for TLS); unset = each instance counts on its own. */
  REDIS_URL: z.url({ protocol: /^rediss?$/, hostname: /./, error: "must be a redis:// or rediss:// URL" }).optional(),
  /** The Postgres (with the pgvector extension) holding the dense index every replica reads; unset = hnswlib files in the data directory. */
  DATABASE_URL: z.url({ protocol: /^postgres(?:ql)?$/, hostname: /./, error: "must be a postgres:// or postgresql:// URL" }).optional(),
  /** The token the eval workspace's write actions (saving a case from chat, running or cancelling a set) must carry; unset = those actions are off. */
  CLAUSEWISE_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Where cases saved from chat are appended (JSONL, the eval set format). */
  CLAUSEWISE_EVAL_CASES_FILE: z.string().min(1).optional(),
  /** Where the /evals workspace finds the eval reports (npm run eval writes them into evals/reports). */
  CLAUSEWISE_EVAL_REPORTS_DIR: z.string().min(1).optional(),
  /** The eval sets /evals can run (every *.jsonl in it); runs started there write their reports into the reports dir. */
  CLAUSEWISE_EVAL_SETS_DIR: z.string().min(1).optional(),
  /** Pause before each question of a run started from /evals, in ms: leaves a busy server's CPU to chat (an offline question takes about 1 ms); 0 = none. */
  CLAUSEWISE_EVAL_RUN_PAUSE_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** OpenTelemetry: where spans go over OTLP/HTTP; unset = no tracing (the standard OTEL_ variables). */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, hostname: /./, error: "must be an http:// or https:// URL" }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/, hostname: /./, error: "must be an http:// or https:// URL" }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default("clausewise"),
  /** How long a finished span may wait to be sent with others (OpenTelemetry's batch span processor). */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().positive().default(5_000),
  /** Comma-separated origins allowed by CORS; unset means same-origin only. */
  CLAUSEWISE_CORS_ORIGINS: z.string().optional(),
  /** A client must send its request headers within this; past it, 408 and the connection is closed. */
  CLAUSEWISE_HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** A client must send its whole request (headers and body) within this; past it, 408. Responses are not limited by it. */
  CLAUSEWISE_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** An idle keep-alive connection is closed after this. */
  CLAUSEWISE_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /** Open connections at most; further ones are closed as soon as they are accepted. */
  CLAUSEWISE_MAX_CONNECTIONS: z.coerce.number().int().positive().default(1_024),
  /** After SIGTERM, how long requests already received may take to finish before they are cut off (exit 1). */
  CLAUSEWISE_SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  /** Server processes sharing the port (node:cluster); unset = one per available core, 1 = a single process and no primary. */
  CLAUSEWISE_WORKERS: z.coerce.number().int().min(1).max(256).optional(),
  /** Offline answers kept per process for repeated questions (same words, same history); 0 turns the cache off. */
  CLAUSEWISE_ANSWER_CACHE: z.coerce.number().int().min(0).max(1_000_000).default(1_000),
  /** "true" puts each question's text in its request log line (stdout); off by default, questions may be personal. */
  CLAUSEWISE_LOG_QUESTIONS: z.enum(["true", "false"]).default("false"),
  /** "true" serves Prometheus metrics at GET /metrics on the app's port (each worker its own registry). */
  CLAUSEWISE_METRICS: z.enum(["true", "false"]).default("false"),
}).refine((e) => e.CLAUSEWISE_HEADERS_TIMEOUT_MS <= e.CLAUSEWISE_REQUEST_TIMEOUT_MS, {
  path: ["CLAUSEWISE_HEADERS_TIMEOUT_MS"],
  message: "must not be longer than CLAUSEWISE_REQUEST_TIMEOUT_MS",
});

export interface LlmConfig {
  apiKey?: string;
  baseURL?: string;
  model: string;
  temperature: number;
  timeoutMs: number;
  maxRetries: number;
  maxOutputTokens: number;
  maxOutputChars: number;
}

/** OpenTelemetry tracing, when an OTLP endpoint is configured. */
export interface TracingConfig {
  /** The OTLP/HTTP traces URL: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  tracesUrl: string;
  serviceName: string;
  batchDelayMs: number;
}

export interface Config {
  dataDir: string;
  corpusDir?: string;
  /** Present when OPENAI_API_KEY or OPENAI_BASE_URL is set. */
  llm?: LlmConfig;
  embeddings: { kind: "local" } | { kind: "openai"; model: string; apiKey?: string; baseURL?: string };
  /** Offline answers kept for repeated questions; 0 = none. */
  answerCacheSize: number;
  /** The Postgres + pgvector store of the dense index (DATABASE_URL); absent: hnswlib files in dataDir. */
  databaseUrl?: string;
  /** OpenTelemetry tracing; absent: none. */
  tracing?: TracingConfig;
  /** Write actions of the eval workspace need this bearer token (CLAUSEWISE_ADMIN_TOKEN); absent: they are off. */
  adminToken?: string;
  /** Where cases saved from chat go (CLAUSEWISE_EVAL_CASES_FILE); absent: the install's evals/sets/user.jsonl. */
  evalCasesFile?: string;
  /** The eval reports the /evals workspace lists (CLAUSEWISE_EVAL_REPORTS_DIR); absent: the install's evals/reports. */
  evalReportsDir?: string;
  /** The eval sets /evals can run (CLAUSEWISE_EVAL_SETS_DIR); absent: the install's evals/sets. */
  evalSetsDir?: string;
  /** Pause before each question of a run started from /evals (CLAUSEWISE_EVAL_RUN_PAUSE_MS). */
  evalRunPauseMs: number;
  server: {
    port: number;
    host: string;
    rateLimitPerMinute: number;
    trustProxy: boolean;
    /** The Redis holding the rate-limit counts of every replica (REDIS_URL); absent: this instance's own counts. */
    redisUrl?: string;
    corsOrigins: string[];
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxConnections: number;
    shutdownGraceMs: number;
    /** Server processes on the port; 1 serves from this process, more fork a primary that supervises them. */
    workers: number;
    /** Whether request log lines carry the question's text (CLAUSEWISE_LOG_QUESTIONS). */
    logQuestions: boolean;
    /** Whether GET /metrics serves Prometheus metrics (CLAUSEWISE_METRICS). */
    metrics: boolean;
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ClausewiseError("config", `Invalid configuration ${issue.path.join(".")}: ${issue.message}`);
  }
  const e = parsed.data;
  const endpoint = { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL };
  const llmEnabled = Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL);
  return {
    dataDir: resolve(e.CLAUSEWISE_DATA_DIR),
    answerCacheSize: e.CLAUSEWISE_ANSWER_CACHE,
    databaseUrl: e.DATABASE_URL,
    evalReportsDir: e.CLAUSEWISE_EVAL_REPORTS_DIR ? resolve(e.CLAUSEWISE_EVAL_REPORTS_DIR) : undefined,
    evalSetsDir: e.CLAUSEWISE_EVAL_SETS_DIR ? resolve(e.CLAUSEWISE_EVAL_SETS_DIR) : undefined,
    evalRunPauseMs: e.CLAUSEWISE_EVAL_RUN_PAUSE_MS,
    adminToken: e.CLAUSEWISE_ADMIN_TOKEN,
    evalCasesFile: e.CLAUSEWISE_EVAL_CASES_FILE ? resolve(e.CLAUSEWISE_EVAL_CASES_FILE) : undefined,
    tracing:
      e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || e.OTEL_EXPORTER_OTLP_ENDPOINT
        ? {
            tracesUrl: e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${e.OTEL_EXPORTER_OTLP_ENDPOINT!.replace(/\/+$/, "")}/v1/traces`,
            serviceName: e.OTEL_SERVICE_NAME,
            batchDelayMs: e.OTEL_BSP_SCHEDULE_DELAY,
          }
        : undefined,
    corpusDir: e.CLAUSEWISE_CORPUS_DIR ? resolve(e.CLAUSEWISE_CORPUS_DIR) : undefined,
    llm: llmEnabled
      ? {
          ...endpoint,
          model: e.CLAUSEWISE_LLM_MODEL,
          temperature: e.CLAUSEWISE_LLM_TEMPERATURE,
          timeoutMs: e.CLAUSEWISE_LLM_TIMEOUT_MS,
          maxRetries: e.CLAUSEWISE_LLM_MAX_RETRIES,
          maxOutputTokens: e.CLAUSEWISE_LLM_MAX_OUTPUT_TOKENS,
          maxOutputChars: e.CLAUSEWISE_LLM_MAX_OUTPUT_CHARS,
        }
      : undefined,
    embeddings: e.CLAUSEWISE_EMBEDDING_MODEL
      ? { kind: "openai", model: e.CLAUSEWISE_EMBEDDING_MODEL, ...endpoint }
      : { kind: "local" },
    server: {
      port: e.PORT,
      host: e.HOST,
      rateLimitPerMinute: e.CLAUSEWISE_RATE_LIMIT,
      trustProxy: e.CLAUSEWISE_TRUST_PROXY === "true",
      redisUrl: e.REDIS_URL,
      corsOrigins: e.CLAUSEWISE_CORS_ORIGINS?.split(",").map((s) => s.trim()).filter(Boolean) ?? [],
      headersTimeoutMs: e.CLAUSEWISE_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.CLAUSEWISE_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.CLAUSEWISE_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: e.CLAUSEWISE_MAX_CONNECTIONS,
      shutdownGraceMs: e.CLAUSEWISE_SHUTDOWN_GRACE_MS,
      workers: e.CLAUSEWISE_WORKERS ?? availableParallelism(),
      logQuestions: e.CLAUSEWISE_LOG_QUESTIONS === "true",
      metrics: e.CLAUSEWISE_METRICS === "true",
    },
  };
}

/** Whether the data directory can be written; a read-only one is used only if it already holds a valid index and cache. */
export type DataDirAccess = "writable" | "read-only";

/**
 * Makes sure the data directory exists, before minutes of work are spent
 * filling it, and says whether it can be written. A directory that cannot
 * (a container image with a baked index, run as another user; a read-only
 * mount) is used as it is: logged in one line here, refused later only if
 * something in it would have to be rebuilt.
 */
export function prepareDataDir(dataDir: string, log: (line: string) => void = () => {}): DataDirAccess {
  try {
    mkdirSync(dataDir, { recursive: true });
    if (!statSync(dataDir).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ClausewiseError("config", `The data directory ${dataDir} cannot be created or is not a directory (${code}); set CLAUSEWISE_DATA_DIR`, {
      cause: error,
    });
  }
  try {
    // access(2) answers for this process's user and the mount, so EROFS and immutable directories count as read-only even for root.
    accessSync(dataDir, constants.W_OK);
    return "writable";
  } catch {
    log(`data directory ${dataDir} is read-only: using its index and word-vector cache as they are`);
    return "read-only";
  }
}
