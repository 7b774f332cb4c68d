/**
 * The shapes of the corpus layer: documents, their citable chunks and section
 * trees. The corpus stands below the engine, so it defines these itself;
 * `server/contract.ts` re-exports them for the API, the web app and the evals.
 * Types only, so the browser bundle can import them.
 */

export type DocumentId = string;

/** One citable unit: a numbered clause, a preamble paragraph, or an article paragraph. */
export interface Chunk {
  /** Stable id, e.g. "statement/24", "statement/preamble-3", "statement/closing", "article/5". */
  id: string;
  docId: DocumentId;
  /** The part after the slash: "24", "preamble-3", "closing", "5". */
  ref: string;
  kind: "preamble" | "clause" | "closing" | "paragraph";
  /** Clause or paragraph number (preamble paragraphs count 1…6); absent for the closing. */
  number?: number;
  /** Human label, e.g. "Joint Statement §24 · Culture, Sports and Tourism". */
  label: string;
  /** Compact label for chips: "§24", "¶5", "Preamble ¶3", "Closing". */
  shortLabel: string;
  section?: { numeral: string; title: string };
  subsection?: string;
  /** Exact slice of the document source: source.slice(start, end) === text. */
  text: string;
  start: number;
  end: number;
}

export interface DocumentInfo {
  id: DocumentId;
  title: string;
  shortTitle: string;
  publisher: string;
  date: string;
  language: string;
  shape: "statement" | "article";
}

/** A document and its section tree, for the source browser. */
export interface DocumentTree extends DocumentInfo {
  sections: Array<{
    numeral?: string;
    title?: string;
    subsections: Array<{ title?: string; chunks: Chunk[] }>;
  }>;
}

