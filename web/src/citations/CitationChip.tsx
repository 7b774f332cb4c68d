/**
 * An inline citation: `§24`, `¶5`, `Preamble ¶3`. Hover or focus shows the
 * preview card; click (or Enter) opens the clause in the side panel.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties } from "react";
import { createPortal } from "react-dom";
import { useDocuments } from "../documents/context.tsx";
import { shortLabelOf } from "./citations.ts";
import { CitationPreview } from "./CitationPreview.tsx";
import { useSourcePanel } from "./source-panel-context.tsx";

/** Pointer grace period, so the pointer can travel from the chip onto the card. */
const HIDE_DELAY_MS = 150;
const CARD_MAX_WIDTH = 380;
const CARD_MARGIN = 8;
/** Room the card usually needs below the chip before it flips above. */
const CARD_TYPICAL_HEIGHT = 280;

function placeCard(chip: DOMRect): CSSProperties {
  const viewportWidth = document.documentElement.clientWidth;
  const viewportHeight = window.innerHeight;
  const width = Math.min(CARD_MAX_WIDTH, viewportWidth - 2 * CARD_MARGIN);
  const centred = chip.left + chip.width / 2 - width / 2;
  const left = Math.min(Math.max(centred, CARD_MARGIN), viewportWidth - width - CARD_MARGIN);
  const below = chip.bottom + CARD_MARGIN + CARD_TYPICAL_HEIGHT <= viewportHeight || chip.top < CARD_TYPICAL_HEIGHT;
  return below
    ? { position: "fixed", left, width, top: chip.bottom + 6 }
    : { position: "fixed", left, width, bottom: viewportHeight - chip.top + 6 };
}

export function CitationChip({ id, quote }: { id: string; quote?: string }) {
  const { chunkById, documentById, resource } = useDocuments();
  const panel = useSourcePanel();
  const chunk = chunkById.get(id);
  const tooltipId = useId();
  const chipRef = useRef<HTMLButtonElement>(null);
  const hideTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const [open, setOpen] = useState(false);
  const [style, setStyle] = useState<CSSProperties>({ position: "fixed", visibility: "hidden" });

  const show = () => {
    clearTimeout(hideTimer.current);
    setOpen(true);
  };
  const hideSoon = () => {
    clearTimeout(hideTimer.current);
    hideTimer.current = setTimeout(() => setOpen(false), HIDE_DELAY_MS);
  };
  useEffect(() => () => clearTimeout(hideTimer.current), []);

  useLayoutEffect(() => {
    if (!open) return;
    const place = () => chipRef.current && setStyle(placeCard(chipRef.current.getBoundingClientRect()));
    place();
    window.addEventListener("scroll", place, true);
    window.addEventListener("resize", place);
    return () => {
      window.removeEventListener("scroll", place, true);
      window.removeEventListener("resize", place);
    };
  }, [open]);

  if (resource.status === "ready" && !chunk) {
    return (
      <span className="chip chip-unknown" title="This marker names no clause in the documents">
        [{id}]
      </span>
    );
  }

  const shortLabel = shortLabelOf(id, chunk);
  const active = panel.source?.id === id;
  return (
    <>
      <button
        ref={chipRef}
        type="button"
        className={active ? "chip is-active" : "chip"}
        data-citation={id}
        aria-label={`${shortLabel}, ${chunk?.label ?? id}: open source`}
        aria-describedby={open ? tooltipId : undefined}
        onMouseEnter={show}
        onMouseLeave={hideSoon}
        onFocus={show}
        onBlur={hideSoon}
        onKeyDown={(event) => {
          if (event.key === "Escape" && open) {
            event.stopPropagation();
            setOpen(false);
          }
        }}
        onClick={(event) => {
          setOpen(false);
          panel.open({ id, quote }, event.currentTarget);
        }}
      >
        {shortLabel}
      </button>
      {open &&
        createPortal(
          <CitationPreview
            id={tooltipId}
            chunk={chunk}
            document={chunk ? documentById.get(chunk.docId) : undefined}
            quote={quote}
            style={style}
            onMouseEnter={show}
            onMouseLeave={hideSoon}
          />,
          document.body,
        )}
    </>
  );
}
