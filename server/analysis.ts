/**
 * What retrieval and answering both know about a question's words. The
 * retrieval stage (`retrieval/query.ts`) produces these; the answer stage
 * (`answer/`) consumes them. Both stand on this file and on `text.ts`, so
 * neither reaches into the other.
 */

/** A query word with its lexical term and importance. */
export interface QueryTerm {
  word: string;
  term: string;
  weight: number;
}

/** What the answerer needs to know about words and sentences; the engine provides it. */
export interface SentenceScorer {
  /** Terms of a sentence (stems) and its folded words, for exact and soft matching. */
  analyze(text: string): { terms: Set<string>; words: string[] };
  /** Cosine similarity of two folded words by word vectors (0 when either is unknown). */
  wordSimilarity(a: string, b: string): number;
}
