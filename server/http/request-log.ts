/**
 * One JSON line per HTTP request (pino), on stdout: time, level, method, the
 * matched route pattern (never the raw path), status, duration in ms, the
 * request id (hono/request-id, also sent back as `X-Request-Id`), and for
 * /api/ask and /api/chat the answer's `outcome` and `mode` once known. The
 * question's text only with CLAUSEWISE_LOG_QUESTIONS=true; headers (API keys,
 * Authorization) never. Lifecycle lines stay on stderr (main.ts).
 *
 * A small middleware of our own around pino rather than hono-pino: it needs
 * only the fields above, and a streamed answer (/api/chat) is logged when its
 * stream ends, so the line carries the whole duration and the outcome.
 */
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { pino, type Logger } from "pino";
import type { Answer, AnswerMode, AnswerOutcome } from "../contract.ts";

/** What a handler learns about its request for the log line (and the metrics). */
export interface RequestFacts {
  outcome?: AnswerOutcome;
  mode?: AnswerMode;
  /** Kept only when questions are logged. */
  question?: string;
  /** Answered by the not-found handler: no route served it (the web app's catch-all may have matched and passed). */
  unmatched?: boolean;
  /** The model's part of an LLM-mode answer. */
  llm?: LlmFacts;
}

/** What the model did for one answer: how long it took, whether the offline answer replaced it, what grounding removed. */
export interface LlmFacts {
  durationMs: number;
  fallback: boolean;
  /** Why the model's answer was not used ("timed out", the API's error), with a fallback. */
  error?: string;
  removedSentences: number;
  unknownCitations: number;
}

/** The LlmFacts of an LLM-mode answer: a fallback when the offline answer was sent instead of the model's. */
export function llmFacts(
  answer: Pick<Answer, "mode" | "notice"> & { removedSentences?: number; unknownCitations?: number },
  durationMs: number,
  error?: string,
): LlmFacts {
  const fallback = answer.mode !== "llm";
  return {
    durationMs,
    fallback,
    ...(fallback ? { error: error ?? answer.notice ?? "no reason given" } : {}),
    removedSentences: answer.removedSentences ?? 0,
    unknownCitations: answer.unknownCitations ?? 0,
  };
}

/** One finished request, as the log line and the metrics see it. */
export interface FinishedRequest extends RequestFacts {
  method: string;
  route: string;
  status: number;
  durationMs: number;
  requestId?: string;
  /** The client went away before the (streamed) response was complete. */
  aborted?: boolean;
}

export type RequestObserver = (request: FinishedRequest) => void;

export type RequestLogEnv = { Variables: { requestId: string; requestFacts: RequestFacts } };

/** The pino logger for request lines: JSON on stdout, written synchronously so nothing is lost at process.exit. */
export function requestLogger(): Logger {
  return pino(
    { base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    pino.destination({ dest: 1, sync: true }),
  );
}

/** Writes one line per finished request to `logger` (the question's text is there only if `requestObserver` kept it). */
export function requestLogLine(logger: Logger): RequestObserver {
  return ({ durationMs, ...request }) => {
    const level = request.status >= 500 ? "error" : request.status >= 400 ? "warn" : "info";
    logger[level]({ ...request, durationMs: Math.round(durationMs * 100) / 100 });
  };
}

/** The route pattern that answered: the first matched handler's path (not middleware's), or "unmatched" for a 404. */
export function routeOf(c: Context): string {
  if ((c.get("requestFacts") as RequestFacts | undefined)?.unmatched) return "unmatched";
  try {
    return matchedRoutes(c).find((r) => r.method !== "ALL")?.path ?? "unmatched";
  } catch {
    return "unmatched";
  }
}

/** Records facts about the current request for its log line. */
export function noteRequest(c: Context, facts: RequestFacts): void {
  const current = c.get("requestFacts") as RequestFacts | undefined;
  if (current) Object.assign(current, facts);
}

/** Calls `done` once when the body has been read to its end, failed, or been cancelled by a client that left. */
function whenBodyEnds(body: ReadableStream<Uint8Array>, done: (aborted: boolean) => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  const finish = (aborted: boolean) => {
    if (finished) return;
    finished = true;
    done(aborted);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: end } = await reader.read();
        if (end) {
          controller.close();
          finish(false);
        } else controller.enqueue(value);
      } catch (error) {
        finish(true);
        controller.error(error);
      }
    },
    cancel(reason) {
      finish(true);
      return reader.cancel(reason);
    },
  });
}

/**
 * The middleware: first in the chain, so it sees every response, errors and
 * 404s included. Observers run once per request, after the response (or, for
 * an event stream, its last byte).
 */
export function requestObserver(observers: RequestObserver[], keepQuestion: boolean): MiddlewareHandler {
  return async (c, next) => {
    const startedAt = performance.now();
    const facts: RequestFacts = {};
    c.set("requestFacts", facts);
    await next();
    // hono/request-id sets the header on responses the context builds; a handler's own Response (the chat stream) needs it here.
    const id = c.get("requestId") as string | undefined;
    if (id && !c.res.headers.has("x-request-id")) {
      try {
        c.res.headers.set("X-Request-Id", id);
      } catch {
        // An immutable response (a fetch() result) keeps its headers.
      }
    }
    if (observers.length === 0) return;
    const report = (aborted: boolean) => {
      const finished: FinishedRequest = {
        method: c.req.method,
        route: routeOf(c),
        status: c.res.status,
        durationMs: performance.now() - startedAt,
        requestId: c.get("requestId") as string | undefined,
        ...(facts.outcome ? { outcome: facts.outcome } : {}),
        ...(facts.mode ? { mode: facts.mode } : {}),
        ...(keepQuestion && facts.question !== undefined ? { question: facts.question } : {}),
        ...(facts.llm ? { llm: { ...facts.llm, durationMs: Math.round(facts.llm.durationMs) } } : {}),
        ...(aborted ? { aborted } : {}),
      };
      for (const observe of observers) {
        try {
          observe(finished);
        } catch {
          // A log or metrics failure must never fail the request.
        }
      }
    };
    // A streamed answer is logged when it ends; anything else (bodies already whole, static files) now.
    const streamed = c.res.headers.get("content-type")?.startsWith("text/event-stream") && c.res.body;
    if (!streamed) {
      report(false);
      return;
    }
    const original = c.res;
    let reported = false;
    const once = (aborted: boolean) => {
      if (reported) return;
      reported = true;
      report(aborted);
    };
    c.req.raw.signal.addEventListener("abort", () => once(true), { once: true });
    c.res = new Response(whenBodyEnds(original.body!, once), { status: original.status, statusText: original.statusText, headers: original.headers });
  };
}
