/**
 * The question inside a long message. People write "hi, I'm a journalist
 * covering Balkan–Asia ties and my editor wants to know, basically, what did
 * they agree about flights?" — the words before the question say who is
 * asking, not what about, and counted as question words they make a real
 * question look out of scope. The core is the last clause that opens like a
 * question; filler words are dropped later as frame words (query.ts).
 */

/** A clause that asks: a question word or auxiliary at its start. */
const ASKS =
  /^(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|will|would|can|could|should|has|have|had|whether|if)\b/i;

/** Below this many words a question is taken whole. */
const LONG_QUESTION_WORDS = 14;

export interface SplitQuestion {
  /** The question itself: the clause that asks (the whole text when short). */
  question: string;
  /** The rest of a long message: who asks and why, sometimes the topic too. */
  context?: string;
  /**
   * The clauses of the context about the asker ("my company exports coffee", "I'm a history
   * student"): first person, so they say who asks, rarely what about.
   */
  persona?: string;
}

/** A clause in the first person. */
const FIRST_PERSON = /\b(?:i|i'm|i've|i'd|me|my|mine|we|we're|we've|our|ours|us)\b/i;

/**
 * Openings that turn the conversation, not say what it is about: "Switching topics —", "On another
 * note,", "Different question:". Their words would weigh as much as the question's own.
 */
const TURN_OPENING =
  /^\s*(?:(?:ok|okay|so|alright|right|and|also|now)\s*,?\s+)?(?:(?:switching|changing|change of|shifting)\s+(?:the\s+)?(?:topics?|subjects?|gears)|on (?:a |an )?(?:different|another|other|separate|unrelated) (?:note|topic|subject)|moving on|new (?:question|topic)|(?:a )?(?:different|another|separate|unrelated) (?:question|topic|thing)|one more (?:thing|question)|by the way|btw|unrelated|next question)\s*(?:[—–:,.!;]|-+|\.\.\.)\s*/i;

/**
 * A tag that turns a statement into a question ("The MoU is with the Ministry of Labour, right?"): it asks
 * for confirmation and names nothing, so its words must not count as the question's topic.
 */
const TAG_QUESTION =
  /\s*,\s*(?:right|correct|true|yes|no|ok|okay|yeah|eh|isn't (?:it|that|he|she)|aren't (?:they|we)|doesn't (?:it|he|she)|don't (?:they|we)|didn't (?:they|he|she|it)|wasn't (?:it|he|she)|weren't (?:they|we)|won't (?:they|it)|(?:is|was|isn't|wasn't) (?:that|it) (?:right|correct|true|so)|am i right|yes or no)\s*\?+\s*$/i;

/** Someone else's word on the topic: "my cousin says it's …", "a colleague said something about …". */
const HEARSAY =
  /^(.*?\b(?:said|says|say|told|tells|mentioned|mentions|heard|read|claims?|claimed|thinks?|thought|wrote|reckons?)\b(?:\s+(?:me|us|something|that|stuff))*\s+(?:about|regarding|on))\s+(.+)$/i;

/** "if so, in what wording?", "what's it called?": an asking clause that only goes on from the one before. */
const GOES_ON = /^(?:if so|if yes|if not|so|then)\b|^(?:what|which|who|how|where|when)(?:'s|’s| is| are| was| were)? (?:it|that|this|they|those|he|she) (?:called|named|for|about|like)\b/i;

/** "and from what years?", "or when?": the question goes on. */
const CONTINUES_ASKING = /^(?:and|or)\s+(?:(?:from|in|for|since|by|with|at|on|to)\s+)?(?:what|which|when|where|why|how|who|whom|whose)\b/i;

export function splitQuestion(text: string): SplitQuestion {
  const trimmed = text.trim().replace(TURN_OPENING, "").replace(TAG_QUESTION, "?");
  if (trimmed.split(/\s+/).length < LONG_QUESTION_WORDS) return { question: trimmed };
  // Clause boundaries: sentence ends, commas, dashes, colons, and "know/ask/wondering …" that introduce the question.
  const clauses = trimmed
    .split(/(?<=[.!?;:,])\s+|\s+[-–—]\s+|\b(?:know|ask|asking|wondering|tell me|curious|find out|understand)\s+(?=(?:what|which|who|when|where|why|how|whether|if)\b)/i)
    .map((c) => c.trim())
    .filter(Boolean);
  const asking = clauses
    .map((raw, i) => ({ i, clause: raw.replace(/^(?:and|but|so|basically|actually|just|really|please|like|ok|okay)\s+/i, "") }))
    .filter(({ clause }) => ASKS.test(clause) && clause.split(/\s+/).length >= 3);
  // The asking clause that ends in a question mark, else the last one.
  const found = asking.find(({ clause }) => /\?\s*$/.test(clause)) ?? asking.at(-1);
  if (!found) return { question: trimmed };
  // "… is clean water in the statement at all, and if so in what wording?", "… a committee that handles trade? And
  // what's it called?": a clause that only goes on from the one just before asks with it.
  const before = asking.find(({ i }) => i === found.i - 1);
  const chosen: { i: number; clause: string } = before && GOES_ON.test(found.clause) ? { i: before.i, clause: `${before.clause} ${clauses[found.i]}` } : found;
  // "Which agreements does it cite, and from what years?": a clause that goes on asking belongs to the question.
  const last = found.i;
  const next = clauses[last + 1];
  const continues = next !== undefined && CONTINUES_ASKING.test(next);
  const question = `${chosen.clause}${continues ? ` ${next}` : ""}`.replace(/^(?:whether|if)\s+/i, "");
  // "a friend said something about not needing a visa": who said it is about the asker, what about is the topic.
  const rest = clauses
    .filter((_, i) => (i < chosen.i || i > last) && !(continues && i === last + 1))
    .flatMap((text) => {
      const hearsay = HEARSAY.exec(text);
      return hearsay
        ? [{ text: hearsay[1]!, aboutAsker: true }, { text: hearsay[2]!, aboutAsker: FIRST_PERSON.test(hearsay[2]!) }]
        : [{ text, aboutAsker: FIRST_PERSON.test(text) }];
    });
  const context = rest.filter((c) => !c.aboutAsker).map((c) => c.text).join(" ");
  const persona = rest.filter((c) => c.aboutAsker).map((c) => c.text).join(" ");
  return { question, ...(context ? { context } : {}), ...(persona ? { persona } : {}) };
}
