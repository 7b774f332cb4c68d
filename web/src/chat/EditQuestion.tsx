/**
 * A question edited in place: Save & resend replaces that turn and every turn
 * after it; Escape or Cancel leaves the conversation as it was. Enter saves
 * and Shift+Enter starts a new line, as in the question box.
 */
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { LIMITS } from "../../../server/contract.ts";

export interface EditQuestionProps {
  initial: string;
  onSave: (question: string) => void;
  onCancel: () => void;
}

export function EditQuestion({ initial, onSave, onCancel }: EditQuestionProps) {
  const [value, setValue] = useState(initial);
  const id = useId();
  const trimmed = value.trim();
  const tooLong = value.length > LIMITS.questionChars;
  const canSave = trimmed.length > 0 && !tooLong;

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (canSave) onSave(trimmed);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape") {
      // Handled here: the source panel, if open, stays open.
      event.preventDefault();
      onCancel();
    } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form className="edit-question" onSubmit={submit} aria-label="Edit question">
      <label htmlFor={`${id}-text`} className="sr-only">
        Your question, edited
      </label>
      <textarea
        id={`${id}-text`}
        rows={Math.min(6, Math.max(2, Math.ceil(value.length / 60)))}
        value={value}
        autoFocus
        aria-invalid={tooLong || undefined}
        aria-describedby={`${id}-hint`}
        onChange={(event) => setValue(event.target.value)}
        onFocus={(event) => event.currentTarget.setSelectionRange(event.currentTarget.value.length, event.currentTarget.value.length)}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-hint`} className="edit-question-hint">
        {tooLong ? `${value.length} / ${LIMITS.questionChars} characters` : "The answers after this question will be replaced."}
      </p>
      <div className="edit-question-actions">
        <button type="button" className="text-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={!canSave}>
          Save &amp; resend
        </button>
      </div>
    </form>
  );
}
