/**
 * An answer's Markdown, rendered safely: react-markdown builds React elements
 * (never innerHTML) and, without rehype-raw, shows any HTML in the text as
 * text. Citation markers become chips; images show their alt text, so an
 * answer can't make the page fetch anything.
 */
import { useMemo } from "react";
import Markdown, { type Components } from "react-markdown";
import type { Citation } from "../../../server/contract.ts";
import { CitationChip } from "../citations/CitationChip.tsx";
import { remarkCitations } from "./remark-citations.ts";

/** A marker still arriving (`[statement/2`) is held back until it is complete. */
const PARTIAL_MARKER = /\[[a-z][a-z0-9-]*(\/[a-z0-9-]*)?$/;

const remarkPlugins = [remarkCitations];

export function AnswerText({ text, citations, streaming = false }: { text: string; citations: Citation[]; streaming?: boolean }) {
  const components = useMemo<Components>(() => {
    const quotes = new Map(citations.map((c) => [c.id, c.quote]));
    return {
      cite: ({ node }) => {
        const id = String(node?.properties.dataChunkId ?? "");
        return <CitationChip id={id} quote={quotes.get(id)} />;
      },
      img: ({ alt }) => <span>{alt}</span>,
      a: ({ href, children }) => (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {children}
        </a>
      ),
    };
  }, [citations]);
  const shown = streaming ? text.replace(PARTIAL_MARKER, "") : text;
  return (
    <div className="answer-text">
      <Markdown remarkPlugins={remarkPlugins} components={components}>
        {shown}
      </Markdown>
    </div>
  );
}
