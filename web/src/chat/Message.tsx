/**
 * One turn of the conversation. A person's question is plain text, editable
 * in place. An answer is Markdown with citation chips and a sources list.
 * The two kinds of abstention each get their own look, so neither reads like
 * an answer: "not stated, but here are the closest passages" lists them as
 * related passages, not sources; "not in the documents" shows no citations
 * at all. An answer cut short by Stop or a failure says so.
 */
import type { AnswerOutcome, ChatMessage, Citation } from "../../../server/contract.ts";
import { citationsOf, quoteShownIn, shortLabelOf, textOf } from "../citations/citations.ts";
import { useSourcePanel } from "../citations/source-panel-context.tsx";
import { useDocuments } from "../documents/context.tsx";
import { useEffect, useRef, useState } from "react";
import { AnswerText } from "./AnswerText.tsx";
import { answerMarkdown } from "./export.ts";
import { AddToEvalSet, type EvalCaseDraft, type EvalCasePrefill } from "../evals/AddToEvalSet.tsx";
import type { Feedback, Interruption } from "./conversations-store.ts";
import { EditQuestion } from "./EditQuestion.tsx";
import { expectedFrom, FeedbackControls } from "./FeedbackControls.tsx";
import { OUTCOME_COPY, outcomeOf } from "./outcome.ts";

export interface UserMessageProps {
  message: ChatMessage;
  /** Replaces this question (and drops what followed it); absent while an answer is arriving. */
  onEdit?: (question: string) => void;
}

export function UserMessage({ message, onEdit }: UserMessageProps) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const text = textOf(message);

  useEffect(() => {
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);

  if (editing && onEdit) {
    return (
      <div className="turn turn-user is-editing">
        <EditQuestion
          initial={text}
          onSave={(question) => {
            setEditing(false);
            onEdit(question);
          }}
          onCancel={() => {
            returnFocus.current = true;
            setEditing(false);
          }}
        />
      </div>
    );
  }
  return (
    <div className="turn turn-user">
      <p className="sr-only">You asked:</p>
      <div className="user-bubble">{text}</div>
      {onEdit && (
        <button ref={editButton} type="button" className="text-button turn-user-edit" aria-label="Edit question" onClick={() => setEditing(true)}>
          Edit
        </button>
      )}
    </div>
  );
}

/** The cited passages; a quote the answer text already shows in full is not repeated. */
function SourcesList({ title, citations, text }: { title: string; citations: Citation[]; text: string }) {
  const { chunkById } = useDocuments();
  const panel = useSourcePanel();
  return (
    <section className="sources" aria-label={title}>
      <h3 className="sources-title">{title}</h3>
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
                {citation.quote && !quoteShownIn(text, citation.quote) && <span className="source-card-quote">{citation.quote}</span>}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Copies the answer as Markdown, its citations as footnotes; says so for a moment (and to screen readers). */
function CopyButton({ message }: { message: ChatMessage }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <>
      <button
        type="button"
        className="text-button"
        onClick={() => navigator.clipboard.writeText(answerMarkdown(message)).then(() => setState("copied"), () => setState("failed"))}
      >
        Copy
      </button>
      <span className="copy-status" role="status">
        {state === "copied" ? "Copied as Markdown" : state === "failed" ? "Could not copy" : ""}
      </span>
    </>
  );
}

export interface AssistantMessageProps {
  message: ChatMessage;
  streaming: boolean;
  /** Offered on the last answer when nothing is in flight. */
  onRetry?: () => void;
  /** The eval case "Add to eval set" starts from, drawn from the conversation when asked for (undefined without a question before it). */
  evalCase?: () => EvalCaseDraft | undefined;
  /** Set when the answer was stopped or failed before it was complete. */
  interrupted?: Interruption;
  feedback?: Feedback;
  /** Offered on a complete answer; a thumbs down also opens "Add to eval set". */
  onFeedback?: (feedback: Feedback | undefined) => void;
}

const INTERRUPTED_COPY: Record<Interruption, { label: string; heading: string; empty: string }> = {
  stopped: { label: "Stopped", heading: "Clausewise: answer stopped", empty: "Stopped before an answer arrived." },
  failed: { label: "Failed", heading: "Clausewise: the answer failed", empty: "No answer was received: the request failed." },
};

function OutcomeIcon({ outcome }: { outcome: AnswerOutcome }) {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
      {outcome === "related" ? (
        <path d="M4 5.5h12M4 10h8M4 14.5h10" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      ) : (
        <>
          <circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M6.5 13.5l7-7" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </>
      )}
    </svg>
  );
}

export function AssistantMessage({ message, streaming, onRetry, evalCase, interrupted, feedback, onFeedback }: AssistantMessageProps) {
  const [evalPrefill, setEvalPrefill] = useState<EvalCasePrefill | undefined>(undefined);
  const text = textOf(message);
  const citations = citationsOf(message);
  const meta = message.metadata;
  const outcome = outcomeOf(meta);
  const copy = OUTCOME_COPY[outcome];
  const removed = meta?.unknownCitations ?? 0;
  const className = [
    "turn",
    "turn-assistant",
    outcome === "none" ? "is-abstention" : "",
    outcome === "related" ? "is-related" : "",
    streaming ? "is-streaming" : "",
    interrupted ? "is-interrupted" : "",
  ]
    .filter(Boolean)
    .join(" ");

  return (
    <article
      className={className}
      aria-busy={streaming}
      data-outcome={meta ? outcome : undefined}
      data-abstained={meta?.abstained === true || undefined}
      data-interrupted={interrupted}
    >
      <h3 className="sr-only">{interrupted ? INTERRUPTED_COPY[interrupted].heading : copy.heading}</h3>
      {interrupted && text && <p className="outcome-label interrupted-label">{INTERRUPTED_COPY[interrupted].label} — the answer is incomplete</p>}
      {meta?.notice && (
        <p className="notice" role="note">
          <strong>Note:</strong> {meta.notice}
        </p>
      )}
      {copy.label && (
        <p className="outcome-label">
          <OutcomeIcon outcome={outcome} />
          {copy.label}
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
      ) : interrupted ? (
        <p className="answer-empty interrupted-label">{INTERRUPTED_COPY[interrupted].empty}</p>
      ) : (
        <p className="answer-empty">No answer was received.</p>
      )}
      {copy.sourcesTitle && citations.length > 0 && !streaming && <SourcesList title={copy.sourcesTitle} citations={citations} text={text} />}
      {(removed > 0 || onRetry || meta || text || interrupted) && !streaming && (
        <footer className="turn-footer">
          {meta && <span className="turn-mode">{meta.mode === "llm" ? (meta.model ?? "LLM") : "Extractive (offline)"}</span>}
          {removed > 0 && (
            <span className="turn-removed">
              {removed} citation{removed === 1 ? "" : "s"} removed: not among the retrieved clauses
            </span>
          )}
          {text && <CopyButton message={message} />}
          {onRetry && (
            <button type="button" className="text-button" onClick={onRetry}>
              Retry
            </button>
          )}
          {onFeedback && text && !interrupted && (
            <FeedbackControls
              feedback={feedback}
              onChange={(next) => {
                onFeedback(next);
                if (next?.rating === "down") setEvalPrefill({ note: next.note, facts: expectedFrom(next.note) });
              }}
            />
          )}
          {evalCase && (text || meta) && <AddToEvalSet draft={evalCase} prefill={evalPrefill} />}
        </footer>
      )}
    </article>
  );
}
