/**
 * The question box: Enter sends, Shift+Enter starts a new line, and while an
 * answer is arriving the send button becomes Stop.
 */
import { useEffect, useRef, type FormEvent, type KeyboardEvent } from "react";
import { LIMITS } from "../../../server/contract.ts";

export interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: (question: string) => void;
  onStop: () => void;
  busy: boolean;
  autoFocus?: boolean;
}

/** Show the character count once the question is this close to the limit. */
const COUNTER_FROM = 0.8;

export function Composer({ value, onChange, onSend, onStop, busy, autoFocus }: ComposerProps) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const trimmed = value.trim();
  const tooLong = value.length > LIMITS.questionChars;
  const canSend = !busy && trimmed.length > 0 && !tooLong;

  useEffect(() => {
    const el = textarea.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [value]);

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (canSend) onSend(trimmed);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form className="composer" onSubmit={submit} aria-label="Ask a question">
      <label htmlFor="question" className="sr-only">
        Your question about the documents
      </label>
      <textarea
        id="question"
        ref={textarea}
        rows={1}
        value={value}
        autoFocus={autoFocus}
        placeholder="Ask about the Joint Statement or the article…"
        aria-describedby="composer-hint"
        aria-invalid={tooLong || undefined}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {busy ? (
        <button type="button" className="composer-button is-stop" onClick={onStop} aria-label="Stop the answer">
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <rect x="5" y="5" width="10" height="10" rx="2" fill="currentColor" />
          </svg>
        </button>
      ) : (
        <button type="submit" className="composer-button" disabled={!canSend} aria-label="Send question">
          <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
            <path d="M10 16V4M4.5 9.5L10 4l5.5 5.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
      )}
      <p id="composer-hint" className="composer-hint">
        {value.length >= LIMITS.questionChars * COUNTER_FROM ? (
          <span className={tooLong ? "is-over" : undefined}>
            {value.length} / {LIMITS.questionChars} characters
          </span>
        ) : (
          <span className="composer-keys">
            <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
          </span>
        )}
      </p>
    </form>
  );
}
