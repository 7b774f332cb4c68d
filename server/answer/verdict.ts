/**
 * Yes/no verdicts. A diplomatic text rarely states a thing outright: the
 * sides "agreed to move towards establishing" a dialogue, "will speed up
 * negotiations and signing of" agreements, "consider the establishment" of a
 * centre, Vietnam grants a "unilateral" exemption. Asked "Is the dialogue
 * already in place?", a "Yes." that quotes "move towards establishing" is
 * worse than no verdict. So a verdict needs a sentence that says what the
 * question says without a shift of modality (intent, study, negotiation,
 * readiness, hope), of completion (agreed to do ≠ has done), of polarity
 * (not, without) or of reciprocity (unilateral ≠ mutual).
 */
import { inDictionary } from "../retrieval/spelling.ts";
import { foldSpelling, foldText, isStopword, termOf, words } from "../text.ts";

export type Verdict =
  /** The sentence states what was asked: answer "Yes." */
  | { kind: "yes" }
  /** The sentence is on the point but hedges it: quote it, with no verdict. */
  | { kind: "hedged"; reason: string };

/** Words that put a predicate in a mood short of fact: intent, wish, study, negotiation, readiness, hope. */
const HEDGES: Array<[RegExp, string]> = [
  [/\bmove towards?\b|\btowards? establishing\b/, "move towards"],
  [/\bconsider(ing|ed|ation)?\b/, "consider"],
  [/\bstud(y|ies|ying)\b/, "study"],
  [/\bexplor(e|es|ing)\b/, "explore"],
  [/\bnegotiat(e|es|ing|ion|ions)\b/, "negotiate"],
  [/\bencourag(e|es|ed|ing)\b/, "encourage"],
  [/\bstriv(e|es|ing)\b/, "strive"],
  [/\bready to\b|\breadiness\b/, "be ready to"],
  [/\bwillingness\b|\bwilling to\b/, "willingness"],
  [/\bwish(es)?\b/, "wish"],
  [/\bdesire\b/, "desire"],
  [/\bhop(e|es|ing)\b/, "hope"],
  [/\bexpect(s|ed|ation)?\b/, "expect"],
  [/\bsuggest(s|ed)?\b/, "suggest"],
  [/\bpossibility\b|\bpotential\b|\bopportunit(y|ies)\b/, "possibility"],
  [/\bspeed up\b|\bearly\b/, "speed up"],
  [/\baims? to\b|\baspir/, "aim"],
];

/** The question asks whether something has happened or exists now, not whether it was agreed. */
const ASKS_DONE =
  /\b(already|in place|in force|now exist|exists?|existing|up and running|operational|been (signed|established|set up|opened|created|launched|ratified|agreed))\b|^\s*(did|has|have)\b(?!.*\b(agree|agreed|decide|decided|commit|committed|plan|planned|want|wanted|say|said|mention|mentioned|discuss|discussed|express|expressed|support|supported|affirm|affirmed|emphasi[sz]e|emphasi[sz]ed|welcome|welcomed|appreciate|appreciated|acknowledge|acknowledged|identify|identified|call|called|pledge|pledged|promise|promised|note|noted)\b).*\b(sign|signed|establish|established|set up|open|opened|launch|launched|create|created|build|built|start|started|ratify|ratified|hold|held|grant|granted|introduce|introduced|abolish|abolished)\b/;
/** The sentence reports something done or existing. */
const STATES_DONE = /\b(signed in|signed|established in|have established|has established|existing|in force|have signed|has been|have been|was|were|has|have) /;

const NEGATION = /\b(not|no|never|without|nor|none|cannot)\b|n't\b/g;
const RECIPROCAL = /\b(mutual|mutually|reciprocal|bilateral|each other|both ways|two-way)\b/;
const ONE_WAY = /\bunilateral(ly)?\b/;

/** A word negated by its prefix: "unhindered", "non-binding" (the rest a dictionary word; "unilateral", "unless" are not). */
function privative(word: string): boolean {
  const m = /^(?:un|non)-?([a-z]{4,})$/.exec(word);
  return m !== null && !isStopword(word) && inDictionary(m[1]!);
}

function negations(text: string): Set<string> {
  return new Set(text.match(NEGATION) ?? []);
}

/**
 * The verdict a sentence supports for a yes/no question, given that the
 * sentence covers the question's words. `sentence` is the part that was
 * quoted (trimmed spans count as the whole sentence would).
 */
/**
 * "Is there anything about cyber security?", "Does the statement mention tourism?": whether the documents speak of
 * it, which a sentence that speaks of it confirms whatever its mood; "the sides wish to cooperate on X" mentions X.
 */
const ASKS_MENTION =
  /^\s*(?:is there|are there|was there|were there)\s+(?:any ?thing|some ?thing|any(?:thing)? mention|a mention|any reference|a reference|a word|any word|a (?:part|section|clause|line|paragraph)|any (?:part|section|clause|line|paragraph)s?)\b|^\s*(?:does|do|did)\s+(?:the\s+)?(?:joint\s+)?(?:statement|article|documents?|texts?|it|they|either|both)\s+(?:\w+\s+)?(?:mention|talk about|refer to|say anything|cover|touch on|address)\b|^\s*any (?:mention|word|reference)s? (?:of|about|on)\b|^\s*(?:is|are|was|were)\s+.{1,60}?\s+(?:mentioned|named|cited|referred to|referenced|listed)\b/;

export function verdictFor(question: string, sentence: string): Verdict {
  const q = foldText(question);
  const s = foldText(sentence);
  const asked = new Set(words(question).filter((w) => !isStopword(w)).map(termOf));
  const mentionOnly = ASKS_MENTION.test(q);
  for (const [pattern, name] of mentionOnly ? [] : HEDGES) {
    if (pattern.test(q)) continue;
    const hedge = new RegExp(pattern.source, "g");
    for (const m of s.matchAll(hedge)) {
      if (governs(s, m.index!, asked)) return { kind: "hedged", reason: name };
    }
  }
  if (ASKS_DONE.test(q) && !STATES_DONE.test(s)) return { kind: "hedged", reason: "not yet done" };
  const qn = negations(q);
  const sn = negations(s);
  // "Is passage unhindered?" says in one word what "without obstruction" says in two: the sentence's negation is the question's.
  const saidWithout = qn.size === 0 && words(q).some(privative);
  // "Is UNCLOS mentioned?" is confirmed by the mention, whatever else the sentence denies ("without obstruction").
  if ([...qn].some((n) => !sn.has(n)) || (!saidWithout && !mentionOnly && [...sn].some((n) => !qn.has(n)))) return { kind: "hedged", reason: "polarity" };
  if ((RECIPROCAL.test(q) && ONE_WAY.test(s)) || (ONE_WAY.test(q) && RECIPROCAL.test(s) && !ONE_WAY.test(s))) {
    return { kind: "hedged", reason: "reciprocity" };
  }
  return { kind: "yes" };
}

/**
 * Whether a hedge at `at` governs what the question asks about: it does when
 * at least half of the question's words that the sentence uses first appear
 * after it. "Agreed to establish a Joint Working Group … to move towards
 * establishing a … Dialogue": the hedge governs the Dialogue, not the Group.
 */
function governs(sentence: string, at: number, asked: Set<string>): boolean {
  const first = new Map<string, number>();
  for (const m of sentence.matchAll(/[a-z0-9]+/g)) {
    // Folded as the question's words were ("dialogue" → "dialog").
    const term = termOf(foldSpelling(m[0]));
    if (asked.has(term) && !first.has(term)) first.set(term, m.index!);
  }
  if (first.size === 0) return true;
  const after = [...first.values()].filter((i) => i > at).length;
  return after * 2 >= first.size;
}

/**
 * Hedges that state an outlook (hope, expectation, potential, aim) rather than a step taken on a
 * thing (consider, study, negotiate, move towards). Only a step can correct a question that takes
 * the thing as done: "On what date was the centre opened?" — "they agreed to consider establishing
 * it"; "There is hope for more events, following … festivals" says nothing of when a festival was.
 */
export const OUTLOOK_HEDGES = new Set(["hope", "expect", "possibility", "aim"]);

/** The frame before a hedged quote: no verdict, and why in plain words. */
export const HEDGED_FRAME = "The documents don't say so outright:";

/** Words of going up and of going down: a question that says one of a thing the documents say the other of is mistaken. */
const RISING =
  /\b(?:grow|grows|growing|grew|grown|growth|increase|increases|increased|increasing|rise|rises|rising|rose|risen|boost|boosted|upgrade|upgraded|upgrading|elevate|elevated|improve|improved|improving|expand|expanded|expanding|deepen|deepened|deepening)\b/g;
const FALLING =
  /\b(?:shrink|shrinks|shrinking|shrank|shrunk|decline|declines|declined|declining|fall|falls|falling|fell|fallen|decrease|decreases|decreased|decreasing|drop|drops|dropped|dropping|downgrade|downgraded|downgrading|worsen|worsened|worsening|weaken|weakened|weakening|deteriorate|deteriorated|deteriorating|slump|slumped|stagnate|stagnated|stagnating|shrinkage)\b/g;
/** The same, to test a text for one (the patterns above are global, for finding each). */
const SAYS_RISING = new RegExp(RISING.source);
const SAYS_FALLING = new RegExp(FALLING.source);
/** Before a trend word, what makes it a wish, a plan or a means, not a fact ("would help to increase trade"). */
const NOT_A_FACT = /\b(?:would|will|shall|can|could|may|might|should|help|helps|hope|hopes|expect|expects|aim|aims|strive|wish|wishes|desire|ready|willing|able|order|so as|towards?)\b[^.;]{0,60}$|\bto\s+$/;
/** …except a decision taken: "decided to upgrade" reports that it was upgraded. */
const DECIDED = /\b(?:decided|decide|agreed) to\s+$/;

/**
 * Whether a sentence states the opposite trend of the question's: "Has bilateral trade been shrinking?" against "trade
 * turnover has also recorded steady growth", "Has the relationship been downgraded?" against "decided to upgrade
 * relations". Word vectors put antonyms close (growth ≈ shrinking), so a sentence can cover such a question well and say
 * the reverse. Only a trend the sentence states as fact counts: "these steps would help to increase trade" is a hope.
 */
export function opposesTrend(question: string, sentence: string): boolean {
  const q = foldText(question);
  const asksFalling = SAYS_FALLING.test(q);
  // Most questions say no trend: the sentence is not read then.
  if (asksFalling === SAYS_RISING.test(q)) return false;
  const s = foldText(sentence);
  const [reverse, same] = asksFalling ? [RISING, SAYS_FALLING] : [FALLING, SAYS_RISING];
  const stated = [...s.matchAll(reverse)].some((m) => {
    const before = s.slice(Math.max(0, m.index! - 80), m.index!);
    return DECIDED.test(before) || !NOT_A_FACT.test(before);
  });
  return stated && !same.test(s);
}

/** The frames before a quote that says the reverse of the question's trend: for a yes/no question, and for any other. */
export const OPPOSITE_VERDICT = "No — the documents say the opposite:";
export const OPPOSITE_FRAME = "The documents say the opposite:";

