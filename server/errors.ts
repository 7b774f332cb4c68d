/**
 * One error type for everything a user can cause or fix (bad input, a broken
 * corpus file, a misconfiguration). Its message is written for a person and is
 * safe to show; anything else is an internal fault and is only logged.
 */
import { CorpusError, decodeUtf8Strict } from "../corpus/errors.ts";

export type ErrorCode =
  | "bad_request"
  | "not_found"
  | "unauthorized"
  | "forbidden"
  | "conflict"
  | "too_large"
  | "rate_limited"
  | "corpus"
  | "config"
  | "index";

export class ClausewiseError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ClausewiseError";
    this.code = code;
  }
}

/** A fault the user can fix: this layer's own, or one the corpus layer raised about its files. */
export function isClausewiseError(error: unknown): error is ClausewiseError | CorpusError {
  return error instanceof ClausewiseError || error instanceof CorpusError;
}

/** Decodes bytes as UTF-8 and refuses anything that is not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  const text = decodeUtf8Strict(bytes);
  if (text === undefined) throw new ClausewiseError("bad_request", `${what} is not valid UTF-8 text`);
  return text;
}
