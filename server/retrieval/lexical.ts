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
  /**
   * Query terms found in more than this share of chunks, and in more than
   * `pruneFromPostings` chunks, are left out: their IDF is near zero, so they
   * barely change the ranking, yet scoring their postings is most of a
   * query's cost on a large corpus. Small corpora keep every term.
   */
  maxDocShare: 0.25,
  pruneFromPostings: 2000,
};

/** Index terms of a text: folded words, stopwords out, stemmed. */
function analyze(text: string): string[] {
  return words(text)
    .filter((w) => !isStopword(w))
    .map(termOf);
}

interface LexicalDoc {
  id: string;
  text: string;
  heading: string;
}

export class LexicalIndex {
  private readonly search: MiniSearch<LexicalDoc>;
  /** Chunks each term occurs in. */
  private readonly df = new Map<string, number>();
  private readonly size: number;

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
    const docs = chunks.map((c) => ({
      id: c.id,
      text: c.text,
      heading: [c.section?.title, c.subsection].filter(Boolean).join(" "),
    }));
    this.search.addAll(docs);
    for (const d of docs) for (const t of new Set(analyze(`${d.text} ${d.heading}`))) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.size = docs.length;
  }

  /**
   * Ranked BM25 matches for the query, best first. `termBoosts` (by stem)
   * weights terms, e.g. expansion terms below the user's own words.
   */
  query(text: string, limit: number, termBoosts?: Map<string, number>): ScoredId[] {
    const terms = analyze(text);
    const { maxDocShare, pruneFromPostings } = LEXICAL_PARAMS;
    const informative = terms.filter((t) => {
      const df = this.df.get(t) ?? 0;
      return df <= pruneFromPostings || df <= this.size * maxDocShare;
    });
    const kept = informative.length > 0 ? informative : terms;
    if (kept.length === 0) return [];
    return this.search
      .search(kept.join(" "), {
        // The terms are already analysed: search them as they are.
        tokenize: (s) => s.split(" "),
        processTerm: (t) => t,
        ...(termBoosts ? { boostTerm: (term: string) => termBoosts.get(term) ?? 1 } : {}),
      })
      .slice(0, limit)
      .map((r) => ({ id: r.id as string, score: r.score }));
  }
}
