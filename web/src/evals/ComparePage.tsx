/**
 * /evals/compare?a=…&b=…: two stored eval reports side by side — headline and
 * per-kind deltas, and every question that changed (improved, regressed, or
 * answered differently) with both answers and their citations. The comparison
 * is evals/compare.ts, the same code as `npm run eval -- --compare`, run here
 * in the browser on the two reports the server serves. The URL holds the
 * choice, so a comparison can be linked. With one report chosen (a run of a
 * set that has no baseline yet opens as ?b=… alone), the page shows that
 * report by itself: its headline and every question, right or wrong.
 */
import { useMemo, useState, type ReactNode } from "react";
import { compareReports, type AnswerSide, type MetricDelta, type QuestionDelta } from "../../../evals/compare.ts";
import type { EvalReport } from "../../../evals/runner.ts";
import { fetchEvalReport, fetchEvalReports, type EvalReportListing } from "../api/client.ts";
import { ProblemAlert } from "../api/ProblemAlert.tsx";
import { useResource, type Resource } from "../api/resource.ts";
import { AnswerText } from "../chat/AnswerText.tsx";
import { Link, navigate, type CompareFilter } from "../router.tsx";
import { formatMetric, HEADLINE, metricLabel, readReport, verdictOf, type ReportView, type ResultView } from "./report.ts";

export function compareHref(a?: string, b?: string, only?: CompareFilter): string {
  const params = new URLSearchParams();
  if (a) params.set("a", a);
  if (b) params.set("b", b);
  if (only) params.set("only", only);
  const query = params.toString();
  return `/evals/compare${query ? `?${query}` : ""}`;
}

function describeListing(r: EvalReportListing): string {
  const when = r.generatedAt ? new Date(r.generatedAt).toLocaleString() : "undated";
  return `${r.name} · ${r.mode === "llm" ? `LLM${r.model ? ` ${r.model}` : ""}` : "offline"} · ${r.questions} questions · ${when}`;
}

/** A stored report read as the comparison needs it; undefined when the file is not one. */
function asReport(value: unknown): EvalReport | undefined {
  const r = value as Partial<EvalReport> | null;
  return r && Array.isArray(r.results) && r.summary && typeof r.byTag === "object" ? (r as EvalReport) : undefined;
}

/** A table that may be wider than a phone: it scrolls inside a region the keyboard can reach. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

function Delta({ d }: { d: MetricDelta }) {
  if (d.delta === null || Math.abs(d.delta) < 5e-4) return <span className="delta delta-none">±0</span>;
  const better = d.higherIsBetter ? d.delta > 0 : d.delta < 0;
  return (
    <span className={better ? "delta delta-better" : "delta delta-worse"}>
      {d.delta > 0 ? "+" : "−"}
      {Math.abs(d.delta).toFixed(3)} <span className="sr-only">{better ? "(better)" : "(worse)"}</span>
      <span aria-hidden="true">{better ? "▲" : "▼"}</span>
    </span>
  );
}

/**
 * One report's answer to a question. In a comparison it is named A or B; alone
 * (`gold` given) it sets the cited ids beside the gold ones and says what the
 * verdict means for a question the documents cannot answer.
 */
function Side({ name, side, verdict, gold }: { name?: "A" | "B"; side: AnswerSide | undefined; verdict?: { ok: boolean; text: string }; gold?: string[] }) {
  if (!side) return <div className="compare-side compare-side-missing">Not in report {name}.</div>;
  const { ok, text } = verdict ?? { ok: side.correct, text: side.correct ? "✓ correct" : "✗ wrong" };
  return (
    <div className="compare-side">
      <p className="compare-side-head">
        {name && (
          <>
            <strong>{name}</strong>{" "}
          </>
        )}
        <span className={ok ? "verdict-ok" : "verdict-bad"}>{text}</span> · {side.outcome}
        {gold ? (
          <>
            {" "}
            · cites {side.cited.join(", ") || "nothing"} · gold {gold.join(", ") || "none"}
          </>
        ) : (
          side.cited.length > 0 && <> · cites {side.cited.join(", ")}</>
        )}
        {side.missingFacts.length > 0 && <> · missing {side.missingFacts.join(", ")}</>}
      </p>
      <AnswerText text={side.answer} citations={[]} />
    </div>
  );
}

/** A question as a collapsed row: a label, its id, the question and its kinds; the answers open below. */
function QuestionRow({ className, label, id, question, tags, children }: { className: string; label: ReactNode; id: string; question: string; tags: string[]; children: ReactNode }) {
  return (
    <li className={`compare-question ${className}`}>
      <details className="failure">
        <summary>
          {label}
          <span className="failure-id">{id}</span>
          <span className="failure-question">{question}</span>
          <span className="failure-tags">{tags.join(", ")}</span>
        </summary>
        {children}
      </details>
    </li>
  );
}

function ChangeRow({ q }: { q: QuestionDelta }) {
  return (
    <QuestionRow className={`change-${q.change}`} label={<span className="change-label">{q.change === "unchanged" ? "answer changed" : q.change}</span>} id={q.id} question={q.question} tags={q.tags}>
      <div className="compare-sides">
        <Side name="A" side={q.a} />
        <Side name="B" side={q.b} />
      </div>
    </QuestionRow>
  );
}

function ResultRow({ r }: { r: ResultView }) {
  const verdict = verdictOf(r);
  return (
    <QuestionRow
      className={verdict.ok ? "result-ok" : "result-bad"}
      label={<span className={`change-label ${verdict.ok ? "verdict-ok" : "verdict-bad"}`}>{verdict.text}</span>}
      id={r.id}
      question={r.question}
      tags={r.tags}
    >
      <Side side={r} verdict={verdict} gold={r.gold} />
    </QuestionRow>
  );
}

/** One report with nothing to compare it with: its headline and every question, or only the wrong ones. */
function SingleReport({ name, report, missing, onlyWrong, href }: { name: string; report: ReportView; missing: "A" | "B"; onlyWrong: boolean; href: (only?: CompareFilter) => string }) {
  const wrong = report.results.filter((r) => !r.correct).length;
  const shown = onlyWrong ? report.results.filter((r) => !r.correct) : report.results;
  return (
    <>
      <p className="compare-counts" data-testid="report-counts">
        <strong>{report.results.length}</strong> {report.results.length === 1 ? "question" : "questions"} · <strong>{report.results.length - wrong}</strong> correct · <strong>{wrong}</strong> wrong
      </p>
      <p className="evals-meta">
        Report <strong>{name}</strong> · set {report.set ?? "?"} · {report.mode === "llm" ? `LLM${report.model ? ` (${report.model})` : ""}` : "offline (extractive)"}
        {report.generatedAt && (
          <>
            {" "}
            · generated <time dateTime={report.generatedAt}>{new Date(report.generatedAt).toLocaleString()}</time>
          </>
        )}
      </p>
      <p className="compare-hint">{missing === "A" ? "No baseline chosen — pick one above to compare" : "No run to judge chosen — pick B above to compare"}</p>
      <section aria-labelledby="report-headline">
        <h2 id="report-headline">Headline</h2>
        <TableScroll label={`Headline metrics, ${name}`}>
          <table className="compare-table">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col" className="num">
                  Value
                </th>
              </tr>
            </thead>
            <tbody>
              {HEADLINE.map(({ key }) => (
                <tr key={key}>
                  <th scope="row">{metricLabel(key)}</th>
                  <td className="num">{formatMetric(key, report.summary[key])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section aria-labelledby="report-questions">
        <h2 id="report-questions">{onlyWrong ? `Wrong answers (${wrong})` : `Questions (${report.results.length})`}</h2>
        <label className="compare-filter">
          <input type="checkbox" checked={onlyWrong} onChange={(event) => navigate(href(event.target.checked ? "wrong" : undefined), {}, { replace: true })} />
          Show only wrong answers
        </label>
        {shown.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul className="failures">
            {shown.map((r, i) => (
              <ResultRow key={r.id || i} r={r} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function Picker({ label, value, reports, onChange }: { label: string; value?: string; reports: EvalReportListing[]; onChange: (name: string) => void }) {
  return (
    <label className="compare-picker">
      <span>{label}</span>
      <select aria-label={label} value={value ?? ""} onChange={(event) => onChange(event.target.value)}>
        <option value="" disabled>
          Choose a report…
        </option>
        {reports.map((r) => (
          <option key={r.name} value={r.name}>
            {describeListing(r)}
          </option>
        ))}
      </select>
    </label>
  );
}

function Problem({ resource }: { resource: Resource<unknown> & { reload: () => void } }) {
  return resource.status === "error" ? <ProblemAlert error={resource.error} onRetry={resource.reload} /> : null;
}

export function ComparePage({ a, b, only }: { a?: string; b?: string; only?: CompareFilter }) {
  const list = useResource(fetchEvalReports);
  const reportA = useResource((signal) => (a ? fetchEvalReport(a, signal) : Promise.resolve(undefined)), a ?? null);
  const reportB = useResource((signal) => (b ? fetchEvalReport(b, signal) : Promise.resolve(undefined)), b ?? null);
  const comparison = useMemo(() => {
    if (reportA.status !== "ready" || reportB.status !== "ready") return undefined;
    const [x, y] = [asReport(reportA.data), asReport(reportB.data)];
    return x && y ? compareReports(x, y) : undefined;
  }, [reportA, reportB]);

  // Exactly one report chosen: it is shown alone.
  const single = a && !b ? { name: a, resource: reportA, missing: "B" as const } : b && !a ? { name: b, resource: reportB, missing: "A" as const } : undefined;
  const singleReport = single?.resource.status === "ready" ? readReport(single.resource.data) : undefined;

  const reports = list.status === "ready" ? list.data : [];
  const shown = comparison?.questions.filter((q) => (only === "regressions" ? q.change === "regressed" : q.change !== "unchanged" || q.answerChanged)) ?? [];
  return (
    <div className="evals">
      <p className="evals-back">
        <Link href="/evals">← Latest report</Link>
      </p>
      <h1>Compare eval runs</h1>
      <p className="evals-lede">A is the baseline, B the run to judge: "improved" means B answers correctly where A did not.</p>
      <Problem resource={list} />
      <div className="compare-pickers">
        <Picker label="A (baseline)" value={a} reports={reports} onChange={(name) => navigate(compareHref(name, b, only), {}, { replace: true })} />
        <Picker label="B" value={b} reports={reports} onChange={(name) => navigate(compareHref(a, name, only), {}, { replace: true })} />
      </div>
      <Problem resource={reportA} />
      <Problem resource={reportB} />
      {(reportA.status === "loading" || reportB.status === "loading") && a && b && <p className="page-status">Loading the reports…</p>}
      {!comparison && reportA.status === "ready" && reportB.status === "ready" && a && b && <p className="page-status">One of these files is not an eval report.</p>}
      {single?.resource.status === "loading" && <p className="page-status">Loading the report…</p>}
      {single?.resource.status === "ready" &&
        (singleReport ? (
          <SingleReport
            key={single.name}
            name={single.name}
            report={singleReport}
            missing={single.missing}
            onlyWrong={only === "wrong"}
            href={(filter) => compareHref(a, b, filter)}
          />
        ) : (
          <p className="page-status">This file is not an eval report.</p>
        ))}
      {comparison && (
        <>
          <p className="compare-counts" data-testid="compare-counts">
            <strong>{comparison.counts.regressed}</strong> regressed · <strong>{comparison.counts.improved}</strong> improved ·{" "}
            {comparison.counts.unchanged} unchanged
            {comparison.counts.added + comparison.counts.removed > 0 && (
              <>
                {" "}
                · {comparison.counts.added} only in B · {comparison.counts.removed} only in A
              </>
            )}
          </p>
          <section aria-labelledby="compare-headline">
            <h2 id="compare-headline">Headline</h2>
            <TableScroll label="Headline metrics, A and B">
              <table className="compare-table">
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col" className="num">A</th>
                    <th scope="col" className="num">B</th>
                    <th scope="col" className="num">B − A</th>
                  </tr>
                </thead>
                <tbody>
                  {comparison.headline.map((d) => (
                    <tr key={d.metric}>
                      <th scope="row">{metricLabel(d.metric)}</th>
                      <td className="num">{formatMetric(d.metric, d.a)}</td>
                      <td className="num">{formatMetric(d.metric, d.b)}</td>
                      <td className="num">
                        <Delta d={d} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </section>
          <section aria-labelledby="compare-tags">
            <h2 id="compare-tags">By kind of question (fact accuracy)</h2>
            <TableScroll label="Fact accuracy by kind of question, A and B">
              <table className="compare-table">
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    <th scope="col" className="num">n</th>
                    <th scope="col" className="num">A</th>
                    <th scope="col" className="num">B</th>
                    <th scope="col" className="num">B − A</th>
                  </tr>
                </thead>
                <tbody>
                  {comparison.byTag.map((t) => {
                    const fact = t.metrics.find((m) => m.metric === "factAccuracy")!;
                    return (
                      <tr key={t.tag}>
                        <th scope="row">{t.tag}</th>
                        <td className="num">{t.b}</td>
                        <td className="num">{formatMetric("factAccuracy", fact.a)}</td>
                        <td className="num">{formatMetric("factAccuracy", fact.b)}</td>
                        <td className="num">
                          <Delta d={fact} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          </section>
          <section aria-labelledby="compare-questions">
            <h2 id="compare-questions">{only === "regressions" ? "Regressions" : "Questions that changed"}</h2>
            <label className="compare-filter">
              <input
                type="checkbox"
                checked={only === "regressions"}
                onChange={(event) => navigate(compareHref(a, b, event.target.checked ? "regressions" : undefined), {}, { replace: true })}
              />
              Show only regressions
            </label>
            {shown.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul className="failures">
                {shown.map((q) => (
                  <ChangeRow key={q.id} q={q} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
