/**
 * Query-time synonym expansion: a question asked in everyday words
 * ("parliament", "farmers", "South China Sea") gains the words the documents
 * use for the same thing ("legislative bodies", "agriculture", "navigation",
 * "law of the sea"), so lexical retrieval can find clauses that share no word
 * with the question. The rules are the reviewed corpus/synonyms.txt.
 *
 * Matching is on stems of folded words (see server/text.ts), so case,
 * diacritics, plurals and British spellings do not matter; phrases match as
 * contiguous words, longest first, left to right, like Solr's synonym graph.
 *
 * @example
 *   const expander = new SynonymExpander(loadSynonyms());
 *   expander.expand("What about MPs?").words; // ["legislative", "bodies", "lawmakers", "national", "assembly"]
 */
import type { SynonymRule } from "../../corpus/synonyms.ts";
import { isStopword, termOf, words } from "../text.ts";

export interface SynonymMatch {
  /** The left-hand term that matched, as written in the rule. */
  from: string;
  /** The rule's document terms, as written (an equivalence rule's other terms). */
  to: string[];
  /** Line of the rule in synonyms.txt. */
  line: number;
}

export interface Expansion {
  /** Folded document words to add to the question: no stopwords, none already in it (by stem), each stem once. */
  words: string[];
  matched: SynonymMatch[];
}

interface Entry {
  /** Stems of the left-hand term, in order. */
  stems: string[];
  match: SynonymMatch;
  /** Folded content words of `match.to`, in order. */
  adds: string[];
}

const stemsOf = (text: string): string[] => words(text).map(termOf);

export class SynonymExpander {
  /** Left-hand terms by their first stem, longest first. */
  private readonly byFirstStem = new Map<string, Entry[]>();

  constructor(rules: readonly SynonymRule[]) {
    for (const rule of rules) {
      const known = new Set<string>();
      for (const from of rule.from) {
        const stems = stemsOf(from);
        const first = stems[0];
        // Two spellings of one term in one rule ("conflict, conflicts") are one entry.
        if (first === undefined || known.has(stems.join(" "))) continue;
        known.add(stems.join(" "));
        const to = rule.to.filter((t) => t !== from);
        const adds = to.flatMap((t) => words(t).filter((w) => !isStopword(w)));
        const entries = this.byFirstStem.get(first) ?? [];
        entries.push({ stems, match: { from, to, line: rule.line }, adds });
        this.byFirstStem.set(first, entries);
      }
    }
    for (const entries of this.byFirstStem.values()) entries.sort((a, b) => b.stems.length - a.stems.length);
  }

  expand(text: string): Expansion {
    const stems = stemsOf(text);
    const seen = new Set(stems);
    const matched: SynonymMatch[] = [];
    const reported = new Set<SynonymMatch>();
    const added: string[] = [];
    for (let i = 0; i < stems.length; ) {
      const found = this.longestAt(stems, i);
      if (found.length === 0) {
        i += 1;
        continue;
      }
      for (const entry of found) {
        if (reported.has(entry.match)) continue;
        reported.add(entry.match);
        matched.push(entry.match);
        for (const word of entry.adds) {
          const stem = termOf(word);
          if (seen.has(stem)) continue;
          seen.add(stem);
          added.push(word);
        }
      }
      i += found[0]!.stems.length;
    }
    return { words: added, matched };
  }

  /** Every entry of the longest left-hand term starting at position i (several rules may share a term). */
  private longestAt(stems: string[], i: number): Entry[] {
    const candidates = this.byFirstStem.get(stems[i]!);
    if (!candidates) return [];
    let best: Entry[] = [];
    for (const entry of candidates) {
      if (best.length > 0 && entry.stems.length < best[0]!.stems.length) break;
      if (entry.stems.every((s, k) => stems[i + k] === s)) best = [...best, entry];
    }
    return best;
  }
}
