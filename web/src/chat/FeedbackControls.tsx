/**
 * Thumbs up or down on an answer, with an optional note, kept with the
 * conversation in the browser. Pressing the pressed thumb again takes the
 * rating back. A thumbs down starts its note with "expected: " so the reader
 * says what the answer should have been; that part of the note is what an
 * eval case made from the answer is expected to contain.
 */
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import type { Feedback, Rating } from "./conversations-store.ts";

const EXPECTED_PREFIX = "expected: ";

/** What a note says the answer should have contained: the text after "expected:", or the whole note. */
export function expectedFrom(note: string | undefined): string {
  return (note ?? "").replace(/^\s*expected:\s*/i, "").trim();
}

function ThumbIcon({ down }: { down?: boolean }) {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
      <path
        transform={down ? "rotate(180 10 10)" : undefined}
        d="M6.5 9l3-6c1.2 0 2 .9 2 2v3h4c.8 0 1.4.8 1.2 1.6l-1.3 6A1.5 1.5 0 0 1 14 16.8H6.5M6.5 9v7.8M6.5 9H4a1 1 0 0 0-1 1v5.8a1 1 0 0 0 1 1h2.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export interface FeedbackControlsProps {
  feedback?: Feedback;
  onChange: (feedback: Feedback | undefined) => void;
}

/** The two thumbs (for the answer's footer); the note opens below them once a thumb is pressed. */
export function FeedbackControls({ feedback, onChange }: FeedbackControlsProps) {
  const [noteOpen, setNoteOpen] = useState(false);

  function rate(rating: Rating) {
    if (feedback?.rating === rating) {
      setNoteOpen(false);
      onChange(undefined);
      return;
    }
    onChange({ rating, ...(feedback?.note ? { note: feedback.note } : {}) });
    setNoteOpen(true);
  }

  return (
    <>
      <span className="feedback" role="group" aria-label="Rate this answer">
        <button type="button" className="icon-button feedback-button" aria-pressed={feedback?.rating === "up"} aria-label="Good answer" onClick={() => rate("up")}>
          <ThumbIcon />
        </button>
        <button type="button" className="icon-button feedback-button" aria-pressed={feedback?.rating === "down"} aria-label="Bad answer" onClick={() => rate("down")}>
          <ThumbIcon down />
        </button>
      </span>
      {feedback && !noteOpen && (
        <span className="feedback-summary">
          {feedback.note ? <span className="feedback-note-text">Note: {feedback.note}</span> : null}
          <button type="button" className="text-button" onClick={() => setNoteOpen(true)}>
            {feedback.note ? "Edit note" : "Add a note"}
          </button>
        </span>
      )}
      {feedback && noteOpen && (
        <FeedbackNote
          initial={feedback.note ?? (feedback.rating === "down" ? EXPECTED_PREFIX : "")}
          onSave={(note) => {
            setNoteOpen(false);
            onChange({ rating: feedback.rating, ...(note ? { note } : {}) });
          }}
          onCancel={() => setNoteOpen(false)}
        />
      )}
    </>
  );
}

function FeedbackNote({ initial, onSave, onCancel }: { initial: string; onSave: (note: string) => void; onCancel: () => void }) {
  const [note, setNote] = useState(initial);
  const id = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    // The bare "expected: " prompt, untouched, is no note.
    onSave(expectedFrom(note) ? note.trim() : "");
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form className="feedback-note" onSubmit={submit} aria-label="Feedback note">
      <label htmlFor={`${id}-note`}>Note (optional)</label>
      <input id={`${id}-note`} value={note} maxLength={500} autoFocus onChange={(event) => setNote(event.target.value)} onKeyDown={onKeyDown} />
      <button type="submit" className="button">
        Save note
      </button>
      <button type="button" className="text-button" onClick={onCancel}>
        Skip
      </button>
    </form>
  );
}
