/**
 * Lexical retrieval: BM25+ over chunk text and headings, through MiniSearch,
 * with the product's own term processing (diacritics, British/American
 * spellings, stopwords, Porter stems) from text.ts.
 */
import MiniSearch from "minisearch";
import type { Chunk } from "../contract.ts";
import { isStopword, termOf, words } from "../text.ts";
import type { ScoredId } from "../index/vector-index.ts";

export const LEXICAL_PARAMS = {
  /** BM25+ parameters (MiniSearch defaults; k ∈ [1.2, 2], b ∈ [0.5, 0.8]). */
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  /** Section and subsection headings count for less than the clause text itself. */
  headingBoost: 0.4,
};

interface LexicalDoc {
  id: string;
  text: string;
  heading: string;
}

export class LexicalIndex {
  private readonly search: MiniSearch<LexicalDoc>;

  constructor(chunks: Chunk[]) {
    this.search = new MiniSearch<LexicalDoc>({
      fields: ["text", "heading"],
      tokenize: (text) => words(text),
      processTerm: (word) => (isStopword(word) ? null : termOf(word)),
      searchOptions: {
        boost: { text: 1, heading: LEXICAL_PARAMS.headingBoost },
        combineWith: "OR",
        bm25: LEXICAL_PARAMS.bm25,
      },
    });
    this.search.addAll(
      chunks.map((c) => ({
        id: c.id,
        text: c.text,
        heading: [c.section?.title, c.subsection].filter(Boolean).join(" "),
      })),
    );
  }

  /**
   * Ranked BM25 matches for the query, best first. `termBoosts` (by stem)
   * weights terms, e.g. expansion terms below the user's own words.
   */
  query(text: string, limit: number, termBoosts?: Map<string, number>): ScoredId[] {
    return this.search
      .search(text, termBoosts ? { boostTerm: (term) => termBoosts.get(term) ?? 1 } : {})
      .slice(0, limit)
      .map((r) => ({ id: r.id as string, score: r.score }));
  }
}
