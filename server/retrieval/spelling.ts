/**
 * Typo correction for questions. A misspelled content word ("educaton")
 * matches no index term and has no word vector, so the question silently
 * loses its topic and the engine abstains or answers about something else.
 *
 * Only words that cannot be English are corrected, and only towards corpus
 * words: a real English word the corpus never uses ("weather", "salary") is
 * the signal that a question is out of scope, and "correcting" it to the
 * nearest corpus word would turn a clean abstention into a confident answer
 * to a question nobody asked. The Hunspell en-US dictionary decides what is
 * English; fastest-levenshtein finds the nearest corpus word.
 *
 * Building the dictionary takes 0.3–0.7 s, two to four times the engine's
 * whole start-up, so it is loaded on the first word that is neither a corpus
 * word nor a stopword, number or short word (a question in the documents' own
 * words never needs it), and every word's verdict is memoised.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type NSpell from "nspell";
import { foldText, isStopword, memoize, termOf, words } from "../text.ts";

export const SPELLING = {
  /** Shorter words (letters) are kept: they are mostly abbreviations ("eu", "gdp"), and one edit reaches dozens of words. */
  minLength: 4,
  /**
   * Largest edit distance accepted, by the typed word's length (the last row
   * whose `from` it reaches). A 4–5-letter word has close neighbours at one
   * edit already ("healt": health, heal, heat). At 10+ letters corpus words
   * lie far apart: on simulated typos, a third edit there corrects 62% of
   * three-slip typos of corpus words instead of 23%, while typos of English
   * words the corpus lacks go to a corpus word 0.9% of the time instead of 0.3%.
   */
  maxDistance: [
    { from: 4, edits: 1 },
    { from: 6, edits: 2 },
    { from: 10, edits: 3 },
  ],
  /**
   * Edits from which a correction is checked against the dictionary's own
   * suggestions, and dropped when one of them is closer: a far corpus word is
   * often the wrong target for a typo of an English word the corpus does not
   * use ("lenght" is "length", not the corpus's "height"). On simulated
   * one-slip typos of such words this cuts false corrections from 6.6% to
   * 0.8%, and costs 4 points of recall on two-slip typos of corpus words.
   * Suggestions take 3–30 ms a word (median 8), so one-edit corrections skip them.
   */
  confirmFrom: 2,
  /** Longest word (letters) for which, with no corpus word near, the dictionary is asked what English word was meant. */
  suggestUpTo: 10,
  /**
   * Frequency rank below which a word the dictionary lacks is in use ("cyber" 12,254, "pharma" 33,590) and kept as
   * typed; the rarest words with vectors are mostly the web's own typos ("shortt" 126,133, "novembre" 138,719).
   */
  inUseBelow: 100_000,
  /** Frequency rank (0 the commonest word) from which an English word may be a slip of a corpus word… */
  rareFrom: 20_000,
  /** …that is at least this many times commoner. */
  commonerBy: 50,
  /** Most edits (an adjacent swap counting one) at which the dictionary's suggestion replaces a typed word no corpus word is near. */
  englishEdits: 2,
};

/**
 * British spellings the en-US dictionary rejects, rewritten to the American
 * form it knows ("civilisation", "colours", "analysing", "centred").
 * `words()` already folds the common diplomatic ones; these catch the rest.
 * Anchored to word endings so that a typo rarely turns into a real word
 * ("recourded" must not pass as a British spelling of "recorded").
 */
const AMERICANIZE: Array<[RegExp, string]> = [
  [/is(e|ed|es|ing|ation|ational|ations|er|ers)$/, "iz$1"],
  [/ys(e|ed|es|ing)$/, "yz$1"],
  [/our(s|ed|ing|able|ably|ite|ites|ful|er|ers|al|ist|ists|y)?$/, "or$1"],
  [/tre(s|d)?$/, "ter$1"],
  [/ence(s)?$/, "ense$1"],
  [/ll(ed|ing|er|ers)$/, "l$1"],
  [/ogue(s)?$/, "og$1"],
];

/** Three-letter words whose swapped-letter slips are corrected (see `verdict`). */
const SHORT_QUESTION_WORDS = ["how", "who", "why", "the", "and", "are", "was", "did", "has", "can", "for", "not", "any"];

interface Tools {
  speller: NSpell;
  distance: (a: string, b: string) => number;
}

let tools: Tools | undefined;

/**
 * The en-US speller and the edit distance, loaded on first need and shared by
 * every corrector. `dictionary-en`'s entry point reads its two files with
 * top-level await, which would cost start-up time when this module is
 * imported and make the load asynchronous; reading the same two files here
 * keeps it lazy and lets `correct` stay synchronous. fastest-levenshtein is
 * only needed after the dictionary, so it comes along (2–3 ms saved at start).
 */
function load(): Tools {
  if (!tools) {
    const require = createRequire(import.meta.url);
    const nspell = require("nspell") as typeof NSpell;
    const { distance } = require("fastest-levenshtein") as typeof import("fastest-levenshtein");
    const dir = dirname(require.resolve("dictionary-en"));
    const speller = nspell({ aff: readFileSync(join(dir, "index.aff")), dic: readFileSync(join(dir, "index.dic")) });
    tools = { speller, distance };
  }
  return tools;
}

let stems: Set<string> | undefined;

/**
 * The dictionary's stems, read straight from its word list (about 20 ms, not
 * the 400 ms of building the full speller). Most words people type that the
 * documents lack ("stay", "weather") are stems themselves, so the speller is
 * built only for the rest — inflected forms and real typos.
 */
/** Loads the dictionary's word list and builds the speller now, rather than on the first question that needs them. */
export function loadDictionary(): void {
  dictionaryStems();
  load();
}

function dictionaryStems(): Set<string> {
  if (!stems) {
    const require = createRequire(import.meta.url);
    const dic = readFileSync(join(dirname(require.resolve("dictionary-en")), "index.dic"), "utf8");
    stems = new Set(dic.split("\n").slice(1).map((line) => line.split("/")[0]!.toLowerCase()).filter(Boolean));
  }
  return stems;
}

/** Whether the English dictionary accepts a word, inflected or not ("affairs" yes, "Radev" no). */
export function inDictionary(word: string): boolean {
  const folded = foldText(word);
  return dictionaryStems().has(folded) || isEnglish(folded);
}

/** Whether the dictionary accepts a folded word, as typed or as a proper noun, acronym or British spelling. */
function isEnglish(word: string): boolean {
  // A dictionary stem as typed is English; inflections need the speller's affix rules ("ministrys" is not "ministry"+s).
  if (dictionaryStems().has(word)) return true;
  const { speller } = load();
  if (speller.correct(word)) return true;
  // Input is folded to lowercase, but the dictionary lists names capitalised ("Sofia", "Putin") and acronyms in capitals.
  if (speller.correct(word[0]!.toUpperCase() + word.slice(1)) || speller.correct(word.toUpperCase())) return true;
  const american = AMERICANIZE.reduce((w, [pattern, replacement]) => w.replace(pattern, replacement), word);
  return american !== word && speller.correct(american);
}

/**
 * One adjacent swap ("vias" / "visa"), the commonest typing slip, costs two
 * Levenshtein edits; it is counted as one, as in Damerau's distance, so that
 * short words with a swap are corrected under the one-edit budget.
 */
function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

export function editDistance(typed: string, candidate: string): number {
  const d = load().distance(typed, candidate);
  return d === 2 && isAdjacentSwap(typed, candidate) ? 1 : d;
}

function maxEdits(length: number): number {
  return SPELLING.maxDistance.findLast((row) => length >= row.from)?.edits ?? 0;
}

interface Candidate {
  word: string;
  edits: number;
  /** A word of the documents (else one people ask with, from the synonym file). */
  corpus: boolean;
  frequency: number;
  sameFirst: boolean;
}

/**
 * Fewer edits wins. Ties go to the documents' own word over one people ask
 * with, then to the more frequent word (the likelier topic), then to one
 * with the same first letter (typists rarely miss the first letter), then
 * alphabetically so the choice is stable.
 */
function closer(a: Candidate, b: Candidate): boolean {
  if (a.edits !== b.edits) return a.edits < b.edits;
  if (a.corpus !== b.corpus) return a.corpus;
  if (a.frequency !== b.frequency) return a.frequency > b.frequency;
  if (a.sameFirst !== b.sameFirst) return a.sameFirst;
  return a.word < b.word;
}

export interface Correction {
  from: string;
  to: string;
}

/** Folded words of texts (chunk texts and headings), stopwords and numbers left out, repeats kept for frequencies. */
export function corpusVocabulary(texts: string[]): string[] {
  return texts.flatMap((text) => words(text).filter((w) => !isStopword(w) && !/\d/.test(w)));
}

/**
 * Corrects typos in folded question words towards one corpus's vocabulary.
 * Build one per corpus; the English dictionary behind it is shared and loaded
 * on first need.
 *
 * @example
 * const speller = new SpellingCorrector(corpusVocabulary(chunks.map((c) => c.text)));
 * speller.correctText("How long is the educaton programe?").text; // "how long is the education program"
 */
export class SpellingCorrector {
  private readonly frequency = new Map<string, number>();
  /** Correction targets by length, so a word is compared only with words its edit budget can reach. */
  private readonly byLength = new Map<number, string[]>();

  /** Stems of the corpus words. */
  private readonly stems = new Set<string>();

  /** Words people ask with that the corpus answers about (see the constructor's `askedWith`), with their frequencies. */
  private readonly askedWith = new Map<string, number>();

  /**
   * @param corpusWords the documents' words, repeats kept (frequencies break ties).
   * @param rankOf how common a word is in general writing (0 the commonest), or undefined for a word nobody uses.
   *   A word in use (see `inUseBelow`) is never replaced by the dictionary's suggestion although the dictionary lacks it ("cyber",
   *   "pharma", "militaries" are not "caber", "dharma", "militarizes"), and a rare English word a slip away from a far
   *   commoner corpus word is that word ("minster" is "minister"). The engine ranks words by their row in the word
   *   vectors, which are ordered by frequency.
   * @param askedWith words people ask with that the documents lack but answer about (the synonym file's: "farming"
   *   for agriculture): among the dictionary's suggestions for a typo, the likelier intent.
   */
  constructor(
    corpusWords: Iterable<string>,
    private readonly rankOf: (word: string) => number | undefined = () => undefined,
    askedWith: Iterable<string> = [],
  ) {
    for (const word of corpusWords) this.frequency.set(word, (this.frequency.get(word) ?? 0) + 1);
    for (const word of this.frequency.keys()) this.stems.add(termOf(word));
    for (const word of askedWith) if (!this.frequency.has(word)) this.askedWith.set(word, (this.askedWith.get(word) ?? 0) + 1);
    for (const word of [...this.frequency.keys(), ...this.askedWith.keys()]) {
      // Function words are targets too ("wich", "acording", "statment"): uncorrected, they would count as topic words.
      if (/\d/.test(word)) continue;
      const bucket = this.byLength.get(word.length) ?? [];
      bucket.push(word);
      this.byLength.set(word.length, bucket);
    }
  }

  /**
   * A word people ask with, or its plural ("MoUs" of "MoU"). Not by stem: "offical" shares its stem with "office", and
   * is "official".
   */
  private isAskedWith(word: string): boolean {
    return this.askedWith.has(word) || (word.endsWith("s") && this.askedWith.has(word.slice(0, -1))) || (word.endsWith("es") && this.askedWith.has(word.slice(0, -2)));
  }

  /** The corpus word (or, with none near, the English word) a folded word is a misspelling of, or undefined to keep it. */
  correct(word: string): string | undefined {
    return this.verdict(word);
  }

  /**
   * For a name as typed ("Sozopl", "Plovdiv"): the corpus word it is a slip
   * of, if one is within the edit budget, else nothing. Names are not English
   * words, so asking the dictionary for suggestions (3–300 ms for a long
   * unknown word) would only cost time.
   */
  correctName(word: string): string | undefined {
    if (this.frequency.has(word) || this.isAskedWith(word) || word.length < SPELLING.minLength || /\d/.test(word) || isStopword(word)) return undefined;
    // A name the dictionary lists ("China", "Prime") is no slip.
    if (dictionaryStems().has(word)) return undefined;
    return this.nearestName(word);
  }

  private readonly nearestName = memoize((word: string) => this.nearest(word)?.word, 10_000);

  /** The folded words of a text with typos corrected, joined by spaces, and the corrections made (each once). */
  correctText(text: string): { text: string; corrections: Correction[] } {
    const corrections = new Map<string, string>();
    const out = words(text).map((word) => {
      const to = this.correct(word);
      if (to === undefined) return word;
      corrections.set(word, to);
      return to;
    });
    return { text: out.join(" "), corrections: [...corrections].map(([from, to]) => ({ from, to })) };
  }

  private readonly verdict = memoize((word: string): string | undefined => {
    // "hwo many", "teh clause": three letters are too few for the edit budget, but two swapped letters of a
    // question word are unmistakable, and left alone they hide the question's shape ("how many").
    if (word.length === 3 && !isStopword(word) && !this.frequency.has(word)) return SHORT_QUESTION_WORDS.find((w) => isAdjacentSwap(word, w));
    if (this.frequency.has(word) || this.isAskedWith(word) || word.length < SPELLING.minLength || /\d/.test(word) || isStopword(word)) return undefined;
    if (isEnglish(word)) return this.realWordSlip(word);
    const best = this.nearest(word);
    if (best && best.corpus && best.edits < SPELLING.confirmFrom) return best.word;
    // With no corpus word near, a long word is a term the documents lack ("telemedicine"), not a slip worth
    // the dictionary's suggestions (tens of milliseconds for a long word).
    if (!best && word.length > SPELLING.suggestUpTo) return undefined;
    const suggestions = load()
      .speller.suggest(word)
      .map((suggestion) => foldText(suggestion))
      .filter((suggestion) => /^[a-z]+$/.test(suggestion));
    // The dictionary's first guess is what was meant when the documents use it: its ranking knows spellings by ear
    // ("educashun", "relashuns", "secsion") that lie beyond the edit budget.
    const first = suggestions[0];
    if (first !== undefined && (this.frequency.has(first) || this.stems.has(termOf(first)))) return first;
    const english = suggestions.filter((suggestion) => !this.frequency.has(suggestion));
    // An English word one edit away whose stem the documents use ("perfom" → "perform", as in "performances")
    // is what was meant; left as typed, the word would read as one the documents never use.
    const related = english.find((suggestion) => this.stems.has(termOf(suggestion)) && editDistance(word, suggestion) <= 1);
    // Failing that, a word the synonym file maps into the documents' wording, as near as a corpus word would have to be:
    // "faming" is "farming" (agriculture), not the dictionary's "facing"; but "spotr" is "sport" (the documents' "sports")
    // before the synonym file's "spots".
    if (best && !best.corpus && best.edits < SPELLING.confirmFrom) return related ?? best.word;
    // Failing that, the English word the dictionary ranks first, if a slip or two away ("ratifeid", "toogether"):
    // a word the documents lack still says what the question is about, and has a word vector, where the typo has
    // neither and would weigh as the question's rarest word.
    const guess = related ?? ((this.rankOf(word) ?? Infinity) < SPELLING.inUseBelow ? undefined : english.find((suggestion) => editDistance(word, suggestion) <= SPELLING.englishEdits));
    if (!best) return guess;
    // Otherwise an English word closer than the corpus word is the likelier intent ("lenght" is "length", not
    // "height"): the word the dictionary suggests is kept, a sign the question may be about something the documents lack.
    const closerEnglish = english.some((suggestion) => editDistance(word, suggestion) < best.edits);
    return closerEnglish ? guess : best.word;
  }, 10_000);

  /**
   * A typo that happens to be an English word ("minster", "trad") is read as the corpus word one slip away when
   * that word is far commoner in general writing and the typed one rare: a question about a church in a text about
   * ministers is less likely than a dropped letter.
   */
  private realWordSlip(word: string): string | undefined {
    const typed = this.rankOf(word) ?? Infinity;
    if (typed < SPELLING.rareFrom) return undefined;
    const best = this.nearest(word);
    if (!best || !best.corpus || best.edits > 1) return undefined;
    const intended = this.rankOf(best.word);
    return intended !== undefined && intended * SPELLING.commonerBy <= typed ? best.word : undefined;
  }

  /** The closest corpus word within the edit budget. */
  private nearest(word: string): Candidate | undefined {
    const budget = maxEdits(word.length);
    let best: Candidate | undefined;
    for (let length = word.length - budget; length <= word.length + budget; length++) {
      for (const candidate of this.byLength.get(length) ?? []) {
        const edits = editDistance(word, candidate);
        if (edits > budget) continue;
        const corpus = this.frequency.has(candidate);
        const frequency = corpus ? this.frequency.get(candidate)! : this.askedWith.get(candidate)!;
        const next = { word: candidate, edits, corpus, frequency, sameFirst: candidate[0] === word[0] };
        if (!best || closer(next, best)) best = next;
      }
    }
    return best;
  }
}
