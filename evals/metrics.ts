/**
 * Scoring: one question's answer against its gold (`scoreAnswer`), and a
 * list of scored questions into rates (`summarize`). Pure functions, so the
 * gate test can check them on hand-made inputs.
 *
 * Denominators:
 * - retrieval (hit@1, hit@5, recall@5, MRR): answerable questions, ranked by `answer.retrieved`;
 *   recall@5 divides by min(gold, 5) so a question with seven gold clauses can still reach 1;
 * - citation precision and hit: answerable questions that were answered (not abstained);
 *   precision is the share of cited ids that are gold, 0 for an answer that cites nothing;
 * - citation recall: answered questions tagged multi-clause;
 * - fact accuracy: answerable questions (abstaining counts as wrong);
 * - abstention recall: unanswerable questions; false-abstention rate: answerable questions.
 */
import type { Answer, AnswerMode, AnswerOutcome } from "../server/contract.ts";
import type { EvalItem } from "./eval-set.ts";
import { containsText, describeFact, missingFacts } from "./facts.ts";

export interface ScoredAnswer {
  id: string;
  question: string;
  tags: string[];
  answerable: boolean;
  gold: string[];
  /** Retrieved ids, best first (first 10). */
  retrieved: string[];
  cited: string[];
  abstained: boolean;
  outcome: AnswerOutcome;
  answer: string;
  /** Who produced the answer: "extractive" in LLM mode means the LLM failed and the offline answer stood in. */
  answeredBy: AnswerMode;
  notice?: string;
  latencyMs: number;
  /** Facts the answer lacks, as written in the set ("a | b" for alternatives). */
  missingFacts: string[];
  /** Forbidden strings the answer contains. */
  forbiddenSaid: string[];
  /** Set when answering threw instead of returning. */
  error?: string;
  hit1: boolean;
  hit5: boolean;
  recall5: number;
  reciprocalRank: number;
  citationPrecision: number;
  citationHit: boolean;
  citationRecall: number;
  /** Answerable: all facts present, nothing forbidden, not abstained. Unanswerable: abstained, nothing forbidden. */
  correct: boolean;
}

export interface Metrics {
  questions: number;
  answerable: number;
  unanswerable: number;
  hit1: number | null;
  hit5: number | null;
  recall5: number | null;
  mrr: number | null;
  citationPrecision: number | null;
  citationHit: number | null;
  citationRecallMulti: number | null;
  factAccuracy: number | null;
  abstentionRecall: number | null;
  falseAbstentionRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

/** The metrics the CI gate holds to the baseline, and which way is better. */
export const HEADLINE_METRICS = [
  { key: "hit5", higherIsBetter: true },
  { key: "mrr", higherIsBetter: true },
  { key: "citationPrecision", higherIsBetter: true },
  { key: "factAccuracy", higherIsBetter: true },
  { key: "abstentionRecall", higherIsBetter: true },
  { key: "falseAbstentionRate", higherIsBetter: false },
] as const satisfies ReadonlyArray<{ key: keyof Metrics; higherIsBetter: boolean }>;

export function scoreAnswer(item: EvalItem, answer: Answer, latencyMs: number): ScoredAnswer {
  const gold = new Set(item.citations);
  const retrieved = answer.retrieved.map((r) => r.id);
  const cited = [...new Set(answer.citations.map((c) => c.id))];
  const top5 = retrieved.slice(0, 5);
  const firstGold = retrieved.findIndex((id) => gold.has(id));
  const citedGold = cited.filter((id) => gold.has(id)).length;
  const missing = item.answerable ? missingFacts(answer.answer, item.facts).map(describeFact) : [];
  const forbiddenSaid = (item.forbidden ?? []).filter((f) => containsText(answer.answer, f));
  const correct = item.answerable
    ? !answer.abstained && missing.length === 0 && forbiddenSaid.length === 0
    : answer.abstained && forbiddenSaid.length === 0;
  return {
    id: item.id,
    question: item.question,
    tags: item.tags,
    answerable: item.answerable,
    gold: item.citations,
    retrieved: retrieved.slice(0, 10),
    cited,
    abstained: answer.abstained,
    outcome: answer.outcome ?? (answer.abstained ? "none" : "answer"),
    answer: answer.answer,
    answeredBy: answer.mode,
    ...(answer.notice ? { notice: answer.notice } : {}),
    latencyMs,
    missingFacts: missing,
    forbiddenSaid,
    hit1: gold.has(retrieved[0] ?? ""),
    hit5: top5.some((id) => gold.has(id)),
    recall5: gold.size ? top5.filter((id) => gold.has(id)).length / Math.min(gold.size, 5) : 0,
    reciprocalRank: firstGold >= 0 ? 1 / (firstGold + 1) : 0,
    citationPrecision: cited.length ? citedGold / cited.length : 0,
    citationHit: citedGold > 0,
    citationRecall: gold.size ? citedGold / gold.size : 0,
    correct,
  };
}

/** What a question that threw scores: an abstention with the error recorded. */
export function scoreError(item: EvalItem, error: unknown, latencyMs: number): ScoredAnswer {
  const failed: Answer = { answer: "", citations: [], abstained: true, outcome: "none", mode: "extractive", retrieved: [] };
  return { ...scoreAnswer(item, failed, latencyMs), correct: false, error: (error as Error)?.message ?? String(error) };
}

/** Rates keep four decimals: enough for a 0.02 gate, and stable in committed reports. */
const round = (value: number, places = 4) => Number(value.toFixed(places));

function mean(values: number[]): number | null {
  return values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

const share = (flags: boolean[]) => mean(flags.map((f) => (f ? 1 : 0)));

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarize(results: ScoredAnswer[]): Metrics {
  const answerable = results.filter((r) => r.answerable && r.gold.length > 0);
  const unanswerable = results.filter((r) => !r.answerable);
  const answered = answerable.filter((r) => !r.abstained);
  const multi = answered.filter((r) => r.tags.includes("multi-clause"));
  const latencies = results.map((r) => r.latencyMs);
  return {
    questions: results.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hit1: share(answerable.map((r) => r.hit1)),
    hit5: share(answerable.map((r) => r.hit5)),
    recall5: mean(answerable.map((r) => r.recall5)),
    mrr: mean(answerable.map((r) => r.reciprocalRank)),
    citationPrecision: mean(answered.map((r) => r.citationPrecision)),
    citationHit: share(answered.map((r) => r.citationHit)),
    citationRecallMulti: mean(multi.map((r) => r.citationRecall)),
    factAccuracy: share(answerable.map((r) => r.correct)),
    abstentionRecall: share(unanswerable.map((r) => r.correct)),
    falseAbstentionRate: share(answerable.map((r) => r.abstained)),
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
  };
}

export function summarizeByTag(results: ScoredAnswer[]): Record<string, Metrics> {
  const tags = [...new Set(results.flatMap((r) => r.tags))].sort();
  return Object.fromEntries(tags.map((tag) => [tag, summarize(results.filter((r) => r.tags.includes(tag)))]));
}

/** An answer that opens with a yes/no verdict ("Yes.", "No."): a person checks each against its quote. */
export function verdictOf(r: Pick<ScoredAnswer, "outcome" | "answer">): string | undefined {
  if (r.outcome !== "answer") return undefined;
  return /^\s*(?:\*\*)?(yes|no)\b[.,!]?/i.exec(r.answer)?.[1];
}

/** Why a question failed, in words; empty when it passed. */
export function failureReasons(r: ScoredAnswer): string[] {
  if (r.error) return [`error: ${r.error}`];
  const reasons: string[] = [];
  if (!r.answerable) {
    if (!r.abstained) reasons.push("answered a question the documents do not answer");
  } else {
    if (r.abstained) reasons.push("abstained");
    if (!r.abstained && r.missingFacts.length) reasons.push(`missing facts: ${r.missingFacts.join("; ")}`);
    if (!r.abstained && !r.citationHit) reasons.push("cited no gold chunk");
  }
  if (r.forbiddenSaid.length) reasons.push(`said forbidden: ${r.forbiddenSaid.join("; ")}`);
  return reasons;
}

/** A headline metric that got worse than the baseline by more than `tolerance`. */
export interface Regression {
  metric: string;
  baseline: number;
  current: number | null;
}

export function regressions(current: Metrics, baseline: Metrics, tolerance = 0.02): Regression[] {
  const out: Regression[] = [];
  for (const { key, higherIsBetter } of HEADLINE_METRICS) {
    const base = baseline[key];
    if (base === null) continue;
    const now = current[key];
    // The epsilon keeps a drop of exactly `tolerance` from failing on float rounding.
    const slack = tolerance + 1e-9;
    const worse = now === null || (higherIsBetter ? now < base - slack : now > base + slack);
    if (worse) out.push({ metric: key, baseline: base, current: now });
  }
  return out;
}
