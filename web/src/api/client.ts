/**
 * The typed GET routes, through Hono's client: the response shapes are
 * inferred from the server's app (AppType), so the UI never guesses them.
 */
import { hc, type ClientResponse } from "hono/client";
import type { AppType } from "../../../server/http/app.ts";
import { apiErrorFrom } from "./errors.ts";

const api = hc<AppType>("/").api;

async function okJson<T>(request: Promise<ClientResponse<T>>): Promise<T> {
  const response = await request;
  if (!response.ok) throw await apiErrorFrom(response as unknown as Response);
  return (await response.json()) as T;
}

export const fetchDocuments = (signal?: AbortSignal) => okJson(api.documents.$get(undefined, { init: { signal } }));
export const fetchHealth = (signal?: AbortSignal) => okJson(api.health.$get(undefined, { init: { signal } }));
/** The eval report is read defensively by the eval page (evals/report.ts), so it stays `unknown` here. */
export const fetchLatestEval = (signal?: AbortSignal) => okJson(api.evals.latest.$get(undefined, { init: { signal } }));

/** The stored eval reports, newest first, with what each one is. */
export const fetchEvalReports = (signal?: AbortSignal) => okJson(api.evals.reports.$get(undefined, { init: { signal } }));
/** One stored report whole; read defensively like the latest one. */
export const fetchEvalReport = (name: string, signal?: AbortSignal) =>
  okJson(api.evals.reports[":name"].$get({ param: { name } }, { init: { signal } })) as Promise<unknown>;

/** Whether this server saves eval cases at all (CLAUSEWISE_ADMIN_TOKEN set). */
export const fetchEvalCasesStatus = (signal?: AbortSignal) => okJson(api.evals.cases.status.$get(undefined, { init: { signal } }));

/** Saves an eval case with the admin token; resolves with the case as written and the file it went to. */
export async function saveEvalCase(body: unknown, token: string): Promise<{ saved: { id: string }; file: string }> {
  const response = await fetch("/api/evals/cases", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as { saved: { id: string }; file: string };
}

/** Whether this server runs sets from the page (and why not), the sets it has, whether LLM mode is there, and the latest run. */
export const fetchEvalRuns = (signal?: AbortSignal) => okJson(api.evals.runs.$get(undefined, { init: { signal } }));

/** Starts a run of a set with the admin token; resolves with its id and how many questions it has. */
export async function startEvalRun(body: { set: string; mode: "offline" | "llm" }, token: string): Promise<{ id: string; set: string; total: number }> {
  const response = await fetch("/api/evals/runs", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as { id: string; set: string; total: number };
}

/** Asks a run to stop; its event stream then ends with "cancelled". */
export async function cancelEvalRun(id: string, token: string): Promise<void> {
  const response = await fetch(`/api/evals/runs/${encodeURIComponent(id)}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw await apiErrorFrom(response);
}

/** A run's progress as Server-Sent Events ("progress", then one "end"), for an EventSource. */
export const evalRunEventsUrl = (id: string) => `/api/evals/runs/${encodeURIComponent(id)}/events`;

export type EvalReportListing = Awaited<ReturnType<typeof fetchEvalReports>>[number];
export type Health = Awaited<ReturnType<typeof fetchHealth>>;
export type EvalRunsInfo = Awaited<ReturnType<typeof fetchEvalRuns>>;
export type EvalRunStatus = NonNullable<EvalRunsInfo["latest"]>;
