/**
 * The question inside a long message. People write "hi, I'm a journalist
 * covering Balkan–Asia ties and my editor wants to know, basically, what did
 * they agree about flights?" — the words before the question say who is
 * asking, not what about, and counted as question words they make a real
 * question look out of scope. The core is the last clause that opens like a
 * question; filler words are dropped later as frame words (query.ts).
 */

/**
 * A clause that asks: a question word (after its preposition: "in what year", "through what", "until when") or an
 * auxiliary at its start, or a request ("summarize …", "show me …", "list …").
 */
const ASKS =
  /^(?:(?:(?:in|from|for|through|to|at|by|with|on|since|until|till|under|of|about|during|into|between|within|after|before|as|up to)\s+)?(?:what|which|who|whom|whose|when|where|why|how)|is|are|was|were|do|does|did|will|would|can|could|should|has|have|had|whether|if|summari[sz]e|show me|list|give me|tell me|explain|describe|outline|quote|compare|define|walk me through)\b/i;

/** A greeting that opens a message ("Hi there, quick one.", "Good morning!"): it says nothing about the question. */
const GREETING =
  /^\s*(?:hi|hello|hey|hiya|greetings|good (?:morning|afternoon|evening|day))(?:\s+(?:there|again|all|everyone|team))?(?:\s*[,.!:;—–-]+\s*|\s+)/i;

/** The same in Vietnamese, with or without diacritics: "Chào bạn!", "Cho mình hỏi chút.", "Cảm ơn nhiều!". */
const VIETNAMESE_GREETING =
  /^\s*(?:xin ch[àa]o|ch[àa]o)(?:\s+(?:b[ạa]n|anh ch[ịi]|anh|ch[ịi]|c[áa]c b[ạa]n|em|m[ọo]i ng[ưu][ờo]i))?\s*[,.!]+\s*/i;
const VIETNAMESE_LEAD_IN =
  /^\s*(?:cho (?:t[ôo]i|m[ìi]nh|em) h[ỏo]i(?:\s+(?:ch[úu]t|v[ớo]i|m[ộo]t ch[úu]t))?|c[âa]u h[ỏo]i c[ủu]a (?:t[ôo]i|m[ìi]nh) l[àa]|(?:t[ôo]i|m[ìi]nh) mu[ốo]n bi[ếe]t)\s*[:,.!]*\s*/i;
const VIETNAMESE_THANKS =
  /(?:^|\s|(?<=[.!?,]))\s*(?:(?:c[ảa]m [ơo]n|c[áa]m [ơo]n)(?:\s+(?:b[ạa]n|nhi[ềe]u|anh ch[ịi]|nh[ée]))*|tr[ảa] l[ờo]i ng[ắa]n g[ọo]n gi[úu]p (?:m[ìi]nh|t[ôo]i) nh[ée])\s*[.!]*\s*$/i;
/** A Vietnamese clause asks with a question word at its end ("… năm nào?", "… bao nhiêu ngày", "… không?"). */
const VIETNAMESE_ASKS = /(?:n[àa]o|g[ìi]|kh[ôo]ng|bao nhi[êe]u(?:\s+\S+)?|[đd][âa]u|sao|ch[ưu]a|m[ấa]y(?:\s+\S+)?|ai)\s*[?.!]*\s*$/i;

/** Filler at a clause's start ("basically, is there …"); "and" is kept where it marks a follow-up ("and for defense?"). */
const FILLER_START = /^(?:so|basically|actually|just|really|please|like|ok|okay)\s+/i;

/** Words that only announce the question ("I was wondering:", "My question is,", "Can you tell me this:"). */
const LEAD_IN =
  /^(?:\s*(?:(?:i was wondering|i wonder|i(?:'d| would) like to know|i want to know|i need to know|(?:can|could) you tell me(?: this)?|my question is|the question is|question)\s*(?:[:,—–]|-+)|(?:quick|short|simple) (?:one|question)\s*(?:[:,;.!—–]+|-+|$)))+\s*/i;

/** Thanks that close a message ("Thanks a lot in advance.", "A short answer is fine."). */
const THANKS =
  /(?:^|(?<=[.!?,])|\s)\s*(?:(?:thanks|thank you|thx|ty|cheers|much appreciated|appreciate it|many thanks)(?:\s+(?:so much|a lot|very much|again|in advance))*|a (?:short|quick|brief) answer is (?:fine|enough|ok|okay)|any help (?:is )?(?:welcome|appreciated))\s*[.!]*\s*$/i;

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

/** An example of what was just asked: "e.g. who gets to sail where", "like is there a route". */
const EXAMPLE = /^(?:e\.?g\.?|i\.?e\.?|for example|for instance|such as|say)(?=[\s,:]|$)/i;

/** "if so, in what wording?", "what's it called?": an asking clause that only goes on from the one before. */
const GOES_ON = /^(?:if so|if yes|if not|so|then)\b|^(?:what|which|who|how|where|when)(?:'s|’s| is| are| was| were)? (?:it|that|this|they|those|he|she) (?:called|named|for|about|like)\b/i;

/** "Is that right?", "Is this true?": asks to confirm the clause before it, and names nothing itself. */
const CONFIRMATION = /^(?:(?:is|was) (?:that|this|it) (?:really )?(?:right|true|correct|so|accurate|the case)|(?:right|true|correct|really)|am i right)\s*\?*\s*$/i;
/** Who said the claim ("a colleague mentioned", "I read that"): about the asker, not what is asked. */
const REPORTED =
  /^(?:.*?\b)?(?:i|we|he|she|they|someone|somebody|people|a \w+|my \w+|our \w+)\s+(?:\w+\s+)?(?:read|heard|said|says|mentioned|mentions|told (?:me|us)|tells (?:me|us)|thinks?|thought|claims?|claimed|wrote|reckons?)\s+(?:that\s+)?/i;

/** "and from what years?", "or when?": the question goes on. */
const CONTINUES_ASKING = /^(?:and|or)\s+(?:(?:from|in|for|since|by|with|at|on|to)\s+)?(?:what|which|when|where|why|how|who|whom|whose)\b/i;

/** "ok switching to farming now — is there an agriculture agreement?": the new topic, then the question. */
const TURNING_TO =
  /^\s*(?:(?:ok(?:ay)?|so|alright|right|and)\s*,?\s+)?(?:switching|moving|turning|changing|shifting|going)\s+(?:over\s+)?to\s+(.{1,40}?)(?:\s+(?:now|for a sec(?:ond)?|for a moment))?\s*(?:[—–:;,.!?]|\s-+)\s*(\S.*)$/i;

export function splitQuestion(text: string): SplitQuestion {
  const turning = TURNING_TO.exec(text);
  if (turning) {
    const rest = splitQuestion(turning[2]!);
    return { ...rest, context: [turning[1]!, rest.context].filter(Boolean).join(" ") };
  }
  const unwrapped =
    text
      .trim()
      .replace(GREETING, "")
      .replace(VIETNAMESE_GREETING, "")
      .replace(THANKS, "")
      .replace(VIETNAMESE_THANKS, "")
      .replace(/[\s,]*\bplease[.!]*\s*$/i, "")
      .trim()
      .replace(LEAD_IN, "")
      .replace(VIETNAMESE_LEAD_IN, "") || text.trim();
  // "e.g." and "i.e." end no sentence.
  const trimmed = unwrapped.replace(TURN_OPENING, "").replace(TAG_QUESTION, "?").replace(/\b(e\.g|i\.e)\.(?=\s)/gi, "$1");
  // A short message is its question, unless it is two sentences ("I only have a minute. and for culture?").
  if (trimmed.split(/\s+/).length < LONG_QUESTION_WORDS && !/[.!?]\s+\S/.test(trimmed)) return { question: trimmed };
  // Clause boundaries: sentence ends, commas, dashes, colons, and "know/ask/wondering …" that introduce the question.
  const clauses = trimmed
    .split(/(?<=[.!?;:,])\s+|\s+[-–—]\s+|\b(?:know|ask|asking|wondering|tell me|curious|find out|understand)\s+(?=(?:what|which|who|when|where|why|how|whether|if)\b)/i)
    .map((c) => c.trim())
    // A clause that only announces the question ("Quick question —", "My question is,") says nothing.
    .filter((c) => c && c.replace(LEAD_IN, "").replace(VIETNAMESE_LEAD_IN, "").trim())
    // "What do they say, if anything?", "is there a route or not?": a clause of a word or two goes on from the one before;
    // so does an example of it ("what's their line on maritime rows, e.g. who gets to sail where").
    .reduce<string[]>((out, clause) => {
      const goesOn = /^(?:if|or)\b/i.test(clause) && clause.split(/\s+/).length <= 2 && /\?\s*$/.test(clause);
      if (out.length > 0 && (goesOn || EXAMPLE.test(clause))) out[out.length - 1] = `${out.at(-1)} ${clause}`;
      else out.push(clause);
      return out;
    }, []);
  const asking = clauses
    .map((raw, i) => ({ i, clause: raw.replace(/^(?:and|but)\s+/i, "").replace(FILLER_START, "") }))
    .filter(({ clause }) => (ASKS.test(clause) || VIETNAMESE_ASKS.test(clause)) && clause.split(/\s+/).length >= 3);
  // The asking clause that ends in a question mark, else the last one; with none, a last clause that ends in one
  // ("… between calls. and for defense?", "Any cooperation on mining?").
  const lastClause = clauses.length - 1;
  const asked = /\?\s*$/.test(clauses[lastClause] ?? "") && clauses[lastClause]!.split(/\s+/).length >= 2 ? [{ i: lastClause, clause: clauses[lastClause]!.replace(FILLER_START, "") }] : [];
  const found = asking.find(({ clause }) => /\?\s*$/.test(clause)) ?? asking.at(-1) ?? asked[0];
  if (!found) return { question: trimmed };
  // "… is clean water in the statement at all, and if so in what wording?", "… a committee that handles trade? And
  // what's it called?": a clause that only goes on from the one just before asks with it.
  const before = asking.find(({ i }) => i === found.i - 1);
  // "A colleague mentioned we may not need a visa. Is that right?": the claim before it is what is asked.
  const claim = CONFIRMATION.test(found.clause) && found.i > 0 ? clauses[found.i - 1]!.replace(REPORTED, "").replace(/[.!,;:]+\s*$/, "") : undefined;
  const chosen: { i: number; clause: string } = claim
    ? { i: found.i - 1, clause: `${claim}?` }
    : before && (GOES_ON.test(found.clause) || CONTINUES_ASKING.test(clauses[found.i]!))
      ? { i: before.i, clause: `${before.clause} ${clauses[found.i]}` }
      : found;
  // "Which agreements does it cite, and from what years?": a clause that goes on asking belongs to the question.
  const last = found.i;
  const next = clauses[last + 1];
  const continues = next !== undefined && CONTINUES_ASKING.test(next);
  const question = `${chosen.clause}${continues ? ` ${next}` : ""}`.replace(LEAD_IN, "").replace(VIETNAMESE_LEAD_IN, "").replace(/^(?:whether|if)\s+/i, "");
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

/** Where a second question starts inside one message: "…, and which MPs are involved?", "…? And what …?". */
const SECOND_QUESTION =
  /^(.+?)(?:[?;]\s+(?:(?:and|but|plus)\s+)?|,\s+(?:and|but|plus)\s+)(?:(?:also|separately|then|in addition|additionally)\s*,?\s+)?((?:what|which|who|when|where|why|how|is|are|was|were|does|do|did|will|would|can|could|has|have)\b.+)$/i;
/** "What is X meant to achieve, and what should it contribute to?" — more than this, and it is a message, not two questions. */
const COMPOUND_MAX_WORDS = 40;

/**
 * The two questions of a message that asks two ("What does the statement offer local authorities, and separately what
 * does it offer friendship organisations?"): each is answered on its own, since one passage rarely answers both. Only a
 * question whose first part asks too: "Which security threats, traditional and non-traditional, does it mention?" is one.
 * A second part that only goes on from the first ("and from what years?", "if so, what is it called?") is not a
 * question of its own.
 */
export function compoundParts(text: string): [string, string] | undefined {
  const trimmed = text.trim();
  if (trimmed.split(/\s+/).length > COMPOUND_MAX_WORDS) return undefined;
  const m = SECOND_QUESTION.exec(trimmed);
  if (!m) return undefined;
  const first = m[1]!.trim();
  const second = m[2]!.trim();
  if (!ASKS.test(first) || first.split(/\s+/).length < 4 || second.split(/\s+/).length < 4) return undefined;
  if (GOES_ON.test(second) || /^(?:what|which|when)\s+(?:years?|dates?|period)\b/i.test(second)) return undefined;
  return [/[?.!]$/.test(first) ? first : `${first}?`, second];
}
