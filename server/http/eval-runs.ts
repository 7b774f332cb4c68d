/**
 * Eval runs started from the /evals page: POST /api/evals/runs runs a set from
 * evals/sets through this server's own engine (offline, or the LLM pipeline
 * when one is configured) in the background, one run at a time; its progress
 * streams as Server-Sent Events, DELETE cancels it, and the finished report is
 * written beside the others, where GET /api/evals/reports lists it.
 *
 * A server may be several worker processes (node:cluster), and a request for a
 * run's events or its cancellation can land on any of them. So a run's state
 * lives in files in the reports directory, not in the memory of the worker
 * running it: `.eval-run.lock` (created exclusively: one run at a time across
 * workers), `.eval-run.json` (the latest run's status, rewritten as it goes)
 * and `.eval-run.cancel` (a cancellation asked of another worker). Dot files
 * are never listed as reports.
 *
 * The runner (evals/runner.ts) is imported when the first run starts, so a
 * server that never runs one never loads it.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { setImmediate, setTimeout as sleep } from "node:timers/promises";
import { Hono, type MiddlewareHandler } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import type { Answerer, EvalReport } from "../../evals/runner.ts";
import type { Metrics, ScoredAnswer } from "../../evals/metrics.ts";
import type { EvalItem } from "../contract.ts";
import type { Engine } from "../engine.ts";
import { ClausewiseError, isClausewiseError } from "../errors.ts";
import { bodySizeLimit } from "./body-limit.ts";
import { describeError, type Log } from "./errors.ts";

/** A set's name: its file name without `.jsonl`; nothing that could leave the directory. */
const SET_NAME = /^[a-z0-9][a-z0-9_-]{0,60}$/i;

/** How often the status file is rewritten while a run goes (at most), and how often readers look at it. */
const STATUS_WRITE_MS = 100;
const STATUS_POLL_MS = 150;
/** An SSE comment this often keeps proxies from closing a quiet stream (a slow LLM question). */
const HEARTBEAT_MS = 15_000;
/** A run request is two short fields. */
const MAX_RUN_BODY_BYTES = 1024;

export const runRequestSchema = z.strictObject({
  set: z.string().regex(SET_NAME, "a set's name is letters, digits, '-' and '_'"),
  mode: z.enum(["offline", "llm"]).default("offline"),
});
export type RunRequest = z.infer<typeof runRequestSchema>;

/** The metrics shown while a run goes, over the questions answered so far. */
export type RunningMetrics = Pick<Metrics, "factAccuracy" | "abstentionRecall" | "falseAbstentionRate" | "hit5" | "citationPrecision">;

export interface EvalRunStatus {
  id: string;
  set: string;
  mode: RunRequest["mode"];
  state: "running" | "done" | "cancelled" | "error";
  done: number;
  total: number;
  metrics: RunningMetrics;
  startedAt: string;
  updatedAt: string;
  /** Done: the report's name, as GET /api/evals/reports/:name serves it. */
  report?: string;
  /** Done: the stored report of the same set to compare it with (its committed baseline), when there is one. */
  baseline?: string;
  /** Cancelled or error: why, in words for the page. */
  message?: string;
}

/** GET /api/evals/runs: whether runs can be started here, what can be run, and the latest run. */
export interface EvalRunsInfo {
  enabled: boolean;
  /** Why starting a run is off, when it is. */
  reason?: string;
  /** Whether the LLM mode is available (an LLM is configured). */
  llm: boolean;
  sets: Array<{ name: string; questions: number }>;
  latest?: EvalRunStatus;
}

export interface EvalRunsOptions {
  engine: Engine;
  setsDir: string;
  reportsDir: string;
  /** The server's LLM answerer, when an LLM is configured. */
  llm?: () => Promise<LlmAnswer>;
  /** Pause before each question, ms (CLAUSEWISE_EVAL_RUN_PAUSE_MS). */
  pauseMs: number;
  /** True once the server drains: a run in progress is cancelled rather than cut off mid-write. */
  draining: () => boolean;
  log: Log;
}

/** The server's LLM answer as a run asks for it: one that a cancellation stops mid-answer. */
export type LlmAnswer = (question: string, options: { history: EvalItem["history"]; signal: AbortSignal }) => ReturnType<Answerer>;

interface RunLock {
  id: string;
  pid: number;
  host: string;
}

/** The run this process is running. */
interface LocalRun {
  status: EvalRunStatus;
  controller: AbortController;
}

/** Why a run stopped early (the abort's reason, shown on the page). */
const CANCELLED = "Cancelled.";
const SHUTTING_DOWN = "Cancelled: the server is shutting down.";

const NO_METRICS: RunningMetrics = { factAccuracy: null, abstentionRecall: null, falseAbstentionRate: null, hit5: null, citationPrecision: null };

/** A second run while one goes, or cancelling one that has stopped: a 409 through the shared error handler. */
export class RunConflictError extends ClausewiseError {
  constructor(message: string) {
    super("conflict", message);
    this.name = "RunConflictError";
  }
}

export class EvalRuns {
  private readonly lockPath: string;
  private readonly statusPath: string;
  private readonly cancelPath: string;
  private local: LocalRun | undefined;
  private readonly statusFile: LatestWins;

  constructor(private readonly options: EvalRunsOptions) {
    this.lockPath = join(options.reportsDir, ".eval-run.lock");
    this.statusPath = join(options.reportsDir, ".eval-run.json");
    this.cancelPath = join(options.reportsDir, ".eval-run.cancel");
    this.statusFile = new LatestWins((text) => writeAtomic(this.statusPath, text));
  }

  get llmAvailable(): boolean {
    return Boolean(this.options.llm);
  }

  /** The sets in the sets directory, by name, with how many questions each has. */
  async sets(): Promise<Array<{ name: string; questions: number }>> {
    let files: string[];
    try {
      files = (await readdir(this.options.setsDir)).filter((f) => f.endsWith(".jsonl")).sort();
    } catch {
      return [];
    }
    const sets = [];
    for (const file of files) {
      const name = file.slice(0, -".jsonl".length);
      if (!SET_NAME.test(name)) continue;
      const text = await readFile(join(this.options.setsDir, file), "utf8").catch(() => "");
      sets.push({ name, questions: text.split("\n").filter((line) => line.trim()).length });
    }
    return sets;
  }

  /** Starts a run in the background; resolves once it is running, with its first status. */
  async start(request: RunRequest): Promise<EvalRunStatus> {
    const { set, mode } = request;
    if (!(await this.sets()).some((s) => s.name === set)) {
      throw new ClausewiseError("bad_request", `set: no eval set "${set}"; the sets are the .jsonl files in evals/sets.`);
    }
    if (mode === "llm" && !this.options.llm) {
      throw new ClausewiseError("bad_request", "mode: LLM runs need an LLM configured (OPENAI_BASE_URL or OPENAI_API_KEY); run offline instead.");
    }
    const { loadEvalSet, checkEvalSet, EvalSetError } = await import("../../evals/eval-set.ts");
    let items: EvalItem[];
    try {
      items = loadEvalSet(join(this.options.setsDir, `${set}.jsonl`));
    } catch (error) {
      if (error instanceof EvalSetError) throw new ClausewiseError("bad_request", `set: ${set} cannot be loaded: ${error.message}`);
      throw error;
    }
    const problems = checkEvalSet(items, this.options.engine.chunkById);
    if (problems.length > 0) {
      throw new ClausewiseError("bad_request", `set: ${set} has wrong gold answers (${problems.length}), e.g. ${problems[0]}`);
    }
    const llm = mode === "llm" ? await this.options.llm!() : undefined;

    await mkdir(this.options.reportsDir, { recursive: true });
    const id = `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}-${randomUUID().slice(0, 8)}`;
    await this.lock({ id, pid: process.pid, host: hostname() });
    const now = new Date().toISOString();
    const status: EvalRunStatus = { id, set, mode, state: "running", done: 0, total: items.length, metrics: NO_METRICS, startedAt: now, updatedAt: now };
    const run: LocalRun = { status, controller: new AbortController() };
    this.local = run;
    try {
      await rm(this.cancelPath, { force: true });
      await this.statusFile.write(JSON.stringify(status));
    } catch (error) {
      this.local = undefined;
      await rm(this.lockPath, { force: true });
      throw error;
    }
    void this.execute(run, items, llm);
    return status;
  }

  /** The latest run's status (from whichever worker ran it); undefined before the first. */
  async latest(): Promise<EvalRunStatus | undefined> {
    if (this.local) return this.local.status;
    const status = await readStatus(this.statusPath);
    if (status?.state !== "running" || (await this.runIsAlive(status.id))) return status;
    // Read again: the run may have finished between the two reads.
    const again = await readStatus(this.statusPath);
    if (again?.state !== "running") return again;
    return { ...again, state: "error", message: "The server process running this set stopped before it finished." };
  }

  /** One run's status; 404 when it is not the latest (only the latest is kept). */
  async status(id: string): Promise<EvalRunStatus> {
    const status = await this.latest();
    if (!status || status.id !== id) throw new ClausewiseError("not_found", `No eval run "${id.slice(0, 40)}"; only the latest run is kept.`);
    return status;
  }

  /** Asks a run to stop; it stops before its next question and writes no report. */
  async cancel(id: string): Promise<EvalRunStatus> {
    const status = await this.status(id);
    if (status.state !== "running") throw new RunConflictError(`The run of ${status.set} has already ${status.state === "done" ? "finished" : status.state === "cancelled" ? "been cancelled" : "failed"}.`);
    if (this.local?.status.id === id) this.local.controller.abort(CANCELLED);
    else await writeFile(this.cancelPath, id);
    return status;
  }


  private async execute(run: LocalRun, items: EvalItem[], llm: LlmAnswer | undefined): Promise<void> {
    const { engine, pauseMs, reportsDir, log } = this.options;
    const { signal } = run.controller;
    // Another worker's cancellation arrives as a file; a drain cancels the run before the process exits.
    const watcher = setInterval(() => {
      if (this.options.draining()) run.controller.abort(SHUTTING_DOWN);
      void readFile(this.cancelPath, "utf8").then(
        (id) => id === run.status.id && run.controller.abort(CANCELLED),
        () => {},
      );
    }, STATUS_WRITE_MS);
    watcher.unref();
    const update = (change: Partial<EvalRunStatus>) => {
      run.status = { ...run.status, ...change, updatedAt: new Date().toISOString() };
      return this.statusFile.write(JSON.stringify(run.status));
    };
    try {
      const [{ extractiveAnswerer, runEvalSet }, { summarize }, { renderReport }] = await Promise.all([
        import("../../evals/runner.ts"),
        import("../../evals/metrics.ts"),
        import("../../evals/report.ts"),
      ]);
      const answer: Answerer = llm ? (question, { history }) => llm(question, { history, signal }) : extractiveAnswerer(engine);
      const paced: Answerer = async (question, options) => {
        // Between questions the event loop serves other requests (chat) before the next answer starts.
        if (pauseMs > 0) await sleep(pauseMs, undefined, { signal });
        else await setImmediate();
        return answer(question, options);
      };
      let written = 0;
      const onProgress = ({ done, total, results }: { done: number; total: number; results: readonly ScoredAnswer[] }) => {
        if (done < total && performance.now() - written < STATUS_WRITE_MS) return;
        written = performance.now();
        void update({ done, metrics: runningMetrics(summarize(results as ScoredAnswer[])) }).catch((error: unknown) => log(`eval run ${run.status.id}: ${describeError(error)}`));
      };
      const report = await runEvalSet(engine, items, {
        set: run.status.set,
        mode: run.status.mode === "llm" ? "llm" : "extractive",
        answerer: paced,
        signal,
        onProgress,
      });
      signal.throwIfAborted();
      const name = await saveReport(reportsDir, reportName(run.status), report, renderReport(report));
      await update({ state: "done", done: items.length, metrics: runningMetrics(report.summary), report: name, baseline: await baselineFor(reportsDir, run.status) });
    } catch (error) {
      if (signal.aborted) {
        await update({ state: "cancelled", message: typeof signal.reason === "string" ? signal.reason : CANCELLED }).catch(() => {});
      } else {
        log(`eval run ${run.status.id} (${run.status.set}): ${describeError(error)}`);
        await update({ state: "error", message: isClausewiseError(error) ? error.message : "The run failed; the server log says why." }).catch(() => {});
      }
    } finally {
      clearInterval(watcher);
      if (this.local === run) this.local = undefined;
      await rm(this.cancelPath, { force: true }).catch(() => {});
      await rm(this.lockPath, { force: true }).catch(() => {});
    }
  }

  /** Takes the one-run lock, clearing one left by a process that died; RunConflictError while a run goes. */
  private async lock(lock: RunLock): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(this.lockPath, JSON.stringify(lock), { flag: "wx" });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const held = await readLock(this.lockPath);
      if (held && (await this.runIsAlive(held.id))) break;
      await rm(this.lockPath, { force: true });
    }
    const running = await this.latest();
    throw new RunConflictError(`A run is in progress${running?.state === "running" ? ` (${running.set}, ${running.done} of ${running.total})` : ""}; one runs at a time. Cancel it or wait for it to finish.`);
  }

  /** Whether the lock is this run's, held by a live process (one on another host is taken to be). */
  private async runIsAlive(id: string): Promise<boolean> {
    const lock = await readLock(this.lockPath);
    if (!lock) {
      // A lock being written (empty for an instant) counts as held; one left empty by a crash does not, after a while.
      const age = await stat(this.lockPath).then((s) => Date.now() - s.mtimeMs, () => Infinity);
      return age < 5_000;
    }
    if (lock.id !== id) return false;
    if (lock.host !== hostname()) return true;
    try {
      process.kill(lock.pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  }
}

/**
 * The routes under /api/evals/runs. Starting and cancelling need the admin
 * token (`requireAdmin`); the status and the event stream are reads, open like
 * the reports (an EventSource cannot send a token).
 */
export function evalRunRoutes(runs: EvalRuns, options: { requireAdmin: MiddlewareHandler; enabled: boolean; offReason: string }) {
  return new Hono()
    .get("/", async (c) => {
      const info: EvalRunsInfo = {
        enabled: options.enabled,
        ...(options.enabled ? {} : { reason: options.offReason }),
        llm: runs.llmAvailable,
        sets: await runs.sets(),
        latest: await runs.latest(),
      };
      return c.json(info);
    })
    .post(
      "/",
      options.requireAdmin,
      bodySizeLimit({
        maxSize: MAX_RUN_BODY_BYTES,
        onError: () => {
          throw new ClausewiseError("too_large", `A run request is at most ${MAX_RUN_BODY_BYTES} bytes: {"set": …, "mode": …}.`);
        },
      }),
      async (c) => {
        let body: unknown;
        try {
          body = await c.req.json();
        } catch {
          throw new ClausewiseError("bad_request", "The body is not valid JSON.");
        }
        const parsed = runRequestSchema.safeParse(body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new ClausewiseError("bad_request", `${issue.path.length ? issue.path.map(String).join(".") : "body"}: ${issue.message}`);
        }
        const status = await runs.start(parsed.data);
        return c.json({ id: status.id, set: status.set, mode: status.mode, total: status.total }, 202);
      },
    )
    .get("/:id", async (c) => c.json(await runs.status(c.req.param("id"))))
    .get("/:id/events", async (c) => {
      const id = c.req.param("id");
      // A 404 as JSON before the stream opens, not an event.
      await runs.status(id);
      // The status file is polled, so the stream is the same whichever worker runs the set.
      return streamSSE(c, async (stream) => {
        let last = "";
        let wrote = performance.now();
        while (!stream.aborted) {
          const status = await runs.status(id).catch(() => undefined);
          if (!status) break;
          const seen = `${status.state}:${status.done}:${status.updatedAt}`;
          if (seen !== last) {
            last = seen;
            wrote = performance.now();
            await stream.writeSSE({ event: status.state === "running" ? "progress" : "end", id: String(status.done), data: JSON.stringify(status) });
          } else if (performance.now() - wrote > HEARTBEAT_MS) {
            wrote = performance.now();
            await stream.write(": still running\n\n");
          }
          if (status.state !== "running") break;
          await stream.sleep(STATUS_POLL_MS);
        }
      });
    })
    .delete("/:id", options.requireAdmin, async (c) => c.json(await runs.cancel(c.req.param("id")), 202));
}

function runningMetrics(m: Metrics): RunningMetrics {
  return {
    factAccuracy: m.factAccuracy,
    abstentionRecall: m.abstentionRecall,
    falseAbstentionRate: m.falseAbstentionRate,
    hit5: m.hit5,
    citationPrecision: m.citationPrecision,
  };
}

/** `test.run-20261203-142300` (`test.llm.run-…` in LLM mode): sorts by time beside its set, never a committed report's name. */
function reportName(status: EvalRunStatus): string {
  const stamp = status.startedAt.replace(/\D/g, "").slice(0, 14);
  return `${status.set}${status.mode === "llm" ? ".llm" : ""}.run-${stamp.slice(0, 8)}-${stamp.slice(8)}`;
}

/** The committed report a run is compared with: the set's LLM report for an LLM run when there is one, else its offline report. */
async function baselineFor(dir: string, status: EvalRunStatus): Promise<string | undefined> {
  const candidates = status.mode === "llm" ? [`${status.set}.llm`, status.set] : [status.set];
  for (const name of candidates) {
    if (await stat(join(dir, `${name}.json`)).then(() => true, () => false)) return name;
  }
  return undefined;
}

/** Writes the report's JSON and Markdown whole (a reader never sees half of one); resolves with the name used. */
async function saveReport(dir: string, base: string, report: EvalReport, markdown: string): Promise<string> {
  let name = base;
  for (let n = 2; await stat(join(dir, `${name}.json`)).then(() => true, () => false); n++) name = `${base}-${n}`;
  await writeAtomic(join(dir, `${name}.md`), markdown);
  await writeAtomic(join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  return name;
}

/** Write to a temporary file beside the target, then rename over it: the target is the old file or the new, never part of one. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(temp, text);
  await rename(temp, path);
}

async function readStatus(path: string): Promise<EvalRunStatus | undefined> {
  return readFile(path, "utf8").then((text) => JSON.parse(text) as EvalRunStatus, () => undefined);
}

async function readLock(path: string): Promise<RunLock | undefined> {
  return readFile(path, "utf8").then((text) => JSON.parse(text) as RunLock, () => undefined);
}

/** Writes one value at a time, and only the latest of those that arrived meanwhile. */
class LatestWins {
  private next: string | undefined;
  private flushing: Promise<void> | undefined;

  constructor(private readonly save: (text: string) => Promise<void>) {}

  write(text: string): Promise<void> {
    this.next = text;
    this.flushing ??= this.flush();
    return this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.next !== undefined) {
        const text = this.next;
        this.next = undefined;
        await this.save(text);
      }
    } finally {
      this.flushing = undefined;
    }
  }
}
