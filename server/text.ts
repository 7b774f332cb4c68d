/**
 * Text normalization shared by every retrieval stage, so that the lexical
 * index, the word vectors and the reference parser agree on what a word is:
 * case- and diacritic-insensitive (Hà Nội = Ha Noi), British and American
 * spellings folded (defence = defense), and the two spellings of Vietnamese
 * place names joined (Việt Nam = Vietnam).
 */
import { stemmer } from "stemmer";

/**
 * Memoises a pure function of a string. Bounded: when full it starts over,
 * which keeps memory flat under arbitrary input while the corpus's own words
 * and sentences, asked about again and again, stay cached.
 */
export function memoize<V>(fn: (key: string) => V, max = 50_000): (key: string) => V {
  let cache = new Map<string, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      if (cache.size >= max) cache = new Map();
      value = fn(key);
      cache.set(key, value);
    }
    return value as V;
  };
}

/** British → American spellings that occur in diplomatic English. */
const SPELLING_VARIANTS: Record<string, string> = {
  defence: "defense", defences: "defenses", offence: "offense", offences: "offenses", licence: "license",
  labour: "labor", labours: "labors", favour: "favor", favours: "favors", favourable: "favorable",
  favourably: "favorably", honour: "honor", honours: "honors", colour: "color", neighbour: "neighbor",
  neighbours: "neighbors", neighbouring: "neighboring", behaviour: "behavior", endeavour: "endeavor",
  programme: "program", programmes: "programs", centre: "center", centres: "centers", metre: "meter",
  theatre: "theater", fibre: "fiber", catalogue: "catalog", dialogue: "dialog", dialogues: "dialogs",
  organisation: "organization", organisations: "organizations", organise: "organize", organised: "organized",
  organising: "organizing", realise: "realize", realised: "realized", recognise: "recognize",
  recognised: "recognized", prioritise: "prioritize", prioritised: "prioritized", emphasise: "emphasize",
  emphasised: "emphasized", modernise: "modernize", modernisation: "modernization", harmonise: "harmonize",
  liberalisation: "liberalization", globalisation: "globalization", mobilise: "mobilize", utilise: "utilize",
  specialise: "specialize", specialised: "specialized", standardisation: "standardization",
  digitalisation: "digitalization", industrialisation: "industrialization", normalisation: "normalization",
  ratify: "ratify", analyse: "analyze", analysed: "analyzed", travelling: "traveling", traveller: "traveler",
  travellers: "travelers", enrol: "enroll", fulfil: "fulfill", judgement: "judgment", ageing: "aging",
  tonne: "ton", tonnes: "tons", cheque: "check", jewellery: "jewelry", aluminium: "aluminum",
};

/** Multi-word spellings joined into the single token the other document uses. */
const PHRASE_FOLDS: Array<[RegExp, string]> = [
  [/\bviet\s*nam\b/g, "vietnam"],
  [/\bha\s*noi\b/g, "hanoi"],
  [/\bho\s*chi\s*minh\s*city\b/g, "hochiminhcity"],
  [/\be-government\b/g, "egovernment"],
  [/\bcyber\s*security\b/g, "cybersecurity"],
  [/\bpeople-to-people\b/g, "people to people"],
];

const STOPWORDS = new Set(
  (
    "a an and are as at be been being but by can could did do does doing for from had has have having he her his " +
    "how i if in into is it its itself me my of on or our ours she should so than that the their them then there " +
    "these they this those to too us was we were what when where which while who whom why will with would you your " +
    "about also any both each few more most other some such own same just very s t don now only tell say says said " +
    "against between among within across through during before after above below under over upon via per toward towards " +
    "onto until since whether not no nor yet however there's it's let let's " +
    // Pronouns and particles from NLTK's English stoplist, and the other modal verbs ("anything that might help").
    "myself ourselves yourself yourselves him himself hers herself theirs themselves am off might must shall ought " +
    "document documents text statement article according mentioned mention please give me show"
  ).split(/\s+/),
);

/** Lowercase, strip diacritics, unify quotes and dashes. Length-preserving is not promised. */
export function foldText(text: string): string {
  let s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .replace(/[‘’`´]/g, "'")
    .replace(/[‐‑‒–—―]/g, "-")
    .toLowerCase();
  for (const [pattern, replacement] of PHRASE_FOLDS) s = s.replace(pattern, replacement);
  return s;
}

const SPELLINGS = new Map(Object.entries(SPELLING_VARIANTS));

export function foldSpelling(word: string): string {
  return SPELLINGS.get(word) ?? word;
}

/** Folded word tokens (letters and digits), spelling variants unified, stopwords kept. */
export function words(text: string): string[] {
  const tokens = foldText(text).match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
  return tokens.map((t) => foldSpelling(t.replace(/'s$/, "")));
}

export function isStopword(word: string): boolean {
  // "they'd", "we'll", "it's": a contraction of a stopword is one too.
  return STOPWORDS.has(word) || (word.includes("'") && STOPWORDS.has(word.slice(0, word.indexOf("'"))));
}

/** The lexical index's term for a folded word: Porter stem, numbers kept whole. */
export const termOf = memoize((word: string): string => (/^\d/.test(word) ? word : stemmer(word)));

/** Content terms of a text: folded, stopwords removed, stemmed. */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((w) => !isStopword(w))
    .map(termOf);
}

export interface Sentence {
  text: string;
  /** Offsets relative to the text that was split. */
  start: number;
  end: number;
}

/**
 * Splits a chunk into sentences with offsets. A split happens after . ! ? or …
 * followed by whitespace and an uppercase letter or a digit, and at line breaks.
 * The clause number that opens a clause ("24. ") is not a sentence of its own.
 */
export const splitSentences = memoize(splitSentencesOf, 10_000);

function splitSentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  const leading = /^\s*\d{1,3}\.\s+/.exec(text);
  let start = leading ? leading[0].length : 0;
  const boundary = /(?<=[.!?…]["”’)]?)\s+(?=["“(]?[A-Z0-9À-Ỹ])|\s*\n\s*/g;
  boundary.lastIndex = start;
  const push = (from: number, to: number) => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) out.push({ text: trimmed, start: from + lead, end: from + lead + trimmed.length });
  };
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    if (m[0].length === 0) {
      boundary.lastIndex += 1;
      continue;
    }
    push(start, m.index);
    start = m.index + m[0].length;
  }
  push(start, text.length);
  return out;
}
