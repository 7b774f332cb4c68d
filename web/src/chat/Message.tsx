/**
 * One turn of the conversation. A person's question is plain text. An answer
 * is Markdown with citation chips and a sources list; an abstention gets its
 * own look so "the documents don't say" never reads like an answer.
 */
import type { ChatMessage, Citation } from "../../../server/contract.ts";
import { citationsOf, textOf } from "../citations/citations.ts";
import { useDocuments } from "../documents/context.tsx";
import { useSourcePanel } from "../citations/source-panel-context.tsx";
import { shortLabelOf } from "../citations/citations.ts";
import { AnswerText } from "./AnswerText.tsx";

export function UserMessage({ message }: { message: ChatMessage }) {
  return (
    <div className="turn turn-user">
      <p className="sr-only">You asked:</p>
      <div className="user-bubble">{textOf(message)}</div>
    </div>
  );
}

function SourcesList({ citations }: { citations: Citation[] }) {
  const { chunkById } = useDocuments();
  const panel = useSourcePanel();
  return (
    <section className="sources" aria-label="Sources">
      <h3 className="sources-title">Sources</h3>
      <ol className="sources-list">
        {citations.map((citation) => (
          <li key={citation.id}>
            <button
              type="button"
              className={panel.source?.id === citation.id ? "source-card is-active" : "source-card"}
              onClick={(event) => panel.open({ id: citation.id, quote: citation.quote }, event.currentTarget)}
            >
              <span className="chip chip-static">{shortLabelOf(citation.id, chunkById.get(citation.id))}</span>
              <span className="source-card-body">
                <span className="source-card-label">{citation.label}</span>
                {citation.quote && <span className="source-card-quote">{citation.quote}</span>}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

export interface AssistantMessageProps {
  message: ChatMessage;
  streaming: boolean;
  /** Offered on the last answer when nothing is in flight. */
  onRetry?: () => void;
}

export function AssistantMessage({ message, streaming, onRetry }: AssistantMessageProps) {
  const text = textOf(message);
  const citations = citationsOf(message);
  const meta = message.metadata;
  const abstained = meta?.abstained === true;
  const removed = meta?.unknownCitations ?? 0;
  const className = ["turn", "turn-assistant", abstained ? "is-abstention" : "", streaming ? "is-streaming" : ""].filter(Boolean).join(" ");

  return (
    <article className={className} aria-busy={streaming} data-abstained={abstained || undefined}>
      <h3 className="sr-only">{abstained ? "Clausewise: not in the documents" : "Clausewise answered"}</h3>
      {meta?.notice && (
        <p className="notice" role="note">
          <strong>Note:</strong> {meta.notice}
        </p>
      )}
      {abstained && (
        <p className="abstention-label">
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
            <path d="M6.5 13.5l7-7" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
          Not in the documents
        </p>
      )}
      {text ? (
        <AnswerText text={text} citations={citations} streaming={streaming} />
      ) : streaming ? (
        <p className="thinking">
          <span className="thinking-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          Searching the documents…
        </p>
      ) : (
        <p className="answer-empty">No answer was received.</p>
      )}
      {!abstained && citations.length > 0 && !streaming && <SourcesList citations={citations} />}
      {(removed > 0 || onRetry || meta) && !streaming && (
        <footer className="turn-footer">
          {meta && <span className="turn-mode">{meta.mode === "llm" ? (meta.model ?? "LLM") : "Extractive (offline)"}</span>}
          {removed > 0 && (
            <span className="turn-removed">
              {removed} citation{removed === 1 ? "" : "s"} removed: not among the retrieved clauses
            </span>
          )}
          {onRetry && (
            <button type="button" className="text-button" onClick={onRetry}>
              Retry
            </button>
          )}
        </footer>
      )}
    </article>
  );
}
