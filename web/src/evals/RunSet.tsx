/**
 * "Run a set" on /evals: pick a set and a mode, run it on the server (POST
 * /api/evals/runs, with the admin token), watch its progress as it streams
 * (questions answered, the metrics so far), cancel it; a finished run opens
 * in the compare view against its set's baseline report. Without
 * CLAUSEWISE_ADMIN_TOKEN on the server the controls are off and say why.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { cancelEvalRun, evalRunEventsUrl, fetchEvalRuns, startEvalRun, type EvalRunStatus } from "../api/client.ts";
import { ApiError, describeProblem } from "../api/errors.ts";
import { useResource } from "../api/resource.ts";
import { Link, navigate } from "../router.tsx";
import { TOKEN_KEY } from "./AddToEvalSet.tsx";
import { compareHref } from "./ComparePage.tsx";
import { formatMetric, type MetricKey } from "./report.ts";

const RUNNING_METRICS: Array<{ key: MetricKey & keyof EvalRunStatus["metrics"]; label: string }> = [
  { key: "factAccuracy", label: "Fact accuracy" },
  { key: "hit5", label: "Hit@5" },
  { key: "abstentionRecall", label: "Abstention recall" },
  { key: "falseAbstentionRate", label: "False abstentions" },
];

type Mode = "offline" | "llm";

const NO_METRICS: EvalRunStatus["metrics"] = { factAccuracy: null, abstentionRecall: null, falseAbstentionRate: null, hit5: null, citationPrecision: null };

/** What the live region says: the run's phase, not every question (that is the progress bar's job). */
function announcement(run: EvalRunStatus): string {
  const of = `${run.done} of ${run.total} questions`;
  if (run.state === "running") return `Running ${run.set} (${run.mode === "llm" ? "LLM" : "offline"})…`;
  if (run.state === "done") return `Finished ${run.set}: ${of}, saved as ${run.report ?? "a new report"}.`;
  if (run.state === "cancelled") return `${run.message ?? "Cancelled."} Stopped after ${of}; no report was written.`;
  return `The run failed after ${of}: ${run.message ?? "no reason given"}`;
}

/** Titles for the refusals a run request can meet; the server's message says the rest. */
const REFUSED: Partial<Record<number, string>> = {
  400: "The run was not started",
  401: "The admin token is not right",
  403: "Running sets is off",
  409: "A run is already going",
};

/** What to say when starting or cancelling a run failed. */
function problemText(error: unknown): string {
  const title = error instanceof ApiError ? REFUSED[error.status] : undefined;
  if (title) return `${title}. ${(error as ApiError).message}`;
  const { title: generic, detail } = describeProblem(error);
  return `${generic}. ${detail}`;
}

/** Follows a run's event stream until it ends; returns the function that stops following. */
function follow(id: string, onStatus: (status: EvalRunStatus) => void, onLost: () => void): () => void {
  const events = new EventSource(evalRunEventsUrl(id));
  const read = (event: MessageEvent<string>) => onStatus(JSON.parse(event.data) as EvalRunStatus);
  events.addEventListener("progress", read);
  events.addEventListener("end", (event) => {
    events.close();
    read(event);
  });
  // EventSource reconnects by itself after a dropped connection; closed means the server refused the stream.
  events.onerror = () => events.readyState === EventSource.CLOSED && onLost();
  return () => events.close();
}

export function RunSet({ onFinished }: { onFinished?: (report: string) => void }) {
  const info = useResource(fetchEvalRuns);
  const [set, setSet] = useState("");
  const [mode, setMode] = useState<Mode>("offline");
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? "");
  const [run, setRun] = useState<EvalRunStatus | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const stopFollowing = useRef<() => void>(() => {});
  const id = useId();

  const data = info.status === "ready" ? info.data : undefined;
  const chosenSet = set || (data?.sets.find((s) => s.name === "test") ?? data?.sets[0])?.name || "";

  function watch(status: EvalRunStatus, openWhenDone: boolean) {
    stopFollowing.current();
    setRun(status);
    stopFollowing.current = follow(
      status.id,
      (next) => {
        setRun(next);
        if (next.state === "done" && next.report) {
          onFinished?.(next.report);
          if (openWhenDone) navigate(compareHref(next.baseline, next.report));
        }
      },
      () => setProblem("Lost the run's progress stream; reload the page to see where it is."),
    );
  }

  // A run already going (started in another tab, or before a reload) is followed here too.
  useEffect(() => {
    if (data?.latest?.state === "running") watch(data.latest, false);
  }, [data]);
  useEffect(() => () => stopFollowing.current(), []);

  async function start(event: FormEvent) {
    event.preventDefault();
    setProblem(undefined);
    setBusy(true);
    try {
      const started = await startEvalRun({ set: chosenSet, mode }, token);
      sessionStorage.setItem(TOKEN_KEY, token);
      const now = new Date().toISOString();
      watch({ id: started.id, set: started.set, mode, state: "running", done: 0, total: started.total, metrics: NO_METRICS, startedAt: now, updatedAt: now }, true);
    } catch (error) {
      setProblem(problemText(error));
      // Someone else's run (another tab, another person): follow it here.
      if (error instanceof ApiError && error.status === 409) info.reload();
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    if (!run) return;
    setProblem(undefined);
    try {
      await cancelEvalRun(run.id, token);
    } catch (error) {
      setProblem(problemText(error));
    }
  }

  const running = run?.state === "running";
  const enabled = data?.enabled === true;
  return (
    <section aria-labelledby={`${id}-title`} className="run-set">
      <h2 id={`${id}-title`}>Run a set</h2>
      {info.status === "error" && <p className="run-set-off">Could not ask the server whether it runs sets.</p>}
      {data && !data.enabled && (
        <p className="run-set-off" role="note">
          Running sets is off on this server: it needs <code>CLAUSEWISE_ADMIN_TOKEN</code> set where the server runs, and that token entered here.
        </p>
      )}
      <form className="run-set-form" onSubmit={(event) => void start(event)} aria-label="Run a set">
        <fieldset disabled={!enabled || running || busy}>
          <legend className="sr-only">Set, mode and admin token</legend>
          <div className="run-set-field">
            <label htmlFor={`${id}-set`}>Set</label>
            <select id={`${id}-set`} value={chosenSet} onChange={(e) => setSet(e.target.value)}>
              {data?.sets.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name} ({s.questions} questions)
                </option>
              ))}
            </select>
          </div>
          <div className="run-set-field">
            <label htmlFor={`${id}-mode`}>Mode</label>
            <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
              <option value="offline">Offline (extractive)</option>
              <option value="llm" disabled={!data?.llm}>
                LLM{data?.llm ? "" : " (no LLM configured)"}
              </option>
            </select>
          </div>
          <div className="run-set-field">
            <label htmlFor={`${id}-token`}>Admin token</label>
            <input id={`${id}-token`} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required />
          </div>
          <button type="submit" className="button button-primary">
            Run
          </button>
        </fieldset>
      </form>
      {run && (
        <div className="run-set-progress">
          <div className="run-set-bar-row">
            <div
              className="run-set-bar"
              role="progressbar"
              aria-label={`Questions answered in the run of ${run.set}`}
              aria-valuemin={0}
              aria-valuemax={run.total}
              aria-valuenow={run.done}
              aria-valuetext={`${run.done} of ${run.total} questions`}
            >
              <div className={`run-set-fill run-set-fill-${run.state}`} style={{ width: `${run.total ? (run.done / run.total) * 100 : 0}%` }} />
            </div>
            <span className="run-set-count">
              {run.done} / {run.total}
            </span>
            {running && (
              <button type="button" className="button" onClick={() => void cancel()}>
                Cancel run
              </button>
            )}
          </div>
          <dl className="run-set-metrics" aria-label="Metrics so far">
            {RUNNING_METRICS.map(({ key, label }) => (
              <div key={key}>
                <dt>{label}</dt>
                <dd>{formatMetric(key, run.metrics[key])}</dd>
              </div>
            ))}
          </dl>
          {run.state === "done" && run.report && (
            <p>
              Saved as <code>{run.report}</code>.{" "}
              <Link href={compareHref(run.baseline, run.report)}>{run.baseline ? `Compare with ${run.baseline} →` : "Open it in the compare view →"}</Link>
            </p>
          )}
        </div>
      )}
      <p role="status" className="run-set-status">
        {run ? announcement(run) : ""}
      </p>
      {problem && (
        <p role="alert" className="run-set-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
