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
  /**
   * The documents' own wording for a word they never use, from the reviewed
   * synonym file ("parliament" → ["legisl", "bodi"]): each alternative is a
   * list of terms a sentence must all contain to count as saying the word.
   */
  alternatives?: string[][];
  /** Capitalised inside the question (a name: "Ukraine", "Radev"): matched exactly, never by word vectors. */
  name?: boolean;
  /** A word of the documents' own topic headings ("education", "environment"): every clause under that heading is about it. */
  label?: boolean;
  /** The topic an elliptical follow-up swapped in ("and education?"): an answer must say it. */
  focus?: boolean;
  /**
   * A word nobody writes: not the documents', not English, not in common use ("nhiue", "dtugmakers") — a slip the
   * speller could not place, or a word of a language the gloss does not know. It cannot say what the question is about.
   */
  unreadable?: boolean;
  /** The speller's reading of a typo, a word the documents never use ("ratified" for "ratifeid", or "gradient" for "prsdient"). */
  guessed?: boolean;
  /** Carried over from an earlier question in the conversation (not the user's own words this turn). */
  carried?: boolean;
  /** From the rest of a long message around its question ("my company exports coffee …"): carried, and not asked. */
  context?: boolean;
}

/** What the answerer needs to know about words and sentences; the engine provides it. */
export interface SentenceScorer {
  /** Terms of a sentence (stems) and its folded words, for exact and soft matching. */
  analyze(text: string): { terms: Set<string>; words: string[] };
  /** Cosine similarity of two folded words by word vectors (0 when either is unknown). */
  wordSimilarity(a: string, b: string): number;
}
