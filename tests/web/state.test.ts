// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { apiErrorFrom, ApiError, describeProblem } from "../../web/src/api/errors.ts";
import { parseRoute } from "../../web/src/router.tsx";

describe("describeProblem", () => {
  it("gives the wait from Retry-After on a 429", async () => {
    const error = await apiErrorFrom(new Response(JSON.stringify({ error: { message: "Too many requests" } }), { status: 429, headers: { "retry-after": "17" } }));
    expect(error).toMatchObject({ status: 429, message: "Too many requests", retryAfterSeconds: 17 });
    const problem = describeProblem(error);
    expect(problem.detail).toContain("Try again in 17 seconds");
    expect(problem.retryAfterSeconds).toBe(17);
  });

  it("says the server is unreachable when fetch itself fails", () => {
    expect(describeProblem(new TypeError("Failed to fetch")).title).toBe("Can't reach the server");
  });

  it("passes the server's own words through for a refused question", async () => {
    const error = await apiErrorFrom(new Response(JSON.stringify({ message: "messages.0.parts: question is empty" }), { status: 400 }));
    expect(describeProblem(error).detail).toBe("messages.0.parts: question is empty");
  });

  it("keeps server internals out of a 500", () => {
    const problem = describeProblem(new ApiError(500, "TypeError: x is undefined at engine.ts:42"));
    expect(problem.detail).not.toContain("engine.ts");
    expect(problem.retryable).toBe(true);
  });

  it("reads a plain-text error body", async () => {
    const error = await apiErrorFrom(new Response("Payload Too Large", { status: 413 }));
    expect(error.message).toBe("Payload Too Large");
    expect(describeProblem(error).title).toBe("That message is too long");
  });
});

describe("parseRoute", () => {
  it.each([
    ["/", "", { page: "chat" }],
    ["/evals", "", { page: "evals" }],
    ["/evals/", "", { page: "evals" }],
    ["/doc/statement", "#24", { page: "doc", docId: "statement", anchor: "24" }],
    ["/doc/article", "#5", { page: "doc", docId: "article", anchor: "5" }],
    ["/doc/statement", "#preamble-3", { page: "doc", docId: "statement", anchor: "preamble-3" }],
    ["/doc/statement", "", { page: "doc", docId: "statement" }],
    ["/doc/../etc", "", { page: "not-found", path: "/doc/../etc" }],
    ["/nope", "", { page: "not-found", path: "/nope" }],
  ])("%s%s", (path, hash, route) => {
    expect(parseRoute(path, hash)).toEqual(route);
  });
});
