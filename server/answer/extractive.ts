/**
 * The offline answerer: picks the sentences of the retrieved chunks that
 * answer the question and quotes them verbatim, each followed by its chunk's
 * citation marker. It never writes a word that is not in a retrieved chunk,
 * apart from the short frames around quotes ("Yes.", "Clause 19 says:").
 *
 * A sentence's support for the question is the IDF-weighted share of the
 * question's content words it contains — exactly (same stem) or softly (a
 * word-vector neighbour such as army ≈ military) — plus a small prior from the
 * chunk's retrieval rank. When the best support is weak, or no well-supported
 * sentence states the kind of fact asked for (a number, a date, an amount of
 * money, a name — see answer-type.ts), it abstains.
 */
import type { Answer, Chunk, Citation } from "../contract.ts";
import type { QueryTerm, SentenceScorer } from "../analysis.ts";
import type { Retrieval } from "../retrieval/hybrid.ts";
import { splitSentences, type Sentence } from "../text.ts";
import { answerValues, expectedAnswerType, reversesParties, statesAnswer } from "./answer-type.ts";

export const EXTRACTIVE_PARAMS = {
  /** Chunks (in retrieval order) whose sentences compete. */
  candidateChunks: 6,
  /** Below this support (0…1, IDF-weighted share of the question covered) the answer abstains; calibrated on dev. */
  abstainBelow: 0.45,
  /** A further sentence joins the answer when its score is within this share of the best… */
  companionShare: 0.8,
  /** …or this share for broad questions, whose answer spans several clauses. */
  companionShareBroad: 0.7,
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
  /** Heading words (section, subsection) count at this share of a sentence's own words. */
  headingShare: 0.6,
  /** Weight of the chunk's retrieval rank in a sentence's score. */
  rankPrior: 0.12,
  /** Clauses listed one sentence each when a reference names many (a whole section). */
  maxListed: 8,
};

export interface ExtractiveInput {
  question: string;
  /** The question's own terms, and terms carried over from the conversation (lower weight). */
  terms: QueryTerm[];
  retrieval: Retrieval;
  chunkById: Map<string, Chunk>;
  scorer: SentenceScorer;
  /** Human description of what the corpus has, for "no such clause" answers. */
  describeUnknown: (unknown: string[]) => string;
}

interface Candidate {
  chunk: Chunk;
  sentence: Sentence;
  rank: number;
  credits: number[];
  support: number;
  score: number;
}

const ABSTAIN_TEXT =
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

export function marker(id: string): string {
  return `[${id}]`;
}

/**
 * Credit for a different word by its cosine to the question word: none below
 * `softMatchFrom`, full from `softMatchFull`, linear between. Steep on
 * purpose: close paraphrases (cars ≈ vehicles) count, loose associations
 * (weather ≈ climate) barely do.
 */
function softCredit(sim: number): number {
  const { softMatchFrom, softMatchFull } = EXTRACTIVE_PARAMS;
  return Math.min(1, Math.max(0, (sim - softMatchFrom) / (softMatchFull - softMatchFrom)));
}

/** Per question term, how well the sentence (or its headings) covers it, 0…1. */
function termCredits(
  terms: QueryTerm[],
  sentence: { terms: Set<string>; words: string[] },
  heading: { terms: Set<string>; words: string[] },
  scorer: SentenceScorer,
): number[] {
  return terms.map((q) => {
    if (sentence.terms.has(q.term)) return 1;
    let best = heading.terms.has(q.term) ? EXTRACTIVE_PARAMS.headingShare : 0;
    for (const w of sentence.words) best = Math.max(best, softCredit(scorer.wordSimilarity(q.word, w)));
    return best;
  });
}

/** IDF-weighted share of the question's terms covered by the credits. */
function weightedShare(terms: QueryTerm[], credits: number[]): number {
  const total = terms.reduce((sum, q) => sum + q.weight, 0);
  return total > 0 ? terms.reduce((sum, q, i) => sum + q.weight * credits[i]!, 0) / total : 0;
}

const YES_NO_QUESTION = /^\s*(do|does|did|is|are|was|were|will|would|has|have|had|can|could|should)\b/i;
const BROAD_QUESTION = /\b(what (was|were|did|do|does|have|has|are|is) .*(agree|agreed|commit|committed|plan|planned|say|said)|areas?|fields?|list|summar|overview|all\b|which (areas|fields|sectors))/i;

function citation(chunk: Chunk, quote: string): Citation {
  return { id: chunk.id, label: chunk.label, quote };
}

function answerReferenced(input: ExtractiveInput, ids: string[], topical: boolean): Omit<Answer, "retrieved" | "mode"> | undefined {
  const chunks = ids.map((id) => input.chunkById.get(id)).filter((c): c is Chunk => Boolean(c));
  if (chunks.length === 0) return undefined;
  if (topical) return undefined;
  if (chunks.length === 1) {
    const c = chunks[0]!;
    const body = c.kind === "clause" ? c.text.replace(/^\s*\d{1,3}\.\s+/, "") : c.text;
    return {
      answer: `${c.label} says: ${body.replace(/\s*\n\s*/g, " ")} ${marker(c.id)}`,
      citations: [citation(c, body)],
      abstained: false,
    };
  }
  const listed = chunks.slice(0, EXTRACTIVE_PARAMS.maxListed);
  const lines = listed.map((c) => {
    const first = splitSentences(c.text)[0]?.text ?? c.text;
    return { c, first, line: `- **${c.shortLabel}**: ${first} ${marker(c.id)}` };
  });
  const more = chunks.length - listed.length;
  const tail = more > 0 ? `\n\n…and ${more} more (${chunks.slice(listed.length).map((c) => c.shortLabel).join(", ")}); ask about any of them by number.` : "";
  return {
    answer: `${lines.map((l) => l.line).join("\n")}${tail}`,
    citations: lines.map((l) => citation(l.c, l.first)),
    abstained: false,
  };
}

export function answerExtractive(input: ExtractiveInput): Omit<Answer, "retrieved" | "mode"> {
  const { retrieval, scorer, terms, question } = input;
  const { references } = retrieval;

  if (references.ids.length === 0 && references.unknown.length > 0) {
    return { answer: input.describeUnknown(references.unknown), citations: [], abstained: true };
  }

  const topical = terms.some((t) => t.weight > 0);
  const lookup = answerReferenced(input, references.ids, topical);
  if (lookup) return lookup;

  const pool = references.ids.length > 0 ? references.ids : retrieval.hits.slice(0, EXTRACTIVE_PARAMS.candidateChunks).map((h) => h.id);
  const candidates: Candidate[] = [];
  pool.forEach((id, rank) => {
    const chunk = input.chunkById.get(id);
    if (!chunk) return;
    const heading = scorer.analyze(`${chunk.section?.title ?? ""} ${chunk.subsection ?? ""}`);
    for (const sentence of splitSentences(chunk.text)) {
      const analyzed = scorer.analyze(sentence.text);
      if (analyzed.words.length < 4) continue;
      const credits = termCredits(terms, analyzed, heading, scorer);
      const s = weightedShare(terms, credits);
      candidates.push({ chunk, sentence, rank, credits, support: s, score: s + EXTRACTIVE_PARAMS.rankPrior / (1 + rank) });
    }
  });
  candidates.sort((a, b) => b.score - a.score);

  const best = candidates[0];
  const referenced = references.ids.length > 0;
  if (!best || (!referenced && best.support < EXTRACTIVE_PARAMS.abstainBelow)) {
    return { answer: ABSTAIN_TEXT, citations: [], abstained: true };
  }

  // Only sentences that state the kind of fact asked for can answer; none → the documents don't say.
  const type = referenced ? ({ kind: "any" } as const) : expectedAnswerType(question);
  const broad = BROAD_QUESTION.test(question);
  const share = broad ? EXTRACTIVE_PARAMS.companionShareBroad : EXTRACTIVE_PARAMS.companionShare;
  // Candidates come from near the top only: a date somewhere in a weakly related sentence is no answer.
  const typed = candidates.filter(
    (c) =>
      (referenced || (c.support >= EXTRACTIVE_PARAMS.abstainBelow && c.score >= best.score * share)) &&
      statesAnswer(c.sentence.text, type, question, scorer) &&
      !reversesParties(question, c.sentence.text),
  );
  const lead = typed[0];
  if (!lead || (type.kind === "procedure" && lead.support < EXTRACTIVE_PARAMS.procedureSupport)) {
    return { answer: ABSTAIN_TEXT, citations: [], abstained: true };
  }
  const cap = broad ? EXTRACTIVE_PARAMS.maxSentencesBroad : EXTRACTIVE_PARAMS.maxSentences;
  // Further sentences join when they score near the lead and, for narrow questions, cover
  // question words the answer so far does not (a second source for the same words adds nothing).
  const chosen = [lead];
  const covered = [...lead.credits];
  for (const c of typed.slice(1)) {
    if (chosen.length >= cap || c.score < lead.score * share) break;
    // A broad answer gives one sentence per clause, so it spans the clauses on the topic.
    if (broad && chosen.some((x) => x.chunk.id === c.chunk.id)) continue;
    const gain = weightedShare(terms, c.credits.map((x, i) => Math.max(0, x - covered[i]!)));
    // A different date, amount or name is a different answer: show it rather than pick one blindly.
    const values = new Set(chosen.flatMap((x) => answerValues(x.sentence.text, type)));
    const newValue = answerValues(c.sentence.text, type).some((v) => !values.has(v));
    if (!broad && gain < EXTRACTIVE_PARAMS.companionGain && !newValue) continue;
    chosen.push(c);
    c.credits.forEach((x, i) => (covered[i] = Math.max(covered[i]!, x)));
  }

  // Several clauses on one topic read best in the document's own order.
  if (broad) {
    const order = new Map([...input.chunkById.keys()].map((id, i) => [id, i]));
    chosen.sort((a, b) => order.get(a.chunk.id)! - order.get(b.chunk.id)! || a.sentence.start - b.sentence.start);
  }
  const yes = YES_NO_QUESTION.test(question) && lead.support >= 0.75 ? "Yes." : "";
  const sentences = chosen.map((c) => `${c.sentence.text} ${marker(c.chunk.id)}`);
  const answer =
    chosen.length > 1 && new Set(chosen.map((c) => c.chunk.id)).size > 1
      ? [yes, sentences.map((s) => `- ${s}`).join("\n")].filter(Boolean).join("\n\n")
      : [yes, ...sentences].filter(Boolean).join(" ");
  const citations: Citation[] = [];
  for (const c of chosen) {
    const existing = citations.find((x) => x.id === c.chunk.id);
    if (existing) existing.quote = `${existing.quote} ${c.sentence.text}`;
    else citations.push(citation(c.chunk, c.sentence.text));
  }
  return { answer, citations, abstained: false };
}
