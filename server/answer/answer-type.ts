/**
 * What kind of fact a question asks for, and whether a sentence states one.
 * Near-miss questions share their topic with the documents but ask for a fact
 * the documents lack ("How much will Bulgaria invest?", "How many
 * scholarships a year?"); topical overlap cannot tell them from answerable
 * ones, but the expected answer type can: a sentence that names no amount of
 * money does not say how much.
 */
import type { SentenceScorer } from "../analysis.ts";
import { namingWords } from "../pos.ts";
import { inDictionary } from "../retrieval/spelling.ts";
import { foldText } from "../text.ts";

/** The unit a length is asked in ("how many days …?"). */
export type DurationUnit = "day" | "week" | "month" | "year";

export type AnswerType =
  | { kind: "money" }
  | { kind: "count"; noun?: string }
  | { kind: "duration"; unit?: DurationUnit }
  | { kind: "date"; day?: boolean }
  | { kind: "entity" }
  | { kind: "place" }
  | { kind: "attribute"; focus: string; of?: string }
  | { kind: "procedure" }
  | { kind: "any" };

const NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozens";
const NUMBER = new RegExp(`\\d|\\b(${NUMBER_WORDS})\\b`, "i");
const MONEY = /[$€£¥₫]|\b(usd|eur|euros?|dollars?|dong|leva|lev|bgn|vnd|million|billion|trillion)\b/i;
const DURATION =
  /\d+\s*-?\s*(day|days|week|weeks|month|months|year|years)\b|\b(\d{4})\s*[-–]\s*(\d{4})\b|\bfrom\s+[A-Z][a-z]+\s+\d{1,2}(,?\s+\d{4})?\s+(to|until)\s+([A-Z][a-z]+\s+)?\d{1,2}\b/;
/**
 * "How long …?" is also answered by the year it started: "since the establishment of relations in 1950". Not "How long
 * did the visit last?": what has gone on since a year is still going on.
 */
const SINCE_YEAR = /\bsince\b[^,.;]{0,60}?\b(?:1[89]|20)\d\d\b/i;
/** English month names, for dates here and for direct answers (compose.ts). */
export const MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December";
const MONTH = new RegExp(`\\b(${MONTH_NAMES})\\b`, "i");
const DATE = new RegExp(`\\b(1[89]\\d\\d|20\\d\\d)\\b|${MONTH.source}`, "i");
/** A capitalised word or acronym that is not the sentence's first word. */
const PROPER_NAME = /(?<=\S\s+)(?:[A-Z][a-zà-ỹ]+|[A-Z]{2,})/u;

const GENERIC_FOCUS = new Set(
  ("name names purpose role roles goal goals aim aims focus basis status result results outcome outcomes significance " +
    "importance meaning content contents topic subject main key period date year time duration kind type types part parts " +
    "area areas field fields way ways scope nature state view views position message plan plans approach strategy policy " +
    "stance attitude stand commitment commitments intention intentions idea ideas situation").split(" "),
);
const ENTITY_NOUNS =
  "countr(?:y|ies)|cit(?:y|ies)|airlines?|compan(?:y|ies)|firms?|persons?|people|officials?|ministers?|organi[sz]ations?|universit(?:y|ies)|banks?|provinces?|leaders?|presidents?|ministr(?:y|ies)|agenc(?:y|ies)|institutions?|festivals?|hospitals?|kindergartens?|hotels?|schools?|ambassadors?|envoys?|diplomats?|chairm[ae]n|heads?|delegates?|members?|venues?|brands?|products?";

/** Strong paraphrase: counts as naming the asked-for thing. */
const SAME_THING = 0.7;

/**
 * "When" that asks: opening the question, before an auxiliary ("… and when will it start?"), or in a
 * request ("Tell me when …"). In "Do the rules come into it when they talk about trade?" it only
 * sets the scene.
 */
const ASKS_WHEN =
  /^\s*(?:\w+,?\s+){0,2}?when\b|\bsince when\b|\bwhen (?:did|do|does|was|were|is|are|will|would|has|have|had|can|could|should|exactly)\b|^(?!\s*(?:do|does|did|is|are|was|were|will|would|has|have|had|can|could|should|what|which|who|whom|why|how|where)\b).*\bwhen\b/;

export function expectedAnswerType(question: string): AnswerType {
  const q = question.toLowerCase();
  if (/\bhow much\b|\b(budget|cost|costs|price|fee|fees|salary|worth|funding|value of)\b/.test(q)) return { kind: "money" };
  const count = /\bhow many\s+([a-z]+)/.exec(q);
  if (count && /^(days?|weeks?|months?|years?)$/.test(count[1]!)) return { kind: "duration", unit: count[1]!.replace(/s$/, "") as DurationUnit };
  if (count) return { kind: "count", noun: count[1] };
  if (/\b(population|percentage|percent|rate|gdp|number of)\b/.test(q)) return { kind: "count" };
  // "What was the trade turnover last year?" asks for a figure; "Trade turnover has grown" states none.
  if (/\bwhat(?:'s|\s+(?:is|was|were|are|will be))\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?(?:turnover|volume|amount|revenue|total|size)\b/.test(q)) return { kind: "count" };
  if (/\bhow long\b|\bfor how many\b|\b(what|which|over what) (time )?(period|timeframe|time frame|time span)\b|\b(?:length|validity|term) of\b|\b(?:time ?frames?|time ?spans?|durations?)\b/.test(q)) return { kind: "duration" };
  // "What date …" / "Which day …" asks for a day, which a bare year does not give.
  if (/\b(what|which|exact) (date|day)\b/.test(q)) return { kind: "date", day: true };
  if (ASKS_WHEN.test(q) || /\bwhat (year|month)\b|\bin which year\b/.test(q)) return { kind: "date" };
  // "need the dates of the trip", "dates for the visa waiver?": asked without a question word, still a date.
  if (/\b(?:dates?|timeline|timing|timeframe)\s+(?:of|for)\b/.test(q)) return { kind: "date" };
  // "How old is the treaty?" is answered by the year it dates from ("UNCLOS 1982").
  if (/\bhow old\b/.test(q)) return { kind: "date" };
  if (/\bhow (big|large|far|tall|high)\b/.test(q)) return { kind: "count" };
  if (/^\s*how (do|can|should|would|could) (i|we|one)\b/.test(q)) return { kind: "procedure" };
  if (/^\s*where\b|\b(which|what) (?:(?!the |a |an )[a-z-]+ )?(city|cities|towns?|provinces?|regions?|country|countries|venues?|places?|locations?)\b|\bwhere (will|is|was|are|were|did|does)\b/.test(q)) return { kind: "place" };
  if (/^\s*(who|whom)\b/.test(q) || new RegExp(`\\b(which|what) (?:(?!the |a |an )\\w+ )?(${ENTITY_NOUNS})\\b`).test(q) || /\bname of\b|\bis (he|she|it) called\b/.test(q)) {
    return { kind: "entity" };
  }
  // "What is the capital of …", "What's the capital city of …" (the first noun is what is asked).
  const attribute = /\bwhat(?:'s|\s+is|\s+are|\s+was|\s+were)\s+(?:the\s+|a\s+|an\s+)?([a-z]+)(?:\s+[a-z]+)?\s+(?:of|in|for)\s+(?:the\s+|a\s+|an\s+)?([a-z]+)?/.exec(q);
  // "What is the capital of …" asks for an attribute; "What's planned for …" does not (a verb is no attribute).
  // "What are the dates for the visa waiver?" asks for dates, whatever words they are written in.
  if (attribute && /^(?:dates?|days?|deadlines?|timeline|timing|timeframe)$/.test(attribute[1]!)) return { kind: "date" };
  if (attribute && /^(?:period|duration|length|term|validity)$/.test(attribute[1]!)) return { kind: "duration" };
  if (attribute && !GENERIC_FOCUS.has(attribute[1]!) && namingWords(question).has(attribute[1]!)) {
    return { kind: "attribute", focus: attribute[1]!, of: attribute[2] };
  }
  return { kind: "any" };
}

function mentions(sentence: string, word: string, scorer: SentenceScorer): boolean {
  const target = scorer.analyze(word);
  const [term] = target.terms;
  if (term === undefined) return true; // a stopword: nothing to require
  const analyzed = scorer.analyze(sentence);
  return analyzed.terms.has(term) || analyzed.words.some((w) => scorer.wordSimilarity(word, w) >= SAME_THING);
}

/** The values of the expected type that a sentence states (dates, amounts, names), for telling answers apart. */
export function answerValues(sentence: string, type: AnswerType): string[] {
  const pattern =
    type.kind === "date" ? DATE : type.kind === "money" ? MONEY : type.kind === "duration" ? DURATION : type.kind === "entity" ? PROPER_NAME : type.kind === "count" ? NUMBER : undefined;
  if (!pattern) return [];
  return sentence.match(new RegExp(pattern.source, `g${pattern.flags.replace("g", "")}`)) ?? [];
}

/** Does the sentence state a fact of the expected type? (Names in the question itself don't count as the answer.) */
export function statesAnswer(sentence: string, type: AnswerType, question: string, scorer: SentenceScorer): boolean {
  switch (type.kind) {
    case "money":
      return MONEY.test(sentence);
    case "count": {
      if (!type.noun) return NUMBER.test(sentence);
      // "how many days" wants a number right before the counted noun ("45-day", "thousands of … students").
      const words = sentence.split(/[\s-]+/);
      // "how many people …": anyone counted is people ("thousands of Vietnamese professionals"): a number, not a day or a
      // year, before a plural noun.
      if (PEOPLE.test(type.noun)) {
        return words.some(
          (w, i) =>
            NUMBER.test(w) && !/^(?:1[89]|20)\d\d$/.test(w) && !words.slice(Math.max(0, i - 3), i).some((p) => MONTH.test(p)) && words.slice(i + 1, i + 5).some((n) => /^[a-z]{3,}s\b/i.test(n)),
        );
      }
      return words.some((w, i) => NUMBER.test(w) && words.slice(i + 1, i + 5).some((next) => mentions(next, type.noun!, scorer)));
    }
    case "duration":
      return durationsIn(sentence, type.unit, question, scorer).length > 0 || (!type.unit && /\bhow long\b(?!\s+(?:did|was|were)\b)/i.test(question) && SINCE_YEAR.test(sentence));
    case "date": {
      if (type.day) return DAY_OF_MONTH.test(sentence);
      // "the 1998 Science and Technology Cooperation Agreement": that year names the agreement. It dates
      // the session organised "on the basis of" it only when the question asks about the agreement.
      const kinds = new Set([...question.matchAll(DOCUMENT_KIND)].map((m) => m[0].toLowerCase().replace(/s$/, "")));
      sentence = sentence.replace(NAMED_YEAR, (whole, _year: string, kind: string) => (kinds.has(kind.toLowerCase()) ? whole : whole.replace(/\d{4}/, "")));
      // A date answers when it stands near what the question asks about, not across a 70-word clause.
      const anchors = questionWordOffsets(sentence, question, scorer);
      const dates = [...sentence.matchAll(new RegExp(DATE.source, "gi"))].filter(
        (m) => anchors.length === 0 || anchors.some((a) => Math.abs(a - m.index!) <= DATE_NEAR_CHARS),
      );
      // "When will the session be held?" is not answered by the 1998 agreement it builds on.
      if (FUTURE.test(question)) return dates.some((m) => !/^\d/.test(m[0]) || Number(m[0]) >= DOCUMENT_YEAR);
      return dates.length > 0;
    }
    case "entity": {
      // A name the question does not already give, near the words it asks about ("his spouse and a
      // high-ranking Vietnamese delegation" names no spouse).
      const asked = new Set((question.match(/\p{Lu}[\p{L}]+|[A-Z]{2,}/gu) ?? []).map(foldText));
      // "Who …" wants a person or a body: a name next to a title ("President Rumen Radev") or naming a body
      // ("Ministry of Labor"), not any capitalised phrase ("Defense Policy Dialogue").
      const kind = entityKind(question);
      const names = [...sentence.matchAll(new RegExp(PROPER_NAME.source, "gu"))].filter(
        (m) => !asked.has(foldText(m[0])) && !NATIONALITIES.has(m[0]) && isKind(sentence, m.index!, m[0], kind),
      );
      // "the name of To Lam's wife": the name must stand by the role asked about ("his spouse and a high-ranking
      // delegation, … Deputy Minister Lê Thị Thu Hằng told the press" names the minister, not the spouse).
      const role = kind.kind === "person" ? kind.role : undefined;
      const anchors = role ? roleOffsets(sentence, role, scorer) : questionWordOffsets(sentence, question, scorer);
      if (role && anchors.length === 0) return false;
      return names.some((m) => anchors.length === 0 || anchors.some((a) => Math.abs(a - m.index!) <= NAME_NEAR_CHARS));
    }
    case "place": {
      // A city is not a country: "In which city …?" is not answered by "to Bulgaria".
      const city = /\b(city|cities|town|towns|capital)\b/i.test(question);
      // A place the question does not already give, near the words it asks about ("in Hà Nội", "Burgas").
      const asked = new Set((question.match(/\p{Lu}[\p{L}]+|[A-Z]{2,}/gu) ?? []).map(foldText));
      // A place is named after "in", "at" or "to" ("in Hà Nội", "at the International Folk Festival in Burgas").
      const places = [...sentence.matchAll(new RegExp(PROPER_NAME.source, "gu"))].filter(
        (m) =>
          !asked.has(foldText(m[0])) &&
          !NATIONALITIES.has(m[0]) &&
          !NOT_PLACES.has(m[0]) &&
          !MONTH.test(m[0]) &&
          !(city && COUNTRIES.has(m[0])) &&
          // "in former Thái Bình Province (now Hưng Yên province)": a place renamed is still where it is.
          /\b(in|at|to|from)\s+(the\s+)?(former\s+)?$|\(now\s+$/i.test(sentence.slice(Math.max(0, m.index! - 20), m.index!)),
      );
      const anchors = questionWordOffsets(sentence, question, scorer);
      return places.some((m) => anchors.length === 0 || anchors.some((a) => Math.abs(a - m.index!) <= NAME_NEAR_CHARS));
    }
    case "attribute":
      return mentions(sentence, type.focus, scorer) && (!type.of || mentions(sentence, type.of, scorer));
    case "procedure":
    case "any":
      return true;
  }
}

const PEOPLE = /^(?:people|persons|individuals|folks)$/i;

/** A length in a unit ("45-day", "75 years"), a span of years ("2024 - 2026") or of days ("from October 22 to 24"). */
const LENGTH = /\b(\d+)\s*-?\s*(day|week|month|year)s?\b/gi;
/** "the 75th anniversary of …": a length in years (compose.ts leads with it as "75 years"). */
export const ANNIVERSARY = /\b\d+(?:st|nd|rd|th)\s+anniversary\b/gi;
const YEAR_SPAN = /\b(?:1[89]|20)\d\d\s*[-–]\s*(?:1[89]|20)\d\d\b/g;
/** A span of days: "from October 22 to 24", "October 22 to October 24, 2025" (compose.ts counts its days). */
export const DAY_SPAN = new RegExp(
  String.raw`\b(?:from\s+)?(?:${MONTH_NAMES})\s+\d{1,2}(?:,?\s+\d{4})?\s+(?:to|until|-|–)\s+(?:(?:${MONTH_NAMES})\s+)?\d{1,2}\b(?:,?\s+\d{4})?`,
  "g",
);

/**
 * The lengths a sentence gives that can answer a "how long" question: in the unit asked ("how many days" is not
 * answered by "75 years"; a span of days is), and not the length of something else the question does not name ("75 years
 * of diplomatic relations" says nothing of how long the visit lasted).
 */
export function durationsIn(sentence: string, unit: DurationUnit | undefined, question: string, scorer: SentenceScorer): string[] {
  const asked = scorer.analyze(question).terms;
  const ofOther = (end: number) => {
    const of = /^\s+of\s+((?:[\p{L}-]+\s*){1,5})/u.exec(sentence.slice(end));
    return of !== null && ![...scorer.analyze(of[1]!).terms].some((t) => asked.has(t));
  };
  const out: string[] = [];
  for (const m of sentence.matchAll(LENGTH)) {
    if ((!unit || m[2]!.toLowerCase() === unit) && !ofOther(m.index! + m[0].length)) out.push(m[0]);
  }
  if (!unit || unit === "year") {
    for (const m of sentence.matchAll(YEAR_SPAN)) out.push(m[0]);
    // "the 75th anniversary of … relations": how many years they have lasted.
    for (const m of sentence.matchAll(ANNIVERSARY)) if (!ofOther(m.index! + m[0].length)) out.push(m[0]);
  }
  if (!unit || unit === "day") for (const m of sentence.matchAll(DAY_SPAN)) out.push(m[0]);
  return out;
}

/** Whether the sentence dates a document the question asks about by its name ("the 1998 … Agreement"). */
export function datesNamedDocument(sentence: string, question: string): boolean {
  const kinds = new Set([...question.matchAll(DOCUMENT_KIND)].map((m) => m[0].toLowerCase().replace(/s$/, "")));
  return [...sentence.matchAll(NAMED_YEAR)].some((m) => kinds.has(m[2]!.toLowerCase()));
}

/** A day of a month: "August 15, 2025", "15 August", "October 22 to 24". */
const DAY_OF_MONTH = new RegExp(`\\b(?:${MONTH_NAMES})\\s+\\d{1,2}\\b|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTH_NAMES})\\b`, "i");
/** Kinds of named document, as a question may mention them. */
const DOCUMENT_KIND = /\b(agreements?|programs?|programmes?|plans?|conventions?|treat(?:y|ies)|memorand(?:um|a))\b/gi;
/** A year at the head of a document's name: "the 1998 Science and Technology Cooperation Agreement". */
const NAMED_YEAR = /\b(1[89]\d\d|20\d\d)\s+(?:[A-Z][\p{L}-]*\s+(?:(?:and|of|on|for)\s+)?){1,8}?(Agreement|Program|Programme|Plan|Convention|Treaty|Memorandum)\b/gu;
const FUTURE = /\b(will|shall|going to|next|upcoming|future|planned for)\b/i;
/** The documents are from October 2025: a year before it is history, not a date something will happen. */
const DOCUMENT_YEAR = 2025;

/** Titles and bodies: a name beside one of these is a person or an institution. */
const TITLE = /\b(President|Minister|Ministers|Secretary|General|Deputy|Prime|Chairman|Chair|Ambassador|Leader|Ministry|Ministries|Committee|Assembly|Party|Government|Commission|Agency|Council|King|Queen)\b/;

/** Whether the capitalised word at `at` is part of, or within a few words of, a title or body. */
function nearTitle(sentence: string, at: number): boolean {
  // Titles run long ("President of the Republic of Bulgaria Rumen Radev"): look six words back.
  const before = sentence.slice(0, at).split(/\s+/).slice(-7).join(" ");
  const after = sentence.slice(at).split(/\s+/).slice(0, 4).join(" ");
  return TITLE.test(before) || TITLE.test(after);
}

/** Bodies that can be the "who" of a sentence ("the Ministry of Home Affairs"). */
const BODY = /^(Ministry|Ministries|Committee|Assembly|Party|Government|Commission|Agency|Council)$/;

/** `role`: asked for by name in that role ("the name of To Lam's spouse"). */
type EntityKind = { kind: "person"; role?: string } | { kind: "body"; head: RegExp } | { kind: "any" };

const BODY_HEADS: Array<[RegExp, RegExp]> = [
  [/^ministr/, /\bMinistr(y|ies)\b/],
  [/^universit/, /\bUniversit(y|ies)\b/],
  [/^hospital/, /\bHospitals?\b/],
  [/^airline/, /\bAirlines?\b/],
  [/^bank/, /\bBanks?\b/],
  [/^agenc/, /\bAgenc(y|ies)\b/],
  [/^committee/, /\bCommittees?\b/],
  [/^festival/, /\bFestivals?\b/],
  [/^kindergarten/, /\bKindergartens?\b/],
  [/^hotel/, /\bHotels?\b/],
  [/^school/, /\bSchools?\b/],
];
const PERSON_NOUNS = /^(ministers?|officials?|leaders?|presidents?|ambassadors?|persons?|people|chairm[ae]n|heads?|delegates?|members?|envoys?|diplomats?)$/;

/** What a "who" or "which X" question asks for: a person, a body of a kind, or any name. */
function entityKind(question: string): EntityKind {
  if (/^\s*(who|whom)\b/i.test(question)) return { kind: "person" };
  // "the name of Bulgaria's Minister of Labor", "the name of To Lam's spouse": a person, not the ministry.
  const role = NAMED_ROLE.exec(question)?.[1];
  if (role) return { kind: "person", role };
  const noun = new RegExp(`\\b(?:which|what) (?:\\w+ )?(${ENTITY_NOUNS})\\b`, "i").exec(question)?.[1]?.toLowerCase();
  if (!noun) return { kind: "any" };
  if (PERSON_NOUNS.test(noun)) return { kind: "person" };
  const body = BODY_HEADS.find(([asked]) => asked.test(noun));
  return body ? { kind: "body", head: body[1] } : { kind: "any" };
}

/**
 * Whether the capitalised word at `at` names the kind asked for: a person is
 * a name that is no dictionary word ("Radev", not "Policy") beside a title or
 * body ("President Rumen Radev"), or a body itself ("Ministry of Home
 * Affairs"); a body of a kind carries its head noun ("… Hospital").
 */
function isKind(sentence: string, at: number, word: string, kind: EntityKind): boolean {
  const around = sentence.slice(Math.max(0, at - 60), at + 60);
  if (kind.kind === "body") return kind.head.test(around.slice(Math.min(60, at), Math.min(60, at) + 60)) || kind.head.test(word);
  // A body can be the "who" of a sentence, but not the name of a person asked for by name.
  if (kind.kind === "person") return nearTitle(sentence, at) && (!inDictionary(word) || (kind.role === undefined && BODY.test(word)));
  return true;
}

/** Countries and unions the documents name: places, but never the city asked for. */
const COUNTRIES = new Set(["Bulgaria", "Vietnam", "Việt", "Finland", "EU", "Europe", "ASEAN", "Asia"]);

/** Capitalised words that are not places: bodies, documents and titles. */
const NOT_PLACES = new Set([
  "Joint", "Working", "Group", "Defense", "Cooperation", "Agreement", "Committee", "Program", "Plan", "Dialogue", "General", "Secretary", "President", "Minister", "Deputy", "Central", "Party", "Communist"]);

/** Adjectives of the parties, capitalised but never the name asked for. */
const NATIONALITIES = new Set(["Vietnamese", "Bulgarian", "European", "Asian", "Southeast"]);
/** How far (in characters) from a word of the question a name may stand and still answer "who". */
const NAME_NEAR_CHARS = 60;
/** How far (in characters) a date may stand from the nearest word of the question it answers. */
const DATE_NEAR_CHARS = 80;

/** The role in "the name of … <role>": a person asked for by name (see entityKind). */
const NAMED_ROLE = /\bname of\b.*\b(minister|ambassador|president|leader|official|head|chair|chairman|spouse|wife|husband|envoy|secretary)\b/i;

/** Character offsets of the sentence's words that say the role (its stem, or a word vectors put as the same: wife ≈ spouse). */
function roleOffsets(sentence: string, role: string, scorer: SentenceScorer): number[] {
  const out: number[] = [];
  for (const m of sentence.matchAll(/[\p{L}\p{N}'-]+/gu)) if (mentions(m[0], role, scorer)) out.push(m.index!);
  return out;
}

/** Character offsets of the sentence's words that are (by stem) content words of the question. */
function questionWordOffsets(sentence: string, question: string, scorer: SentenceScorer): number[] {
  const asked = scorer.analyze(question.replace(/\p{Lu}[\p{L}]+/gu, " "));
  const wanted = asked.terms;
  // Content words only: the analyzed words include stopwords, which would anchor anywhere.
  const askedWords = asked.words.filter((w) => scorer.analyze(w).terms.size > 0);
  const exact: number[] = [];
  const others: RegExpMatchArray[] = [];
  for (const m of sentence.matchAll(/[\p{L}\p{N}'-]+/gu)) {
    const [term] = scorer.analyze(m[0]).terms;
    if (term === undefined) continue;
    if (wanted.has(term)) exact.push(m.index!);
    else others.push(m);
  }
  // Once the sentence says the question's own word somewhere, its word for the same thing anchors too: "the visit …
  // from October 22 to 24" dates "the trip" the sentence names at its end. (With none, every date may answer, and the
  // word vectors are not asked.)
  if (exact.length === 0) return exact;
  const near = others.filter((m) => askedWords.some((w) => scorer.wordSimilarity(w, m[0].toLowerCase()) >= SAME_THING)).map((m) => m.index!);
  return [...exact, ...near];
}

const NATIONALITY = /\b(vietnamese|bulgarian)\s+([a-z]+)/gi;

/**
 * In a bilateral text direction matters: "Bulgarian citizens" and
 * "Vietnamese citizens" are not interchangeable. A sentence that qualifies a
 * noun of the question only with the other side's nationality answers a
 * different question ("visa-free stays for Vietnamese citizens in Bulgaria").
 */
export function reversesParties(question: string, sentence: string): boolean {
  for (const [, nationality, noun] of question.matchAll(NATIONALITY)) {
    const inSentence = [...sentence.matchAll(NATIONALITY)].filter((m) => m[2]!.toLowerCase() === noun!.toLowerCase());
    if (inSentence.length > 0 && inSentence.every((m) => m[1]!.toLowerCase() !== nationality!.toLowerCase())) return true;
  }
  return false;
}
