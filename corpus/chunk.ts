/**
 * How the documents are cut into citable units. Two shapes are understood:
 *
 * - "statement": preamble paragraphs, roman-numeral section headings
 *   ("IV. Promote …"), optional "* Subsection" headings, numbered clauses
 *   ("24. The two sides …") and a closing paragraph. An unnumbered paragraph
 *   continues the clause before it (clause 15 has one); the document's final
 *   unnumbered paragraph after the last section is the closing.
 * - "article": one chunk per paragraph (paragraphs are separated by blank
 *   lines, or by line breaks when the text has no blank lines).
 *
 * Every chunk's text is an exact slice of the source with its offsets, so a
 * UI can highlight it in place.
 */
import type { Chunk, DocumentInfo } from "./types.ts";
import { CorpusError } from "./errors.ts";

interface Paragraph {
  text: string;
  start: number;
  end: number;
}

const SECTION_HEADING = /^([IVXLC]+)\.\s+(\S.*)$/;
const SUBSECTION_HEADING = /^\*\s*(\S.*)$/;
const NUMBERED_CLAUSE = /^(\d{1,3})\.\s/;
/** The article's leading "date 2025-10-22" token is metadata, not text. */
const DATE_TOKEN = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s+/;

/** Splits text into non-empty lines with offsets; trailing whitespace is trimmed off the slice. */
function lines(source: string, from = 0): Paragraph[] {
  const out: Paragraph[] = [];
  const re = /[^\r\n]+/g;
  re.lastIndex = from;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const start = m.index + lead;
    out.push({ text: trimmed, start, end: start + trimmed.length });
  }
  return out;
}

/** Blank-line separated paragraphs; a paragraph may span several lines. */
function blockParagraphs(source: string, from: number): Paragraph[] {
  const ls = lines(source, from);
  if (!/\n[ \t]*\r?\n/.test(source.slice(from))) return ls;
  const out: Paragraph[] = [];
  for (const line of ls) {
    const prev = out[out.length - 1];
    const gap = prev ? source.slice(prev.end, line.start) : "";
    if (prev && !/\n[ \t]*\r?\n/.test(gap)) {
      prev.end = line.end;
      prev.text = source.slice(prev.start, prev.end);
    } else {
      out.push({ ...line });
    }
  }
  return out;
}

export function parseStatement(source: string, doc: DocumentInfo): Chunk[] {
  const paragraphs = lines(source);
  const chunks: Chunk[] = [];
  let section: Chunk["section"];
  let subsection: string | undefined;
  let preambleCount = 0;
  let current: Chunk | undefined;

  const lastIndex = paragraphs.length - 1;
  paragraphs.forEach((p, i) => {
    const sectionMatch = SECTION_HEADING.exec(p.text);
    if (sectionMatch) {
      section = { numeral: sectionMatch[1]!, title: sectionMatch[2]!.trim() };
      subsection = undefined;
      current = undefined;
      return;
    }
    const subMatch = section ? SUBSECTION_HEADING.exec(p.text) : null;
    if (subMatch) {
      subsection = subMatch[1]!.trim();
      current = undefined;
      return;
    }
    const clauseMatch = section ? NUMBERED_CLAUSE.exec(p.text) : null;
    if (clauseMatch) {
      const n = Number(clauseMatch[1]);
      current = {
        id: `${doc.id}/${n}`,
        docId: doc.id,
        ref: String(n),
        kind: "clause",
        number: n,
        label: `${doc.shortTitle} §${n} · ${subsection ?? section!.title}`,
        shortLabel: `§${n}`,
        section,
        ...(subsection ? { subsection } : {}),
        text: p.text,
        start: p.start,
        end: p.end,
      };
      chunks.push(current);
      return;
    }
    if (!section) {
      preambleCount += 1;
      chunks.push({
        id: `${doc.id}/preamble-${preambleCount}`,
        docId: doc.id,
        ref: `preamble-${preambleCount}`,
        kind: "preamble",
        number: preambleCount,
        label: `${doc.shortTitle}, preamble ¶${preambleCount}`,
        shortLabel: `Preamble ¶${preambleCount}`,
        text: p.text,
        start: p.start,
        end: p.end,
      });
      return;
    }
    if (i === lastIndex) {
      chunks.push({
        id: `${doc.id}/closing`,
        docId: doc.id,
        ref: "closing",
        kind: "closing",
        label: `${doc.shortTitle}, closing paragraph`,
        shortLabel: "Closing",
        text: p.text,
        start: p.start,
        end: p.end,
      });
      return;
    }
    if (current) {
      // A continuation paragraph: widen the clause to cover it, keeping the exact slice.
      current.end = p.end;
      current.text = source.slice(current.start, current.end);
      return;
    }
    throw new CorpusError(`${doc.id}: unnumbered paragraph under "${section.numeral}. ${section.title}" with no clause before it: "${p.text.slice(0, 60)}…"`,
    );
  });
  return chunks;
}

export interface ArticleMetadata {
  /** The leading date token, when the source has one. */
  date?: string;
}

export function parseArticle(source: string, doc: DocumentInfo): { chunks: Chunk[]; metadata: ArticleMetadata } {
  const dateMatch = DATE_TOKEN.exec(source);
  const bodyStart = dateMatch ? dateMatch[0].length : 0;
  const chunks = blockParagraphs(source, bodyStart).map((p, i): Chunk => {
    const n = i + 1;
    return {
      id: `${doc.id}/${n}`,
      docId: doc.id,
      ref: String(n),
      kind: "paragraph",
      number: n,
      label: `${doc.shortTitle} ¶${n}`,
      shortLabel: `¶${n}`,
      text: p.text,
      start: p.start,
      end: p.end,
    };
  });
  return { chunks, metadata: dateMatch ? { date: dateMatch[1] } : {} };
}
