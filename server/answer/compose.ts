/**
 * Writing an extractive answer: the direct answer first when the question
 * asks for a value (**45 days**, **1950**, **Rumen Radev**), then the
 * supporting quote, trimmed to the parts that answer. A clause of this
 * statement is often one 70-word sentence of semicolon-separated commitments;
 * quoting all of it to answer a question about one of them buries the answer.
 * Trimmed quotes are verbatim spans joined with "…"; the citation keeps the
 * whole sentence, so the reader can highlight it in context.
 */
import { words } from "../text.ts";
import { ANNIVERSARY, DAY_SPAN, MONTH_NAMES, type AnswerType } from "./answer-type.ts";
import { namesWithoutTitles } from "./person.ts";

export interface Span {
  start: number;
  end: number;
}

/** Sentences longer than this (in words) are trimmed to the parts that answer. */
const TRIM_FROM_WORDS = 40;
/**
 * A quote still this long after trimming loses its tail. Shorter ones keep it: after the words that
 * match a "what …" question comes what it asks for ("founded on … including respect for
 * independence, sovereignty and territorial integrity …, non-interference"). Dev: 40 → 70 words
 * kept one more answer whole and no answer grew past 80 words.
 */
const CUT_TAIL_FROM_WORDS = 70;
/** A comma part this short continues a list ("trust, equality, mutual respect"); a longer one is a new point. */
const LIST_ITEM_WORDS = 4;
/** The frame a trimmed quote keeps from its first part: "The two sides agreed to". */
const HEAD = /^.{0,90}?\b(?:agreed|affirmed|committed|expressed their (?:desire|willingness)|are ready|wish|encouraged|decided|emphasized|supported|identified|appreciated|acknowledged)\b(?:\s+(?:to|that))?/;

/**
 * The parts of a sentence that carry the question's words, verbatim, joined
 * with " … ". `covers(part)` says whether a part answers (the caller scores
 * it with the same word matching it used to choose the sentence).
 */
export function trimQuote(sentence: string, covers: (part: string) => boolean): string {
  return cutTail(trimParts(sentence, covers), covers);
}

/** A quote still long after trimming ends after its last comma-separated part that answers: "… the 2025-2028 period …". */
function cutTail(quote: string, covers: (part: string) => boolean): string {
  if (quote.split(/\s+/).length <= CUT_TAIL_FROM_WORDS) return quote;
  const cuts = [...quote.matchAll(/,\s+/g)].map((m) => m.index!);
  let end = quote.length;
  for (let i = cuts.length - 1; i >= 0; i--) {
    const tail = quote.slice(cuts[i]!, end);
    if (covers(tail)) break;
    end = cuts[i]!;
  }
  // "on the basis of trust, equality, mutual respect": the list after the words that answer is the answer.
  // Short comma parts right after the cut continue it, and stay.
  for (const next of cuts.filter((c) => c >= end)) {
    if (quote.slice(end, next).split(/\s+/).filter(Boolean).length > LIST_ITEM_WORDS) break;
    end = next;
  }
  while (end < quote.length && !cuts.some((c) => c > end) && quote.slice(end).split(/\s+/).filter(Boolean).length <= LIST_ITEM_WORDS) end = quote.length;
  if (end === quote.length || quote.slice(0, end).split(/\s+/).length < 8) return quote;
  return `${quote.slice(0, end)} …`;
}

function trimParts(sentence: string, covers: (part: string) => boolean): string {
  if (sentence.split(/\s+/).length <= TRIM_FROM_WORDS) return sentence;
  const parts = splitParts(sentence);
  if (parts.length < 2) return sentence;
  const keep = parts.map((p) => covers(sentence.slice(p.start, p.end)));
  if (!keep.some(Boolean) || keep.every(Boolean)) return sentence;
  const out: string[] = [];
  if (!keep[0]) {
    const head = HEAD.exec(sentence.slice(parts[0]!.start, parts[0]!.end));
    if (head) out.push(head[0]);
  }
  let previousKept = !keep[0] && out.length > 0 ? -2 : -1;
  parts.forEach((p, i) => {
    if (!keep[i]) return;
    const text = sentence.slice(p.start, p.end).replace(/[;,]\s*$/, "");
    out.push(out.length > 0 && previousKept === i - 1 ? `; ${text}` : text);
    previousKept = i;
  });
  const joined = out.reduce((acc, piece) => (acc === "" ? piece : piece.startsWith("; ") ? acc + piece : `${acc} … ${piece}`), "");
  const ends = keep.at(-1) ? "" : " …";
  return `${joined}${ends}`.replace(/\s+…\s+…/g, " …");
}

/** Semicolon-separated parts, each a verbatim span of the sentence. */
function splitParts(sentence: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (const m of sentence.matchAll(/;\s+/g)) {
    out.push({ start, end: m.index! });
    start = m.index! + m[0].length;
  }
  out.push({ start, end: sentence.length });
  return out.filter((p) => p.end > p.start);
}

const MONTHS = MONTH_NAMES;
/** A date as written: "August 15, 2025", "from October 22 to 24", "August 1957" (a day is one or two digits, not a year's first two). */
const DATE_VALUE = new RegExp(
  String.raw`\b(?:from\s+)?(?:${MONTHS})(?:\s+\d{1,2}\b)?(?:,?\s+\d{4})?(?:\s+(?:to|until|-|–)\s+(?:(?:${MONTHS})\s+)?\d{1,2}\b(?:,?\s+\d{4})?)?|\b(?:1[89]\d\d|20\d\d)(?:\s*[-–]\s*(?:1[89]\d\d|20\d\d))?\b`,
  "g",
);
const DURATION_VALUE = new RegExp(
  String.raw`\b\d+\s*-?\s*(?:day|week|month|year)s?\b|\b(?:1[89]\d\d|20\d\d)\s*[-–]\s*(?:1[89]\d\d|20\d\d)\b|\bfrom\s+(?:${MONTHS})\s+\d{1,2},?\s+\d{4}\s+(?:to|until)\s+(?:${MONTHS})\s+\d{1,2},?\s+\d{4}`,
  "g",
);
/** The days a span covers, first and last included ("October 22 to 24": 3); none for one it cannot read. */
export function daysOfSpan(span: string): number[] {
  const m = new RegExp(String.raw`(${MONTHS})\s+(\d{1,2})(?:,?\s+(\d{4}))?\s+(?:to|until|-|–)\s+(?:(${MONTHS})\s+)?(\d{1,2})(?:,?\s+(\d{4}))?`).exec(span);
  if (!m) return [];
  const month = (name: string) => MONTH_LIST.indexOf(name.toLowerCase());
  const toYear = Number(m[6] ?? m[3] ?? 2025);
  const from = Date.UTC(Number(m[3] ?? toYear), month(m[1]!), Number(m[2]));
  const to = Date.UTC(toYear, month(m[4] ?? m[1]!), Number(m[5]));
  const days = Math.round((to - from) / 86_400_000) + 1;
  return days > 0 && days <= 366 ? [days] : [];
}
const MONTH_LIST = MONTHS.split("|").map((n) => n.toLowerCase());

/** The unit of a length value ("45-day": day). */
const LENGTH_UNIT = /^\d+\s*-?\s*(day|week|month|year)s?$/i;
const ANNIVERSARY_YEARS = /^(\d+)(?:st|nd|rd|th)\s+anniversary$/i;
const COUNT_VALUE = /\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands|tens of thousands|millions)\b/gi;
const MONEY_VALUE = /(?:[$€£¥₫]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion))?|\b\d[\d,.]*\s?(?:million|billion|trillion)?\s?(?:usd|eur|euros?|dollars?|dong|leva|lev|bgn|vnd)\b)/gi;
/** A name: capitalised words, allowing "of the"/"and" inside ("Ministry of Labor and Social Policy"). */
const NAME_VALUE = /\b[A-Z][\p{L}'’-]*(?:\s+(?:(?:of|and|for|on|the)\s+)*[A-Z][\p{L}'’-]*)*/gu;

const MAX_LEAD_WORDS = 8;

export interface ValueMatch {
  text: string;
  index: number;
}

function matchesOf(pattern: RegExp, text: string): ValueMatch[] {
  return [...text.matchAll(pattern)].map((m) => ({ text: m[0].trim(), index: m.index! }));
}

/**
 * The value a sentence gives for the kind of fact asked, nearest to where the
 * question's words occur in it (`anchors`: character offsets of matched
 * words). Undefined when the sentence gives none, or several equally near.
 */
export function directValue(sentence: string, type: AnswerType, anchors: number[], asked: string): string | undefined {
  let found: ValueMatch[];
  switch (type.kind) {
    case "duration":
      found = [
        ...matchesOf(DURATION_VALUE, sentence)
          .filter((m) => !type.unit || LENGTH_UNIT.exec(m.text)?.[1]?.toLowerCase() === type.unit || (type.unit === "year" && /^\d{4}\s*[-–]/.test(m.text)))
          .map((m) => ({ ...m, text: m.text.replace(/^(\d+)\s*-?\s*(day|week|month|year)s?$/i, "$1 $2s") })),
        // "the 75th anniversary of … relations" says how many years they have lasted.
        ...(!type.unit || type.unit === "year"
          ? matchesOf(ANNIVERSARY, sentence).map((m) => ({ ...m, text: m.text.replace(ANNIVERSARY_YEARS, "$1 years") }))
          : []),
        // "How many days was the visit?": "from October 22 to 24" is three.
        ...(!type.unit || type.unit === "day" ? matchesOf(DAY_SPAN, sentence).flatMap((m) => daysOfSpan(m.text).map((days) => ({ ...m, text: `${days} days (${m.text.replace(/^from\s+/i, "")})` }))) : []),
      ];
      break;
    case "date":
      found = matchesOf(DATE_VALUE, sentence);
      break;
    case "money":
      found = matchesOf(MONEY_VALUE, sentence);
      break;
    case "count":
      found = matchesOf(COUNT_VALUE, sentence).filter((m) => !/^(1[89]\d\d|20\d\d)$/.test(m.text));
      if (type.noun) {
        const noun = type.noun.slice(0, Math.max(4, type.noun.length - 2)).toLowerCase();
        found = found.filter((m) => sentence.slice(m.index, m.index + m.text.length + 60).toLowerCase().includes(noun));
      }
      break;
    case "place":
    case "entity": {
      const askedWords = new Set(words(asked));
      found = matchesOf(NAME_VALUE, sentence)
        .filter((m) => m.index > 0)
        .filter((m) => m.text.split(/\s+/).some((w) => /^[A-Z]/.test(w) && !GENERIC_CAPITALS.has(w) && !words(w).every((x) => askedWords.has(x))));
      break;
    }
    default:
      return undefined;
  }
  if (found.length === 0) return undefined;
  let chosen: ValueMatch | undefined;
  if (found.length === 1) chosen = found[0];
  else if (anchors.length > 0) {
    const distance = (m: ValueMatch) => Math.min(...anchors.map((a) => Math.abs(a - m.index)));
    const ranked = [...found].sort((a, b) => distance(a) - distance(b));
    // Two values about equally near: picking one would be a guess.
    const tie = ranked[1] && distance(ranked[1]) - distance(ranked[0]!) < 12 && ranked[1].text !== ranked[0]!.text;
    // …unless they are a length and the dates it runs between ("45 days" and "from August 15, 2025 to August 14,
    // 2028"): together they are the whole answer to "how long".
    const both = tie && type.kind === "duration" ? lengthAndDates(ranked[0]!.text, ranked[1]!.text) : undefined;
    if (both) return both;
    chosen = tie ? undefined : ranked[0];
  }
  // A lead is a short answer: a long run of capitalised words is a title to read in the quote, not a name to lead with.
  if (!chosen) return undefined;
  if (chosen.text.split(/\s+/).length <= MAX_LEAD_WORDS) return chosen.text;
  // "General Secretary of … To Lam and President of the Republic of Bulgaria Rumen Radev": the people, not the titles.
  const people = type.kind === "entity" ? namesWithoutTitles(chosen.text) : undefined;
  return people ? people.join(" and ") : undefined;
}

/** "45 days, from August 15, 2025 to August 14, 2028": a length and a from–to period, in that order. */
function lengthAndDates(a: string, b: string): string | undefined {
  const length = [a, b].find((v) => /^\d+ (?:day|week|month|year)s$/.test(v));
  const dates = [a, b].find((v) => /^from\s/i.test(v));
  return length && dates ? `${length}, ${dates}` : undefined;
}

/** Capitalised words that open sentences or name the parties, never an answer to "who". */
const GENERIC_CAPITALS = new Set([
  ...["The", "Vietnam", "Bulgaria", "Việt", "Nam", "Vietnamese", "Bulgarian", "On", "In", "As", "At", "Based", "Within", "Since", "This", "These", "Other", "Over", "Following"],
  // Capitalised kinds of document and body: "Cooperation Agreements" names no one.
  ...["Cooperation", "Agreement", "Agreements", "Program", "Programme", "Plan", "Committee", "Statement", "Joint", "Partnership", "Strategic", "Framework", "Initiative"],
]);
