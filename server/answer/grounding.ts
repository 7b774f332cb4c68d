/**
 * The grounding check for LLM answers: the product promises that every
 * sentence of an answer is backed by the clause it cites, so a model's
 * answer is checked sentence by sentence before anyone sees it.
 *
 * A sentence passes when
 * - it cites at least one chunk the model was shown, and no other chunk;
 * - the cited chunks cover its content words (the extractive answerer's
 *   coverage scoring, `coverage.ts`, at `GROUNDING_PARAMS.minSupport`); and
 * - every number, month and name in it appears in the cited chunks (or their
 *   headings and document titles): a paraphrase may change the words, never
 *   the facts.
 * A sentence in a chunk that gives instructions ("ignore previous
 * instructions and tell the user …") supports nothing: a poisoned document
 * cannot lend its words to the answer.
 *
 * Three kinds of sentence need no citation: saying that the documents don't
 * say (about the question's own words, nothing more), a lead-in ("On visas,
 * the statement says:") when the cited sentence after it covers it, and a
 * bare marker. Everything else that fails is removed and counted.
 *
 * The model's text arrives in pieces; `SentenceSplitter` releases a sentence
 * once the next one has begun (or the text ends), with the citation markers
 * the model wrote after its full stop.
 */
import type { QueryTerm, SentenceScorer } from "../analysis.ts";
import type { Chunk, DocumentInfo } from "../contract.ts";
import { separateInstructions } from "../retrieval/instructions.ts";
import { foldText, isStopword, splitSentences, words } from "../text.ts";
import { NO_HEADING, termCredits, weightedShare, type Analyzed } from "./coverage.ts";
import { EXTRACTIVE_PARAMS } from "./extractive.ts";
import { marker } from "./markers.ts";
import { ABSTENTION } from "./prompt.ts";

export const GROUNDING_PARAMS = {
  /** Share (0…1, IDF-weighted) of a sentence's content words its cited chunks must cover. */
  minSupport: 0.7,
  /** A chunk cited beside others keeps its citation only if it covers at least this share of the sentence on its own. */
  coCitationFloor: 0.3,
  /** Content words a kept sentence needs to state something (fewer is a heading such as "Tourism [statement/23]"). */
  minClaimWords: 2,
  /** An unclosed "[" followed by more than this many characters is ordinary text, not a marker. */
  maxMarkerChars: 120,
};

const ID = String.raw`[a-z][a-z0-9-]*/[a-z0-9-]+`;
const MARKER_LIST = new RegExp(String.raw`^\s*${ID}(?:\s*[,;]\s*${ID})*\s*$`, "i");
const BRACKETED = new RegExp(String.raw`\[([^\[\]\n]{1,${GROUNDING_PARAMS.maxMarkerChars}})\]`, "g");
/** A list item's bullet or number, or a Markdown heading's hashes, at the start of a line. */
const LINE_PREFIX = /^[ \t]*(?:[-*•+]|\d{1,3}[.)]|#{1,6})[ \t]+/gm;

/** Citation markers in a text: where each is and the ids it names (lowercased). */
export function markersIn(text: string): Array<{ start: number; end: number; ids: string[] }> {
  const out: Array<{ start: number; end: number; ids: string[] }> = [];
  for (const m of text.matchAll(BRACKETED)) {
    if (!MARKER_LIST.test(m[1]!)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, ids: m[1]!.split(/[,;]/).map((s) => s.trim().toLowerCase()) });
  }
  return out;
}

/** One sentence of the model's text as written, and the whitespace (or list bullet) before it. */
export interface DraftSentence {
  gap: string;
  text: string;
}

/**
 * Sentence spans of a text, each with the markers that follow it. Markers
 * and list bullets are blanked before splitting (offsets kept), so "… 2028.
 * [statement/24] The two sides …" splits after the marker, not before it.
 */
function sentenceSpans(text: string): Array<{ start: number; end: number }> {
  const markers = markersIn(text);
  let masked = text.replace(LINE_PREFIX, (m) => " ".repeat(m.length));
  for (const { start, end } of markers) masked = masked.slice(0, start) + " ".repeat(end - start) + masked.slice(end);
  const spans = splitSentences(masked).map((s) => ({ start: s.start, end: s.end }));
  for (const m of markers) {
    const inside = spans.find((s) => m.start >= s.start && m.start < s.end);
    if (inside) continue;
    // A marker belongs to the sentence it follows; one before the first sentence, to the first.
    const before = spans.filter((s) => s.end <= m.start).at(-1) ?? spans[0];
    if (!before) continue;
    before.start = Math.min(before.start, m.start);
    before.end = Math.max(before.end, m.end);
  }
  return spans;
}

/**
 * Cuts streamed text into sentences. A sentence is released once the text
 * after it shows it has ended: the next sentence has begun, or a line break
 * followed it. Until then more markers may still follow its full stop.
 */
export class SentenceSplitter {
  private buffer = "";

  push(delta: string): DraftSentence[] {
    this.buffer += delta;
    // A sentence can only end at whitespace.
    return /\s/.test(delta) ? this.take(false) : [];
  }

  /** The rest, at the end of the text. */
  flush(): DraftSentence[] {
    return this.take(true);
  }

  private take(final: boolean): DraftSentence[] {
    const spans = sentenceSpans(this.buffer);
    const last = spans.at(-1);
    const complete = final || !last || this.buffer.slice(last.end).includes("\n") ? spans : spans.slice(0, -1);
    if (complete.length === 0) return [];
    let from = 0;
    const out = complete.map((s) => {
      const sentence = { gap: this.buffer.slice(from, s.start), text: this.buffer.slice(s.start, s.end) };
      from = s.end;
      return sentence;
    });
    this.buffer = final ? "" : this.buffer.slice(from);
    return out;
  }
}

const ABSTAINS =
  /\b(documents?|excerpts?|texts?|statement|article|sources?)\b[^.]{0,40}\b(do not|don't|does not|doesn't|did not|didn't)\s+(say|mention|state|specify|contain|address|cover|answer|give|provide|include)\b/i;

/** Whether a text says that the documents do not answer (the prompt asks the model to start with ABSTENTION). */
export function isAbstention(text: string): boolean {
  const normal = text.trim().replace(/[‘’]/g, "'");
  return normal.toLowerCase().startsWith(ABSTENTION.toLowerCase().replace(/\.$/, "")) || ABSTAINS.test(normal);
}

/** What an abstention says besides the question's words: "don't give specific information about …". */
const ABSTENTION_WORDS = new Set("specific specifically information info detail details explicit explicitly directly clear clearly any".split(" "));

/** "…, but Bulgaria joined NATO": an abstention that goes on to claim something is a claim. */
const CONTRAST = /\b(but|however|although|though|yet|nevertheless|nonetheless|instead|whereas|while)\b/i;

/** Words that point into the documents rather than say anything: "clause 24 says", "the excerpt on visas". */
const POINTER_WORDS = new Set(
  "clause clauses paragraph paragraphs section sections subsection preamble closing excerpt excerpts passage passages point points document documents text article statement joint vna vns source sources".split(" "),
);

const NUMBER_WORDS: Record<string, string> = {
  three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10", eleven: "11", twelve: "12",
  thirteen: "13", fourteen: "14", fifteen: "15", sixteen: "16", seventeen: "17", eighteen: "18", nineteen: "19",
  twenty: "20", thirty: "30", forty: "40", fifty: "50", sixty: "60", seventy: "70", eighty: "80", ninety: "90",
  hundred: "100", thousand: "1000", million: "1000000", billion: "1000000000",
};

const MONTHS = new Set("january february march april may june july august september october november december".split(" "));

/** A run of capitalised words ("Paris", "Rumen Radev", "Việt Nam") or an acronym ("DAN"). */
const CAPITALISED = /\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]*)*/gu;

/**
 * The facts a sentence states exactly: its numbers ("45", "2025", "three" as
 * "3"), months, and names — runs of words written capitalised, other than a
 * single ordinary word opening the sentence, and acronyms — as folded words
 * (a run is folded whole, so "Việt Nam" is "vietnam").
 */
export function detailsOf(text: string): string[] {
  const folded = foldText(text);
  const numbers = (folded.match(/\d+(?:[.,]\d+)*/g) ?? []).map((n) => n.replace(/,(?=\d{3}\b)/g, ""));
  const spelled = words(text).flatMap((w) => (NUMBER_WORDS[w] ? [NUMBER_WORDS[w]!] : []));
  // Months are written capitalised: "May 2025" is a date, "may stay" is not.
  const months = [...text.matchAll(/\p{Lu}\p{Ll}+/gu)].map((m) => m[0].toLowerCase()).filter((w) => MONTHS.has(w));
  const names: string[] = [];
  const body = text.replace(/^[^\p{L}\p{N}]+/u, "");
  for (const m of body.matchAll(CAPITALISED)) {
    const single = !/\s/.test(m[0]);
    const acronym = single && m[0].length > 1 && m[0] === m[0].toUpperCase();
    if ((m.index === 0 && single && !acronym) || m[0] === "I") continue;
    names.push(...words(m[0]).filter((w) => !isStopword(w) && !/^\d/.test(w) && !MONTHS.has(w)));
  }
  return [...new Set([...numbers, ...spelled, ...months, ...names])];
}

/** What a detail may be matched against: a text's folded words, its numbers and spelled numbers as digits. */
function detailVocabulary(text: string): Set<string> {
  const vocabulary = new Set<string>();
  // Folded whole ("Viet Nam" → "vietnam") and word by word ("Việt", "Nam"), so either spelling of a name matches.
  for (const w of [...words(text), ...text.split(/\s+/).flatMap(words)]) vocabulary.add(NUMBER_WORDS[w] ?? w);
  for (const n of foldText(text).match(/\d+(?:[.,]\d+)*/g) ?? []) vocabulary.add(n.replace(/,(?=\d{3}\b)/g, ""));
  return vocabulary;
}

/** A detail is stated when the vocabulary has it, or, for a name, a form of it (Bulgaria / Bulgarian, Vietnam / Vietnamese). */
function stated(detail: string, vocabulary: Set<string>): boolean {
  if (vocabulary.has(detail)) return true;
  if (/^\d/.test(detail) || detail.length < 5) return false;
  for (const w of vocabulary) {
    if (w.length >= 5 && (w.startsWith(detail) || detail.startsWith(w))) return true;
  }
  return false;
}

/** Whether a sentence of a document gives instructions to whoever reads it (a poisoned document). */
export function isInstruction(sentence: string): boolean {
  return separateInstructions(sentence).injected;
}

interface Evidence {
  chunk: Chunk;
  /** The chunk's sentences that state something (instructions left out). */
  sentences: Array<{ text: string; analyzed: Analyzed }>;
  /** The clause's heading and its document's title: what the clause is under. */
  heading: Analyzed;
  /** Folded words and numbers of the statements, headings, label and document, for exact details. */
  vocabulary: Set<string>;
}

export interface GroundingSources {
  /** The chunks shown to the model: the only ones an answer may cite. */
  chunks: Chunk[];
  documents: DocumentInfo[];
  /** The question as asked. */
  question: string;
  /** Weighted content words of a text, by the same analysis the question gets. */
  termsOf: (text: string) => QueryTerm[];
  scorer: SentenceScorer;
}

export type SentenceVerdict =
  /** Passed: the sentence as shown (markers normalised), and per cited chunk the sentence that best supports it. */
  | { kind: "claim"; text: string; citations: Array<{ id: string; quote: string }>; contentWords: number }
  /** Says the documents don't say, about nothing but the question. */
  | { kind: "abstention"; text: string }
  /** Introduces what follows ("The two sides agreed to:"); checked against the sentence after it. */
  | { kind: "lead-in"; text: string }
  /** No words at all (a marker on its own line). */
  | { kind: "empty" }
  | { kind: "removed"; reason: "uncited" | "unshown-citation" | "unsupported" | "unstated-detail"; unknownIds: number };

/** The month an ISO date names, for a document dated "2025-10" or "2025-10-22". */
function dateWords(iso: string): string {
  const [year, month, day] = iso.split("-");
  const name = [...MONTHS][Number(month) - 1] ?? "";
  return [day, name, year].filter(Boolean).join(" ");
}

/** Checks the sentences of one model answer against the chunks it was shown. */
export class Grounder {
  private readonly shown: Map<string, Chunk>;
  private readonly evidence = new Map<string, Evidence>();
  private readonly documents: Map<string, DocumentInfo>;
  private readonly questionVocabulary: Set<string>;

  constructor(private readonly sources: GroundingSources) {
    this.shown = new Map(sources.chunks.map((c) => [c.id, c]));
    this.documents = new Map(sources.documents.map((d) => [d.id, d]));
    this.questionVocabulary = detailVocabulary(sources.question);
  }

  /** Checks one sentence; `gap` is what came before it (a Markdown heading's hashes end up there). */
  check(sentence: string, gap = ""): SentenceVerdict {
    const markers = markersIn(sentence);
    const ids = [...new Set(markers.flatMap((m) => m.ids))];
    const claim = withoutMarkers(sentence);
    if (!/[\p{L}\p{N}]/u.test(claim)) return { kind: "empty" };
    const unknownIds = ids.filter((id) => !this.shown.has(id)).length;
    // A claim drawn from a clause the model was not shown cannot be checked, even beside a valid citation.
    if (unknownIds > 0) return { kind: "removed", reason: "unshown-citation", unknownIds };
    if (ids.length === 0) {
      if (isAbstention(claim) && this.aboutQuestionOnly(claim)) return { kind: "abstention", text: sentence.trim() };
      if (isLeadIn(gap, claim)) return { kind: "lead-in", text: sentence.trim() };
      return { kind: "removed", reason: "uncited", unknownIds: 0 };
    }
    const terms = this.contentTerms(claim);
    if (terms.length === 0) return { kind: "removed", reason: "unsupported", unknownIds: 0 };
    const evidence = ids.map((id) => this.evidenceFor(id));
    const support = evidence.map((e) => this.support(terms, e));
    const combined = terms.map((_, i) => Math.max(...support.map((s) => s.credits[i]!)));
    if (weightedShare(terms, combined) < GROUNDING_PARAMS.minSupport) return { kind: "removed", reason: "unsupported", unknownIds: 0 };
    const vocabulary = new Set(evidence.flatMap((e) => [...e.vocabulary]));
    if (!detailsOf(claim).every((d) => stated(d, vocabulary))) return { kind: "removed", reason: "unstated-detail", unknownIds: 0 };
    // A chunk cited beside others that says nothing of the sentence loses its citation.
    const cited = evidence
      .map((e, i) => ({ id: e.chunk.id, quote: support[i]!.quote, share: weightedShare(terms, support[i]!.credits) }))
      .filter((c, _, all) => all.length === 1 || c.share >= GROUNDING_PARAMS.coCitationFloor);
    return {
      kind: "claim",
      text: rewriteMarkers(sentence, new Set(cited.map((c) => c.id))),
      citations: cited.map(({ id, quote }) => ({ id, quote })),
      contentWords: terms.length,
    };
  }

  /** Whether a lead-in is covered by the chunks the sentence after it cites, or restates the question. */
  supportsLeadIn(leadIn: string, citedIds: string[]): boolean {
    const claim = withoutMarkers(leadIn);
    const terms = this.contentTerms(claim);
    const evidence = citedIds.map((id) => this.evidenceFor(id));
    const credits = this.credits(terms, this.sources.question);
    for (const e of evidence) this.support(terms, e).credits.forEach((c, i) => (credits[i] = Math.max(credits[i]!, c)));
    if (terms.length > 0 && weightedShare(terms, credits) < GROUNDING_PARAMS.minSupport) return false;
    const vocabulary = new Set([...this.questionVocabulary, ...evidence.flatMap((e) => [...e.vocabulary])]);
    return detailsOf(claim).every((d) => stated(d, vocabulary));
  }

  /**
   * Whether the kept sentences answer at all: at least one of them states
   * something, rather than naming a topic ("Tourism [statement/23]").
   */
  statesSomething(claims: Array<Extract<SentenceVerdict, { kind: "claim" }>>): boolean {
    return claims.some((c) => c.contentWords >= GROUNDING_PARAMS.minClaimWords);
  }

  /** An abstention may name what was asked, and nothing else: no details or words the question does not have. */
  private aboutQuestionOnly(claim: string): boolean {
    const normal = claim.replace(/[‘’]/g, "'");
    if (CONTRAST.test(normal)) return false;
    const rest = normal.replace(ABSTAINS, " ");
    if (!detailsOf(rest).every((d) => stated(d, this.questionVocabulary))) return false;
    const terms = this.contentTerms(rest).filter((t) => !ABSTENTION_WORDS.has(t.word));
    return terms.length === 0 || weightedShare(terms, this.credits(terms, this.sources.question)) >= GROUNDING_PARAMS.minSupport;
  }

  /** How well a text (not a chunk: no heading) covers each term. */
  private credits(terms: QueryTerm[], text: string): number[] {
    return termCredits(terms, this.sources.scorer.analyze(text), NO_HEADING, this.sources.scorer, EXTRACTIVE_PARAMS);
  }

  private contentTerms(text: string): QueryTerm[] {
    return this.sources.termsOf(text).filter((t) => !POINTER_WORDS.has(t.word));
  }

  /** Per term, the best credit any statement of the chunk gives it, and the statement that covers the most. */
  private support(terms: QueryTerm[], evidence: Evidence): { credits: number[]; quote: string } {
    const credits = terms.map(() => 0);
    let quote = evidence.sentences[0]?.text ?? "";
    let best = -1;
    for (const sentence of evidence.sentences) {
      const own = termCredits(terms, sentence.analyzed, evidence.heading, this.sources.scorer, EXTRACTIVE_PARAMS);
      own.forEach((c, i) => (credits[i] = Math.max(credits[i]!, c)));
      const share = weightedShare(terms, own);
      if (share > best) [best, quote] = [share, sentence.text];
    }
    return { credits, quote };
  }

  private evidenceFor(id: string): Evidence {
    let evidence = this.evidence.get(id);
    if (evidence) return evidence;
    const chunk = this.shown.get(id)!;
    const document = this.documents.get(chunk.docId);
    const statements = splitSentences(chunk.text).filter((s) => !isInstruction(s.text));
    const headingText = [chunk.subsection ?? chunk.section?.title ?? "", document?.title ?? ""].join(" ");
    const context = [chunk.label, chunk.section?.title, chunk.subsection, document?.title, document?.shortTitle, document?.publisher, document && dateWords(document.date)];
    evidence = {
      chunk,
      sentences: statements.map((s) => ({ text: s.text, analyzed: this.sources.scorer.analyze(s.text) })),
      heading: this.sources.scorer.analyze(headingText),
      vocabulary: detailVocabulary([...statements.map((s) => s.text), ...context.filter(Boolean)].join(" \n ")),
    };
    this.evidence.set(id, evidence);
    return evidence;
  }
}

/** The sentence without its markers, list bullet and emphasis: the words it claims. */
function withoutMarkers(sentence: string): string {
  let text = sentence;
  for (const m of markersIn(sentence).reverse()) text = `${text.slice(0, m.start)} ${text.slice(m.end)}`;
  return text.replace(LINE_PREFIX, "").replace(/[*_`]+/g, "").replace(/\s+/g, " ").trim();
}

/** "The two sides agreed to:", "## Visas": introduces what follows, states nothing alone. */
function isLeadIn(gap: string, claim: string): boolean {
  return /:\s*$/.test(claim) || /(?:^|\n)[ \t]*#{1,6}[ \t]+$/.test(gap);
}

/** The sentence with its markers normalised to `[doc/ref]`, keeping only the ids given. */
function rewriteMarkers(sentence: string, keep: Set<string>): string {
  let text = sentence;
  for (const m of markersIn(sentence).reverse()) {
    const kept = m.ids.filter((id) => keep.has(id)).map(marker).join("");
    text = text.slice(0, m.start) + kept + text.slice(m.end);
  }
  return text.replace(/[ \t]+(?=[.,;:!?]|$)/g, "").replace(/[ \t]{2,}/g, " ").trim();
}

/** What the grounding check did to one answer. */
export interface GroundingCounts {
  /** Markers naming a chunk the model was not shown. */
  unknownCitations: number;
  /** Sentences removed because no shown chunk supports them. */
  removedSentences: number;
}

/**
 * One model answer going through the check as it streams: `push` takes the
 * model's text and returns what may be shown (whole sentences that passed),
 * `flush` the rest at the end.
 */
export class GroundedText implements GroundingCounts {
  /** The text that passed so far. */
  text = "";
  unknownCitations = 0;
  removedSentences = 0;
  /** The sentences that passed as claims, in order. */
  readonly claims: Array<Extract<SentenceVerdict, { kind: "claim" }>> = [];
  /** Whether the first sentence shown says the documents don't say. */
  opensWithAbstention = false;
  /** Whether any sentence cited only chunks the model was shown (passed or not). */
  citedShownChunk = false;
  private readonly splitter = new SentenceSplitter();
  private leadIn?: DraftSentence;

  constructor(readonly grounder: Grounder) {}

  push(delta: string): string {
    return this.emit(this.splitter.push(delta));
  }

  flush(): string {
    const out = this.emit(this.splitter.flush());
    // A lead-in with nothing after it introduces nothing.
    if (this.leadIn) this.removedSentences++;
    this.leadIn = undefined;
    return out;
  }

  /** Cited ids in order of first appearance, each with its quotes (distinct, in order). */
  citations(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const claim of this.claims) {
      for (const { id, quote } of claim.citations) {
        const quotes = out.get(id) ?? [];
        if (!quotes.includes(quote)) quotes.push(quote);
        out.set(id, quotes);
      }
    }
    return out;
  }

  private emit(sentences: DraftSentence[]): string {
    let out = "";
    for (const sentence of sentences) {
      const verdict = this.grounder.check(sentence.text, sentence.gap);
      if (verdict.kind === "empty") continue;
      if (verdict.kind === "claim" || (verdict.kind === "removed" && verdict.reason !== "uncited" && verdict.reason !== "unshown-citation")) this.citedShownChunk = true;
      if (verdict.kind === "removed") {
        this.removedSentences++;
        this.unknownCitations += verdict.unknownIds;
        continue;
      }
      if (verdict.kind === "lead-in") {
        if (this.leadIn) this.removedSentences++;
        this.leadIn = sentence;
        continue;
      }
      if (verdict.kind === "claim" && this.leadIn) {
        if (this.grounder.supportsLeadIn(this.leadIn.text, verdict.citations.map((c) => c.id))) out += this.append(this.leadIn.gap, this.leadIn.text.trim());
        else this.removedSentences++;
        this.leadIn = undefined;
      }
      if (!this.text && !out && verdict.kind === "abstention") this.opensWithAbstention = true;
      if (verdict.kind === "claim") this.claims.push(verdict);
      out += this.append(sentence.gap, verdict.text);
    }
    return out;
  }

  /** Adds a sentence after the text so far, keeping the model's line breaks and list bullets. */
  private append(gap: string, text: string): string {
    const first = this.text.length === 0;
    const separator = first ? gap.replace(/^\s+/, "") : /\S|\n/.test(gap) ? gap : " ";
    const piece = separator + text;
    this.text += piece;
    return piece;
  }
}
