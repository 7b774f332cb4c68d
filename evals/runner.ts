/**
 * Runs an eval set through an answerer in-process and scores it. The
 * answerer is a function, so the same loop measures the extractive engine
 * (any retrieval variant) and the LLM pipeline; latency is timed around the
 * answer call alone.
 */
import { basename } from "node:path";
import { ANSWER_OUTCOMES, type Answer, type Turn } from "../server/contract.ts";
import type { Engine } from "../server/engine.ts";
import type { RetrievalVariant } from "../server/retrieval/hybrid.ts";
import { checkEvalSet, EvalSetError, uncoveredChunks, type EvalItem } from "./eval-set.ts";
import { summarizeJudgements, type Judge, type Judgement, type JudgeSummary } from "./judge.ts";
import {
  failureReasons,
  scoreAnswer,
  scoreError,
  summarize,
  summarizeByTag,
  verdictOf,
  type Metrics,
  type ScoredAnswer,
} from "./metrics.ts";

export type Answerer = (question: string, options: { history: Turn[] }) => Promise<Answer>;
export type EvalMode = "extractive" | "llm";

export const VARIANTS: RetrievalVariant[] = ["bm25", "dense", "hybrid", "hybrid+refs"];

export function extractiveAnswerer(engine: Engine, variant?: RetrievalVariant): Answerer {
  return (question, { history }) => engine.answer(question, { history, variant });
}

type AnswerWithLlm = (engine: Engine, question: string, options: { history?: Turn[] }) => Promise<Answer>;

/** The LLM pipeline as an answerer; loaded on demand so offline runs never touch it. */
export async function llmAnswerer(engine: Engine): Promise<Answerer> {
  if (!engine.config.llm) {
    throw new EvalSetError("--mode llm needs an LLM: set OPENAI_BASE_URL (and OPENAI_API_KEY if the server wants one)");
  }
  const modulePath = "../server/answer/llm.ts";
  const { answerWithLlm } = (await import(modulePath)) as { answerWithLlm: AnswerWithLlm };
  return (question, { history }) => answerWithLlm(engine, question, { history });
}

export interface Failure {
  id: string;
  question: string;
  tags: string[];
  reasons: string[];
  expected: { answerable: boolean; citations: string[]; facts: EvalItem["facts"] };
  got: { abstained: boolean; cited: string[]; retrieved: string[]; answer: string };
}

export interface Verdict {
  id: string;
  question: string;
  verdict: string;
  answer: string;
  /** Whether the set expected this question to be answered (false: a verdict on an unanswerable question). */
  answerable: boolean;
  correct: boolean;
}

export interface EvalReport {
  /** Set name: the file name without .jsonl ("dev", "test"). */
  set: string;
  mode: EvalMode;
  variant: RetrievalVariant | "default";
  embedder: string;
  /** LLM mode: the model and the endpoint it was reached at (a loopback URL means a local server or stub). */
  model?: string;
  endpoint?: string;
  /** LLM mode: answers where the LLM failed and the extractive answer stood in. */
  fallbacks?: number;
  generatedAt: string;
  /** Chunks of the corpus that no question in this set cites as gold. */
  uncovered: string[];
  /** With --judge: the LLM judge's faithfulness column (per answer in `results[].faithfulness`). */
  judge?: JudgeSummary;
  summary: Metrics;
  byTag: Record<string, Metrics>;
  failures: Failure[];
  /** Answers that open with a yes/no verdict, for a person to check against the quote (a wrong "Yes." is the worst error). */
  verdicts: Verdict[];
  /** How many answers had each outcome. */
  outcomes: Record<string, number>;
  results: Array<ScoredAnswer & { faithfulness?: number | null }>;
}

export interface RunOptions {
  set: string;
  mode: EvalMode;
  variant?: RetrievalVariant;
  answerer: Answerer;
  /** Grades each cited answer's faithfulness to its chunks (LLM-as-judge). */
  judge?: Judge;
  /** Stops the run between questions (and an answer in flight, if the answerer heeds it): the run rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Told after each question, with every result so far (the server streams a run's progress from it). */
  onProgress?: (progress: { done: number; total: number; results: readonly ScoredAnswer[] }) => void;
}

export function setName(path: string): string {
  return basename(path).replace(/\.jsonl$/, "");
}

/** The LLM endpoint without any credentials a URL might carry. */
function endpointOf(baseURL: string | undefined): string {
  const url = new URL(baseURL ?? "https://api.openai.com/v1");
  url.username = "";
  url.password = "";
  return url.toString();
}

export async function runEvalSet(engine: Engine, items: EvalItem[], options: RunOptions): Promise<EvalReport> {
  const problems = checkEvalSet(items, engine.chunkById);
  if (problems.length) throw new EvalSetError(`eval set ${options.set} has wrong gold answers:\n  ${problems.join("\n  ")}`);
  const results: Array<ScoredAnswer & { faithfulness?: number | null }> = [];
  const judgements: Judgement[] = [];
  for (const item of items) {
    options.signal?.throwIfAborted();
    const started = performance.now();
    const elapsed = () => Number((performance.now() - started).toFixed(2));
    let answer;
    try {
      answer = await options.answerer(item.question, { history: item.history });
    } catch (error) {
      options.signal?.throwIfAborted();
      results.push(scoreError(item, error, elapsed()));
      options.onProgress?.({ done: results.length, total: items.length, results });
      continue;
    }
    const scored: ScoredAnswer & { faithfulness?: number | null } = scoreAnswer(item, answer, elapsed());
    if (options.judge && !answer.abstained && answer.citations.length > 0) {
      const judgement = await options.judge(answer, engine.chunkById);
      judgements.push(judgement);
      scored.faithfulness = judgement.faithful;
    }
    results.push(scored);
    options.onProgress?.({ done: results.length, total: items.length, results });
  }
  const byId = new Map(items.map((item) => [item.id, item]));
  const failures: Failure[] = results.flatMap((r) => {
    const reasons = failureReasons(r);
    if (reasons.length === 0) return [];
    const item = byId.get(r.id)!;
    return [{
      id: r.id,
      question: r.question,
      tags: r.tags,
      reasons,
      expected: { answerable: item.answerable, citations: item.citations, facts: item.facts },
      got: { abstained: r.abstained, cited: r.cited, retrieved: r.retrieved.slice(0, 5), answer: r.answer },
    }];
  });
  return {
    set: options.set,
    mode: options.mode,
    variant: options.variant ?? "default",
    embedder: engine.embedder.id,
    ...(options.mode === "llm"
      ? {
          model: engine.config.llm?.model,
          endpoint: endpointOf(engine.config.llm?.baseURL),
          fallbacks: results.filter((r) => r.answeredBy !== "llm").length,
        }
      : {}),
    generatedAt: new Date().toISOString(),
    uncovered: uncoveredChunks(items, engine.corpus.chunks),
    ...(options.judge ? { judge: summarizeJudgements(judgements) } : {}),
    summary: summarize(results),
    byTag: summarizeByTag(results),
    failures,
    verdicts: results.flatMap((r) => {
      const verdict = verdictOf(r);
      return verdict ? [{ id: r.id, question: r.question, verdict, answer: r.answer, answerable: r.answerable, correct: r.correct }] : [];
    }),
    outcomes: Object.fromEntries(ANSWER_OUTCOMES.map((o) => [o, results.filter((r) => r.outcome === o).length])),
    results,
  };
}
