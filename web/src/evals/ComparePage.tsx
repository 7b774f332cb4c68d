/**
 * /evals/compare?a=…&b=…: two stored eval reports side by side — headline and
 * per-kind deltas, and every question that changed (improved, regressed, or
 * answered differently) with both answers and their citations. The comparison
 * is evals/compare.ts, the same code as `npm run eval -- --compare`, run here
 * in the browser on the two reports the server serves. The URL holds the
 * choice, so a comparison can be linked.
 */
import { useMemo, type ReactNode } from "react";
import { compareReports, type AnswerSide, type MetricDelta, type QuestionDelta } from "../../../evals/compare.ts";
import type { EvalReport } from "../../../evals/runner.ts";
import { fetchEvalReport, fetchEvalReports, type EvalReportListing } from "../api/client.ts";
import { ProblemAlert } from "../api/ProblemAlert.tsx";
import { useResource, type Resource } from "../api/resource.ts";
import { AnswerText } from "../chat/AnswerText.tsx";
import { Link, navigate } from "../router.tsx";
import { formatMetric, HEADLINE } from "./report.ts";

export function compareHref(a?: string, b?: string, only?: "regressions"): string {
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

function Side({ name, side }: { name: "A" | "B"; side: AnswerSide | undefined }) {
  if (!side) return <div className="compare-side compare-side-missing">Not in report {name}.</div>;
  return (
    <div className="compare-side">
      <p className="compare-side-head">
        <strong>{name}</strong> <span className={side.correct ? "verdict-ok" : "verdict-bad"}>{side.correct ? "✓ correct" : "✗ wrong"}</span> · {side.outcome}
        {side.cited.length > 0 && <> · cites {side.cited.join(", ")}</>}
        {side.missingFacts.length > 0 && <> · missing {side.missingFacts.join(", ")}</>}
      </p>
      <AnswerText text={side.answer} citations={[]} />
    </div>
  );
}

function QuestionRow({ q }: { q: QuestionDelta }) {
  return (
    <li className={`compare-question change-${q.change}`}>
      <details className="failure">
        <summary>
          <span className="change-label">{q.change === "unchanged" ? "answer changed" : q.change}</span>
          <span className="failure-id">{q.id}</span>
          <span className="failure-question">{q.question}</span>
          <span className="failure-tags">{q.tags.join(", ")}</span>
        </summary>
        <div className="compare-sides">
          <Side name="A" side={q.a} />
          <Side name="B" side={q.b} />
        </div>
      </details>
    </li>
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

export function ComparePage({ a, b, only }: { a?: string; b?: string; only?: "regressions" }) {
  const list = useResource(fetchEvalReports);
  const reportA = useResource((signal) => (a ? fetchEvalReport(a, signal) : Promise.resolve(undefined)), a ?? null);
  const reportB = useResource((signal) => (b ? fetchEvalReport(b, signal) : Promise.resolve(undefined)), b ?? null);
  const comparison = useMemo(() => {
    if (reportA.status !== "ready" || reportB.status !== "ready") return undefined;
    const [x, y] = [asReport(reportA.data), asReport(reportB.data)];
    return x && y ? compareReports(x, y) : undefined;
  }, [reportA, reportB]);

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
                      <th scope="row">{HEADLINE.find((h) => h.key === d.metric)?.label ?? d.metric}</th>
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
                  <QuestionRow key={q.id} q={q} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
