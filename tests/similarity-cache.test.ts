/**
 * The word-pair similarity cache behind QueryAnalyzer.wordSimilarity: it
 * returns exactly what the word vectors give, answers do not depend on
 * whether it holds a pair, and questions full of made-up words cannot grow it
 * past its bound.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { unitWordVector } from "../server/embeddings/sif.ts";
import type { Engine } from "../server/engine.ts";
import { SIMILARITY_CACHE } from "../server/retrieval/query.ts";
import { testEngine } from "./support/engine.ts";
import { seededRandom as random } from "../evals/seeded-random.ts";

const DEFAULT_MAX_PAIRS = SIMILARITY_CACHE.maxPairs;


const QUESTIONS = [
  "How many days can Bulgarians stay in Vietnam without a visa?",
  "What did they agree about defence cooperation?",
  "Which hospital in Hà Nội was a gift from Bulgaria?",
  "What is planned for community health care and preventive medicine?",
  "What is the weather in Sofia?",
];

describe("word similarity cache", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await testEngine();
  });
  afterEach(() => {
    SIMILARITY_CACHE.maxPairs = DEFAULT_MAX_PAIRS;
  });

  it("gives exactly the cosine of the unit word vectors, the first time and from the cache", () => {
    const vectors = engine.wordVectors;
    const pairs: Array<[string, string]> = [["visa", "travel"], ["army", "military"], ["defense", "defense"], ["visa", "qzxvbnt"], ["travel", "visa"]];
    for (const [a, b] of pairs) {
      const va = unitWordVector(vectors, a);
      const vb = unitWordVector(vectors, b);
      const expected = va && vb ? va.reduce((sum, x, d) => sum + x * vb[d]!, 0) : 0;
      expect(engine.query.wordSimilarity(a, b)).toBe(expected);
      const size = engine.query.similarityCacheSize;
      expect(engine.query.wordSimilarity(a, b)).toBe(expected);
      expect(engine.query.similarityCacheSize).toBe(size);
    }
    expect(engine.query.wordSimilarity("army", "military")).toBeGreaterThan(0.5);
  });

  it("answers the same whether the cache holds every pair or starts over every few pairs", async () => {
    const cached = [];
    for (const question of QUESTIONS) cached.push(await engine.answer(question));
    for (const question of QUESTIONS) expect(await engine.answer(question)).toEqual(cached[QUESTIONS.indexOf(question)]);
    const thrashing = await testEngine();
    SIMILARITY_CACHE.maxPairs = 50;
    for (const [i, question] of QUESTIONS.entries()) expect(await thrashing.answer(question)).toEqual(cached[i]);
  });

  it("stays within its bound under questions full of never-seen words", async () => {
    SIMILARITY_CACHE.maxPairs = 3_000;
    const fresh = await testEngine();
    const next = random(7);
    // Longer than the speller asks the dictionary about (SPELLING.suggestUpTo), so the test spends its time on answers.
    const madeUp = () => Array.from({ length: 11 + Math.floor(next() * 4) }, () => "bcdfghjklmnpqrstvwxz"[Math.floor(next() * 20)]).join("");
    const sizes: number[] = [];
    for (let i = 0; i < 40; i++) {
      await fresh.answer(`What did the two sides agree about ${madeUp()} and ${madeUp()} ${madeUp()} cooperation?`);
      sizes.push(fresh.query.similarityCacheSize);
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3_000);
    // The made-up words did fill it: it reached its bound and started over.
    expect(sizes.some((size, i) => i > 0 && size < sizes[i - 1]!)).toBe(true);
    expect(Math.max(...sizes)).toBeGreaterThan(2_000);
  });
});
