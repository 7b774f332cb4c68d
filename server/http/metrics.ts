/**
 * Prometheus metrics (prom-client) for GET /metrics, when CLAUSEWISE_METRICS
 * is "true": request durations by route and status, answers by outcome and
 * mode, rate-limit rejections, and prom-client's default process metrics
 * (event-loop lag, heap, CPU, handles). Each app has a registry of its own, so
 * with several workers each worker reports only what it served; adding them
 * up across workers is left to the scraper for now.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import type { RequestObserver } from "./request-log.ts";

export interface Metrics {
  registry: Registry;
  /** Counts one finished request (request-log.ts calls it for every request). */
  observe: RequestObserver;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
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
    },
  };
}
