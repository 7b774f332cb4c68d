/**
 * Reads an eval report (/api/evals/latest, or a stored one) defensively: the
 * page shows whatever of it is well formed and skips the rest, so an older or
 * partial report still renders.
 */
import type { Metrics } from "../../../evals/metrics.ts";
import type { EvalReport, Failure } from "../../../evals/runner.ts";

export type MetricKey = keyof Metrics;

/** Headline metrics in display order; `better` says which direction is good. */
export const HEADLINE: Array<{ key: MetricKey; label: string; better: "higher" | "lower" }> = [
  { key: "hit5", label: "Retrieval hit@5", better: "higher" },
  { key: "mrr", label: "Retrieval MRR", better: "higher" },
  { key: "citationPrecision", label: "Citation precision", better: "higher" },
  { key: "factAccuracy", label: "Fact accuracy", better: "higher" },
  { key: "abstentionRecall", label: "Abstention recall", better: "higher" },
  { key: "falseAbstentionRate", label: "False abstentions", better: "lower" },
];

/** Metrics offered for the per-tag chart. */
export const TAG_METRICS: Array<{ key: MetricKey; label: string }> = [
  { key: "factAccuracy", label: "Fact accuracy" },
  { key: "hit5", label: "Hit@5" },
  { key: "citationPrecision", label: "Citation precision" },
  { key: "abstentionRecall", label: "Abstention recall" },
];

/** One question of a report, as the single-report view lists it. */
export interface ResultView {
  id: string;
  question: string;
  tags: string[];
  answerable: boolean;
  correct: boolean;
  abstained: boolean;
  /** "answer", "related" or "none" (server/contract.ts AnswerOutcome); kept as text so a newer one still shows. */
  outcome: string;
  answer: string;
  cited: string[];
  gold: string[];
  missingFacts: string[];
}

export interface ReportView {
  set?: string;
  mode?: string;
  model?: string;
  variant?: string;
  embedder?: string;
  generatedAt?: string;
  summary: Partial<Metrics>;
  byTag: Array<{ tag: string; metrics: Partial<Metrics> }>;
  failures: Failure[];
  results: ResultView[];
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

function metricsOf(value: unknown): Partial<Metrics> {
  if (!isRecord(value)) return {};
  const out: Record<string, number | null> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === "number" && Number.isFinite(v)) out[key] = v;
    else if (v === null) out[key] = null;
  }
  return out as Partial<Metrics>;
}

function failureOf(value: unknown): Failure | undefined {
  if (!isRecord(value) || typeof value.question !== "string") return undefined;
  const expected = isRecord(value.expected) ? value.expected : {};
  const got = isRecord(value.got) ? value.got : {};
  return {
    id: str(value.id) ?? "",
    question: value.question,
    tags: strings(value.tags),
    reasons: strings(value.reasons),
    expected: {
      answerable: expected.answerable !== false,
      citations: strings(expected.citations),
      facts: Array.isArray(expected.facts) ? (expected.facts as Failure["expected"]["facts"]) : [],
    },
    got: {
      abstained: got.abstained === true,
      cited: strings(got.cited),
      retrieved: strings(got.retrieved),
      answer: str(got.answer) ?? "",
    },
  };
}

function resultOf(value: unknown): ResultView | undefined {
  if (!isRecord(value) || typeof value.question !== "string") return undefined;
  return {
    id: str(value.id) ?? "",
    question: value.question,
    tags: strings(value.tags),
    answerable: value.answerable !== false,
    correct: value.correct === true,
    abstained: value.abstained === true,
    outcome: str(value.outcome) ?? "?",
    answer: str(value.answer) ?? "",
    cited: strings(value.cited),
    gold: strings(value.gold),
    missingFacts: strings(value.missingFacts),
  };
}

export function readReport(raw: unknown): ReportView | undefined {
  if (!isRecord(raw)) return undefined;
  const report = raw as Partial<Record<keyof EvalReport, unknown>>;
  const byTag = isRecord(report.byTag)
    ? Object.entries(report.byTag).map(([tag, m]) => ({ tag, metrics: metricsOf(m) }))
    : [];
  const failures = Array.isArray(report.failures) ? report.failures.map(failureOf).filter((f): f is Failure => f !== undefined) : [];
  const results = Array.isArray(report.results) ? report.results.map(resultOf).filter((r): r is ResultView => r !== undefined) : [];
  const summary = metricsOf(report.summary);
  if (Object.keys(summary).length === 0 && byTag.length === 0 && failures.length === 0 && results.length === 0) return undefined;
  return {
    set: str(report.set),
    mode: str(report.mode),
    model: str(report.model),
    variant: str(report.variant),
    embedder: str(report.embedder),
    generatedAt: str(report.generatedAt),
    summary,
    byTag,
    failures,
    results,
  };
}

/** 0.956 → "95.6%"; counts and latencies as plain numbers; missing as an en dash. */
export function formatMetric(key: MetricKey, value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (key.startsWith("latency")) return `${value.toFixed(1)} ms`;
  if (key === "questions" || key === "answerable" || key === "unanswerable") return String(value);
  return `${(value * 100).toFixed(1)}%`;
}

export function metricLabel(key: MetricKey): string {
  return HEADLINE.find((h) => h.key === key)?.label ?? key;
}

/**
 * Whether a question went right, in words: an answerable one is correct or
 * wrong; one the documents cannot answer is right only when the answer abstains.
 */
export function verdictOf(r: Pick<ResultView, "answerable" | "correct" | "abstained">): { ok: boolean; text: string } {
  if (r.answerable) return r.correct ? { ok: true, text: "✓ correct" } : { ok: false, text: r.abstained ? "✗ abstained wrongly" : "✗ wrong" };
  if (r.correct) return { ok: true, text: "✓ abstained rightly" };
  return { ok: false, text: r.abstained ? "✗ wrong" : "✗ should have abstained" };
}

export function factText(fact: Failure["expected"]["facts"][number]): string {
  return Array.isArray(fact) ? fact.join(" or ") : fact;
}
