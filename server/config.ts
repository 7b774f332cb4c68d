/**
 * Configuration from the environment, validated once. Everything has an
 * offline default: with no variables set, Clausewise runs with local word
 * vectors and extractive answers.
 */
import { accessSync, constants, mkdirSync } from "node:fs";
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
  /** Comma-separated origins allowed by CORS; unset means same-origin only. */
  CLAUSEWISE_CORS_ORIGINS: z.string().optional(),
});

export interface LlmConfig {
  apiKey?: string;
  baseURL?: string;
  model: string;
  temperature: number;
  timeoutMs: number;
  maxRetries: number;
}

export interface Config {
  dataDir: string;
  corpusDir?: string;
  /** Present when OPENAI_API_KEY or OPENAI_BASE_URL is set. */
  llm?: LlmConfig;
  embeddings: { kind: "local" } | { kind: "openai"; model: string; apiKey?: string; baseURL?: string };
  server: { port: number; host: string; rateLimitPerMinute: number; trustProxy: boolean; corsOrigins: string[] };
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
    corpusDir: e.CLAUSEWISE_CORPUS_DIR ? resolve(e.CLAUSEWISE_CORPUS_DIR) : undefined,
    llm: llmEnabled
      ? {
          ...endpoint,
          model: e.CLAUSEWISE_LLM_MODEL,
          temperature: e.CLAUSEWISE_LLM_TEMPERATURE,
          timeoutMs: e.CLAUSEWISE_LLM_TIMEOUT_MS,
          maxRetries: e.CLAUSEWISE_LLM_MAX_RETRIES,
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
      corsOrigins: e.CLAUSEWISE_CORS_ORIGINS?.split(",").map((s) => s.trim()).filter(Boolean) ?? [],
    },
  };
}

/** Makes sure the data directory exists and can be written, before minutes of work are spent filling it. */
export function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ClausewiseError("config", `The data directory ${dataDir} is not a writable directory (${code}); set CLAUSEWISE_DATA_DIR`, { cause: error });
  }
}
