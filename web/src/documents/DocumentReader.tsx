/**
 * The reader: one document at a time, the statement with its section tree
 * (I–VI, subsections, clause numbers) and the article by paragraph. A hash
 * (`#24`, `#preamble-3`, `#5`) scrolls to that chunk and highlights it, and a
 * quote passed along from a citation is marked inside it.
 */
import { ProblemAlert } from "../api/ProblemAlert.tsx";
import { useEffect, useRef } from "react";
import type { Chunk, DocumentTree } from "../../../server/contract.ts";
import { QuotedText } from "../citations/QuotedText.tsx";
import { Link } from "../router.tsx";
import { useDocuments } from "./context.tsx";

type Section = DocumentTree["sections"][number];

/** How long a linked clause is held in view while the page settles. */
const PIN_MS = 1500;

function sectionHeading(section: Section): string | undefined {
  if (section.numeral && section.title) return `${section.numeral}. ${section.title}`;
  if (section.title ?? section.numeral) return section.title ?? section.numeral;
  const kind = section.subsections[0]?.chunks[0]?.kind;
  return kind === "preamble" ? "Preamble" : kind === "closing" ? "Closing" : undefined;
}

/** The number in the margin, and the text without the number it starts with ("24. The two sides…"). */
function splitNumber(chunk: Chunk): { marker: string; text: string } {
  if (chunk.kind === "clause") {
    const lead = new RegExp(`^${chunk.number}\\.\\s+`).exec(chunk.text);
    return { marker: String(chunk.number), text: lead ? chunk.text.slice(lead[0].length) : chunk.text };
  }
  if (chunk.kind === "closing") return { marker: "", text: chunk.text };
  return { marker: `¶${chunk.number}`, text: chunk.text };
}

function Toc({ doc, anchor }: { doc: DocumentTree; anchor?: string }) {
  const hasSections = doc.sections.some((s) => s.numeral ?? s.title);
  return (
    <nav className="toc" aria-label={`Contents of ${doc.shortTitle}`}>
      <h2 className="toc-title">Contents</h2>
      <ol className="toc-list">
        {doc.sections.map((section, i) => {
          const first = section.subsections[0]?.chunks[0];
          const heading = sectionHeading(section);
          return (
            <li key={i}>
              {hasSections && heading && first ? (
                <Link href={`/doc/${doc.id}#${first.ref}`} className="toc-section" title={heading}>
                  {heading}
                </Link>
              ) : null}
              {section.subsections.some((sub) => sub.chunks.some((c) => c.kind !== "closing")) && (
              <ol className="toc-chunks" aria-label={heading ?? doc.shortTitle}>
                {section.subsections.flatMap((sub) => sub.chunks).map((chunk) => (
                  <li key={chunk.id}>
                    <Link
                      href={`/doc/${doc.id}#${chunk.ref}`}
                      className={chunk.ref === anchor ? "toc-chunk is-current" : "toc-chunk"}
                      aria-current={chunk.ref === anchor ? "location" : undefined}
                      aria-label={chunk.label}
                    >
                      {chunk.kind === "preamble" ? `¶${chunk.number}` : chunk.shortLabel}
                    </Link>
                  </li>
                ))}
              </ol>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function ChunkBlock({ chunk, target, quote }: { chunk: Chunk; target: boolean; quote?: string }) {
  const { marker, text } = splitNumber(chunk);
  return (
    <div id={chunk.ref} className={target ? "doc-chunk is-target" : "doc-chunk"} tabIndex={target ? -1 : undefined} data-chunk={chunk.id}>
      <span className="doc-chunk-marker" aria-hidden="true">
        {marker}
      </span>
      <p className="doc-chunk-text">
        <span className="sr-only">{chunk.shortLabel}: </span>
        {target ? <QuotedText text={text} quote={quote} /> : text}
      </p>
    </div>
  );
}

export function DocumentReader({ docId, anchor, quote }: { docId: string; anchor?: string; quote?: string }) {
  const { documents, documentById, resource } = useDocuments();
  const doc = documentById.get(docId);
  const body = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!doc) return;
    if (!anchor) {
      window.scrollTo({ top: 0 });
      return;
    }
    const article = body.current;
    const target = article?.querySelector<HTMLElement>(`[id="${CSS.escape(anchor)}"]`);
    if (!article || !target) return;
    // The text reflows once the reading font has loaded (local fonts load lazily), which
    // would carry the clause off screen; keep it in place until the layout settles or the
    // reader scrolls on their own.
    const pin = () => target.scrollIntoView({ block: "start" });
    const frame = requestAnimationFrame(() => {
      pin();
      target.focus({ preventScroll: true });
    });
    const observer = new ResizeObserver(pin);
    observer.observe(article);
    const release = () => observer.disconnect();
    const settled = setTimeout(release, PIN_MS);
    const userInput = ["wheel", "touchstart", "keydown", "pointerdown"] as const;
    for (const type of userInput) window.addEventListener(type, release, { passive: true, once: true });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(settled);
      release();
      for (const type of userInput) window.removeEventListener(type, release);
    };
  }, [doc, anchor]);

  if (resource.status === "loading") return <p className="page-status">Loading the documents…</p>;
  if (resource.status === "error") return <ProblemAlert error={resource.error} />;
  if (!doc) {
    return (
      <div className="page-status">
        <h1>No such document</h1>
        <p>
          There is no document called “{docId}”. <Link href="/doc/statement">Open the Joint Statement</Link>.
        </p>
      </div>
    );
  }

  const missingAnchor = anchor && !doc.sections.some((s) => s.subsections.some((sub) => sub.chunks.some((c) => c.ref === anchor)));
  return (
    <div className="reader">
      <nav className="doc-tabs" aria-label="Documents">
        {documents.map((d) => (
          <Link key={d.id} href={`/doc/${d.id}`} className={d.id === doc.id ? "doc-tab is-current" : "doc-tab"} aria-current={d.id === doc.id ? "page" : undefined}>
            {d.shortTitle}
          </Link>
        ))}
      </nav>
      <div className="reader-layout">
        <Toc doc={doc} anchor={anchor} />
        <article className="doc" ref={body} aria-labelledby="doc-title">
          <header className="doc-header">
            <h1 id="doc-title">{doc.title}</h1>
            <p className="doc-meta">
              {doc.publisher} · <time dateTime={doc.date}>{doc.date}</time>
            </p>
          </header>
          {missingAnchor && (
            <p className="notice" role="note">
              This document has no part “{anchor}”.
            </p>
          )}
          {doc.sections.map((section, i) => (
            <section key={i} className="doc-section" aria-label={sectionHeading(section) ?? undefined}>
              {sectionHeading(section) && <h2 className="doc-section-title">{sectionHeading(section)}</h2>}
              {section.subsections.map((sub, j) => (
                <div key={j} className="doc-subsection">
                  {sub.title && <h3 className="doc-subsection-title">{sub.title}</h3>}
                  {sub.chunks.map((chunk) => (
                    <ChunkBlock key={chunk.id} chunk={chunk} target={chunk.ref === anchor} quote={quote} />
                  ))}
                </div>
              ))}
            </section>
          ))}
        </article>
      </div>
    </div>
  );
}
