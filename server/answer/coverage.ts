/**
 * How well a sentence covers a set of weighted words: the coverage scoring of
 * the extractive answerer (it asks how much of the question a corpus
 * sentence covers), in its own module so the grounding check (how much of
 * a model's claim its cited clause covers) scores with the same rules.
 *
 * A word is covered exactly (same stem), through the documents' own wording
 * for it (the synonym file), by a heading (a clause under "Environment" is
 * about the environment), or softly by a word-vector neighbour (army ≈
 * military). Names match exactly.
 */
import type { QueryTerm, SentenceScorer } from "../analysis.ts";

export interface CoverageParams {
  /** Word-vector cosine from which two different words count as a partial match… */
  softMatchFrom: number;
  /** …and from which they count as the same word. */
  softMatchFull: number;
  /** Credit of a sentence that has the documents' own wording for a word (synonym file). */
  synonymCredit: number;
  /** Heading words (section, subsection) count at this share of a sentence's own words. */
  headingShare: number;
}

export type Analyzed = { terms: Set<string>; words: string[] };

export const NO_HEADING: Analyzed = { terms: new Set(), words: [] };

/**
 * Credit for a different word by its cosine to the wanted word: none below
 * `softMatchFrom`, full from `softMatchFull`, linear between. Steep on
 * purpose: close paraphrases (cars ≈ vehicles) count, loose associations
 * (weather ≈ climate) barely do.
 */
export function softCredit(sim: number, params: CoverageParams): number {
  const { softMatchFrom, softMatchFull } = params;
  return Math.min(1, Math.max(0, (sim - softMatchFrom) / (softMatchFull - softMatchFrom)));
}

/** A year inside a period the sentence gives: "in 2026" is said by "for the 2025-2028 period". */
const YEAR_WORD = /^(?:1[89]|20)\d\d$/;

export function withinPeriod(word: string, words: string[]): boolean {
  if (!YEAR_WORD.test(word)) return false;
  const year = Number(word);
  for (let i = 0; i + 1 < words.length; i++) {
    const from = Number(words[i]);
    const to = Number(words[i + 1]);
    if (YEAR_WORD.test(words[i]!) && YEAR_WORD.test(words[i + 1]!) && from < to && from <= year && year <= to) return true;
  }
  return false;
}

/** Per term, how well the sentence (or its headings) covers it, 0…1. */
export function termCredits(
  terms: QueryTerm[],
  sentence: Analyzed,
  heading: Analyzed,
  scorer: SentenceScorer,
  params: CoverageParams,
): number[] {
  const { headingShare, synonymCredit } = params;
  const asked = new Set(terms.map((t) => t.word));
  // A question's own period ("the Program for 2025–2027") is compared whole, not year by year.
  const oneYear = terms.filter((t) => YEAR_WORD.test(t.word)).length === 1;
  return terms.map((q) => {
    if (sentence.terms.has(q.term) || (oneYear && withinPeriod(q.word, sentence.words))) return 1;
    let best = heading.terms.has(q.term) ? (q.label ? 1 : headingShare) : 0;
    if (best === 1) return best;
    for (const alternative of q.alternatives ?? []) {
      if (alternative.every((t) => sentence.terms.has(t))) best = Math.max(best, synonymCredit);
      else if (alternative.every((t) => heading.terms.has(t) || sentence.terms.has(t))) best = Math.max(best, headingShare);
    }
    // Names match exactly: "Ukraine" is close to "Bulgaria" in word vectors, but not the same country.
    if (best >= synonymCredit || q.name) return best;
    for (const w of sentence.words) {
      // A word the text itself uses is not a paraphrase of another of its words: "minister" does not say "prime".
      if (asked.has(w)) continue;
      best = Math.max(best, softCredit(scorer.wordSimilarity(q.word, w), params));
    }
    return best;
  });
}

/** IDF-weighted share of the terms covered by the credits. */
export function weightedShare(terms: QueryTerm[], credits: number[]): number {
  const total = terms.reduce((sum, q) => sum + q.weight, 0);
  return total > 0 ? terms.reduce((sum, q, i) => sum + q.weight * credits[i]!, 0) / total : 0;
}
