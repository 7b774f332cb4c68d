import { describe, expect, it } from "vitest";
import { Bm25Index } from "../server/retrieval/bm25.ts";

const params = { k: 1.2, b: 0.7, d: 0.5 };
const fields = [
  { name: "text", boost: 1 },
  { name: "heading", boost: 0.5 },
];

/** Reference BM25+ over the same inputs, written the slow obvious way. */
function reference(docs: string[][][], query: string[], boostOf: (t: string) => number = () => 1) {
  const n = docs.length;
  return docs
    .map((doc, i) => {
      let score = 0;
      for (const term of query) {
        fields.forEach((field, f) => {
          const df = docs.filter((d) => d[f]!.includes(term)).length;
          if (df === 0 || !doc[f]!.includes(term)) return;
          const avg = docs.reduce((s, d) => s + d[f]!.length, 0) / n;
          const tf = doc[f]!.filter((t) => t === term).length;
          const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          const norm = params.k * (1 - params.b + (params.b * doc[f]!.length) / avg);
          score += field.boost * boostOf(term) * idf * (params.d + (tf * (params.k + 1)) / (tf + norm));
        });
      }
      return { doc: i, score };
    })
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || a.doc - b.doc);
}

const docs = [
  [["visa", "exempt", "bulgarian", "citizen", "visa"], ["cultur", "tourism"]],
  [["defens", "secur", "cooper"], ["defens", "secur"]],
  [["trade", "invest", "cooper", "evfta"], ["econom", "trade"]],
  [["visa", "bilater", "exempt"], ["cultur"]],
  [["health", "medicin"], ["health"]],
];

describe("Bm25Index", () => {
  const index = new Bm25Index(fields, docs, params);

  it.each([[["visa"]], [["defens", "cooper"]], [["trade", "trade", "visa"]], [["health", "unknown"]]])(
    "scores %j like the textbook formula, best first",
    (query) => {
      const got = index.search(query, 10);
      const want = reference(docs, query);
      expect(got.map((m) => m.doc)).toEqual(want.map((m) => m.doc));
      got.forEach((m, i) => expect(m.score).toBeCloseTo(want[i]!.score, 10));
    },
  );

  it("weights terms by the boost function", () => {
    const boost = (t: string) => (t === "visa" ? 0.1 : 1);
    const got = index.search(["visa", "cooper"], 10, boost);
    expect(got.map((m) => m.doc)).toEqual(reference(docs, ["visa", "cooper"], boost).map((m) => m.doc));
  });

  it("keeps only the best `limit` matches, in order, and forgets each query's scores", () => {
    const all = index.search(["visa", "cooper", "trade"], 10);
    expect(index.search(["visa", "cooper", "trade"], 2)).toEqual(all.slice(0, 2));
    expect(index.search(["visa", "cooper", "trade"], 10)).toEqual(all);
    expect(index.search([], 5)).toEqual([]);
    expect(index.search(["nothing"], 5)).toEqual([]);
  });

  it("builds the same index from documents read once from a generator", () => {
    let reads = 0;
    const streamed = new Bm25Index(
      fields,
      (function* () {
        for (const doc of docs) {
          reads++;
          yield doc;
        }
      })(),
      params,
    );
    expect(reads).toBe(docs.length);
    expect(streamed.size).toBe(docs.length);
    for (const query of [["visa"], ["defens", "cooper"], ["trade", "trade", "visa", "cultur"]]) {
      expect(streamed.search(query, 10)).toEqual(index.search(query, 10));
    }
  });

  it("reports document frequency across fields", () => {
    expect(index.documentFrequency("visa")).toBe(2);
    expect(index.documentFrequency("cultur")).toBe(2);
    expect(index.documentFrequency("absent")).toBe(0);
  });

  it("ranks a large random corpus the same as a full sort would", () => {
    const vocab = Array.from({ length: 40 }, (_, i) => `t${i}`);
    let seed = 1;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const big = Array.from({ length: 500 }, () => [
      Array.from({ length: 5 + Math.floor(rand() * 20) }, () => vocab[Math.floor(rand() * vocab.length)]!),
      [vocab[Math.floor(rand() * vocab.length)]!],
    ]);
    const bigIndex = new Bm25Index(fields, big, params);
    const query = ["t1", "t7", "t7", "t30"];
    const want = reference(big, query).slice(0, 25);
    const got = bigIndex.search(query, 25);
    expect(got.map((m) => m.doc)).toEqual(want.map((m) => m.doc));
  });

  describe("scoring frequent terms only where they can matter", () => {
    // A Zipf-like corpus: a few terms in most documents (the costly ones), many rare ones.
    let seed = 11;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const term = () => `w${Math.floor(Math.pow(rand(), 3) * 300)}`;
    const corpus = Array.from({ length: 3000 }, () => [Array.from({ length: 8 + Math.floor(rand() * 30) }, term), [term()]]);
    const big = new Bm25Index(fields, corpus, params);
    const queries = Array.from({ length: 200 }, () => Array.from({ length: 1 + Math.floor(rand() * 5) }, term));

    it("returns exactly the full ranking, scores included, for every query and limit", () => {
      let pruned = 0;
      for (const [i, query] of queries.entries()) {
        const limit = [1, 5, 10, 50][i % 4]!;
        const full = big.search(query, limit);
        const cheap = big.search(query, limit, undefined, 300);
        if (query.some((t) => big.documentFrequency(t) > 300) && query.some((t) => big.documentFrequency(t) <= 300)) pruned++;
        expect(cheap.map((m) => m.doc)).toEqual(full.map((m) => m.doc));
        cheap.forEach((m, j) => expect(m.score).toBeCloseTo(full[j]!.score, 9));
      }
      // The case under test happened: queries mixing costly and cheap terms.
      expect(pruned).toBeGreaterThan(50);
    });

    it("leaves the score buffer clean after a pruned query", () => {
      const query = queries.find((q) => q.some((t) => big.documentFrequency(t) > 300) && q.some((t) => big.documentFrequency(t) <= 300))!;
      big.search(query, 5, undefined, 300);
      expect(big.search(query, 50)).toEqual(big.search(query, 50, undefined, Infinity));
      expect(big.search(["w1"], 10)).toEqual(reference(corpus, ["w1"]).slice(0, 10).map((m) => ({ doc: m.doc, score: expect.closeTo(m.score, 9) })));
    });
  });
});
