/**
 * Prometheus metrics (prom-client) for GET /metrics, when CLAUSEWISE_METRICS
 * is "true": request durations by route and status, answers by outcome and
 * mode, the model's latency, fallbacks and what grounding removed (LLM mode),
 * rate-limit rejections and whether Redis answers, the index and the answer
 * cache, and prom-client's default process metrics (event-loop lag, heap,
 * CPU, handles). Each app has a registry of its own, so
 * with several workers each worker reports only what it served; adding them
 * up across workers is left to the scraper for now.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { RequestObserver } from "./request-log.ts";

export interface Metrics {
  registry: Registry;
  /** Counts one finished request (request-log.ts calls it for every request). */
  observe: RequestObserver;
}

/** What the metrics read at scrape time. */
export interface MetricsSources {
  index: { store: string; state: string; chunks: number; embedder: string };
  /** Offline answers in the answer cache now. */
  cachedAnswers: () => number;
  /** Whether the rate limit's Redis answers; absent without REDIS_URL. */
  redisUp?: () => boolean;
}

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: "clausewise_index_info",
    help: "The dense index this process serves from (always 1): where it lives, and whether it was loaded, built or rebuilt at start.",
    labelNames: ["store", "state", "embedder"] as const,
    registers: [registry],
  }).set({ store: sources.index.store, state: sources.index.state, embedder: sources.index.embedder }, 1);
  new Gauge({ name: "clausewise_index_chunks", help: "Chunks in the dense index.", registers: [registry] }).set(sources.index.chunks);
  new Gauge({
    name: "clausewise_answer_cache_entries",
    help: "Offline answers held by the answer cache (CLAUSEWISE_ANSWER_CACHE).",
    registers: [registry],
    collect() {
      this.set(sources.cachedAnswers());
    },
  });
  const { redisUp } = sources;
  if (redisUp) {
    new Gauge({
      name: "clausewise_redis_up",
      help: "1 while the rate limit's Redis answers, 0 during an outage (requests are let through then).",
      registers: [registry],
      collect() {
        this.set(redisUp() ? 1 : 0);
      },
    });
  }
  const llmDuration = new Histogram({
    name: "clausewise_llm_duration_seconds",
    help: "Time from the LLM request to the answer sent, by result: the model's answer, or the offline fallback.",
    labelNames: ["result"] as const,
    buckets: [0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
    registers: [registry],
  });
  const fallbacks = new Counter({
    name: "clausewise_llm_fallbacks_total",
    help: "LLM-mode answers replaced by the offline answer (model error, timeout, or nothing grounded).",
    registers: [registry],
  });
  const removedSentences = new Counter({
    name: "clausewise_llm_removed_sentences_total",
    help: "Sentences of model answers removed by the grounding check.",
    registers: [registry],
  });
  const unknownCitations = new Counter({
    name: "clausewise_llm_unknown_citations_total",
    help: "Citation markers in model answers that named no chunk the model was shown.",
    registers: [registry],
  });
  const duration = new Histogram({
    name: "clausewise_http_request_duration_seconds",
    help: "HTTP request duration in seconds (streamed answers until their last byte), by route pattern and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const answers = new Counter({
    name: "clausewise_answers_total",
    help: "Answers sent by /api/ask and /api/chat, by outcome and mode.",
    labelNames: ["route", "outcome", "mode"] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: "clausewise_rate_limited_total",
    help: "Requests refused by the rate limit (429).",
    registers: [registry],
  });
  return {
    registry,
    observe: (request) => {
      duration.observe({ method: request.method, route: request.route, status: String(request.status) }, request.durationMs / 1000);
      if (request.outcome && request.mode) answers.inc({ route: request.route, outcome: request.outcome, mode: request.mode });
      if (request.status === 429) rateLimited.inc();
      if (request.llm) {
        llmDuration.observe({ result: request.llm.fallback ? "fallback" : "answered" }, request.llm.durationMs / 1000);
        if (request.llm.fallback) fallbacks.inc();
        removedSentences.inc(request.llm.removedSentences);
        unknownCitations.inc(request.llm.unknownCitations);
      }
    },
  };
}
