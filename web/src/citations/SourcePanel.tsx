/**
 * The side panel: the whole clause a citation points to, where it sits, the
 * quoted sentence highlighted, and a way to see it in the document.
 */
import { useEffect, useRef } from "react";
import { useDocuments } from "../documents/context.tsx";
import { navigate } from "../router.tsx";
import { documentHref, fallbackShortLabel } from "./citations.ts";
import { sectionLine } from "./CitationPreview.tsx";
import { QuotedText } from "./QuotedText.tsx";
import { useSourcePanel } from "./source-panel-context.tsx";

export function SourcePanel() {
  const { source, close } = useSourcePanel();
  const { chunkById, documentById, resource } = useDocuments();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (source) headingRef.current?.focus();
  }, [source]);

  useEffect(() => {
    if (!source) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) close();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [source, close]);

  if (!source) return null;
  const chunk = chunkById.get(source.id);
  const doc = chunk ? documentById.get(chunk.docId) : undefined;

  return (
    <aside className="source-panel" aria-labelledby="source-panel-title">
      <div className="source-panel-head">
        <p className="source-panel-kicker">
          <span className="chip chip-static">{chunk?.shortLabel ?? fallbackShortLabel(source.id)}</span>
          <span>{doc?.shortTitle ?? "Source"}</span>
        </p>
        <button type="button" className="icon-button" onClick={close} aria-label="Close source">
          <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
            <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      <h2 id="source-panel-title" ref={headingRef} tabIndex={-1}>
        {chunk?.label ?? source.id}
      </h2>
      {chunk ? (
        <>
          {sectionLine(chunk) && (
            <p className="source-panel-section" title={sectionLine(chunk)}>
              {sectionLine(chunk)}
            </p>
          )}
          {doc && (
            <p className="source-panel-meta">
              {doc.title} · {doc.publisher} · {doc.date}
            </p>
          )}
          <div className="source-panel-text">
            <p>
              <QuotedText text={chunk.text} quote={source.quote} />
            </p>
          </div>
          {source.quote && <p className="source-panel-legend"><mark className="quote-mark">Highlighted</mark> the sentence the answer relies on.</p>}
          <div className="source-panel-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                close();
                navigate(documentHref(chunk), { quote: source.quote });
              }}
            >
              Show in document
            </button>
          </div>
        </>
      ) : (
        <p className="source-panel-text">
          {resource.status === "error" ? "The documents could not be loaded, so this clause can't be shown." : "Loading the clause…"}
        </p>
      )}
    </aside>
  );
}
