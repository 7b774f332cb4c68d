/**
 * Two eval reports side by side, as `npm run eval -- --compare A.json B.json`
 * prints it: the headline metrics and each kind of question with their
 * deltas, and every question as improved, regressed or unchanged (matched by
 * id; a question in one report only is added or removed), with both answers
 * and their citations. B is the new run, A the baseline: "improved" means B
 * answers correctly where A did not.
 */
import { HEADLINE_METRICS, type Metrics } from "./metrics.ts";
import type { EvalReport } from "./runner.ts";

export type QuestionChange = "improved" | "regressed" | "unchanged" | "added" | "removed";

export interface AnswerSide {
  correct: boolean;
  outcome: string;
  answer: string;
  cited: string[];
  missingFacts: string[];
}

export interface QuestionDelta {
  id: string;
  question: string;
  tags: string[];
  change: QuestionChange;
  /** Unchanged in correctness but answered differently (another text or other citations). */
  answerChanged: boolean;
  a?: AnswerSide;
  b?: AnswerSide;
}

export interface MetricDelta {
  metric: keyof Metrics;
  higherIsBetter: boolean;
  a: number | null;
  b: number | null;
  /** b − a, or null when either is missing. */
  delta: number | null;
}

export interface ReportSide {
  set: string;
  mode: string;
  generatedAt: string;
  embedder: string;
  model?: string;
}

export interface ReportComparison {
  a: ReportSide;
  b: ReportSide;
  headline: MetricDelta[];
  byTag: Array<{ tag: string; a: number; b: number; metrics: MetricDelta[] }>;
  counts: Record<QuestionChange, number>;
  questions: QuestionDelta[];
}

function side(report: EvalReport): ReportSide {
  return { set: report.set, mode: report.mode, generatedAt: report.generatedAt, embedder: report.embedder, ...(report.model ? { model: report.model } : {}) };
}

function deltas(a: Metrics | undefined, b: Metrics | undefined): MetricDelta[] {
  return HEADLINE_METRICS.map(({ key, higherIsBetter }) => {
    const x = a?.[key] ?? null;
    const y = b?.[key] ?? null;
    return { metric: key, higherIsBetter, a: x, b: y, delta: x === null || y === null ? null : y - x };
  });
}

function answerSide(result: EvalReport["results"][number]): AnswerSide {
  return { correct: result.correct, outcome: result.outcome, answer: result.answer, cited: result.cited, missingFacts: result.missingFacts };
}

/** A's and B's results question by question: regressions first, then improvements, then the rest, each in A's order. */
export function compareReports(a: EvalReport, b: EvalReport): ReportComparison {
  const inB = new Map(b.results.map((r) => [r.id, r]));
  const inA = new Set(a.results.map((r) => r.id));
  const questions: QuestionDelta[] = [];
  for (const ra of a.results) {
    const rb = inB.get(ra.id);
    if (!rb) {
      questions.push({ id: ra.id, question: ra.question, tags: ra.tags, change: "removed", answerChanged: false, a: answerSide(ra) });
      continue;
    }
    const change: QuestionChange = ra.correct === rb.correct ? "unchanged" : rb.correct ? "improved" : "regressed";
    const answerChanged = ra.answer !== rb.answer || ra.cited.join() !== rb.cited.join();
    questions.push({ id: ra.id, question: rb.question, tags: rb.tags, change, answerChanged, a: answerSide(ra), b: answerSide(rb) });
  }
  for (const rb of b.results) {
    if (!inA.has(rb.id)) questions.push({ id: rb.id, question: rb.question, tags: rb.tags, change: "added", answerChanged: false, b: answerSide(rb) });
  }
  const order: Record<QuestionChange, number> = { regressed: 0, improved: 1, added: 2, removed: 3, unchanged: 4 };
  questions.sort((x, y) => order[x.change] - order[y.change]);
  const counts = { improved: 0, regressed: 0, unchanged: 0, added: 0, removed: 0 };
  for (const q of questions) counts[q.change]++;
  const tags = [...new Set([...Object.keys(a.byTag), ...Object.keys(b.byTag)])].sort();
  return {
    a: side(a),
    b: side(b),
    headline: deltas(a.summary, b.summary),
    byTag: tags.map((tag) => ({ tag, a: a.byTag[tag]?.questions ?? 0, b: b.byTag[tag]?.questions ?? 0, metrics: deltas(a.byTag[tag], b.byTag[tag]) })),
    counts,
    questions,
  };
}

const num = (v: number | null) => (v === null ? "–" : v.toFixed(3));
const signed = (d: MetricDelta) => {
  if (d.delta === null) return "–";
  if (Math.abs(d.delta) < 5e-4) return "0";
  const better = d.higherIsBetter ? d.delta > 0 : d.delta < 0;
  return `${d.delta > 0 ? "+" : "−"}${Math.abs(d.delta).toFixed(3)} ${better ? "▲" : "▼"}`;
};
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();

/** The comparison as Markdown; with `regressionsOnly`, only the questions B got wrong that A got right. */
export function renderComparison(c: ReportComparison, { regressionsOnly = false }: { regressionsOnly?: boolean } = {}): string {
  const label = (s: ReportSide) => `${s.set} (${s.mode}${s.model ? `, ${s.model}` : ""}, ${s.generatedAt.slice(0, 16).replace("T", " ")})`;
  const lines = [
    `# Eval comparison: A ${label(c.a)} → B ${label(c.b)}`,
    "",
    `${c.counts.regressed} regressed, ${c.counts.improved} improved, ${c.counts.unchanged} unchanged` +
      (c.counts.added || c.counts.removed ? `, ${c.counts.added} only in B, ${c.counts.removed} only in A` : ""),
    "",
    "| Metric | A | B | B − A |",
    "| --- | ---: | ---: | ---: |",
    ...c.headline.map((d) => `| ${d.metric} | ${num(d.a)} | ${num(d.b)} | ${signed(d)} |`),
    "",
    "| Kind of question | n (A / B) | fact accuracy A → B | abstention recall A → B | false abstentions A → B |",
    "| --- | ---: | --- | --- | --- |",
    ...c.byTag.map((t) => {
      const m = (key: keyof Metrics) => t.metrics.find((d) => d.metric === key)!;
      const pair = (d: MetricDelta) => `${num(d.a)} → ${num(d.b)} (${signed(d)})`;
      return `| ${t.tag} | ${t.a} / ${t.b} | ${pair(m("factAccuracy"))} | ${pair(m("abstentionRecall"))} | ${pair(m("falseAbstentionRate"))} |`;
    }),
    "",
    regressionsOnly ? "## Regressions" : "## Questions that changed",
    "",
  ];
  const shown = c.questions.filter((q) => (regressionsOnly ? q.change === "regressed" : q.change !== "unchanged" || q.answerChanged));
  if (shown.length === 0) lines.push("None.");
  for (const q of shown) {
    lines.push(`### ${q.change}${q.change === "unchanged" ? " (answer changed)" : ""}: ${q.id} · ${cell(q.question)}`, "");
    for (const [name, s] of [["A", q.a], ["B", q.b]] as const) {
      if (!s) continue;
      const missing = s.missingFacts.length ? `; missing ${s.missingFacts.join(", ")}` : "";
      lines.push(`- **${name}** ${s.correct ? "✓" : "✗"} ${s.outcome} [${s.cited.join(", ")}]${missing}: ${cell(s.answer).slice(0, 400)}`);
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
