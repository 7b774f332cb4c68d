/**
 * Citation logic shared by the chat, the source panel and the reader: finding
 * `[statement/24]` markers in answer text, naming a chunk compactly, and
 * locating a quoted sentence inside a clause so it can be highlighted.
 */
import type { ChatMessage, Chunk, Citation } from "../../../server/contract.ts";

/** A chunk id inside square brackets, as the engine writes it: `[statement/24]`, `[article/5]`. */
export const CITATION_MARKER = /\[([a-z][a-z0-9-]*\/[a-z0-9-]+)\]/g;

export type AnswerSegment = { type: "text"; value: string } | { type: "citation"; id: string };

/** Splits text into plain runs and citation markers, in order. */
export function splitCitations(text: string): AnswerSegment[] {
  const segments: AnswerSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(CITATION_MARKER)) {
    const start = match.index;
    if (start > last) segments.push({ type: "text", value: text.slice(last, start) });
    segments.push({ type: "citation", id: match[1]! });
    last = start + match[0].length;
  }
  if (last < text.length) segments.push({ type: "text", value: text.slice(last) });
  return segments;
}

/** Chunk ids cited in the text, first mention first, without repeats. */
export function citedIds(text: string): string[] {
  return [...new Set([...text.matchAll(CITATION_MARKER)].map((m) => m[1]!))];
}

/**
 * The chip label for an id when its chunk is not at hand (documents still
 * loading): the same compact form the server gives as `shortLabel`.
 */
export function fallbackShortLabel(id: string): string {
  const ref = id.slice(id.indexOf("/") + 1);
  const preamble = /^preamble-(\d+)$/.exec(ref);
  if (preamble) return `Preamble ¶${preamble[1]}`;
  if (ref === "closing") return "Closing";
  if (/^\d+$/.test(ref)) return id.startsWith("statement/") ? `§${ref}` : `¶${ref}`;
  return ref;
}

export function shortLabelOf(id: string, chunk: Chunk | undefined): string {
  return chunk?.shortLabel ?? fallbackShortLabel(id);
}

/** Where a chunk sits in the reader: `/doc/statement#24`. */
export function documentHref(chunk: Pick<Chunk, "docId" | "ref">): string {
  return `/doc/${chunk.docId}#${chunk.ref}`;
}

function quoteOf(metadata: unknown): string | undefined {
  const quote = (metadata as { clausewise?: { quote?: unknown } } | undefined)?.clausewise?.quote;
  return typeof quote === "string" ? quote : undefined;
}

/**
 * The validated citations of an assistant message. The final `data-citations`
 * part wins; while streaming, the `source-document` parts seen so far stand in.
 */
export function citationsOf(message: ChatMessage): Citation[] {
  for (const part of message.parts) {
    if (part.type === "data-citations") return part.data;
  }
  const citations: Citation[] = [];
  for (const part of message.parts) {
    if (part.type === "source-document" && !citations.some((c) => c.id === part.sourceId)) {
      citations.push({ id: part.sourceId, label: part.title, quote: quoteOf(part.providerMetadata) ?? "" });
    }
  }
  return citations;
}

export function textOf(message: ChatMessage): string {
  return message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}

export type Range = [start: number, end: number];

/** Sentences of a quote; a quote may join sentences that are not adjacent in the clause. */
function sentencesOf(quote: string): string[] {
  return quote
    .split(/(?<=[.!?;:])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

const SPACED_MARKER = new RegExp(`\\s*${CITATION_MARKER.source}`, "g");

/** Markdown answer text as a reader sees it: no citation markers, no emphasis marks or escapes, single spaces. */
function readableText(markdown: string): string {
  return squash(markdown.replace(SPACED_MARKER, "").replace(/\*\*|__|\\(?=[^\w\s])/g, ""));
}

/**
 * Whether an answer's Markdown text already shows `quote` in full — verbatim,
 * or each of its sentences — so a list of sources need not repeat it.
 */
export function quoteShownIn(text: string, quote: string): boolean {
  const readable = readableText(text);
  const q = squash(quote);
  return readable.includes(q) || sentencesOf(q).every((sentence) => readable.includes(sentence));
}

/**
 * Character ranges of `text` covered by `quote`: the whole quote when it is
 * verbatim, otherwise each of its sentences found verbatim. Sorted, merged.
 */
export function quoteRanges(text: string, quote: string | undefined): Range[] {
  const q = quote?.trim();
  if (!q) return [];
  const whole = text.indexOf(q);
  if (whole >= 0) return [[whole, whole + q.length]];
  const ranges: Range[] = [];
  for (const sentence of sentencesOf(q)) {
    const at = text.indexOf(sentence);
    if (at >= 0) ranges.push([at, at + sentence.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const range of ranges) {
    const prev = merged.at(-1);
    if (prev && range[0] <= prev[1] + 1) prev[1] = Math.max(prev[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

export type MarkedRun = { text: string; marked: boolean };

/** `text` cut into runs, marking those inside `ranges`. */
export function markRuns(text: string, ranges: Range[]): MarkedRun[] {
  const runs: MarkedRun[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) runs.push({ text: text.slice(at, start), marked: false });
    runs.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) runs.push({ text: text.slice(at), marked: false });
  return runs;
}

/** Characters at the start of a text not worth clipping. */
const LEAD_SLACK = 24;

export interface Excerpt {
  text: string;
  ranges: Range[];
  clippedStart: boolean;
  clippedEnd: boolean;
}

/**
 * At most about `maxChars` of `text`, centred on the first highlighted range,
 * cut at word boundaries. Short texts come back whole.
 */
export function excerptAround(text: string, ranges: Range[], maxChars: number): Excerpt {
  if (text.length <= maxChars) return { text, ranges, clippedStart: false, clippedEnd: false };
  const focus = ranges[0] ?? [0, 0];
  const focusLength = Math.min(focus[1] - focus[0], maxChars);
  let start = Math.max(0, focus[0] - Math.floor((maxChars - focusLength) / 3));
  let end = Math.min(text.length, start + maxChars);
  start = Math.max(0, end - maxChars);
  // Dropping just a clause number ("24. ") would cost an ellipsis and gain nothing.
  if (start <= LEAD_SLACK) {
    start = 0;
    end = Math.min(text.length, maxChars);
  }
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (space >= 0 && space < focus[0]) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > Math.max(start, focus[0])) end = space;
  }
  const shifted: Range[] = [];
  for (const [a, b] of ranges) {
    const s = Math.max(a, start);
    const e = Math.min(b, end);
    if (e > s) shifted.push([s - start, e - start]);
  }
  return { text: text.slice(start, end), ranges: shifted, clippedStart: start > 0, clippedEnd: end < text.length };
}
