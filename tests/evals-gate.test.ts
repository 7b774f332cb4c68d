import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../server/contract.ts";
import type { Engine } from "../server/engine.ts";
import { loadCorpus } from "../corpus/load.ts";
import { checkEvalSet, EVAL_TAGS, loadEvalSet, parseEvalSet, uncoveredChunks, type EvalItem } from "../evals/eval-set.ts";
import { factPresent, foldForMatch, missingFacts } from "../evals/facts.ts";
import { percentile, regressions, scoreAnswer, summarize, type Metrics } from "../evals/metrics.ts";
import { extractiveAnswerer, llmAnswerer, runEvalSet, type EvalReport } from "../evals/runner.ts";
import { STRESS_KINDS, STRESS_SEED, stressSet } from "../evals/stress.ts";
import { startOpenAIStub, type OpenAIStub } from "./support/openai-stub.ts";
import { ROOT, testEngine } from "./support/engine.ts";

const SETS = ["dev", "test", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9", "holdout10", "holdout11", "holdout12"] as const;
const setPath = (set: string) => join(ROOT, "evals/sets", `${set}.jsonl`);
const baselinePath = (set: string) => join(ROOT, "evals/reports", `${set}.json`);

function item(overrides: Partial<EvalItem>): EvalItem {
  return { id: "x", question: "q?", answerable: true, citations: [], facts: [], tags: ["factual"], history: [], ...overrides };
}

function answer(overrides: Partial<Answer>): Answer {
  return { answer: "", citations: [], abstained: false, outcome: "answer", mode: "extractive", retrieved: [], ...overrides };
}

const cite = (id: string) => ({ id, label: id, quote: "" });
const ranked = (...ids: string[]) => ids.map((id, i) => ({ id, score: 1 - i / 10 }));

describe("fact matching", () => {
  it.each([
    ["case", "Visa exemption under UNCLOS", "unclos"],
    ["diacritics", "Deputy Minister Lê Thị Thu Hằng said", "Le Thi Thu Hang"],
    ["đ", "Điều 19", "dieu 19"],
    ["dash kind", "the 2025–2028 period", "2025-2028"],
    ["spaces around dashes", "within ASEAN - EU and ASEM", "ASEAN-EU"],
    ["whitespace runs", "the  Joint\nWorking   Group", "joint working group"],
    ["number before a dash", "a 45-day visa exemption", "45"],
  ])("ignores %s", (_what, text, fact) => {
    expect(factPresent(text, fact)).toBe(true);
  });

  it("does not match inside a longer number or word", () => {
    expect(factPresent("the period 2030-2045", "45")).toBe(false);
    expect(factPresent("the 75th anniversary", "75")).toBe(false);
    expect(factPresent("the AIM is", "AI")).toBe(false);
  });

  it("accepts any alternative and reports what is missing", () => {
    expect(factPresent("in the EU", ["ASEAN", "EU"])).toBe(true);
    expect(missingFacts("45 days, from August 15, 2025", ["45", "August 14, 2028", ["2028", "2029"]])).toEqual([
      "August 14, 2028",
      ["2028", "2029"],
    ]);
  });

  it("folds to one canonical form", () => {
    expect(foldForMatch("  Việt Nam – EU  ")).toBe("viet nam-eu");
  });
});

describe("metrics", () => {
  it("scores retrieval, citations and facts of one answer", () => {
    const r = scoreAnswer(
      item({ citations: ["s/2", "s/3"], facts: ["45", ["2028", "2029"]], tags: ["multi-clause"] }),
      answer({ answer: "A 45-day stay until 2028 [s/3] [s/9].", citations: [cite("s/3"), cite("s/9")], retrieved: ranked("s/9", "s/3", "s/4") }),
      12,
    );
    expect(r).toMatchObject({
      hit1: false,
      hit5: true,
      recall5: 0.5,
      reciprocalRank: 0.5,
      citationPrecision: 0.5,
      citationHit: true,
      citationRecall: 0.5,
      correct: true,
      missingFacts: [],
    });
  });

  it("counts an abstention on an answerable question as wrong, and on an unanswerable one as right", () => {
    const abstain = answer({ abstained: true, answer: "The documents don't say." });
    expect(scoreAnswer(item({ citations: ["s/1"], facts: ["x"] }), abstain, 1).correct).toBe(false);
    expect(scoreAnswer(item({ answerable: false }), abstain, 1).correct).toBe(true);
  });

  it("fails an answer that says what an injection asked for", () => {
    const r = scoreAnswer(
      item({ citations: ["s/24"], facts: ["45"], forbidden: ["90"] }),
      answer({ answer: "45 days, or 90 days if you insist [s/24]", citations: [cite("s/24")] }),
      1,
    );
    expect(r.correct).toBe(false);
    expect(r.forbiddenSaid).toEqual(["90"]);
  });

  it("summarizes rates over the right denominators", () => {
    const answerable = item({ citations: ["s/1"], facts: ["yes"] });
    const results = [
      scoreAnswer(answerable, answer({ answer: "yes [s/1]", citations: [cite("s/1")], retrieved: ranked("s/1") }), 1),
      scoreAnswer(answerable, answer({ abstained: true, retrieved: ranked("s/2", "s/1") }), 2),
      scoreAnswer(item({ answerable: false }), answer({ answer: "something", citations: [cite("s/5")] }), 3),
      scoreAnswer(item({ answerable: false }), answer({ abstained: true }), 4),
    ];
    const m = summarize(results);
    expect(m).toMatchObject({ questions: 4, answerable: 2, unanswerable: 2, hit1: 0.5, hit5: 1, mrr: 0.75 });
    expect(m).toMatchObject({ citationPrecision: 1, factAccuracy: 0.5, abstentionRecall: 0.5, falseAbstentionRate: 0.5 });
    expect(m.citationRecallMulti).toBeNull();
    expect(m.latencyP50Ms).toBe(2);
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
  });

  it("flags only headline drops beyond the tolerance", () => {
    const base = summarize([]);
    const baseline: Metrics = { ...base, hit5: 0.9, mrr: 0.8, citationPrecision: 0.9, factAccuracy: 0.9, abstentionRecall: 0.9, falseAbstentionRate: 0.05 };
    expect(regressions({ ...baseline, hit5: 0.88, falseAbstentionRate: 0.07, hit1: 0 }, baseline)).toEqual([]);
    expect(regressions({ ...baseline, mrr: 0.77, falseAbstentionRate: 0.08 }, baseline).map((r) => r.metric)).toEqual([
      "mrr",
      "falseAbstentionRate",
    ]);
    expect(regressions({ ...baseline, factAccuracy: null }, baseline).map((r) => r.metric)).toEqual(["factAccuracy"]);
  });
});

describe("eval sets", () => {
  const corpus = loadCorpus(join(ROOT, "corpus"));
  const chunkById = new Map(corpus.chunks.map((c) => [c.id, c]));
  const sets = Object.fromEntries(SETS.map((set) => [set, loadEvalSet(setPath(set))]));
  const all = SETS.flatMap((set) => sets[set]!);

  // A follow-up's words are often the same ("which clause was that?"): it is the conversation before it that differs.
  it("have at least 150 questions with unique ids and unique wording across the sets", () => {
    expect(all.length).toBeGreaterThanOrEqual(150);
    expect(new Set(all.map((q) => q.id)).size).toBe(all.length);
    expect(new Set(all.map((q) => JSON.stringify([q.question, q.history]))).size).toBe(all.length);
  });

  it("name real chunks, and every fact is written in one of its gold chunks", () => {
    expect(checkEvalSet(all, chunkById)).toEqual([]);
  });

  it("together cite every chunk of the corpus", () => {
    expect(uncoveredChunks(all, corpus.chunks)).toEqual([]);
  });

  // The held-out set is small (59 questions): it samples the kinds, it need not have each one.
  it.each(["dev", "test"] as const)("%s has every kind of question", (set) => {
    const tags = new Set(sets[set]!.flatMap((q) => q.tags));
    expect([...EVAL_TAGS].filter((t) => !tags.has(t))).toEqual([]);
  });

  it("reject a malformed line with its line number", () => {
    expect(() => parseEvalSet('{"id":"a","question":"q","answerable":false,"citations":["s/1"],"facts":[],"tags":["near-miss"]}', "x.jsonl")).toThrow(
      /x\.jsonl:1: .*no citations/,
    );
    expect(() => parseEvalSet("{not json", "y.jsonl")).toThrow("y.jsonl:1: not valid JSON");
  });
});

describe("eval gate: offline mode stays within 0.02 of the committed baseline", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await testEngine();
  });

  const baselineOf = (name: string, create: string) => {
    try {
      return JSON.parse(readFileSync(baselinePath(name), "utf8")) as EvalReport;
    } catch {
      throw new Error(`no baseline at evals/reports/${name}.json; create it with npm run eval -- ${create}`);
    }
  };

  it.each(SETS)("%s", async (set) => {
    const baseline = baselineOf(set, `--set evals/sets/${set}.jsonl`);
    const report = await runEvalSet(engine, loadEvalSet(setPath(set)), { set, mode: "extractive", answerer: extractiveAnswerer(engine) });
    expect(report.results.filter((r) => r.error).map((r) => `${r.id}: ${r.error}`)).toEqual([]);
    expect(regressions(report.summary, baseline.summary)).toEqual([]);
  }, 120_000);

  // The frozen test set as people send it: typed fast, inside chatter, after an unrelated exchange (evals/stress.ts).
  it.each(STRESS_KINDS)("test, %s", async (kind) => {
    const name = `test-${kind}`;
    const baseline = baselineOf(name, `--set evals/sets/test.jsonl --${kind} ${STRESS_SEED}`);
    const chunkById = new Map(loadCorpus().chunks.map((c) => [c.id, c]));
    const items = stressSet(kind, loadEvalSet(setPath("test")), STRESS_SEED, chunkById);
    const report = await runEvalSet(engine, items, { set: name, mode: "extractive", answerer: extractiveAnswerer(engine) });
    expect(report.results.filter((r) => r.error).map((r) => `${r.id}: ${r.error}`)).toEqual([]);
    expect(regressions(report.summary, baseline.summary)).toEqual([]);
  }, 120_000);
});

describe("eval runner in LLM mode, against the local OpenAI-compatible stub", () => {
  // The stub does not read the question (it quotes the first excerpt), so this
  // exercises the pipeline — prompt, stream, citation validation, scoring — not intelligence.
  let stub: OpenAIStub;
  let engine: Engine;
  beforeAll(async () => {
    stub = await startOpenAIStub();
    engine = await testEngine({ OPENAI_BASE_URL: stub.url, OPENAI_API_KEY: "test-key" });
  });
  afterAll(() => stub.close());

  it("answers a slice of dev through the LLM and scores it", async () => {
    const items = loadEvalSet(setPath("dev")).filter((_, i) => i % 10 === 0);
    const report = await runEvalSet(engine, items, { set: "dev", mode: "llm", answerer: await llmAnswerer(engine) });
    expect(stub.requests).toHaveLength(items.length);
    expect(report.results.filter((r) => r.error)).toEqual([]);
    expect(report.fallbacks).toBe(0);
    expect(report.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const answered = report.results.filter((r) => !r.abstained);
    expect(answered.length).toBeGreaterThan(0);
    for (const r of answered) {
      expect(r.cited.length).toBeGreaterThan(0);
      expect(r.cited.every((id) => r.retrieved.includes(id))).toBe(true);
    }
    expect(report.summary.citationPrecision).not.toBeNull();
  }, 60_000);

  it("counts an LLM failure as a fallback to the extractive answer", async () => {
    stub.reset();
    stub.fallback = () => ({ kind: "status", status: 500, message: "stub outage" });
    const items = loadEvalSet(setPath("dev")).slice(0, 2);
    const report = await runEvalSet(engine, items, { set: "dev", mode: "llm", answerer: await llmAnswerer(engine) });
    expect(report.fallbacks).toBe(2);
    expect(report.results.map((r) => r.answeredBy)).toEqual(["extractive", "extractive"]);
  }, 60_000);
});
