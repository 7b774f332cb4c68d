/**
 * Query understanding: which words of a question say what it is about and how
 * much each weighs, which corpus words stand in for words the corpus never
 * uses, whether it follows up on the conversation, and which document it
 * names. Built once per corpus; everything here is in-memory and fast.
 */
import type { Chunk, DocumentInfo } from "../contract.ts";
import type { QueryTerm, SentenceScorer } from "../analysis.ts";
import { unitWordVector } from "../embeddings/sif.ts";
import type { WordVectors } from "../embeddings/word-vectors.ts";
import { contentTerms, foldText, isStopword, memoize, termOf, words } from "../text.ts";
import type { SynonymRule } from "../../corpus/synonyms.ts";
import { corpusVocabulary, editDistance, inDictionary, SPELLING, SpellingCorrector, type Correction } from "./spelling.ts";
import { SynonymExpander } from "./synonyms.ts";

/** Words that frame a question rather than say what it is about. */
const FRAME_WORDS = new Set(
  ("how many much long often what which who whom whose when where why does did do say says said tell two side sides " +
    // Every clause is the two sides acting together: "work together", "jointly" say nothing about what on.
    "together jointly etc else " +
    "summarize summarise summary explain describe quote contain contains cover covers mention mentions mentioned provide provides " +
    "cite cites cited citing reference references referenced referencing refer refers referred " +
    // "in what wording?", "the exact phrasing": how the text says it, which the quote shows.
    "wording phrasing phrased verbatim " +
    "name names named list lists listed " +
    "kind kinds type types sort sorts apply applies happen happens happened happening mean means " +
    // Filler people type around a question; none of it says what the question is about.
    "hi hello hey thanks thank ok okay please basically actually really just exactly quick question questions wondering " +
    "curious know want wants wanted like need needs trying try find out understand wonder maybe perhaps anyway um uh " +
    "guess think thought someone anyone help could would already exactly precisely specifically " +
    // Turning the conversation: "ok switching to farming now — …".
    "switching switch " +
    // Adverbs of time and frequency: "did Bulgaria ever …", "is it still …" ask whether, not about what.
    "ever still again " +
    // Emphasis: "an actual new body", "what concretely is new"; the thing asked about follows it.
    "actual really real concrete concretely literally particular particularly specific " +
    // Requests to look something up: "can you check what the document says?"
    "check verify confirm double-check lookup " +
    // Asking to set the two documents side by side: how to read them, not what about.
    "compare compared comparing comparison contrast differ differs difference differences similar similarity similarities " +
    "talk talks talking talked discuss discusses discussing discussed " +
    // "which bit talks about …": a part of the documents, which the citation gives.
    "bit bits portion " +
    // "defence cooperation details pls": asking for what the documents say, which every answer is.
    "details detail specifics lowdown rundown " +
    // What a "why" question asks for, said again: the reason is the answer, not its topic.
    "because reason reasons purpose purposes " +
    // "Which fields does the statement prioritise / highlight?": what it names, said as a choice.
    "prioritise prioritize prioritises prioritizes prioritised prioritized highlight highlights highlighted " +
    // "What does it involve?" asks what it is.
    "involve involves involved entail entails " +
    // "What does the article call them?", "What is it called?"
    "call calls called " +
    // "the latter", "the former" point back; "kick in" is "start".
    "latter former kick kicks kicked " +
    // Light verbs of motion and getting: "kids who want to go study abroad", "heading over to Bulgaria".
    "go goes going went gone get gets getting got heading come comes coming came " +
    // The other forms of "give", which is listed below: "what did Bulgaria give / gave Vietnam?" asks what, not give.
    "gave given giving gives " +
    "one ones read quote print display show give date dates anything something everything nothing anythng thing things stuff " +
    // Chat spellings of question words.
    "whats wats wat wht whn hw whos hows wheres whens whats abt pls plz thx u ur ya yo dont doesnt didnt isnt arent").split(" "),
);

/**
 * Ways of naming one of the two documents ("the joint statement", "the VNA piece", "the news story"):
 * they say where to look, not what about, so they weigh nothing.
 */
const DOCUMENT_NAMES =
  /\bjoint\s+statements?\b|\b(?:official|actual|original|full)\s+(?:documents?|texts?|statements?|versions?|wording|papers?)\b|\b(?:vna|vns|vietnam\s+news\s+agency|news)(?:\s*\/\s*vns)?(?:\s+(?:article|piece|story|report|write-?up|item))?\b|\b(?:the|this|that)\s+(?:piece|story|write-?up|news\s+report)\b/i;

/** Every mention of a document's name, for removing them all (built once, not per question). */
const EVERY_DOCUMENT_NAME = new RegExp(DOCUMENT_NAMES.source, "gi");

/**
 * "What role does trade play in the relationship?" asks how trade is described there: "role" and "play" frame it
 * (the clause that answers calls trade a "pillar", and the word "role" is in another clause).
 */
const ROLE_FRAME = /\b(?:role|part)s?\b(.*?)\bplay(?:s|ed|ing)?\b/gi;

/**
 * Shorthand people type in chat for words the documents spell out; a spelling corrector sees no slip in them
 * ("ppl" is two edits from "pp", four from "people"). Only forms with one reading here: "gov" is government, "tech" is
 * left to the synonym file (technology, frontier fields).
 */
const CHAT_SHORTHAND = new Map([
  ["ppl", "people"],
  ["info", "information"],
  ["govt", "government"],
  ["gov", "government"],
  ["intl", "international"],
  ["edu", "education"],
  ["yrs", "years"],
  ["yr", "year"],
  ["approx", "approximately"],
  // "science n tech": the letter stands for "and".
  ["n", "and"],
  ["orgs", "organizations"],
  ["org", "organization"],
  ["wanna", "want to"],
  ["gonna", "going to"],
  // "bout" and "coop" are English words too, but in a question about this statement they are "about" and "cooperation".
  // Question words typed short: spelled out, they say what kind of answer is wanted ("wat year" asks for a year).
  ["wat", "what"],
  ["wht", "what"],
  ["whn", "when"],
  ["hw", "how"],
  // "whos the ambassador": "who's", not "whose" (which would ask for an owner).
  ["whos", "who is"],
  // The two countries' codes, as people write them in a hurry ("can BG citizens stay in VN visa free").
  ["vn", "vietnam"],
  ["bg", "bulgaria"],
  // Words typed as letters ("what r the dates", "can u tell me"); "R&D" and "w/" are read before (ABBREVIATIONS).
  ["r", "are"],
  ["u", "you"],
  ["ur", "your"],
  ["pls", "please"],
  ["plz", "please"],
  ["re", "about"],
  ["abt", "about"],
  ["w", "with"],
  ["wen", "when"],
  ["wut", "what"],
  ["whr", "where"],
  ["til", "until"],
  ["till", "until"],
  // Pointing into the documents: "pt 32", "sec 3", "cl 24".
  ["pt", "point"],
  ["sec", "section"],
  ["cl", "clause"],
  ["intel", "intelligence"],
  ["bout", "about"],
  ["coop", "cooperation"],
  ["thru", "through"],
  // "tech transfer btw businesses": between; at a message's start ("btw, …") it is "by the way", function words either way.
  ["btw", "between"],
  ["stmt", "statement"],
  ["docs", "documents"],
  ["doc", "document"],
  ["biz", "business"],
  ["econ", "economic"],
  ["agri", "agriculture"],
  ["sci", "science"],
  ["natl", "national"],
  ["cuz", "because"],
  ["coz", "because"],
  ["bc", "because"],
]);

/** Abbreviations written with "&" or "/", read before the words are split ("S&T" would be "s" and "t"). */
const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/\bS\s*&\s*T\b/gi, "science and technology"],
  [/\bR\s*&\s*D\b/gi, "research and development"],
  [/\bw\/o\b/gi, "without"],
  [/\bw\/(?=\s|[a-z])/gi, "with "],
  [/\bb\/c\b/gi, "because"],
  [/\bb\/w\b/gi, "between"],
  [/\bnat['’]l\b/gi, "national"],
];

/**
 * "How old is the relationship?", "how old is it?": "old" asks for an age, as "long" in "how long" asks for a length; no
 * topic. A person's age ("how old is he?", "how old is the president?") is a fact the documents never give: there the word
 * stays, to be missed.
 */
const HOW_OLD = /\bhow old(?=\s+(?:is|are|was|were)\s+(?:it|this|that|they|(?:the|this|that|its|their)\s+(?!(?:president|leader|general|secretary|minister|deputy|ambassador|spouse|wife|husband|chairman|prime)\b)[a-z]))/gi;
/** "the time frame of", "the duration of": a length is asked for (answer-type.ts), as by "how long"; no topic either. */
const LENGTH_FRAME = /\b(?:time ?frames?|time ?spans?|durations?)\b/gi;
/**
 * "When did the visit start?", "On which date did it end?", "When did To Lam arrive?": asked of a date, the verbs of
 * beginning and ending only say which end of a period is wanted; the period's dates answer ("from October 22 to 24").
 */
const DATE_EDGE_VERB =
  /\b((?:when|(?:what|which) (?:date|day))\b[^?.!]*?)\s+(?:start|starts|started|begin|begins|began|end|ends|ended|arrive|arrives|arrived|leave|leaves|left|depart|departs|departed|finish|finishes|finished|conclude|concludes|concluded)\b/gi;
/** "we may not need a visa": the modal, written small and with no day or year after it, is no month of May. */
const MODAL_MAY = /\b(?:may|might|must)\b(?!\s*\d)/g;
/** "How long did the visit last / take?", "how long will it run?": the verb only asks for the length. */
const HOW_LONG_VERB = /\b(how long\b[^?.!]*?)\s+(?:last|lasts|lasted|take|takes|took|run|runs|ran)\b/gi;

/** "any info on …", "some details about …": asking for what the documents say, which every answer is. */
const INFO_FRAME = /\b(?:any|some|more|the)?\s*(?:info|information|details|news|updates?)\s+(?:on|about|regarding|concerning|re)\b/gi;

/**
 * The two capitals named together stand for the two states, as diplomatic writing uses them ("air links between Hanoi
 * and Sofia"): they are "the two sides", which say nothing about the topic. Alone, "Hanoi" or "Sofia" is a city.
 */
const CAPITAL_PAIR = /\b(?:hanoi|ha noi|hà nội)\s*(?:and|&|[-–—/])\s*sofia\b|\bsofia\s*(?:and|&|[-–—/])\s*(?:hanoi|ha noi|hà nội)\b/gi;

/**
 * Idioms for "planned", "possible" or "included" whose nouns are no topic: "on the table", "in the pipeline",
 * "part of the deal".
 */
const IDIOM_FRAME =
  /\b(?:on the (?:table|cards|agenda|horizon)|in the (?:pipeline|works|cards)|in store|down the (?:road|line)|in the offing|(?:a )?part of (?:the|this|that) (?:deal|agreement|package|plan|statement))\b/gi;

/** Words that make up a reference ("clause 24", "section II"), not its topic. */
const REFERENCE_WORDS =
  /\b(clauses?|points?|items?|paragraphs?|paras?|sections?|parts?|preamble|closing|article|statement|joint|document|piece|vna|vns|first|second|third|last|final|next|previous|following|end|ends|ending|conclude|concludes|deal|deals|cover|covers|dieu|khoan|muc|doan)\b|§|¶|\b[ivx]+\b|\d+/g;

export const EXPANSION = {
  /** Word-vector cosine a heading word needs to stand in for an unknown question word. */
  headingSimilarity: 0.55,
  /** Same for any other corpus word: higher, since those are more often another sense. */
  corpusSimilarity: 0.75,
  /** Words added per unknown question word from each pool. */
  perTerm: 2,
  /** BM25 weight of an expansion term relative to the user's own words, times its similarity. */
  headingWeight: 0.8,
  corpusWeight: 0.3,
  /** BM25 weight of a word the synonym file gives for the user's word (reviewed, so near the user's own). */
  synonymWeight: 0.9,
};

/** The frames `terms` takes out of a text, in this order: they say how the question asks, not what about. */
const QUESTION_FRAMES: Array<[RegExp, string]> = [
  [INFO_FRAME, " about "],
  [MODAL_MAY, " "],
  [HOW_OLD, " how "],
  [LENGTH_FRAME, " "],
  [HOW_LONG_VERB, "$1"],
  [DATE_EDGE_VERB, "$1"],
  [EVERY_DOCUMENT_NAME, " "],
  [ROLE_FRAME, "$1"],
  [IDIOM_FRAME, " "],
  [CAPITAL_PAIR, " "],
];

export const SIMILARITY_CACHE = {
  /**
   * Word pairs whose cosine is kept (≈52 bytes each: ≈16 MB at most). Answering
   * every dev question once asks for ~225,000 distinct pairs, so the load
   * bench's rotation through them is served from the cache.
   */
  maxPairs: 300_000,
};

const QUESTION_WORD_FREQUENCY = 50;

/**
 * A word one slip from a reference word, before a clause or section number: "cause 31", "sectoin II", "paragrah 3".
 * The slip may be an English word ("cause"), which the speller alone keeps; the number says which word was meant.
 */
const NUMBERED = /\b(\p{L}{4,10})(?=\s+(?:\d{1,2}|[ivx]{1,4})\b)/giu;
const NUMBERED_PARTS = ["clause", "section", "paragraph", "point"];

function numberedPartSlip(word: string): string | undefined {
  const folded = foldText(word);
  if (NUMBERED_PARTS.includes(folded)) return undefined;
  return NUMBERED_PARTS.find((part) => editDistance(folded, part) <= 1);
}

/** Words people use to point into the documents; typos in them are corrected too ("clasue 24"). */
const REFERENCE_VOCABULARY = [
  ...["clause", "clauses", "paragraph", "paragraphs", "section", "sections", "preamble", "article", "statement", "joint", "closing", "summarize", "summary"],
  // Words for the documents' parts and for asking about them ("outlien", "heding", "same questin for the article").
  ...["outline", "heading", "headings", "overview", "question", "topic", "topics"],
  // Question and function words, so their typos are corrected to them rather than to a topic word.
  ..."which what where when whose about according their there because between does would could should have with from that this these those they them said says mention mentioned".split(" "),
];

export class QueryAnalyzer {
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  private readonly vocabulary = new Set<string>();
  /** Folded corpus words (no stopwords): targets of paraphrase expansion. */
  private readonly corpusWords: string[];
  /** Folded words of section and subsection headings: the documents' own topic labels. */
  private readonly headingWords: string[];

  private readonly chunkById: Map<string, Chunk>;
  /** Heading term → how many distinct headings use it. */
  private readonly headingTermCount = new Map<string, number>();

  private readonly speller: SpellingCorrector;
  private readonly synonyms: SynonymExpander;

  constructor(
    private readonly chunks: Chunk[],
    private readonly documents: DocumentInfo[],
    private readonly vectors: WordVectors,
    synonymRules: SynonymRule[] = [],
  ) {
    this.chunkById = new Map(chunks.map((c) => [c.id, c]));
    const df = new Map<string, number>();
    for (const c of chunks) {
      for (const t of new Set(contentTerms(c.text))) df.set(t, (df.get(t) ?? 0) + 1);
      for (const t of contentTerms(`${c.text} ${c.section?.title ?? ""} ${c.subsection ?? ""}`)) this.vocabulary.add(t);
    }
    const n = chunks.length;
    for (const [t, f] of df) this.idf.set(t, Math.log(1 + (n - f + 0.5) / (f + 0.5)));
    // A word the corpus never uses weighs like the rarest: it is what the question is about.
    this.maxIdf = Math.log(1 + (n + 0.5) / 0.5);
    const contentWords = (text: string) => words(text).filter((w) => !isStopword(w) && !/^\d/.test(w) && w.length > 2);
    this.corpusWords = [...new Set(chunks.flatMap((c) => contentWords(c.text)))];
    this.headingWords = [...new Set(chunks.flatMap((c) => contentWords(`${c.section?.title ?? ""} ${c.subsection ?? ""}`)))];
    // Typos are corrected towards the documents' words and the words people use to point into them.
    this.speller = new SpellingCorrector([
      ...corpusVocabulary(chunks.flatMap((c) => [c.text, c.section?.title ?? "", c.subsection ?? ""])),
      // Counted as often as the commonest corpus words: in questions they are at least that likely ("wich" is "which", not "wish").
      ...REFERENCE_VOCABULARY.flatMap((w) => Array<string>(QUESTION_WORD_FREQUENCY).fill(w)),
    ], (word) => this.vectors.rowOf(word), corpusVocabulary(synonymRules.flatMap((rule) => rule.from)));
    this.synonyms = new SynonymExpander(synonymRules);
    const headings = new Set(chunks.flatMap((c) => [c.section?.title, c.subsection].filter((h): h is string => Boolean(h))));
    for (const heading of headings) {
      for (const t of new Set(contentTerms(heading))) this.headingTermCount.set(t, (this.headingTermCount.get(t) ?? 0) + 1);
    }
  }

  /** Question words that say what it is about, weighted by rarity (× `weight`). */
  terms(text: string, weight = 1): QueryTerm[] {
    // The documents' names ("the joint statement") say where to look, not what about ("who signed the joint
    // statement?" is served by the synonym file: signed the joint statement → approved).
    return this.termsOf(
      QUESTION_FRAMES.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text),
      weight,
    );
  }

  private termsOf(text: string, weight: number): QueryTerm[] {
    const seen = new Set<string>();
    const out: QueryTerm[] = [];
    // Words written capitalised after the first word are names (a text in capitals has none).
    const shouting = text === text.toUpperCase();
    const names = shouting ? new Set<string>() : new Set([...text.matchAll(/(?<=\S\s+)\p{Lu}[\p{L}'’-]*/gu)].flatMap((m) => words(m[0])));
    for (const word of words(text)) {
      // A lone letter is chat shorthand ("r u", "y") or an initial, never what a question is about.
      if (isStopword(word) || FRAME_WORDS.has(word) || /^[a-z]$/.test(word)) continue;
      const term = termOf(word);
      if (seen.has(term)) continue;
      seen.add(term);
      out.push({
        word,
        term,
        weight: weight * (this.idf.get(term) ?? this.maxIdf),
        ...(names.has(word) ? { name: true } : !this.vocabulary.has(term) && this.unreadable(word) ? { unreadable: true } : {}),
        ...(this.isTopicLabel(term) ? { label: true } : {}),
      });
    }
    return out;
  }

  /** The topic words of a question that also makes a reference ("what does clause 24 say about visas"). */
  topicOf(question: string): string {
    return foldText(question).replace(REFERENCE_WORDS, " ");
  }

  /**
   * Paraphrase expansion: a question word the corpus never uses ("army",
   * "farming") brings in its nearest words by word vectors, for the lexical
   * ranking. Section and subsection headings are the documents' own topic
   * labels, so their words are preferred targets ("army" → "defense");
   * other corpus words must be much closer, because a near neighbour can be
   * another sense ("army" → "forces", as in "driving forces").
   */
  expand(terms: QueryTerm[], synonyms?: string[]): { text: string; boosts: Map<string, number> } | undefined {
    const boosts = new Map<string, number>();
    const added: string[] = [];
    // The reviewed synonym file first: the documents' own wording for the user's word.
    for (const w of synonyms ?? []) {
      const term = termOf(w);
      boosts.set(term, Math.max(boosts.get(term) ?? 0, EXPANSION.synonymWeight));
      added.push(w);
    }
    for (const q of terms) {
      // Words carried from elsewhere (an earlier turn, the chatter around a long question) are not paraphrased.
      if (q.carried || this.vocabulary.has(q.term) || q.alternatives?.length) continue;
      for (const { w, weight } of this.expansionsOf(q.word)) {
        const term = termOf(w);
        boosts.set(term, Math.max(boosts.get(term) ?? 0, weight));
        added.push(w);
      }
    }
    return added.length ? { text: added.join(" "), boosts } : undefined;
  }

  /**
   * Applies the synonym file to a question's terms: each term a rule matches
   * gets the rule's document wording as alternatives (so the answerer counts
   * "legislative bodies" as saying "parliament"). Returns the document words
   * to add to the lexical query.
   */
  synonymsFor(terms: QueryTerm[], question: string): string[] {
    if (terms.length === 0) return [];
    const expansion = this.synonyms.expand(question);
    for (const match of expansion.matched) {
      const fromTerms = new Set(words(match.from).map(termOf));
      const alternatives = match.to.map((to) => contentTerms(to)).filter((a) => a.length > 0);
      for (const t of terms) {
        if (fromTerms.has(t.term)) t.alternatives = [...(t.alternatives ?? []), ...alternatives];
      }
    }
    return expansion.words;
  }

  /** The question with typos corrected towards the documents' words; everything else as typed. */
  correctSpelling(text: string): { text: string; corrections: Correction[] } {
    const expanded = ABBREVIATIONS.reduce((t, [pattern, words]) => t.replace(pattern, words), text).replace(NUMBERED, (word) => numberedPartSlip(word) ?? word);
    return this.rewriteWords(expanded, (word, token, offset) => {
      // Chat shorthand is no typo, but the word it stands for ("ppl": people) is what the documents say. It comes first:
      // "vn" shares its stem with the agency's "VNS", but a question's "VN" is Vietnam.
      const spelledOut = CHAT_SHORTHAND.get(word);
      if (spelledOut) return spelledOut;
      // A form of a word the documents use ("Bulgarians") is no typo: no need to ask the dictionary.
      if (this.vocabulary.has(termOf(word))) return undefined;
      // A capitalised word inside a sentence is a name: only a slip of one of the documents' own words is corrected.
      const name = offset > 0 && /^\p{Lu}/u.test(token) && !/[.!?]\s*$/.test(expanded.slice(0, offset)) && expanded !== expanded.toUpperCase();
      return name ? this.speller.correctName(word) : this.speller.correct(word);
    });
  }

  /** Each word of a text replaced by what `replace` gives for its folded form (undefined keeps it), with the changes made. */
  private rewriteWords(
    text: string,
    replace: (word: string, token: string, offset: number) => string | undefined,
  ): { text: string; corrections: Correction[] } {
    const corrections: Correction[] = [];
    const rewritten = text.replace(/[\p{L}][\p{L}'’]*/gu, (token, offset: number) => {
      const [word] = words(token);
      const to = word === undefined ? undefined : replace(word, token, offset);
      if (to === undefined || to === word) return token;
      corrections.push({ from: word!, to });
      return to;
    });
    return { text: rewritten, corrections };
  }

  /**
   * A Vietnamese question's English gloss with slips in the documents' names corrected ("Bulgaira", "Blugaria"): the
   * gloss passes on the words it does not know, and only a near miss of a corpus word is taken for one, never an
   * English word, since those words are mostly Vietnamese.
   */
  correctNameSlips(text: string): { text: string; corrections: Correction[] } {
    return this.rewriteWords(text, (word) => (this.vocabulary.has(termOf(word)) ? undefined : this.speller.correctName(word)));
  }

  /**
   * Of the words the speller put in place of typos, the rare ones the documents never use: long shots ("gradient" for
   * "prsdient", "resins" for "resons"), good enough to search with, not to decide that the documents are silent on
   * them. A common one ("population" for "populaton") is what was meant.
   */
  guessesOf(corrections: Correction[]): Set<string> {
    return new Set(
      corrections.map((c) => c.to).filter((word) => !this.vocabulary.has(termOf(word)) && (this.vectors.rowOf(word) ?? Infinity) >= SPELLING.rareFrom),
    );
  }

  /**
   * Share of the terms' weight on words the documents never use and nothing
   * bridges (no synonym rule, no heading word close in meaning): "poem",
   * "weather", "Putin". High means the question is about something else.
   */
  outOfCorpusShare(terms: QueryTerm[]): number {
    const total = terms.reduce((sum, t) => sum + t.weight, 0);
    if (total === 0) return 0;
    const unknown = terms.filter(
      (t) => !this.vocabulary.has(t.term) && !t.alternatives?.length && !this.expansionsOf(t.word).some((x) => x.pool === "heading"),
    );
    return unknown.reduce((sum, t) => sum + t.weight, 0) / total;
  }

  /** The corpus words that stand in for one unknown word (a pure function of the word, so memoised). */
  private readonly expansionsOf = memoize((word: string): Array<{ w: string; weight: number; pool: "heading" | "corpus" }> => {
    if (!this.wordVector(word)) return [];
    const nearest = (pool: string[], min: number) =>
      pool
        // Uncached: this runs once per word (memoised) over the whole vocabulary and would only flush the pair cache.
        .map((w) => ({ w, sim: this.cosine(word, w) }))
        .filter((x) => x.sim >= min && termOf(x.w) !== termOf(word))
        .sort((a, b) => b.sim - a.sim)
        .slice(0, EXPANSION.perTerm);
    return [
      ...nearest(this.headingWords, EXPANSION.headingSimilarity).map((x) => ({ w: x.w, weight: x.sim * EXPANSION.headingWeight, pool: "heading" as const })),
      ...nearest(this.corpusWords, EXPANSION.corpusSimilarity).map((x) => ({ w: x.w, weight: x.sim * EXPANSION.corpusWeight, pool: "corpus" as const })),
    ];
  }, 10_000);

  /** Whether the documents (text or headings) use a term. */
  knowsTerm(term: string): boolean {
    return this.vocabulary.has(term);
  }

  hasChunk(id: string): boolean {
    return this.chunkById.has(id);
  }

  /**
   * Whether a term names one of the documents' topics: a word of a section or
   * subsection heading that few headings share ("education", "defense";
   * not "cooperation", which every heading has).
   */
  isTopicLabel(term: string): boolean {
    const n = this.headingTermCount.get(term);
    return n !== undefined && n <= 2;
  }

  /** The given chunks and their neighbours in the same (sub)section: what a follow-up is likely about. */
  neighbourhood(ids: string[]): string[] {
    const out = [...ids];
    for (const id of ids) {
      const chunk = this.chunkById.get(id);
      if (!chunk?.section) continue;
      for (const c of this.chunks) {
        const sibling = c.docId === chunk.docId && c.section?.numeral === chunk.section.numeral && c.subsection === chunk.subsection;
        if (sibling && !out.includes(c.id)) out.push(c.id);
      }
    }
    return out;
  }

  /**
   * The one document a question names ("the statement", "the article"), if it
   * names exactly one. Asking what the sides *agreed* or *committed to* names
   * the statement too: that is where agreements are written down, while the
   * article reports hopes and history.
   */
  documentNamedIn(question: string): string | undefined {
    const q = foldText(question);
    const named = this.documents.filter((d) =>
      d.shape === "statement"
        ? /\b(joint statement|statement|declaration|agree|agreed|commit|committed|pledge|pledged)\b/.test(q)
        : /\b(article|news|report|press|vna|vns)\b/.test(q),
    );
    return named.length === 1 ? named[0]!.id : undefined;
  }

  /**
   * Word-vector cosine of two folded words, 0 when either is unknown. Scoring
   * one answer asks for ~800 pairs (the question's words against the words
   * of every candidate sentence), nearly all of them asked before, so they are
   * cached: a repeated pair costs two map lookups instead of a 100-dimension
   * dot product. Past SIMILARITY_CACHE.maxPairs the cache starts over (as
   * `memoize` does), so questions full of never-seen words cannot grow it.
   */
  wordSimilarity(a: string, b: string): number {
    let row = this.similarities.get(a);
    let similarity = row?.get(b);
    if (similarity !== undefined) return similarity;
    similarity = this.cosine(a, b);
    if (this.cachedSimilarities >= SIMILARITY_CACHE.maxPairs) {
      this.similarities.clear();
      this.cachedSimilarities = 0;
      row = undefined;
    }
    if (!row) this.similarities.set(a, (row = new Map()));
    row.set(b, similarity);
    this.cachedSimilarities++;
    return similarity;
  }

  /** Word pairs whose similarity is cached now: at most SIMILARITY_CACHE.maxPairs. */
  get similarityCacheSize(): number {
    return this.cachedSimilarities;
  }

  /** First word → second word → cosine. Keyed by the words themselves, so a lookup builds no key string. */
  private readonly similarities = new Map<string, Map<string, number>>();
  private cachedSimilarities = 0;

  private cosine(a: string, b: string): number {
    const va = this.wordVector(a);
    const vb = this.wordVector(b);
    if (!va || !vb) return 0;
    let dot = 0;
    for (let d = 0; d < va.length; d++) dot += va[d]! * vb[d]!;
    return dot;
  }

  /** See `QueryTerm.unreadable`. Words with digits ("2023", "r&d") are read as written. */
  private readonly unreadable = memoize(
    (word: string) => !/\d/.test(word) && (this.vectors.rowOf(word) ?? Infinity) >= SPELLING.inUseBelow && !inDictionary(word),
    10_000,
  );

  private readonly wordVector = memoize((word: string) => unitWordVector(this.vectors, word));

  /** What the sentence scorer of the extractive answerer needs. */
  readonly scorer: SentenceScorer = {
    analyze: memoize((text: string) => {
      const ws = words(text).filter((w) => !isStopword(w));
      return { words: ws, terms: new Set(ws.map(termOf)) };
    }, 20_000),
    wordSimilarity: (a, b) => this.wordSimilarity(a, b),
  };
}
