/**
 * The admin token that the eval workspace's write actions (saving a case from
 * chat, running a set, cancelling a run) must carry. Without
 * CLAUSEWISE_ADMIN_TOKEN configured those actions are off (403); with it, a
 * request without the right `Authorization: Bearer …` is refused (401).
 */
import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { ClausewiseError } from "../errors.ts";

/** Why the write actions are off, for the 403 and for the page that shows them disabled. */
export const ADMIN_OFF_REASON =
  "Eval write actions (saving a case, running a set) are off on this server: they need CLAUSEWISE_ADMIN_TOKEN set where it runs, and the token with each request.";

/**
 * @example
 * app.post("/api/evals/cases", requireAdmin(config.adminToken), handler);
 */
export function requireAdmin(adminToken: string | undefined): MiddlewareHandler {
  const expected = adminToken ? Buffer.from(adminToken) : undefined;
  return async function requireAdmin(c, next) {
    if (!expected) throw new ClausewiseError("forbidden", ADMIN_OFF_REASON);
    const given = Buffer.from(/^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1] ?? "");
    // Constant-time, so the time a refusal takes says nothing about how much of the token was right.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ClausewiseError("unauthorized", "This action needs the admin token (Authorization: Bearer …).");
    }
    await next();
  };
}
