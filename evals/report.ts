/**
 * Markdown for people: one eval report (summary against the issue's targets,
 * a per-tag table, the failures) and the side-by-side ablation table.
 */
import type { Metrics } from "./metrics.ts";
import type { EvalReport } from "./runner.ts";
import { describeFact } from "./facts.ts";

/** The targets for offline mode on `test` (issue #3 for retrieval; issue #8 for answers on held-out questions). */
export const TARGETS: Partial<Record<keyof Metrics, { min?: number; max?: number }>> = {
  hit5: { min: 0.95 },
  mrr: { min: 0.85 },
  citationPrecision: { min: 0.85 },
  factAccuracy: { min: 0.85 },
  abstentionRecall: { min: 0.85 },
  falseAbstentionRate: { max: 0.08 },
};

const ROWS: Array<[keyof Metrics, string]> = [
  ["hit1", "Retrieval hit@1"],
  ["hit5", "Retrieval hit@5"],
  ["recall5", "Retrieval recall@5"],
  ["mrr", "Retrieval MRR"],
  ["citationPrecision", "Citation precision"],
  ["citationHit", "Citation hit"],
  ["citationRecallMulti", "Citation recall (multi-clause)"],
  ["factAccuracy", "Fact accuracy"],
  ["abstentionRecall", "Abstention recall"],
  ["falseAbstentionRate", "False-abstention rate"],
  ["latencyP50Ms", "Latency p50 (ms)"],
  ["latencyP95Ms", "Latency p95 (ms)"],
];

export function formatMetric(key: keyof Metrics, value: number | null): string {
  if (value === null) return "–";
  return key.startsWith("latency") ? value.toFixed(1) : value.toFixed(3);
}

function targetText(key: keyof Metrics, value: number | null): string {
  const target = TARGETS[key];
  if (!target) return "";
  const [text, met] =
    target.min !== undefined ? [`≥ ${target.min}`, value !== null && value >= target.min] : [`≤ ${target.max}`, value !== null && value <= target.max!];
  return `${text} ${met ? "✓" : "✗"}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

function clip(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function summaryTable(report: Pick<EvalReport, "summary">): string {
  const lines = ["| Metric | Value | Target |", "| --- | ---: | --- |"];
  for (const [key, label] of ROWS) lines.push(`| ${label} | ${formatMetric(key, report.summary[key])} | ${targetText(key, report.summary[key])} |`);
  return lines.join("\n");
}

export function tagTable(byTag: Record<string, Metrics>): string {
  const lines = [
    "| Tag | n | hit@5 | MRR | cit. precision | fact acc. | abstention recall | false abst. |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const [tag, m] of Object.entries(byTag)) {
    const cols = (["hit5", "mrr", "citationPrecision", "factAccuracy", "abstentionRecall", "falseAbstentionRate"] as const).map((k) => formatMetric(k, m[k]));
    lines.push(`| ${tag} | ${m.questions} | ${cols.join(" | ")} |`);
  }
  return lines.join("\n");
}

export function renderReport(report: EvalReport): string {
  const s = report.summary;
  const out = [
    `# Eval report: ${report.set} (${report.mode}${report.model ? `, ${report.model}` : ""}, retrieval ${report.variant})`,
    "",
    `Generated ${report.generatedAt} with embedder \`${report.embedder}\`. ${s.questions} questions: ${s.answerable} answerable, ${s.unanswerable} unanswerable.`,
    ...(report.mode === "llm"
      ? [`LLM \`${report.model}\` at ${report.endpoint}; ${report.fallbacks} of ${s.questions} answers fell back to the extractive answer.`]
      : []),
    report.uncovered.length ? `Chunks this set does not cite: ${report.uncovered.join(", ")}.` : "This set cites every chunk of the corpus.",
    ...(report.judge
      ? [
          "",
          `LLM judge (${report.judge.promptVersion}): mean faithfulness of cited answers to their chunks ` +
            `${report.judge.meanFaithfulness ?? "–"} over ${report.judge.graded} graded answers` +
            (report.judge.unreadable ? ` (${report.judge.unreadable} replies unreadable)` : "") +
            ". A model's judgement, not an exact metric.",
        ]
      : []),
    "",
    "## Summary",
    "",
    summaryTable(report),
    "",
    "## By tag",
    "",
    tagTable(report.byTag),
    "",
    `Outcomes: ${Object.entries(report.outcomes ?? {}).map(([o, n]) => `${o} ${n}`).join(", ")}.`,
    "",
    `## Yes/no verdicts to review (${report.verdicts?.length ?? 0})`,
    "",
    "Every answer that opens with a verdict, with the quote it rests on: check that the quote states it outright.",
    "",
    ...(report.verdicts?.length ? report.verdicts.map((v) => `- **${v.id}** ${v.correct ? "" : "✗ "}${v.question} → ${v.answer.replace(/\s*\n+\s*/g, " ").slice(0, 400)}`) : ["None."]),
    "",
    `## Failures (${report.failures.length})`,
    "",
  ];
  if (report.failures.length === 0) out.push("None.");
  for (const f of report.failures) {
    const expected = f.expected.answerable
      ? `${f.expected.citations.join(", ")}; facts: ${f.expected.facts.map(describeFact).join("; ") || "–"}`
      : "abstain";
    out.push(
      `### ${f.id} · ${f.tags.join(", ")}`,
      "",
      `- **Question:** ${cell(f.question)}`,
      `- **Why:** ${cell(f.reasons.join("; "))}`,
      `- **Expected:** ${cell(expected)}`,
      `- **Got:** ${f.got.abstained ? "(abstained) " : ""}cited ${f.got.cited.join(", ") || "nothing"}; top-5 retrieved ${f.got.retrieved.join(", ") || "none"}`,
      `- **Answer:** ${cell(clip(f.got.answer)) || "(empty)"}`,
      "",
    );
  }
  return `${out.join("\n").trimEnd()}\n`;
}

export function ablationTable(reports: EvalReport[]): string {
  const header = `| Metric | ${reports.map((r) => r.variant).join(" | ")} |`;
  const rule = `| --- | ${reports.map(() => "---:").join(" | ")} |`;
  const rows = ROWS.map(([key, label]) => `| ${label} | ${reports.map((r) => formatMetric(key, r.summary[key])).join(" | ")} |`);
  return [header, rule, ...rows].join("\n");
}

export function renderAblation(reports: EvalReport[]): string {
  const first = reports[0]!;
  return [
    `# Retrieval ablation on ${first.set} (${first.mode})`,
    "",
    `Generated ${first.generatedAt} with embedder \`${first.embedder}\`; ${first.summary.questions} questions. ` +
      "bm25 = lexical only, dense = word-vector index only, hybrid = both fused by reciprocal rank, " +
      "hybrid+refs = hybrid plus query understanding: exact clause/section/paragraph references, paraphrase expansion and the document a question names (the engine's default).",
    "",
    ablationTable(reports),
    "",
  ].join("\n");
}
