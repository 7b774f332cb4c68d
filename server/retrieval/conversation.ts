/**
 * How a question leans on the conversation before it. People ask in turns:
 * "What did they agree on defence?" then "and education?" — the second keeps
 * the first one's frame (what did they agree on …) and swaps its topic; "when
 * does it end?" keeps the topic and asks something new about it; "which clause
 * was that?" points at the last answer's citations; and "What will the two
 * sides do about agriculture?" stands on its own, whatever came before, and
 * must not be steered by it.
 */
import type { Turn } from "../contract.ts";
import { namingWords } from "../pos.ts";
import { foldText, termOf, words } from "../text.ts";
import type { QueryAnalyzer } from "./query.ts";

export type TurnKind =
  /** Needs no earlier turn (or there is none). */
  | "standalone"
  /** A fragment or "and/what about …" that swaps the topic of the previous question. */
  | "ellipsis"
  /** Refers back with a pronoun ("it", "that", "they") and adds its own question. */
  | "anaphora";

export interface ResolvedTurn {
  kind: TurnKind;
  /** The question to answer, with an ellipsis expanded ("and education?" → "What did they agree on education?"). */
  question: string;
  /** For an ellipsis: the new topic that replaced the previous question's ("education"); an answer must be about it. */
  topic?: string;
  /** For an anaphoric follow-up: the previous question, whose words fill in what this one leaves implicit. */
  previous?: string;
  /** Chunks the conversation was about (the last answer's citations), for an anaphoric follow-up. */
  context?: string[];
}

/** Opens an elliptical follow-up: "and …", "what about …", "same for …". */
const ELLIPSIS_OPENING =
  /^\s*(?:(?:ok(?:ay)?|so|now|then)\s*,?\s+)?(?:and|also|plus|but|what about|how about|what of|same for|and for|and on|and in|as for|regarding|re)\b/i;
/** "… too?", "… as well?", "… either?": a short question that repeats the previous one somewhere else. */
const ECHO_ENDING = /\b(too|as well|also|either)\s*[?!.]*\s*$/i;
/** A question of its own starts with a question word or an auxiliary. */
const QUESTION_OPENING =
  /^\s*(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|will|would|can|could|should|has|have|had|list|name|summari[sz]e|describe|explain|give|tell|show|quote|read|any|anything)\b/i;
/** "Is there …", "will there be …": "there" only says that something exists; it points back at nothing. */
const EXISTENTIAL_THERE = /\b(?:(?:is|are|was|were|will|would|could|might|has|have|had)\s+there|there\s+(?:is|are|was|were|will|would|has|have|had)|there's)\b/gi;
/** Words that point back, by what they point at: a thing, a group or place, a person, or the last thing named. */
const THING_WORDS = ["it", "its", "that", "this", "those", "these", "the same"];
const GROUP_WORDS = ["them", "they", "their", "there"];
const PERSON_WORDS = ["he", "she", "his", "her"];
const LAST_NAMED_WORDS = ["such", "the latter", "the former"];
const pointing = (list: string[]) => new RegExp(`\\b(?:${list.join("|")})\\b`, "i");
/** Pronouns that need an antecedent ("the two sides" and "this visit" are not among them when a topic follows). */
const ANAPHOR = pointing([...THING_WORDS, ...GROUP_WORDS, ...PERSON_WORDS, ...LAST_NAMED_WORDS]);
/** What the documents themselves are about: "this visit" needs no earlier turn. */
const OWN_SUBJECT = new Set(["visit", "trip", "partnership", "statement", "article", "document", "documents", "relationship", "relations", "year", "time", "moment", "deal"]);
/** A demonstrative before a noun: "that dialogue", "these agreements". */
const DEMONSTRATIVE = /\b(?:that|this|those|these)\s+([a-z][a-z-]*)/g;
/** "and the labour one, when was that signed?": an ellipsis opening, a topic, a comma and a question of its own. */
const DISLOCATED =
  /^\s*(?:(?:ok(?:ay)?|so|now|then)\s*,?\s+)?(?:and|also|what about|how about|as for)\s+([^,?]{2,60}?)\s*,\s*((?:what|which|who|when|where|why|how|is|are|was|were|do|does|did|will|would|has|have|can)\b.*)$/i;
/** Of those, the ones that point back even in a question with its own topic: not "they", nor an existential "there". */
const POINTS_BACK = pointing([...THING_WORDS, ...PERSON_WORDS, ...LAST_NAMED_WORDS]);
/** Of those, the ones that point back at a person ("what did she say?") and the ones that point at a thing ("is it mutual?"). */
export const PERSON_PRONOUN = pointing([...PERSON_WORDS, "him"]);
export const THING_PRONOUN = pointing([...THING_WORDS, ...GROUP_WORDS]);

export class ConversationResolver {
  constructor(private readonly analyzer: QueryAnalyzer) {}

  resolve(question: string, history: Turn[] | undefined): ResolvedTurn {
    const previous = lastUserQuestion(history);
    if (!previous) return { kind: "standalone", question };
    const own = this.analyzer.terms(question);
    const ownTopic = own.filter((t) => !GENERIC_TERMS.has(t.term));

    const fragment = !QUESTION_OPENING.test(question) && words(question).length <= 6;
    // "Does the statement too?", "and the article as well?": the same question, somewhere else.
    const echo = ECHO_ENDING.test(question) && words(question).length <= 8;
    // "and do Vietnamese get the same deal?" opens like an ellipsis but asks a question of its own: its pronoun or
    // "the same" points back (below), and its frame is its own, not the previous question's.
    // "and the labour one, when was that signed?": a new topic, then a question of its own about it ("that").
    const dislocated = DISLOCATED.exec(question);
    if (dislocated && POINTS_BACK.test(dislocated[2]!)) {
      const topic = withHeadNoun(dislocated[1]!.trim(), history);
      return { kind: "standalone", question: dislocated[2]!.replace(POINTS_BACK, topic) };
    }
    const rest = question.replace(ELLIPSIS_OPENING, " ").trim();
    const ownQuestion = ELLIPSIS_OPENING.test(question) && QUESTION_OPENING.test(rest) && !ELLIPSIS_OPENING.test(rest) && words(rest).length >= 3;
    if ((ELLIPSIS_OPENING.test(question) && !ownQuestion) || fragment || echo) {
      // "and the article?": the same question, asked of the other document.
      const document = DOCUMENT_ONLY.exec(question);
      if (ownTopic.length === 0 && document) {
        return { kind: "ellipsis", question: `${previous.replace(DOCUMENT_NAME, " ").replace(/[?!.\s]+$/, "")} according to the ${document[1]!.toLowerCase()}?` };
      }
      // "and what else?" has no topic of its own: it continues the previous one.
      if (ownTopic.length === 0) return this.anaphora(question, previous, history);
      const topic = withHeadNoun(stripOpening(question), history);
      return { kind: "ellipsis", question: this.swapTopic(previous, topic), topic };
    }
    // "When does it end?", "Who signs it?": a pronoun and at most a word or two of its own topic; after "and …", any pronoun.
    // "Did they say anything about pandemics?": in these documents "they" are the two sides, whatever came before,
    // when the question names a thing of its own; "it", "that" or "she" still point back.
    // ("How long can they stay?" names no thing of its own: "they" are the people the last question was about.)
    const theyAreTheSides = !ownQuestion && ownTopic.length > 0 && !POINTS_BACK.test(foldText(question)) && ownTopic.some((t) => namingWords(question).has(t.word));
    const pointsBack = !theyAreTheSides && ANAPHOR.test(foldText(question.replace(EXISTENTIAL_THERE, " ")));
    if (pointsBack && (ownTopic.length <= 2 || ownQuestion)) return this.anaphora(question, previous, history);
    // "at what level would that dialogue be held?": "that" with a noun names a thing the conversation has had.
    // ("this visit", "this partnership" are the documents' own subject, named at any turn.)
    const demonstrative = [...foldText(question).matchAll(DEMONSTRATIVE)].some((m) => {
      const noun = words(m[1]!)[0];
      return noun !== undefined && !OWN_SUBJECT.has(noun) && ownTopic.some((t) => t.word === noun) && namingWords(question).has(noun);
    });
    // Its own words say what about; the conversation only says where: the passages the last answer cited.
    if (demonstrative) return { kind: "anaphora", question, context: this.analyzer.neighbourhood(lastCited(history, this.analyzer)) };
    if (own.length === 0) return this.anaphora(question, previous, history);
    return { kind: "standalone", question };
  }

  private anaphora(question: string, previous: string, history: Turn[] | undefined): ResolvedTurn {
    return { kind: "anaphora", question, previous, context: this.analyzer.neighbourhood(lastCited(history, this.analyzer)) };
  }

  /**
   * The previous question with its topic replaced by the follow-up's: the
   * naming words of the previous question that name a topic (an area the
   * documents' headings name, or a noun close in meaning to a new topic word)
   * give way to the new words, in place, so the frame — "how long is the …
   * programme" — and its expected answer type survive. A previous question
   * that was only a reference ("What does clause 21 say?") keeps it and gains
   * the topic: "What does clause 21 say about tourism?".
   */
  swapTopic(previous: string, followUp: string): string {
    const replacement = stripOpening(followUp).replace(/[?!.]+\s*$/, "").trim();
    const fresh = this.analyzer.terms(replacement).filter((t) => !GENERIC_TERMS.has(t.term));
    const naming = namingWords(previous);
    const typed = new Set(previous.split(/\s+/).flatMap((token) => words(token)));
    const old = this.analyzer
      .terms(this.analyzer.topicOf(previous))
      // A phrase the documents write as one word ("cyber security" → "cybersecurity") names a thing too.
      .filter((t) => !GENERIC_TERMS.has(t.term) && (naming.has(t.word) || !typed.has(t.word)));
    const topical = new Set(
      old
        .filter(
          (p) =>
            this.analyzer.isTopicLabel(p.term) ||
            fresh.some((n) => n.term === p.term || this.analyzer.wordSimilarity(p.word, n.word) >= TOPIC_SIMILARITY),
        )
        .map((p) => p.term),
    );
    // Nothing recognisably topical: the rarest naming words of the previous question were its topic.
    if (topical.size === 0 && old.length > 0) {
      const top = Math.max(...old.map((t) => t.weight));
      for (const t of old) if (t.weight >= top * 0.8) topical.add(t.term);
    }
    const frame = previous.replace(/[?!.]+\s*$/, "");
    // "when was it signed?" then "and the science agreement?": the new topic takes the pronoun's place.
    if (topical.size === 0 && PRONOUN_TOPIC.test(frame)) return `${frame.replace(PRONOUN_TOPIC, replacement)}?`;
    if (topical.size === 0) return `${frame} about ${replacement}?`;
    // Folded tokens, so that a phrase the documents write as one word ("cyber security") is one token here too.
    const tokens = foldText(frame).split(/\s+/);
    const isTopic = tokens.map((token) => {
      const folded = words(token);
      return folded.length > 0 && folded.every((w) => topical.has(termOf(w)));
    });
    // "science and technology" is one topic: a joining word between two topic words goes with them.
    for (let i = 1; i < tokens.length; i++) {
      if (isTopic[i] || !JOINING.has(tokens[i]!) || !isTopic[i - 1]) continue;
      const next = tokens.findIndex((t, k) => k > i && !JOINING.has(t));
      if (next > i && isTopic[next]) for (let k = i; k < next; k++) isTopic[k] = true;
    }
    let placed = false;
    const out: string[] = [];
    tokens.forEach((token, i) => {
      if (!isTopic[i]) out.push(token);
      else if (!placed) {
        out.push(replacement);
        placed = true;
      }
    });
    const swapped = (placed ? out.join(" ") : `${out.join(" ")} ${replacement}`).replace(/\s+/g, " ").trim();
    return `${swapped[0]!.toUpperCase()}${swapped.slice(1)}?`;
  }
}

/** The pronoun that stood for the topic in a question that named none ("when was it signed?"). */
const PRONOUN_TOPIC = /\b(?:it|they|them|this|that)\b/i;

/** Kinds of thing the documents name that "the science one" can stand for. */
const HEAD_NOUN = /\b(agreements?|programs?|programmes?|plans?|memorand(?:um|a)|committees?|mechanisms?|dialogues?|initiatives?|clauses?|sections?|paragraphs?)\b/i;

/**
 * "and the science one?": "one" stands for the kind of thing the conversation is about ("the labour agreement" two
 * turns back), so the follow-up asks about "the science agreement".
 */
function withHeadNoun(topic: string, history: Turn[] | undefined): string {
  if (!/\bones?\b/i.test(topic)) return topic;
  const asked = (history ?? []).filter((t) => t.role === "user").map((t) => t.content).reverse();
  const head = asked.map((q) => HEAD_NOUN.exec(q)?.[1]).find((noun) => noun !== undefined);
  return head ? topic.replace(/\bones?\b/i, (one) => (one.toLowerCase() === "ones" && !/s$/i.test(head) ? `${head}s` : head.toLowerCase())) : topic;
}

/** A follow-up that names only a document: "and the article?", "what about in the statement?". */
const DOCUMENT_ONLY = /\b(article|statement|news report|report)\b/i;
const DOCUMENT_NAME = /\b(?:according to |in )?(?:the )?(?:joint statement|statement|article|news article|news report|report|piece)\b(?: says?)?/gi;

/** Words too general to be a topic ("cooperation" is in every clause; "areas" of what is the topic). */
const GENERIC_TERMS = new Set(
  ["cooper", "two", "side", "agre", "agreed", "say", "bulgaria", "vietnam", "countri", "relat", "area", "field", "sector", "aspect", "issu", "topic"].map(
    termOf,
  ),
);

/** Words that join the parts of one topic ("science and technology", "culture, sports and tourism"). */
const JOINING = new Set(["and", "&", "or", ","]);

/** Word-vector cosine from which a word of the previous question counts as the same kind as a new topic word. */
const TOPIC_SIMILARITY = 0.55;

/** "and what about education?" → "education". */
function stripOpening(text: string): string {
  return text
    .replace(ELLIPSIS_OPENING, " ")
    .replace(/^\s*(?:what about|how about|about|for|on|in|with|the)\b/i, " ")
    .replace(/^\s*(?:what about|how about|about|for|on|in|with)\b/i, " ")
    .trim();
}

export function lastUserQuestion(history: Turn[] | undefined): string | undefined {
  return history?.filter((t) => t.role === "user").at(-1)?.content;
}

/** Chunk ids cited by the last assistant turn ("… [statement/24]"). */
export function lastCited(history: Turn[] | undefined, analyzer: { hasChunk(id: string): boolean }): string[] {
  const last = history?.filter((t) => t.role === "assistant").at(-1)?.content ?? "";
  return [...new Set([...last.matchAll(/\[([a-z][a-z0-9-]*\/[a-z0-9-]+)\]/g)].map((m) => m[1]!))].filter((id) => analyzer.hasChunk(id));
}
