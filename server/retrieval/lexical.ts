/**
 * Lexical retrieval: BM25+ over chunk text and headings, with the product's
 * own term processing (diacritics, British/American spellings, stopwords,
 * Porter stems) from text.ts. The index itself is bm25.ts.
 */
import type { Chunk } from "../contract.ts";
import type { ScoredId } from "../index/vector-index.ts";
import { isStopword, termOf, words } from "../text.ts";
import { Bm25Index } from "./bm25.ts";

export const LEXICAL_PARAMS = {
  /** BM25+ parameters (k ∈ [1.2, 2], b ∈ [0.5, 0.8]; d is BM25+'s lower bound). */
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  /** Section and subsection headings count for less than the clause text itself. */
  headingBoost: 0.4,
  /**
   * Query terms found in more than this share of chunks, and in more than
   * `costlyFromPostings` chunks, are scored only for the chunks that can still
   * reach the top results (Bm25Index.search): their postings are most of a
   * query's cost on a large corpus, and the ranking stays exactly BM25+'s.
   */
  costlyFromShare: 0.25,
  costlyFromPostings: 2000,
};

/** Index terms of a text: folded words, stopwords out, stemmed (termOf is memoised). */
function analyze(text: string): string[] {
  return words(text)
    .filter((w) => !isStopword(w))
    .map(termOf);
}

export class LexicalIndex {
  private readonly index: Bm25Index;
  private readonly ids: string[];

  constructor(chunks: Chunk[]) {
    this.ids = chunks.map((c) => c.id);
    this.index = new Bm25Index(
      [
        { name: "text", boost: 1 },
        { name: "heading", boost: LEXICAL_PARAMS.headingBoost },
      ],
      // Analysed one chunk at a time as the index reads them: no array of every chunk's terms.
      (function* () {
        for (const c of chunks) yield [analyze(c.text), analyze([c.section?.title, c.subsection].filter(Boolean).join(" "))];
      })(),
      LEXICAL_PARAMS.bm25,
    );
  }

  /**
   * Ranked BM25 matches for the query, best first. `termBoosts` (by stem)
   * weights terms, e.g. expansion terms below the user's own words.
   */
  query(text: string, limit: number, termBoosts?: Map<string, number>): ScoredId[] {
    const { costlyFromShare, costlyFromPostings } = LEXICAL_PARAMS;
    const costlyFrom = Math.max(costlyFromPostings, this.index.size * costlyFromShare);
    return this.index
      .search(analyze(text), limit, termBoosts ? (term) => termBoosts.get(term) ?? 1 : undefined, costlyFrom)
      .map((m) => ({ id: this.ids[m.doc]!, score: m.score }));
  }
}
