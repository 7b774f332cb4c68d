/**
 * The card shown while a chip is hovered or focused: where the clause sits and
 * its text, with the sentence the answer relies on highlighted.
 */
import type { CSSProperties, MouseEventHandler, Ref } from "react";
import type { Chunk, DocumentTree } from "../../../server/contract.ts";
import { QuotedText } from "./QuotedText.tsx";

export interface CitationPreviewProps {
  /** DOM id, for the chip's aria-describedby. */
  id: string;
  chunk: Chunk | undefined;
  document: DocumentTree | undefined;
  quote?: string;
  style?: CSSProperties;
  onMouseEnter?: MouseEventHandler;
  onMouseLeave?: MouseEventHandler;
  ref?: Ref<HTMLDivElement>;
}

export function sectionLine(chunk: Chunk): string | undefined {
  const section = chunk.section ? `${chunk.section.numeral}. ${chunk.section.title}` : undefined;
  return [section, chunk.subsection].filter(Boolean).join(" · ") || undefined;
}

export function CitationPreview({ id, chunk, document, quote, style, onMouseEnter, onMouseLeave, ref }: CitationPreviewProps) {
  return (
    <div
      ref={ref}
      id={id}
      role="tooltip"
      className="preview-card"
      style={style}
      onMouseEnter={onMouseEnter}
      onMouseLeave={onMouseLeave}
    >
      {chunk ? (
        <>
          <p className="preview-doc">{document?.shortTitle ?? chunk.docId}</p>
          <p className="preview-label">{chunk.label}</p>
          {sectionLine(chunk) && <p className="preview-section">{sectionLine(chunk)}</p>}
          <p className="preview-text">
            <QuotedText text={chunk.text} quote={quote} maxChars={420} />
          </p>
          <p className="preview-hint">Click to open the full clause</p>
        </>
      ) : (
        <p className="preview-text">{quote || "Loading the clause…"}</p>
      )}
    </div>
  );
}
