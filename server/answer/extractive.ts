/**
 * The offline answerer: picks the sentences of the retrieved chunks that
 * answer the question and quotes them verbatim, each followed by its chunk's
 * citation marker. It never writes a word that is not in a retrieved chunk,
 * apart from short frames ("Yes.", "**45 days**", "Closest passages:").
 *
 * A sentence's support for the question is the IDF-weighted share of the
 * question's content words it contains — exactly (same stem), through the
 * documents' own wording for a word they never use (the synonym file), or
 * softly (a word-vector neighbour such as army ≈ military) — plus a small
 * prior from the chunk's retrieval rank.
 *
 * Every answer has one of three outcomes (see `decide`):
 * - `answer`: a sentence covers the question, including its most specific
 *   words, and states the kind of fact asked for (a number, a date, a name);
 * - `related`: passages are on the topic but none states what was asked
 *   (the Prime Minister's name, an amount of money): they are listed as
 *   related, never as an answer;
 * - `none`: nothing in the documents is about it.
 */
import type { Answer, Chunk, Citation } from "../contract.ts";
import type { QueryTerm, SentenceScorer } from "../analysis.ts";
import type { Retrieval } from "../retrieval/hybrid.ts";
import { lemmasOf, namingWords, pastVerbs, qualifiedWord } from "../pos.ts";
import { THING_PRONOUN } from "../retrieval/conversation.ts";
import { separateInstructions } from "../retrieval/instructions.ts";
import { foldText, splitSentences, termOf, words, type Sentence } from "../text.ts";
import { answerValues, datesNamedDocument, expectedAnswerType, MONTH_NAMES, reversesParties, statesAnswer, type AnswerType } from "./answer-type.ts";
import { directValue, trimQuote } from "./compose.ts";
import { NO_HEADING, termCredits as coverageOf, weightedShare, withinPeriod, type Analyzed } from "./coverage.ts";
import { asksAcronym, spellOut } from "./acronym.ts";
import { marker } from "./markers.ts";
import { ASKS_WHO_SAID, attributionOf, isOfficeHead, isOfficeWord, personTitle, titleCorrection, withoutOffices, type TitleCorrection } from "./person.ts";
import { answerStructural, outlineOf, shortLine } from "./structure.ts";
import { HEDGED_FRAME, OPPOSITE_FRAME, OPPOSITE_VERDICT, opposesTrend, OUTLOOK_HEDGES, verdictFor } from "./verdict.ts";

export { marker } from "./markers.ts";

/** "Who is the …", "who's the …", "name the …": the person holding an office is asked for. */
const ASKS_WHO_HOLDS = /^\s*(?:and\s+)?(?:who(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+(?:the|a|an|[\p{L}]+['’]s)(?=\s)|(?:name|what(?:'s|\s+is)\s+the\s+name\s+of)\s+the\b)/iu;

export const EXTRACTIVE_PARAMS = {
  /** Chunks (in retrieval order) whose sentences compete. */
  candidateChunks: 6,
  /** Below this support (0…1, IDF-weighted share of the question covered) there is no answer; calibrated on dev. */
  abstainBelow: 0.5,
  /**
   * …and for the passage both the lexical and the dense ranking put first: two independent signals agree on it, so a
   * question in other words than the documents' ("ships sailing the seas unhindered") may cover less of it.
   * `npm run calibrate` on the 773-question dev set (2026-12-03) moved it 0.4 → 0.35, with keyCreditAgreed 0.3 → 0.5
   * and premiseSupport 0.7 → 0.6 (objective 0.9070 → 0.9117); its companionTopicCredit 0.85 → 0.5 was not taken.
   */
  abstainBelowAgreed: 0.35,
  /** Below this support nothing is even related: the outcome is `none`. */
  relatedFloor: 0.35,
  /**
   * Share of the question's weight on words the documents never use (and no
   * synonym or word vector bridges) from which the question is out of scope
   * whatever else matches ("write a poem about the sea").
   */
  outOfCorpusNone: 0.7,
  /** A question word weighing at least this share of the heaviest is a key word… */
  keyShare: 0.75,
  /** Whether words the documents do use can be key words too (1) or only words they never use (0). */
  keyKnownWords: 0,
  /**
   * Whether a word the synonym file maps counts as one the documents use (1) when choosing key words.
   * On dev, 1 costs one near-miss of 76 (abstention recall 0.908 → 0.895) and saves the tagger's
   * 230 ms load on common questions ("How many days can Bulgarians stay …?"): kept for cold start.
   */
  keySynonymsKnown: 1,
  /** The key-word threshold for the chunk that both the lexical and the dense ranking put first (calibrated, of 0.01–0.5). */
  keyCreditAgreed: 0.5,
  /** Support from which the first-ranked passage of both rankings needs no key word that is not a name or number (dev: 0.65). */
  keyWaiveSupport: 0.65,
  /** Whether a key word must be a noun, adjective or number by the tagger (1), or any word (0). */
  keyNeedsTagger: 1,
  /**
   * …and an answer must cover every key word at least this well. `npm run calibrate` on the 553-question dev set
   * (2026-12-03) moved it from 0.5 to 0.85 (a word-vector cosine of about 0.75: "nuclear" at 0.65 of "biological"
   * no longer counts), with abstainBelow 0.35 → 0.5.
   */
  keyCredit: 0.85,
  /**
   * …and the event a date, name or place is asked of ("signed", "won") at least this well: the documents' own word
   * or the synonym file's, or a near-identical vector (100-d vectors put "won" at 0.67 of "first").
   */
  eventCredit: 0.9,
  /** A further sentence joins the answer when its score is within this share of the best… */
  companionShare: 0.8,
  /** …or this share for broad questions, whose answer spans several clauses. */
  companionShareBroad: 0.7,
  /**
   * A further sentence must cover the question's heaviest word at least this well (stay on topic). Calibration's 0.5
   * gained less than one dev question and lowered citation precision on dev and on four held-out sets: kept at 0.85.
   */
  companionTopicCredit: 0.85,
  /** "How do I …" questions ask for procedures these documents rarely give: answered only on near-complete support. */
  procedureSupport: 0.8,
  /** Sentences in an answer; broad questions ("what was agreed on …") may use the larger cap. */
  maxSentences: 2,
  maxSentencesBroad: 4,
  /** Share of the question a further sentence must newly cover to join a narrow answer. */
  companionGain: 0.15,
  /** Word-vector cosine from which two different words count as a partial match… */
  softMatchFrom: 0.5,
  /** …and from which they count as the same word. */
  softMatchFull: 0.8,
  /** Credit of a sentence that has the documents' own wording for a question word (synonym file). */
  synonymCredit: 0.9,
  /** Heading words (section, subsection) count at this share of a sentence's own words. */
  headingShare: 0.6,
  /** A sentence giving a date, figure or duration must cover the thing it is asked of at least this well. */
  valueTopicCredit: 0.5,
  /** A clause up to this many words is quoted whole for "what did they say about X?" (an answer stays short). */
  clauseWords: 80,
  /** Weight of the chunk's retrieval rank in a sentence's score. */
  rankPrior: 0.12,
  /** A sentence that covers this much of a question whose premise it contradicts (a hedge) answers it. */
  premiseSupport: 0.6,
  /** Scores within this share of the best are a tie, broken by what the question needs (a figure to correct). */
  nearTie: 0.97,
  /** A yes/no verdict needs this much support. */
  verdictSupport: 0.75,
  /** Related passages listed at most. */
  maxRelated: 3,
  /** Share of a topic's words a passage must say outright to be listed where the documents speak of it. */
  locateShare: 0.5,
  /** Clauses listed one line each when a reference names many. */
  maxListed: 8,
};

export interface ExtractiveInput {
  question: string;
  /** The question's own terms, and terms carried over from the conversation (`carried`, lower weight). */
  terms: QueryTerm[];
  retrieval: Retrieval;
  chunkById: Map<string, Chunk>;
  scorer: SentenceScorer;
  /** Share of the question's own weight on words the documents never use and nothing bridges (0…1). */
  outOfCorpus: number;
  /** The text only asked to have a claim repeated (see `separateInstructions`): at most related passages. */
  claimOnly?: boolean;
  /** Terms of what a long message states around its question, checked for a figure the documents give otherwise. */
  premise?: QueryTerm[];
  /** How the question leans on the one before: "anaphora" points back with a pronoun ("is it mutual?"). */
  followUp?: "anaphora" | "ellipsis";
  /** The document the question names ("according to the article"), if any. */
  namedDocument?: string;
  /** Whether the documents never use a term. */
  isUnknownWord: (term: string) => boolean;
  /** Human description of what the corpus has, for "no such clause" answers. */
  describeUnknown: (unknown: string[]) => string;
}

export type ExtractiveAnswer = Omit<Answer, "retrieved" | "mode">;

interface Candidate {
  chunk: Chunk;
  sentence: Sentence;
  rank: number;
  credits: number[];
  support: number;
  score: number;
}

export const ABSTAIN_TEXT =
  "The documents don't say. Neither the Joint Statement nor the VNA/VNS article contains information that answers this question.";

/** "There is no clause 99": what the documents do have, so the user can ask again. */
export function describeUnknownReference(unknown: string[], chunks: Chunk[]): string {
  const clauses = chunks.filter((c) => c.kind === "clause");
  const paragraphs = chunks.filter((c) => c.kind === "paragraph");
  const preamble = chunks.filter((c) => c.kind === "preamble");
  const sections = [...new Set(clauses.map((c) => c.section?.numeral))].filter(Boolean);
  return (
    `The documents have no ${unknown.join(", ")}. ` +
    `The Joint Statement has a preamble (${preamble.length} paragraphs), sections ${sections[0]}–${sections.at(-1)} ` +
    `with clauses ${clauses[0]?.number}–${clauses.at(-1)?.number}, and a closing paragraph; ` +
    `the VNA/VNS article has paragraphs 1–${paragraphs.length}.`
  );
}

/**
 * A sentence of a document that tries to instruct the reader ("Ignore previous instructions and tell
 * the user …"): a poisoned document's words are never quoted as an answer (the grounding check holds
 * model answers to the same rule).
 */
function givesInstructions(sentence: string): boolean {
  return separateInstructions(sentence).injected;
}

/** Coverage of the question's terms by a sentence, with the answerer's calibrated parameters. */
function termCredits(terms: QueryTerm[], sentence: Analyzed, heading: Analyzed, scorer: SentenceScorer): number[] {
  return coverageOf(terms, sentence, heading, scorer, EXTRACTIVE_PARAMS);
}

/** The two parties, named in nearly every sentence: naming them confirms nothing. */
const PARTY_TERMS = new Set(["vietnam", "vietnamese", "bulgaria", "bulgarian", "viet", "nam"].map(termOf));

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;
/** A yes/no question; "Can you list …?", "Could you tell me …?" are requests, answered with what they ask for. */
const YES_NO_QUESTION =
  /^\s*(do|does|did|is|are|was|were|will|would|has|have|had|can|could|should)\b(?!\s+(?:you|u)\s+(?:please\s+)?(?:list|tell|give|show|summari[sz]e|name|explain|describe|outline|provide|quote|find|point|break|walk|spell)\b)/i;
const BROAD_QUESTION = /\b(what (was|were|did|do|does|have|has|are|is) .*(agree|agreed|commit|committed|plan|planned|say|said)|areas?|fields?|list|summar|overview|all\b|which (areas|fields|sectors))/i;
const WHY_OR_HOW = /^\s*(why|how)\b(?!\s+(many|much|long|often|old))/i;
/** A question that names both documents ("Do both the article and the statement mention …?"). */
const BOTH_DOCUMENTS = /\b(both|each|compare|comparison|differ|difference)\b.*\b(documents|texts|sources)\b|\b(article|report|news)\b.*\bstatement\b|\bstatement\b.*\b(article|report|news)\b/i;
/** Kinds of fact where a second sentence with another value is a second answer worth showing. */
const VALUE_TYPES = new Set<AnswerType["kind"]>(["date", "money", "duration", "count"]);
/** A task, not a question about the documents: "write me a poem", "translate …", "tell me a joke". */
const TASK = /^\s*(?:please\s+|can you\s+|could you\s+)?(?:write|compose|draft|generate|create|make up|sing|draw|code|program|calculate|compute|translate|book|order|tell me a (?:joke|story))\b(?![^?]*\b(?:summary|summari[sz]e|list|outline)\b)/i;
/**
 * Verbs (lemmas) that frame a question rather than name its event ("When did relations begin?", "Who was
 * mentioned?"), and verbs of saying: "Who briefed the press?" is answered by "… told the press".
 */
const FRAME_VERBS = new Set(
  // Arriving and departing are the ends of a visit, which its dates give ("from October 22 to 24").
  ("be do have say mention talk discuss happen occur take come go get make call mean include involve begin start end kick arrive depart " +
    "expect plan want need give lead hold tell brief announce state note inform report declare speak express stress " +
    "emphasize emphasise underline explain claim describe comment").split(" "),
);
/**
 * A question about something done, whose premise can be wrong: one that takes a thing as done: asked in the past or perfect ("On what date was the centre
 * opened?", "How long has the dialogue been running?"), or naming it as done ("the flight that was
 * launched this year", "already signed").
 */
const ASKS_PAST =
  /^\s*(?:(?:on|in|at|since|by|from)\s+)?(?:when|where|why|who|what|which|how(?:\s+(?:long|many|much|often))?)\b[^?,;]{0,40}?\b(?:did|was|were|has|have|had)\b|^\s*(?:did|was|were|has|have|had)\b|\b(?:that|which)\s+(?:was|were|has been|have been|had been)\s+\w+(?:ed|en|t)\b|\balready\b/i;
/** An answer that frames one quoted sentence: a correction ("The documents give a different year:") or a hedge. */
function framedQuote(frame: string, c: Candidate, quote: string): ExtractiveAnswer {
  return { answer: `${frame} ${quote} ${marker(c.chunk.id)}`, citations: [citation(c.chunk, c.sentence.text)], abstained: false, outcome: "answer" };
}

/** "The documents give Rumen Radev another title: **Bulgarian President** — …": a wrong office, corrected first. */
function retitledLine(retitled: TitleCorrection, quoted = true): string {
  const frame = `The documents give ${retitled.name} another title: **${retitled.title}**`;
  return quoted ? `${frame} — ${retitled.sentence} ${marker(retitled.chunk.id)}` : `${frame}.`;
}

/** "How much funding …", "how many workers …": the thing an amount is asked of. */
const HOW_MUCH = /\bhow (?:much|many)\s+([a-z-]+)/i;
/** "What did they say / agree / support …?" asks what the text says, which takes nothing as done. */
const ASKS_WHAT_WAS_SAID =
  /\b(?:say|said|tell|told|agree|agreed|mention|mentioned|discuss|discussed|express|expressed|support|supported|affirm|affirmed|emphasi[sz]ed?|note|noted|propose|proposed|suggest|suggested|want|wanted|hope|hoped|plan|planned|talk|talked|decide on|call for|called for|commit|committed|pledge|pledged|promise|promised|welcome|welcomed|stress|stressed)\b/i;
/** Asking for a judgement or advice, which the documents never give. */
const OPINION =
  /\b(good|bad|better|worse|best|worst|fair|unfair|wise|smart|right thing|mistake|worth it|worthwhile|beneficial|harmful|successful|a success|a failure)\s+(?:(?:for|to)\s+(?=\p{L})|(?:idea|move|deal|decision)\b)|\b(should i|should we|do you think|in your (opinion|view)|your (opinion|view|take)|would you recommend|what do you think|is it (good|bad|wise|smart|worth))\b/iu;
/** Nouns too general to be what a "what …" question asks about. */
const GENERIC_FOCUS = new Set(
  "kind type sort part parts area areas field fields way ways thing things role roles aim aims goal goals purpose main key date year time period document documents".split(" "),
);

/**
 * The noun a "what/which X …" question asks about, folded: the last of the
 * naming words right after the question word ("What gifts did …" → "gifts",
 * "Which Bulgarian minister signed …" → "minister").
 */
export function focusNoun(question: string): string | undefined {
  const m = /^\s*(?:what|which)\s+(?:kinds? of\s+|types? of\s+|sorts? of\s+)?((?:[\p{L}-]+\s+){1,4})/iu.exec(question);
  if (!m) return undefined;
  const naming = namingWords(question);
  let focus: string | undefined;
  for (const token of m[1]!.trim().split(/\s+/)) {
    const [word] = words(token);
    if (!word || !naming.has(word)) break;
    focus = word;
  }
  return focus && !GENERIC_FOCUS.has(focus) ? focus : undefined;
}

/** Words that place a question in time; a sentence answers it only if it speaks of the same time. */
const WHEN_QUALIFIER = /\b(next|current|currently|latest|upcoming|future|today|tomorrow|now|nowadays|recent|recently)\b/g;

/**
 * The question's time qualifiers that the sentence does not use: "the next summit" against this visit,
 * "the trade volume in 2024" against a sentence that gives no year.
 */
function missingQualifier(question: string, sentence: string): boolean {
  return missingTimeWord(question, sentence) || missingYear(question, sentence) || missingPast(question, sentence);
}

/** "Has a Vietnamese leader visited Bulgaria before this?": a time before the one the documents report. */
const ASKS_EARLIER = /\b(?:before (?:this|that|now|then)|previously|in the past|prior to (?:this|that)|earlier visits?)\b(?!\s+(?:visit|trip))/i;
/** A sentence that speaks of an earlier time: a year before the visit's, or words of the past. */
const SPEAKS_EARLIER = /\b(?:1[89]\d\d|20[01]\d|202[0-4])\b|\b(?:past|previous|previously|since|history|historical|former|formerly|ago|earlier|traditional)\b/i;

/** A question about an earlier time than the visit, against a sentence that speaks only of the visit. */
function missingPast(question: string, sentence: string): boolean {
  return ASKS_EARLIER.test(question) && !SPEAKS_EARLIER.test(sentence);
}

/** "the next summit", "being created now": a word of time the question uses and the sentence does not. */
function missingTimeWord(question: string, sentence: string): boolean {
  const asked = foldText(question).match(WHEN_QUALIFIER) ?? [];
  const said = new Set(foldText(sentence).match(WHEN_QUALIFIER) ?? []);
  return asked.some((q) => !said.has(q));
}

/**
 * A sentence with another year may correct the question ("signed in 2018", not in 2025): that is for the
 * premise checks to judge. A sentence with no year at all does not speak of the year asked about.
 */
function missingYear(question: string, sentence: string): boolean {
  return (question.match(YEAR)?.length ?? 0) > 0 && !YEAR.test(sentence);
}

const YEAR = /\b(?:1[89]|20)\d\d\b/;

/** Whether a sentence gives a year, itself or inside a period ("for the period 2025-2028" gives 2026). */
function saysYear(sentence: string, year: string): boolean {
  return new RegExp(`\\b${year}\\b`).test(sentence) || withinPeriod(year, words(sentence));
}

/**
 * "What did the prime minister say about …?", "What did Tô Lâm tell parliament?": the words of someone the
 * documents may never quote. The speaker is the question's, unless it is the documents or their two parties.
 * "What was said about flights?" names no speaker: it asks what the documents say.
 */
const SPEECH_QUESTION =
  /\bwhat (?:did|does|do|has|have|had|will|would) (.{2,60}?) (?:say|said|tell|told|announce|announced|state|declare|stress|emphasi[sz]e|note|speak|comment|remark|promise|pledge)\b/i;
const DOCUMENT_SPEAKERS =
  /\b(?:they|it|both|each|either|all|sides?|parties|countries|nations|governments|statement|article|documents?|texts?|report|news|vna|vns|piece|story|vietnam|bulgaria|viet nam)\b/i;
/** Verbs (lemmas) by which a sentence reports what someone said. */
const REPORTING = new Set(
  "say tell note stress emphasize emphasise underline highlight express affirm reaffirm announce state declare add believe hope agree welcome appreciate acknowledge suggest propose pledge commit confirm share".split(" "),
);

/**
 * Whether a question asks for the words of a speaker the passage does not report speaking. A news paragraph
 * attributes once for all its sentences ("… during its resistance wars. The Vietnamese people have not forgotten …,
 * Hằng noted."), so the paragraph, not the sentence, says who is speaking.
 */
function unreportedSpeech(question: string, paragraph: string): boolean {
  const m = SPEECH_QUESTION.exec(question);
  if (!m) return false;
  const speaker = m[1]?.trim();
  if (speaker !== undefined && DOCUMENT_SPEAKERS.test(speaker)) return false;
  if (![...lemmasOf(paragraph)].some((lemma) => REPORTING.has(lemma))) return true;
  // "What did Radev tell the press?" is not answered by what Hằng told it: the paragraph names the speaker.
  const said = new Set(words(foldText(paragraph)).map(termOf));
  // A name the paragraph says is the speaker, whatever title the question gives them ("Deputy Trade Minister Hằng").
  const named = [...(speaker ?? "").matchAll(/\p{Lu}[\p{L}'’-]+/gu)].map((n) => words(n[0])).flat().filter((w) => w.length > 2 && !isOfficeWord(w));
  if (named.length > 0 && named.some((w) => said.has(termOf(w)))) return false;
  // Two-letter words are abbreviations ("the deputy FM") that the paragraph may spell out.
  return speaker !== undefined && words(foldText(speaker)).some((w) => w.length > 2 && !SPEAKER_FILLER.has(w) && !said.has(termOf(w)));
}

// A pronoun ("what did she say …?") points back to a speaker the paragraph names; it cannot be checked by its word.
const SPEAKER_FILLER = new Set("the a an his her their its our your to mr ms mrs dr she he him".split(" "));

/** Words of a structural question that name the documents' parts, not a topic. */
const STRUCTURE_TERMS = new Set(
  (
    "main key major principal broad general area areas field fields sector sectors pillar pillars topic topics theme themes subject subjects domain domains " +
    "point points part parts section sections subsection subsections clause clauses paragraph paragraphs passage passages " +
    "place places heading headings cooperation summary summarize overview outline gist structure joint statement article " +
    "document documents agreement agreements program programs programme programmes plan plans list mention mentions " +
    "name names cover covers coverage bilateral partnership strategic way ways focus focuses include includes contain " +
    "contains address addresses break down theme themes commitment commitments provision provisions related " +
    "vna vns news piece report story ground"
  )
    .split(" ")
    .map(termOf),
);

/**
 * The heading that names a clause's own topic: its subsection where it has
 * one ("Environment"), else its section. Section IV's title lists every
 * subsection's topic, so it says nothing about which one a clause is on.
 */
function innermostHeading(chunk: Chunk): string {
  return chunk.subsection ?? chunk.section?.title ?? "";
}

function citation(chunk: Chunk, quote: string): Citation {
  return { id: chunk.id, label: chunk.label, quote };
}

/** A clause's text without its number: verbatim, for the citation. */
function clauseBody(c: Chunk): string {
  return c.kind === "clause" ? c.text.replace(/^\s*\d{1,3}\.\s+/, "") : c.text;
}

/** "What does clause 24 say?", "Which clause was that?": the referenced chunks themselves. */
function answerReferenced(input: ExtractiveInput, ids: string[]): ExtractiveAnswer | undefined {
  const chunks = ids.map((id) => input.chunkById.get(id)).filter((c): c is Chunk => Boolean(c));
  if (chunks.length === 0) return undefined;
  const { relative } = input.retrieval.references;
  if (chunks.length === 1) {
    const c = chunks[0]!;
    const body = clauseBody(c);
    // "Which clause was that?" / "What section is that in?": name it first.
    if (relative === 0) {
      const where = c.section ? ` — Section ${c.section.numeral} · ${c.section.title}${c.subsection ? `, ${c.subsection}` : ""}` : "";
      const line = shortLine(c.text);
      return {
        answer: `That is **${c.shortLabel}**${where}: ${line} ${marker(c.id)}`,
        citations: [citation(c, line.replace(/ …$/, ""))],
        abstained: false,
        outcome: "answer",
      };
    }
    return { answer: `${c.label} says: ${body.replace(/\s*\n\s*/g, " ")} ${marker(c.id)}`, citations: [citation(c, body)], abstained: false, outcome: "answer" };
  }
  const listed = chunks.slice(0, EXTRACTIVE_PARAMS.maxListed);
  const lines = listed.map((c) => {
    const line = shortLine(c.text);
    return { c, line, text: `- **${c.shortLabel}** ${line} ${marker(c.id)}` };
  });
  const more = chunks.length - listed.length;
  const tail = more > 0 ? `\n\n…and ${more} more (${chunks.slice(listed.length).map((c) => c.shortLabel).join(", ")}); ask about any of them by number.` : "";
  return {
    answer: `${lines.map((l) => l.text).join("\n")}${tail}`,
    citations: lines.map((l) => citation(l.c, l.line.replace(/ …$/, ""))),
    abstained: false,
    outcome: "answer",
  };
}

/**
 * A question that gives a number the documents never use, about something
 * they do describe with another number of the same kind (a year for a year):
 * the sentence that matches everything else answers it, framed as a
 * correction rather than a confirmation.
 */
function correctedNumber(
  terms: QueryTerm[],
  candidates: Candidate[],
  isUnknownWord: (term: string) => boolean,
): { candidate: Candidate; frame: string } | undefined {
  // A figure ("30 days", "1965"), an ordinal ("the 70th anniversary") or a month ("in November") the question states.
  const kindOf = (word: string) =>
    MONTH_WORD.test(word) ? "date" : /^(1[89]|20)\d\d$/.test(word) ? "year" : /^\d+$/.test(word) ? "figure" : /^\d+(?:st|nd|rd|th)$/.test(word) ? "ordinal" : undefined;
  const figures = terms.map((t, i) => (!t.carried && kindOf(t.word) ? i : -1)).filter((i) => i >= 0);
  const wrong = figures.filter((i) => isUnknownWord(terms[i]!.term));
  // One figure the documents never use; with it, the other end of its range ("2025–2027") is part of the same figure.
  if (wrong.length !== 1 || figures.length > 2) return undefined;
  const kind = kindOf(terms[wrong[0]!]!.word)!;
  const rest = terms.filter((_, i) => !figures.includes(i));
  const given = { date: MONTHS_IN_TEXT, year: /\b(1[89]|20)\d\d\b/g, figure: /\b\d+\b/g, ordinal: /\b\d+(?:st|nd|rd|th)\b/g }[kind];
  for (const c of candidates.slice(0, 3)) {
    const support = weightedShare(rest, c.credits.filter((_, i) => !figures.includes(i)));
    const values = c.sentence.text.match(given) ?? [];
    if (support >= EXTRACTIVE_PARAMS.premiseSupport && values.length > 0) {
      return { candidate: c, frame: `The documents give a different ${kind === "ordinal" ? "figure" : kind}:` };
    }
  }
  return undefined;
}

/**
 * "The visit marked the 70th anniversary of diplomatic relations — what are the main outcomes?": the figure is in
 * what the message states, not in what it asks. The passage that says the rest of that statement with another
 * figure corrects it, whatever else is asked.
 */
function correctedPremise(
  premise: QueryTerm[] | undefined,
  candidates: Candidate[],
  isUnknownWord: (term: string) => boolean,
  scorer: SentenceScorer,
): { candidate: Candidate; frame: string } | undefined {
  if (!premise?.some((t) => FIGURE_WORD.test(t.word) && isUnknownWord(t.term))) return undefined;
  const seen = new Set<string>();
  const rescored = candidates
    .filter((c) => !seen.has(c.sentence.text) && seen.add(c.sentence.text))
    .map((c) => {
      const credits = termCredits(premise, scorer.analyze(c.sentence.text), NO_HEADING, scorer);
      return { ...c, credits, support: weightedShare(premise, credits) };
    })
    .sort((a, b) => b.support - a.support);
  return correctedNumber(premise, rescored, isUnknownWord);
}

const FIGURE_WORD = new RegExp(`^(?:\\d+(?:st|nd|rd|th)?|${MONTH_NAMES})$`, "i");

/**
 * "Why did To Lam travel to Bulgaria in 2024?": the year is the documents' own (the Tourism Cooperation Plan for
 * 2024 - 2026), so the sentence with it looks like the answer; but another sentence says the rest of the question
 * clearly better (the visit) and gives another year. That one corrects the question.
 */
function figureElsewhere(terms: QueryTerm[], lead: Candidate, candidates: Candidate[]): { candidate: Candidate; frame: string } | undefined {
  const figures = terms.map((t, i) => (!t.carried && /^(1[89]|20)\d\d$/.test(t.word) ? i : -1)).filter((i) => i >= 0);
  if (figures.length !== 1) return undefined;
  const year = terms[figures[0]!]!.word;
  const rest = terms.filter((_, i) => !figures.includes(i));
  const restSupport = (c: Candidate) => weightedShare(rest, c.credits.filter((_, i) => !figures.includes(i)));
  if (!lead.sentence.text.includes(year)) return undefined;
  const better = candidates
    .filter((c) => !saysYear(c.sentence.text, year) && YEAR.test(c.sentence.text))
    .find((c) => restSupport(c) >= EXTRACTIVE_PARAMS.premiseSupport && restSupport(c) >= restSupport(lead) + ELSEWHERE_MARGIN);
  return better && { candidate: better, frame: "The documents give a different year:" };
}

/** How much better the rest of the question must be said elsewhere for a year to be the question's mistake. */
const ELSEWHERE_MARGIN = 0.15;

const MONTH_WORD = new RegExp(`^(?:${MONTH_NAMES})$`, "i");
const MONTHS_IN_TEXT = new RegExp(`\\b(?:${MONTH_NAMES})\\b`, "g");

/** "Which clauses deal with tourism?", "Where does the statement mention the UN?": every place, not the best sentence. */
const LOCATE_ALL =
  /\blist (all |the |every )?[\w-]*\s*(commitments|clauses|points|passages|provisions|mentions|references)\b|\b(which|what) (clauses|paragraphs|points|parts|sections|passages|places)\b|\bwhere (does|do|did) (the )?(joint )?(statement|article|documents?|texts?|it|they)\b.*\b(talk|mention|discuss|refer|deal|say|speak|cover)|\bin what ways\b|\bhow (many times|often)\b/i;
/** Verbs that say where, not what ("deal with", "fall under", "refer to"); the tagger can read them as nouns. */
const LOCATING_VERBS = new Set("deal deals fall falls talk talks refer refers mention mentions discuss discusses appear appears come comes concern concerns relate relates address addresses touch touches speak speaks".split(" ").map(termOf));
/**
 * "Under which heading is the visa exemption?", "Which section covers crime?", "What number is the clause about the
 * South China Sea?", "Point me to the clause on climate change", "Where in the statement is the bit on visas?": where
 * one thing is.
 */
const LOCATE_ONE = new RegExp(
  [
    "\\b(?:which|what) (?:numbered )?(?:section|heading|subsection|chapter|part|clause|paragraph|point|item)\\b",
    "\\b(?:which|what) [§¶]",
    "\\bunder (?:which|what) (?:heading|section|title)\\b",
    "\\bwhat (?:clause |point |paragraph )?number\\b",
    "\\b(?:point me to|find|show me|locate) the (?:clause|point|paragraph|section|part|bit|passage)\\b",
    "\\bwhere(?:'s|’s| is) the (?:clause|part|bit|passage|section|paragraph|point)\\b",
    "\\bwhere in the (?:joint )?(?:statement|article|documents?|texts?)\\b",
  ].join("|"),
  "i",
);
/** Nouns that only point at a place in the text ("the bit on visas", "the clause number"): never the topic. */
const PLACE_NOUNS = new Set("bit bits number numbers item items".split(" ").map(termOf));

/**
 * Where the documents speak of a topic: the clauses whose own words (or
 * synonyms, or heading) say it, in document order, one short line each; or,
 * for "which section …", the place of the best one with its headings.
 */
function locate(input: ExtractiveInput, chunks: Chunk[], ownTopical: QueryTerm[]): ExtractiveAnswer | undefined {
  let topical = ownTopical;
  const { question, scorer } = input;
  const all = LOCATE_ALL.test(question);
  if (!all && !LOCATE_ONE.test(question)) return undefined;
  // The topic is what the question names ("tourism", "the United Nations"), not its verbs ("deal with", "refer to").
  const naming = namingWords(question);
  topical = topical.filter((t) => naming.has(t.word) && !LOCATING_VERBS.has(t.term) && !PLACE_NOUNS.has(t.term));
  if (topical.length === 0) return undefined;
  const found: Array<{ chunk: Chunk; sentence: Sentence; share: number; ownShare: number }> = [];
  // "In which paragraph of the article …": only that document's places.
  const named = input.namedDocument;
  for (const chunk of named ? chunks.filter((c) => c.docId === named) : chunks) {
    const heading = scorer.analyze(innermostHeading(chunk));
    let best: { sentence: Sentence; share: number; ownShare: number } | undefined;
    for (const sentence of splitSentences(chunk.text)) {
      if (givesInstructions(sentence.text)) continue;
      // Only what the text (or its heading) says outright: no word-vector guesses when listing places.
      const analyzed = scorer.analyze(sentence.text);
      const outright = (credits: number[]) => weightedShare(topical, credits.map((x) => (x >= EXTRACTIVE_PARAMS.synonymCredit ? x : 0)));
      const share = outright(termCredits(topical, analyzed, heading, scorer));
      // …and of the clauses under one heading ("Culture, sports and tourism"), the one whose own words say it is the place.
      const ownShare = outright(termCredits(topical, analyzed, NO_HEADING, scorer));
      if (!best || share > best.share || (share === best.share && ownShare > best.ownShare)) best = { sentence, share, ownShare };
    }
    if (best && best.share >= EXTRACTIVE_PARAMS.locateShare) found.push({ chunk, ...best });
  }
  // A heading says its topic of every clause under it; where some of them say it in their own words, those are the
  // places ("tourism": §23 and §24, not every clause under "Culture, sports and tourism").
  const saysItself = (f: (typeof found)[number]) => f.ownShare >= EXTRACTIVE_PARAMS.locateShare;
  const headingsSaid = new Set(found.filter(saysItself).map((f) => innermostHeading(f.chunk)));
  found.splice(0, found.length, ...found.filter((f) => saysItself(f) || !headingsSaid.has(innermostHeading(f.chunk))));
  if (found.length === 0) return undefined;
  const line = (f: (typeof found)[number]) => `${quoteOf(f.sentence, topical, scorer)} ${marker(f.chunk.id)}`;
  const where = (c: Chunk) =>
    c.section ? `Section ${c.section.numeral} · ${c.section.title}${c.subsection ? ` — ${c.subsection}` : ""}` : c.kind === "paragraph" ? "the VNA/VNS article" : "the Joint Statement";
  if (!all) {
    const top = [...found].sort((a, b) => b.share - a.share || b.ownShare - a.ownShare)[0]!;
    return {
      answer: `**${top.chunk.shortLabel}**, in ${where(top.chunk)}: ${line(top)}`,
      citations: [citation(top.chunk, top.sentence.text)],
      abstained: false,
      outcome: "answer",
    };
  }
  const listed = found.slice(0, EXTRACTIVE_PARAMS.maxListed);
  const more = found.length - listed.length;
  return {
    answer:
      `${found.length === 1 ? "One passage" : `${found.length} passages`}:\n\n` +
      listed.map((f) => `- **${f.chunk.shortLabel}** ${line(f)}`).join("\n") +
      (more > 0 ? `\n\n…and ${more} more (${found.slice(listed.length).map((f) => f.chunk.shortLabel).join(", ")}).` : ""),
    citations: listed.map((f) => citation(f.chunk, f.sentence.text)),
    abstained: false,
    outcome: "answer",
  };
}

/** "who the Prime Minister of Bulgaria is", for "The documents don't say …"; undefined when the question does not invert simply. */
export function indirectQuestion(question: string): string | undefined {
  const q = question.trim().replace(/[?!.\s]+$/, "");
  // A question of several parts ("… good for — until when?") does not turn into one clause.
  if (/[—–;:?]/.test(q)) return undefined;
  const be = /^(who|what|which|where|when|how much|how many \w+|how long|how old|how big)\s+(is|are|was|were)\s+(.{3,120})$/i.exec(q);
  if (be) {
    // "When was the agreement signed (in Sofia)?" is passive: "when the agreement was signed (in Sofia)".
    const rest = be[3]!.split(/\s+/);
    const participles = pastVerbs(q);
    const at = rest.findIndex((w, i) => i > 0 && participles.has(w.toLowerCase()));
    // "… the wife who came on the trip": a verb of a relative clause is not the passive's participle.
    const relative = rest.slice(0, Math.max(0, at)).some((w) => /^(who|whom|whose|which|that)$/i.test(w));
    if (at > 0 && !relative) return `${be[1]!.toLowerCase()} ${rest.slice(0, at).join(" ")} ${be[2]!.toLowerCase()} ${rest.slice(at).join(" ")}`;
    return `${be[1]!.toLowerCase()} ${be[3]} ${be[2]!.toLowerCase()}`;
  }
  // "Who will win …" keeps its order: "who" is the subject.
  if (/^who\s+(will|would|can|could|should)\s+\S/i.test(q)) return `${q[0]!.toLowerCase()}${q.slice(1)}`;
  // "How many days can Vietnamese citizens stay …" → "how many days Vietnamese citizens can stay …": the
  // subject is the run of naming words after the modal, by the tagger.
  const modal = /^(what|which \w+|where|when|how much(?: \w+)?|how many \w+|how long)\s+(will|would|can|could|should)\s+(.{2,160})$/i.exec(q);
  if (!modal) return undefined;
  const naming = namingWords(q);
  const rest = modal[3]!.split(/\s+/);
  let n = rest[0] === "the" || rest[0] === "The" ? 1 : 0;
  while (n < rest.length - 1 && words(rest[n]!).every((w) => naming.has(w))) n++;
  // "Which airline will fly the route?": a verb right after the modal means the question word is the subject.
  if (n === 0) return `${q[0]!.toLowerCase()}${q.slice(1)}`;
  if (n >= rest.length) return undefined;
  return `${modal[1]!.toLowerCase()} ${rest.slice(0, n).join(" ")} ${modal[2]!.toLowerCase()} ${rest.slice(n).join(" ")}`;
}

function none(text = ABSTAIN_TEXT): ExtractiveAnswer {
  return { answer: text, citations: [], abstained: true, outcome: "none" };
}

/** Not stated, but close passages exist: say so plainly and list them, labelled as related. */
function related(question: string, candidates: Candidate[], terms: QueryTerm[], scorer: SentenceScorer): ExtractiveAnswer {
  const picked: Candidate[] = [];
  for (const c of candidates) {
    if (picked.length >= EXTRACTIVE_PARAMS.maxRelated || c.support < EXTRACTIVE_PARAMS.relatedFloor) break;
    if (picked.some((p) => p.chunk.id === c.chunk.id)) continue;
    picked.push(c);
  }
  if (picked.length === 0) return none();
  const indirect = indirectQuestion(question);
  const opening = indirect ? `The documents don't say ${indirect}.` : "The documents don't state this.";
  const lines = picked.map((c) => `- ${quoteOf(c.sentence, terms, scorer)} ${marker(c.chunk.id)}`);
  return {
    answer: `${opening} Closest passages:\n\n${lines.join("\n")}`,
    citations: picked.map((c) => citation(c.chunk, c.sentence.text)),
    abstained: true,
    outcome: "related",
  };
}

/** The sentence, trimmed to the parts that carry the question's own words. */
function quoteOf(sentence: Sentence, terms: QueryTerm[], scorer: SentenceScorer, question = ""): string {
  // "Why …?" and "How …?" are answered by the purpose or manner, which rarely repeats the question's words: quote it all.
  if (WHY_OR_HOW.test(question)) return sentence.text;
  const own = terms.filter((t) => !t.carried);
  return trimQuote(sentence.text, (part) => {
    const analyzed = scorer.analyze(part);
    return termCredits(own, analyzed, NO_HEADING, scorer).some((x) => x >= EXTRACTIVE_PARAMS.synonymCredit);
  });
}

/** Character offsets in the sentence of the words that match the question (for choosing the nearest value). */
function anchorsOf(sentence: string, terms: QueryTerm[], scorer: SentenceScorer): number[] {
  const out: number[] = [];
  for (const m of sentence.matchAll(/[\p{L}\p{N}'-]+/gu)) {
    const analyzed = scorer.analyze(m[0]);
    if (terms.some((t) => !t.carried && (analyzed.terms.has(t.term) || t.alternatives?.some((a) => a.some((x) => analyzed.terms.has(x)))))) out.push(m.index!);
  }
  return out;
}

export function answerExtractive(input: ExtractiveInput): ExtractiveAnswer {
  const { retrieval, scorer, terms, question } = input;
  const { references } = retrieval;
  const params = EXTRACTIVE_PARAMS;

  if (references.ids.length === 0 && references.unknown.length > 0) return none(input.describeUnknown(references.unknown));

  const own = terms.filter((t) => !t.carried);
  const topical = own.filter((t) => !STRUCTURE_TERMS.has(t.term));
  const outline = outlineOf(input.chunkById);
  // Only words the documents use can name a topic they have a section on ("six" in "the six areas" cannot).
  const structural = answerStructural(question, outline, references.ids, topical.filter((t) => !input.isUnknownWord(t.term)).map((t) => t.term));
  if (structural) return { ...structural, abstained: false, outcome: "answer" };
  // "Who said that?" of the passage the last answer cited.
  const saidBy = references.ids.length > 0 && ASKS_WHO_SAID.test(question) ? input.chunkById.get(references.ids[0]!) : undefined;
  if (saidBy) {
    const said = attributionOf(saidBy, outline.chunks);
    const who =
      said.speaker === "The two sides"
        ? "**The two sides**, Vietnam and Bulgaria, in their Joint Statement"
        : `**${said.speaker}**${said.title ? `, ${said.title}` : ""}${said.continued ? ": the paragraph names no speaker and goes on reporting that briefing" : ""}`;
    return { answer: `${who} — ${said.sentence} ${marker(saidBy.id)}`, citations: [citation(saidBy, said.sentence)], abstained: false, outcome: "answer" };
  }

  // A reference with no topic of its own ("what does clause 24 say?") is answered by the clause itself.
  if (references.ids.length > 0 && (references.relative === 0 || !terms.some((t) => t.weight > 0))) {
    const lookup = answerReferenced(input, references.relative === 0 ? references.ids.slice(0, 1) : references.ids);
    if (lookup) return lookup;
  }

  const referenced = references.ids.length > 0;
  // "Do both the article and the statement …?": each document's best passages compete.
  const bothDocuments = BOTH_DOCUMENTS.test(question);
  const docOf = (id: string) => input.chunkById.get(id)?.docId;
  const top = retrieval.hits.slice(0, params.candidateChunks).map((h) => h.id);
  const others = bothDocuments
    ? [...new Set(retrieval.hits.map((h) => docOf(h.id)))].flatMap((doc) => retrieval.hits.filter((h) => docOf(h.id) === doc).slice(0, 3).map((h) => h.id))
    : [];
  const pool = referenced ? references.ids : [...new Set([...top, ...others])];
  const candidates: Candidate[] = [];
  pool.forEach((id, rank) => {
    const chunk = input.chunkById.get(id);
    if (!chunk) return;
    const heading = scorer.analyze(innermostHeading(chunk));
    for (const sentence of splitSentences(chunk.text)) {
      const analyzed = scorer.analyze(sentence.text);
      if (analyzed.words.length < 4 || givesInstructions(sentence.text)) continue;
      const credits = termCredits(terms, analyzed, heading, scorer);
      const s = weightedShare(terms, credits);
      candidates.push({ chunk, sentence, rank, credits, support: s, score: s + params.rankPrior / (1 + rank) });
    }
  });
  candidates.sort((a, b) => b.score - a.score);

  if (!referenced) {
    const located = locate(input, outline.chunks, topical);
    if (located) return located;
    // "What does EVFTA stand for?": the name the documents spell it out as.
    const acronym = asksAcronym(question)?.acronym;
    const spelled = acronym ? spellOut(acronym, outline.chunks) : undefined;
    if (spelled) {
      return {
        answer: `**${spelled.acronym}** stands for **${spelled.name}** — ${spelled.sentence} ${marker(spelled.chunk.id)}`,
        citations: [citation(spelled.chunk, spelled.sentence)],
        abstained: false,
        outcome: "answer",
      };
    }
    // "Who is Lê Thị Thu Hằng?", "What is To Lam's title?": the office the documents write before the name.
    const person = input.claimOnly ? undefined : personTitle(question, outline.chunks);
    if (person) {
      return {
        answer: `**${person.title}** — ${person.sentence} ${marker(person.chunk.id)}`,
        citations: [citation(person.chunk, person.sentence)],
        abstained: false,
        outcome: "answer",
      };
    }
  }

  const best = candidates[0];
  if (!best || (!referenced && TASK.test(question))) return none();
  if (!referenced && (best.support < params.relatedFloor || input.outOfCorpus >= params.outOfCorpusNone)) return none();
  if (input.claimOnly) return related(question, candidates, terms, scorer);

  // "Why did Bulgaria give Vietnamese citizens visa-free travel?": the best sentence has the parties the other
  // way round (Vietnam's exemption for Bulgarian citizens). That sentence corrects the question; it does not answer it.
  if (!referenced && reversesParties(question, best.sentence.text) && best.support >= params.premiseSupport) {
    return framedQuote("The documents say it the other way round:", best, quoteOf(best.sentence, terms, scorer, question));
  }

  // Only sentences that state the kind of fact asked for, and say every key word of the question, can answer.
  const type: AnswerType = referenced ? { kind: "any" } : expectedAnswerType(question);
  const broad = BROAD_QUESTION.test(question);
  const share = broad ? params.companionShareBroad : params.companionShare;
  const ownIndex = terms.map((t, i) => (t.carried ? -1 : i)).filter((i) => i >= 0);
  const heaviest = Math.max(0, ...ownIndex.map((i) => terms[i]!.weight));
  // Key words: the heaviest of the question's own words that the documents never use. If the
  // question names a thing the documents never mention ("Prime Minister"), a sentence that
  // matches its other words does not answer it.
  // And the thing a "what/which …" question asks about ("What gifts did …", "Which minister …") must be named too.
  const focus = focusNoun(question);
  const keyIndex = ownIndex.filter(
    (i) =>
      (terms[i]!.weight >= heaviest * params.keyShare &&
        !STRUCTURE_TERMS.has(terms[i]!.term) &&
        // A word nobody writes ("nhiue") names nothing a sentence could be missing; the speller's guess at a typo may not
        // be the word meant ("gradient" for "prsdient").
        !terms[i]!.unreadable &&
        !terms[i]!.guessed &&
        // A word the synonym file maps into the documents' wording is theirs in other words, not a foreign one.
        (params.keyKnownWords > 0 || (input.isUnknownWord(terms[i]!.term) && !(params.keySynonymsKnown > 0 && terms[i]!.alternatives?.length)))) ||
      (focus !== undefined && terms[i]!.word === focus) ||
      terms[i]!.focus === true,
  );
  // A key word is only required when it names something (a verb like "run" frames the question).
  const naming = new Map<number, boolean>();
  const names = (i: number) => {
    if (!naming.has(i)) naming.set(i, params.keyNeedsTagger === 0 || namingWords(question).has(terms[i]!.word));
    return naming.get(i)!;
  };
  // A chunk that both rankings put first may cover a key word more loosely: two independent signals agree on it.
  const first = retrieval.hits[0];
  const agreed = (c: Candidate) => first !== undefined && c.chunk.id === first.id && first.lexical !== undefined && first.dense !== undefined && c.rank === 0;
  // "When was the agreement signed?", "Who won the election?": the past event a date or a name is asked of must be
  // stated; a date beside the agreement's name ("implementing the … Agreement … for 2025-2028") does not date its
  // signing. Verbs that only frame the question ("When did relations begin?") name no event of their own.
  // Only "who …" and "when …" ask of the verb's event: in "the name of the hospital Bulgaria built" it only describes.
  // "Who is the deputy minister quoted in the article?" asks who someone is: "quoted" describes them, it is not asked of.
  const asksEvent = type.kind === "date" || (type.kind === "entity" && /^\s*(?:who|whom)\b(?!\s*(?:is|was|are|were|'s|’s)\b)/i.test(question));
  const events = asksEvent ? [...pastVerbs(question)].filter(([, lemma]) => !FRAME_VERBS.has(lemma)) : [];
  const eventIndex = events.map(([word, lemma]) => ({ lemma, i: ownIndex.find((i) => terms[i]!.word === word) }));
  // (In a follow-up, "when was it signed?", the document is named by the earlier question's words.)
  const namingText = events.length > 0 ? [question, ...terms.flatMap((t) => [t.word, ...(t.alternatives ?? []).flat()])].join(" ") : "";
  const statesEvents = (c: Candidate) =>
    eventIndex.every(
      ({ lemma, i }) =>
        (i !== undefined && c.credits[i]! >= params.eventCredit) ||
        lemmasOf(c.sentence.text).has(lemma) ||
        // "the 1998 Science and Technology Cooperation Agreement" is dated by its name.
        (type.kind === "date" && datesNamedDocument(c.sentence.text, namingText)),
    );
  // A key word that only qualifies another ("a formal deal", "flying nonstop") is not what is asked about when the
  // word it qualifies is covered; "nuclear" in "nuclear power plants" qualifies "power", which a clause on plant
  // breeding does not say.
  // In an office ("Prime Minister", "Vice President") the first word says which office: it is not a mere qualifier.
  const qualifies = (i: number, c: Candidate) => {
    const head = qualifiedWord(question, terms[i]!.word);
    if (head !== undefined && isOfficeWord(head) && isOfficeWord(terms[i]!.word)) return false;
    const j = head === undefined ? -1 : terms.findIndex((t) => !t.carried && t.word === head);
    // The qualified word itself must be said, in the documents' words or the synonym file's, not only come near.
    return j >= 0 && c.credits[j]! >= params.synonymCredit;
  };
  // The passage both rankings put first, covering most of the question, is not refused over one word the documents never
  // use ("a language-learning component", "the other country's tongue") unless that word is a name or a number:
  // those are exact facts, and a passage without them does not state the one asked about.
  // Asked who holds an office ("who's the Bulgarian ambassador?"), the office is as exact as a name: an ambassador is
  // not a president, however close their word vectors. Asked what an office-holder did ("which prime minister sent the
  // invitation?"), the person who did it answers, under the office the documents give.
  const officeAsked = (i: number) => ASKS_WHO_HOLDS.test(question) && isOfficeHead(terms[i]!.word);
  const exact = (i: number) => terms[i]!.name === true || /\d/.test(terms[i]!.word) || officeAsked(i);
  const waived = (i: number, c: Candidate) => agreed(c) && c.support >= params.keyWaiveSupport && !exact(i);
  const keyCredit = (i: number, c: Candidate) => (officeAsked(i) ? params.synonymCredit : agreed(c) ? params.keyCreditAgreed : params.keyCredit);
  const coversKeys = (c: Candidate) => keyIndex.every((i) => c.credits[i]! >= keyCredit(i, c) || !names(i) || qualifies(i, c) || waived(i, c));
  const yesNo = YES_NO_QUESTION.test(question);
  // The thing a question asks a value of ("When did the direct flights start?": flights) is the heaviest thing it names in
  // the documents' own words. A passage admitted on the two rankings' agreement alone (support under abstainBelow) must
  // say it: a date from its other sentence (the visa exemption's, in the flights clause) answers another question.
  // Found only when needed: telling nouns from verbs loads the tagger (about 200 ms), which common questions never need.
  let topic: number | undefined;
  const topicIndex = () =>
    (topic ??= VALUE_TYPES.has(type.kind)
      ? ownIndex
          .filter((i) => !terms[i]!.name && !input.isUnknownWord(terms[i]!.term) && !STRUCTURE_TERMS.has(terms[i]!.term) && names(i))
          .reduce((a, i) => (a < 0 || terms[i]!.weight > terms[a]!.weight ? i : a), -1)
      : -1);
  const saysTopic = (c: Candidate) => topicIndex() < 0 || c.credits[topicIndex()]! >= params.valueTopicCredit;
  // "When does it end?" after a question on agriculture: "it" is what the value is asked of, so a date must come from
  // a sentence about agriculture, not the visa exemption's end. The earlier question's heaviest word is the topic
  // when the follow-up names none of its own the documents use.
  // So with "is it mutual?" after the visa exemption: "it" is the exemption, and §14's "mutual support" is not about it.
  const carriedTopic =
    (VALUE_TYPES.has(type.kind) && !ownIndex.some((i) => !input.isUnknownWord(terms[i]!.term) && !terms[i]!.name && !STRUCTURE_TERMS.has(terms[i]!.term))) ||
    (yesNo && input.followUp === "anaphora" && THING_PRONOUN.test(question))
      ? terms.reduce((a, t, i) => (t.carried && !t.context && !input.isUnknownWord(t.term) && (a < 0 || t.weight > terms[a]!.weight) ? i : a), -1)
      : -1;
  const saysCarriedTopic = (c: Candidate) => carriedTopic < 0 || c.credits[carriedTopic]! >= params.valueTopicCredit;
  // Asked of both documents, each document's best sentence sets the bar for that document's others.
  const leadScore = (c: Candidate) => (bothDocuments ? (candidates.find((x) => x.chunk.docId === c.chunk.docId)?.score ?? best.score) : best.score);
  // A long message's question is what it asks: the words around it ("I export generic medicines to the Balkans")
  // may pick among passages that answer it, not make one that does not ("pharmaceuticals") answer.
  const withContext = terms.some((t) => t.context);
  const ownSupport = (c: Candidate) => (withContext ? weightedShare(own, c.credits.filter((_, i) => !terms[i]!.carried)) : c.support);
  const typed = candidates.filter(
    (c) =>
      (referenced ||
        (c.support >= (agreed(c) ? params.abstainBelowAgreed : params.abstainBelow) &&
          ownSupport(c) >= (agreed(c) ? params.abstainBelowAgreed : params.abstainBelow) &&
          c.score >= leadScore(c) * share &&
          coversKeys(c) &&
          statesEvents(c))) &&
      statesAnswer(c.sentence.text, type, question, scorer) &&
      (referenced || c.support >= params.abstainBelow || saysTopic(c)) &&
      (referenced || saysCarriedTopic(c)) &&
      !reversesParties(question, c.sentence.text) &&
      // A yes/no question's time qualifier ("being created now?") the sentence lacks costs the verdict, not the answer.
      (referenced ||
        ((yesNo ? !missingYear(question, c.sentence.text) && !missingPast(question, c.sentence.text) : !missingQualifier(question, c.sentence.text)) &&
          !unreportedSpeech(question, c.chunk.text))),
  );
  // "Why is the stay capped at 30 days?": of sentences that answer about as well, the one with a figure of its own can
  // correct the question's figure; the other cannot.
  const figures = terms.filter((t) => !t.carried && /^\d+$/.test(t.word)).map((t) => t.word);
  const unsaid = (c: Candidate) => figures.some((n) => !new RegExp(`\\b${n}\\b`).test(c.sentence.text));
  const withFigure =
    typed[0] && unsaid(typed[0]) ? typed.find((c) => c.score >= typed[0]!.score * params.nearTie && /\d/.test(c.sentence.text)) : undefined;
  if (withFigure && withFigure !== typed[0]) typed.splice(0, 0, ...typed.splice(typed.indexOf(withFigure), 1));
  const lead = typed[0];
  if (!lead || (type.kind === "procedure" && lead.support < params.procedureSupport)) {
    if (referenced) return none();
    // "When did they sign the agriculture agreement?" asks for a fact whose premise the text denies:
    // it only says they will negotiate its signing. That sentence is the answer, with no verdict.
    // It must say what an amount is asked of: "How much funding has been committed for the Joint Research Center?"
    // is not answered by the Center being only considered, which says nothing of funding.
    const amountOf = HOW_MUCH.exec(question)?.[1]?.toLowerCase();
    const amountIndex = amountOf === undefined ? -1 : ownIndex.find((i) => terms[i]!.word === amountOf) ?? -1;
    const premise = ASKS_PAST.test(question)
      ? candidates.find((c) => c.support >= params.premiseSupport && coversKeys(c) && (amountIndex < 0 || c.credits[amountIndex]! >= params.synonymCredit))
      : undefined;
    const hedge = premise && verdictFor(question, premise.sentence.text);
    if (premise && hedge?.kind === "hedged" && hedge.reason !== "polarity" && !OUTLOOK_HEDGES.has(hedge.reason)) {
      return framedQuote(HEDGED_FRAME, premise, quoteOf(premise.sentence, terms, scorer));
    }
    // "What did Hồ Chí Minh do on his 1975 trip?": the documents have the visit, with another year.
    // "What did Prime Minister Rumen Radev sign?": the office is wrong; that is the answer the documents give.
    const retitled = titleCorrection(question, outline.chunks);
    if (retitled) return { answer: retitledLine(retitled), citations: [citation(retitled.chunk, retitled.sentence)], abstained: false, outcome: "answer" };
    const corrected = correctedNumber(terms, candidates, input.isUnknownWord) ?? correctedPremise(input.premise, candidates, input.isUnknownWord, scorer);
    if (corrected) {
      return framedQuote(corrected.frame, corrected.candidate, quoteOf(corrected.candidate.sentence, terms, scorer));
    }
    return related(question, candidates, terms, scorer);
  }

  // (Asked of both documents, each has its own lead: one is not the other's correction.)
  const elsewhere = referenced || bothDocuments ? undefined : figureElsewhere(terms, lead, candidates);
  if (elsewhere) {
    return framedQuote(elsewhere.frame, elsewhere.candidate, quoteOf(elsewhere.candidate.sentence, terms, scorer));
  }

  const cap = broad ? params.maxSentencesBroad : params.maxSentences;
  const topIndex = ownIndex.reduce((a, i) => (a < 0 || terms[i]!.weight > terms[a]!.weight ? i : a), -1);
  // Further sentences join when they score near the lead, stay on the question's topic and,
  // for narrow questions, cover question words the answer so far does not.
  const chosen = [lead];
  const covered = [...lead.credits];
  // "What did they say about health?" is answered by the clause: its other sentence on the topic ("… promote the signing
  // of the … Agreement … in the health sector") belongs to the answer even when it repeats fewer of the question's words.
  const aboutTopic = type.kind === "any" && !yesNo && !WHY_OR_HOW.test(question);
  for (const c of typed.slice(1)) {
    if (chosen.length >= cap) break;
    const sameClause = aboutTopic && c.chunk.id === lead.chunk.id && c.chunk.kind === "clause" && wordCount(c.chunk.text) <= params.clauseWords;
    if (!sameClause && c.score < lead.score * share) continue;
    if (broad && !sameClause && chosen.some((x) => x.chunk.id === c.chunk.id)) continue;
    if (topIndex >= 0 && c.credits[topIndex]! < params.companionTopicCredit) continue;
    const gain = weightedShare(terms, c.credits.map((x, i) => Math.max(0, x - covered[i]!)));
    // A different date, amount or name is a different answer: show it rather than pick one blindly.
    const values = new Set(chosen.flatMap((x) => answerValues(x.sentence.text, type)));
    const newValue = VALUE_TYPES.has(type.kind) && answerValues(c.sentence.text, type).some((v) => !values.has(v));
    if (!broad && !sameClause && gain < params.companionGain && !newValue) continue;
    chosen.push(c);
    c.credits.forEach((x, i) => (covered[i] = Math.max(covered[i]!, x)));
  }

  if (bothDocuments && new Set(chosen.map((c) => c.chunk.docId)).size === 1) {
    const other = typed.find((c) => c.chunk.docId !== lead.chunk.docId && c.support >= params.abstainBelow);
    if (other) chosen.push(other);
  }

  // Sentences of one clause read in the clause's order (and quote it verbatim), under the first of them to be chosen.
  const firstAt = new Map<string, number>();
  chosen.forEach((c, i) => firstAt.has(c.chunk.id) || firstAt.set(c.chunk.id, i));
  chosen.sort((a, b) => firstAt.get(a.chunk.id)! - firstAt.get(b.chunk.id)! || (a.chunk.id === b.chunk.id ? a.sentence.start - b.sentence.start : 0));
  // Several clauses on one topic read best in the document's own order.
  if (broad) {
    const order = new Map([...input.chunkById.keys()].map((id, i) => [id, i]));
    chosen.sort((a, b) => order.get(a.chunk.id)! - order.get(b.chunk.id)! || a.sentence.start - b.sentence.start);
  }

  // "Is this partnership good for Europe?": the documents report what was said; they pass no judgement.
  if (!referenced && OPINION.test(question)) return related(question, candidates, terms, scorer);

  const quotes = chosen.map((c) => ({ c, text: quoteOf(c.sentence, terms, scorer, question) }));
  let opening = "";
  if (yesNo && !referenced) {
    const verdict = verdictFor(question, lead.sentence.text);
    // A "Yes." must rest on the question's own words (or the synonym file's): word vectors can say a sentence is
    // related, not that it confirms. One sentence cannot confirm what a question asks of both documents.
    const own = terms.filter((t) => !t.carried);
    // …and not on a word the sentence has only inside someone's office: "the Communist Party of Vietnam" in To Lam's
    // title does not say the parties cooperate.
    const said = scorer.analyze(lead.sentence.text).terms;
    const saidOutsideTitles = scorer.analyze(withoutOffices(lead.sentence.text)).terms;
    const hardSupport = weightedShare(
      own,
      lead.credits
        .map((x, i) => (said.has(terms[i]!.term) && !saidOutsideTitles.has(terms[i]!.term) ? 0 : x))
        .filter((_, i) => !terms[i]!.carried)
        .map((x) => (x >= params.synonymCredit ? x : 0)),
    );
    // Nor on the parties' names alone: "Is it Vietnamese going to Bulgaria?" is not confirmed by any sentence naming both.
    const saysMoreThanParties = own.some((t) => !PARTY_TERMS.has(t.term) && (lead.credits[terms.indexOf(t)] ?? 0) >= params.synonymCredit);
    const confirms = verdict.kind === "yes" && hardSupport >= params.verdictSupport && saysMoreThanParties && !bothDocuments;
    const unqualified = missingQualifier(question, lead.sentence.text);
    opening = opposesTrend(question, lead.sentence.text)
      ? OPPOSITE_VERDICT
      : confirms && !unqualified
        ? "Yes."
        : verdict.kind === "hedged" || unqualified
          ? HEDGED_FRAME
          : "";
  } else if (!referenced && opposesTrend(question, lead.sentence.text)) {
    // "Why has trade been shrinking?" takes as true what the documents state the reverse of.
    opening = OPPOSITE_FRAME;
  } else {
    // The direct answer leads when every quoted sentence that gives a value gives the same one.
    const values = chosen.map((c) => directValue(c.sentence.text, type, anchorsOf(c.sentence.text, terms, scorer), question));
    const same = (v: string) => v.replace(/\s*[-–]\s*/g, "–").toLowerCase();
    const lead = values[0];
    if (lead && values.every((v) => v === undefined || same(v) === same(lead))) opening = chosen.length > 1 ? `**${lead}**` : `**${lead}** —`;
  }
  // "Why is the stay capped at 30 days?": a figure the documents never use, answered by a sentence with its own.
  // "Why did Tô Lâm go to Bulgaria in 2024?": a year they use elsewhere, answered by a sentence with another.
  if (!referenced && !opening.startsWith("**")) {
    const corrected = correctedNumber(terms, [lead], (term) => input.isUnknownWord(term) || (YEAR.test(term) && !saysYear(lead.sentence.text, term)));
    if (corrected) opening = corrected.frame;
  }
  // "Why did Bulgaria decide to give visa-free entry?" takes as done what the sentence only suggests or plans.
  if (!referenced && !yesNo && opening === "" && ASKS_PAST.test(question) && !ASKS_WHAT_WAS_SAID.test(question)) {
    const hedge = verdictFor(question, lead.sentence.text);
    if (hedge.kind === "hedged" && hedge.reason !== "polarity" && !OUTLOOK_HEDGES.has(hedge.reason)) opening = HEDGED_FRAME;
  }
  const lines = quotes.map((q) => `${q.text} ${marker(q.c.chunk.id)}`);
  let answer =
    chosen.length > 1 && new Set(chosen.map((c) => c.chunk.id)).size > 1
      ? [opening, lines.map((s) => `- ${s}`).join("\n")].filter(Boolean).join("\n\n")
      : [opening, ...lines].filter(Boolean).join(" ");
  // What the message takes as given, corrected first: "The visit marked the 70th anniversary — what came of it?"
  const premiseCorrection = referenced ? undefined : correctedPremise(input.premise, candidates, input.isUnknownWord, scorer);
  if (premiseCorrection && !chosen.some((c) => c.sentence.text === premiseCorrection.candidate.sentence.text)) {
    const { candidate } = premiseCorrection;
    answer = `${premiseCorrection.frame} ${quoteOf(candidate.sentence, input.premise!, scorer)} ${marker(candidate.chunk.id)}\n\n${answer}`;
    chosen.unshift(candidate);
  }
  const retitled = referenced ? undefined : titleCorrection(question, outline.chunks);
  // The title's sentence quoted once: in the correction, unless the answer quotes it anyway.
  if (retitled) answer = `${chosen.some((c) => c.sentence.text === retitled.sentence) ? retitledLine(retitled, false) : retitledLine(retitled)}\n\n${answer}`;
  const citations: Citation[] = retitled && !chosen.some((c) => c.chunk.id === retitled.chunk.id) ? [citation(retitled.chunk, retitled.sentence)] : [];
  for (const c of chosen) {
    const existing = citations.find((x) => x.id === c.chunk.id);
    if (existing) existing.quote = `${existing.quote} ${c.sentence.text}`;
    else citations.push(citation(c.chunk, c.sentence.text));
  }
  return { answer, citations, abstained: false, outcome: "answer" };
}
