/**
 * The one place errors become HTTP responses: `{ "error": { "code", "message" } }`.
 * A ClausewiseError, or one of hono's HTTPExceptions (malformed JSON, 415),
 * carries a message written for the user and is shown as is. Anything else
 * is an internal fault: logged here, answered with a generic 500, and never
 * with its message or stack.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiErrorBody } from "../contract.ts";
import { isClausewiseError, type ErrorCode } from "../errors.ts";

export type Log = (line: string) => void;

const STATUS_OF: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  corpus: 500,
  config: 500,
  index: 500,
};

const CODE_OF_STATUS: Partial<Record<number, string>> = {
  400: "bad_request",
  404: "not_found",
  405: "method_not_allowed",
  413: "too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

export function errorBody(code: string, message: string): ApiErrorBody {
  return { error: { code, message } };
}

/** One line about an error for the server log: its name, HTTP status if any, and message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  const status = (error as { status?: unknown }).status;
  return `${error.name}${typeof status === "number" ? ` (HTTP ${status})` : ""}: ${error.message}`.slice(0, 300);
}

/** A log that never writes the given secrets (the API key), whatever an error message contains. */
export function redactingLog(log: Log, secrets: Array<string | undefined>): Log {
  const hidden = secrets.filter((s): s is string => Boolean(s && s.length >= 4));
  if (hidden.length === 0) return log;
  return (line) => log(hidden.reduce((text, secret) => text.split(secret).join("[redacted]"), line));
}

export function errorResponse(error: unknown, c: Context, log: Log): Response {
  if (isClausewiseError(error)) {
    const status = STATUS_OF[error.code];
    if (status >= 500) log(`${c.req.method} ${c.req.path}: ${describeError(error)}`);
    return c.json(errorBody(error.code, error.message), status);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return c.json(errorBody(CODE_OF_STATUS[status] ?? "error", error.message || "The request was refused."), status);
  }
  // A client that went away aborts the work in its request; that is not a fault.
  if (!c.req.raw.signal.aborted) log(`${c.req.method} ${c.req.path}: internal error: ${describeError(error)}`);
  return c.json(errorBody("internal", "Something went wrong on the server."), 500);
}
