/**
 * Failed requests, and what the person sees about them. Every error the UI
 * shows is worded here, in one place; server internals never reach the page.
 */

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
    /** From `Retry-After` on a 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The server's JSON error message, whichever of the usual shapes it takes. */
function messageOf(body: unknown): string | undefined {
  if (typeof body === "string") return body || undefined;
  if (!body || typeof body !== "object") return undefined;
  const { message, error } = body as { message?: unknown; error?: unknown };
  if (typeof message === "string") return message;
  if (typeof error === "string") return error;
  if (error && typeof error === "object") return messageOf(error);
  return undefined;
}

function retryAfterOf(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return new ApiError(response.status, messageOf(body) ?? response.statusText, retryAfterOf(response.headers.get("retry-after")));
}

/** fetch that turns a non-2xx response into an ApiError carrying the server's message. */
export async function checkedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  if (!response.ok) throw await apiErrorFrom(response);
  return response;
}

export interface ProblemText {
  title: string;
  detail: string;
  retryAfterSeconds?: number;
  /** Whether trying the same thing again can help. */
  retryable: boolean;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** What to tell the person about a failed request, in plain words. */
export function describeProblem(error: unknown): ProblemText {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      return {
        title: "Too many questions at once",
        detail: wait !== undefined
          ? `The server limits how often it answers. Try again in ${wait} second${wait === 1 ? "" : "s"}.`
          : "The server limits how often it answers. Wait a moment, then try again.",
        retryAfterSeconds: wait,
        retryable: true,
      };
    }
    if (error.status === 413) {
      return { title: "That message is too long", detail: "Shorten the question or clear the conversation, then ask again.", retryable: false };
    }
    if (error.status === 400) {
      return { title: "The question was not accepted", detail: error.message || "Check the question and try again.", retryable: false };
    }
    if (error.status >= 500) {
      return { title: "The server could not answer", detail: "Something went wrong on the server. Try again in a moment.", retryable: true };
    }
    return { title: "The request failed", detail: error.message || `The server answered with status ${error.status}.`, retryable: true };
  }
  if (isAbort(error)) return { title: "Stopped", detail: "The answer was stopped.", retryable: true };
  if (error instanceof TypeError) {
    return {
      title: "Can't reach the server",
      detail: "Clausewise's server is not responding. Check that it is running (npm start), then try again.",
      retryable: true,
    };
  }
  return { title: "The answer was interrupted", detail: "The connection dropped before the answer finished. Try again.", retryable: true };
}
