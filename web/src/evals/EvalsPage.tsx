/** /evals: the latest eval report — headline metrics, a chart per tag, and every failure. */
import { useId, useState } from "react";
import { fetchEvalReports, fetchLatestEval } from "../api/client.ts";
import { ApiError } from "../api/errors.ts";
import { ProblemAlert } from "../api/ProblemAlert.tsx";
import { useResource } from "../api/resource.ts";
import { AnswerText } from "../chat/AnswerText.tsx";
import { Link } from "../router.tsx";
import { compareHref, TableScroll } from "./ComparePage.tsx";
import { RunSet } from "./RunSet.tsx";
import { factText, formatMetric, HEADLINE, readReport, TAG_METRICS, type MetricKey, type ReportView } from "./report.ts";

function Headline({ report }: { report: ReportView }) {
  const { summary } = report;
  return (
    <section aria-labelledby="headline-title">
      <h2 id="headline-title">Headline</h2>
      <p className="evals-counts">
        {summary.questions ?? "?"} questions · {summary.answerable ?? "?"} answerable · {summary.unanswerable ?? "?"} unanswerable
        {summary.latencyP50Ms != null && <> · median latency {formatMetric("latencyP50Ms", summary.latencyP50Ms)}</>}
      </p>
      <dl className="metric-grid">
        {HEADLINE.map(({ key, label, better }) => (
          <div key={key} className="metric-card">
            <dt>{label}</dt>
            <dd>{formatMetric(key, summary[key])}</dd>
            <dd className="metric-hint">{better === "higher" ? "higher is better" : "lower is better"}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function TagChart({ report }: { report: ReportView }) {
  const [metric, setMetric] = useState<MetricKey>(TAG_METRICS[0]!.key);
  const name = useId();
  const label = TAG_METRICS.find((m) => m.key === metric)?.label ?? metric;
  return (
    <section aria-labelledby="tags-title">
      <h2 id="tags-title">By tag</h2>
      <fieldset className="segmented">
        <legend className="sr-only">Metric to chart</legend>
        {TAG_METRICS.map((m) => (
          <label key={m.key} className={m.key === metric ? "is-checked" : undefined}>
            <input type="radio" name={name} value={m.key} checked={m.key === metric} onChange={() => setMetric(m.key)} />
            {m.label}
          </label>
        ))}
      </fieldset>
      <table className="tag-chart">
        <caption className="sr-only">{label} by question tag</caption>
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col" className="num">
              n
            </th>
            <th scope="col">{label}</th>
          </tr>
        </thead>
        <tbody>
          {report.byTag.map(({ tag, metrics }) => {
            const value = metrics[metric];
            return (
              <tr key={tag}>
                <th scope="row">{tag}</th>
                <td className="num">{metrics.questions ?? ""}</td>
                <td>
                  <div className="bar-cell">
                    <div className="bar-track" aria-hidden="true">
                      {typeof value === "number" && <div className="bar-fill" style={{ width: `${Math.max(0, Math.min(1, value)) * 100}%` }} />}
                    </div>
                    <span className="bar-value">{typeof value === "number" ? formatMetric(metric, value) : "n/a"}</span>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Failures({ report }: { report: ReportView }) {
  return (
    <section aria-labelledby="failures-title">
      <h2 id="failures-title">Failures ({report.failures.length})</h2>
      {report.failures.length === 0 ? (
        <p>None: every question passed.</p>
      ) : (
        <ul className="failures">
          {report.failures.map((f, i) => (
            <li key={f.id || i}>
              <details className="failure">
                <summary>
                  <span className="failure-id">{f.id}</span>
                  <span className="failure-question">{f.question}</span>
                  <span className="failure-tags">{f.tags.join(", ")}</span>
                </summary>
                <dl className="failure-detail">
                  <dt>Why</dt>
                  <dd>{f.reasons.join("; ") || "–"}</dd>
                  <dt>Expected</dt>
                  <dd>
                    {f.expected.answerable
                      ? `${f.expected.citations.join(", ") || "no citation"}${f.expected.facts.length ? `; facts: ${f.expected.facts.map(factText).join("; ")}` : ""}`
                      : "an abstention"}
                  </dd>
                  <dt>Got</dt>
                  <dd>
                    {f.got.abstained ? "an abstention; " : ""}cited {f.got.cited.join(", ") || "nothing"}; top retrieved {f.got.retrieved.slice(0, 5).join(", ") || "none"}
                  </dd>
                  <dt>Answer</dt>
                  <dd>{f.got.answer ? <AnswerText text={f.got.answer} citations={[]} /> : "(empty)"}</dd>
                </dl>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Every stored report, each opened alone from its name and comparable with the latest test report (or with the newest other one). */
function Reports() {
  const list = useResource(fetchEvalReports);
  if (list.status !== "ready" || list.data.length < 2) return null;
  const baseline = list.data.find((r) => r.name === "test") ?? list.data[list.data.length - 1]!;
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">Stored reports ({list.data.length})</h2>
      <p>
        <Link href={compareHref(baseline.name, list.data.find((r) => r.name !== baseline.name)!.name)}>Compare two runs side by side →</Link>
      </p>
      <TableScroll label="Stored reports">
        <table className="compare-table">
          <thead>
            <tr>
              <th scope="col">Report</th>
              <th scope="col">Mode</th>
              <th scope="col" className="num">Questions</th>
              <th scope="col" className="num">Fact accuracy</th>
              <th scope="col" className="num">False abstentions</th>
              <th scope="col">Generated</th>
              <th scope="col">
                <span className="sr-only">Compare</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((r) => (
              <tr key={r.name}>
                <th scope="row">
                  <Link href={compareHref(undefined, r.name)}>{r.name}</Link>
                </th>
                <td>{r.mode === "llm" ? `LLM${r.model ? ` (${r.model})` : ""}` : "offline"}</td>
                <td className="num">{r.questions}</td>
                <td className="num">{formatMetric("factAccuracy", r.summary.factAccuracy)}</td>
                <td className="num">{formatMetric("falseAbstentionRate", r.summary.falseAbstentionRate)}</td>
                <td>{r.generatedAt ? <time dateTime={r.generatedAt}>{new Date(r.generatedAt).toLocaleString()}</time> : "–"}</td>
                <td>{r.name !== baseline.name && <Link href={compareHref(baseline.name, r.name)}>vs {baseline.name}</Link>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

export function EvalsPage() {
  const resource = useResource(fetchLatestEval);
  // A run finished from this page: the list of stored reports loads again to show its report.
  const [lastRun, setLastRun] = useState<string | undefined>(undefined);
  let body;
  if (resource.status === "loading") body = <p className="page-status">Loading the latest report…</p>;
  else if (resource.status === "error") {
    const notFound = resource.error instanceof ApiError && resource.error.status === 404;
    body = notFound ? (
      <p className="page-status">No eval report yet. Run <code>npm run eval</code> to write one.</p>
    ) : (
      <ProblemAlert error={resource.error} onRetry={resource.reload} />
    );
  } else {
    const report = readReport(resource.data);
    body = report ? (
      <>
        <p className="evals-meta">
          Set <strong>{report.set ?? "?"}</strong> · {report.mode === "llm" ? `LLM${report.model ? ` (${report.model})` : ""}` : "offline (extractive)"}
          {report.variant && report.variant !== "default" && <> · retrieval {report.variant}</>}
          {report.generatedAt && (
            <>
              {" "}
              · generated <time dateTime={report.generatedAt}>{new Date(report.generatedAt).toLocaleString()}</time>
            </>
          )}
        </p>
        <Headline report={report} />
        {report.byTag.length > 0 && <TagChart report={report} />}
        <Failures report={report} />
        <Reports key={lastRun} />
      </>
    ) : (
      <p className="page-status">The report could not be read.</p>
    );
  }
  return (
    <div className="evals">
      <h1>Evaluation</h1>
      <p className="evals-lede">How well Clausewise answers a fixed set of questions written from the documents.</p>
      {body}
      <RunSet onFinished={setLastRun} />
    </div>
  );
}
