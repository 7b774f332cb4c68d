/**
 * The reader's conversations, newest first: open one, start a new chat,
 * rename or delete one. Beside the chat on wide screens; on narrow ones it
 * folds into a "Conversations" button that opens it as a drawer (closed by
 * Escape, a click elsewhere, or opening a conversation).
 */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { titleOf, type Conversation } from "./conversations-store.ts";

export interface ConversationListProps {
  conversations: Conversation[];
  currentId: string;
  onSelect: (id: string) => void;
  onNew: () => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
}

const itemId = (id: string) => `conversation-${id}`;

/** Today's conversations by time, older ones by date. */
function when(time: number): string {
  const date = new Date(time);
  const today = new Date().toDateString() === date.toDateString();
  return today ? date.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" }) : date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

function PencilIcon() {
  return (
    <svg viewBox="0 0 20 20" width="15" height="15" aria-hidden="true">
      <path d="M4 13.5V16h2.5l7.4-7.4-2.5-2.5L4 13.5zM12.6 4.9l2.5 2.5 1.2-1.2a1 1 0 0 0 0-1.4l-1.1-1.1a1 1 0 0 0-1.4 0l-1.2 1.2z" fill="currentColor" />
    </svg>
  );
}

function TrashIcon() {
  return (
    <svg viewBox="0 0 20 20" width="15" height="15" aria-hidden="true">
      <path d="M4.5 6h11M8 6V4.5h4V6M6 6l.7 9.5h6.6L14 6" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function RenameForm({ initial, onSave, onCancel }: { initial: string; onSave: (title: string) => void; onCancel: () => void }) {
  const [title, setTitle] = useState(initial);
  const id = useId();
  function submit(event: FormEvent) {
    event.preventDefault();
    onSave(title);
  }
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Escape") {
      // Cancels the rename only: the drawer (which skips a handled Escape) stays open.
      event.preventDefault();
      onCancel();
    }
  }
  return (
    <form className="conversation-rename" onSubmit={submit}>
      <label htmlFor={`${id}-title`} className="sr-only">
        Conversation title
      </label>
      <input id={`${id}-title`} value={title} maxLength={120} autoFocus onFocus={(e) => e.currentTarget.select()} onChange={(e) => setTitle(e.target.value)} onKeyDown={onKeyDown} />
      <span className="conversation-rename-actions">
        <button type="submit" className="text-button">
          Save
        </button>
        <button type="button" className="text-button" onClick={onCancel}>
          Cancel
        </button>
      </span>
    </form>
  );
}

export function ConversationList({ conversations, currentId, onSelect, onNew, onRename, onDelete }: ConversationListProps) {
  const [open, setOpen] = useState(false);
  const [renaming, setRenaming] = useState<string | undefined>(undefined);
  const [focusAfter, setFocusAfter] = useState<string | undefined>(undefined);
  const nav = useRef<HTMLElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  // "New chat" pressed and not yet asked anything is not a conversation to go back to.
  const listed = conversations.filter((c) => c.messages.length > 0);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!nav.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  useEffect(() => {
    if (focusAfter === undefined) return;
    document.getElementById(itemId(focusAfter))?.focus();
    setFocusAfter(undefined);
  }, [focusAfter]);

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === "Escape" && open && !event.defaultPrevented) {
      event.preventDefault();
      setOpen(false);
      toggle.current?.focus();
    }
  }

  return (
    <nav ref={nav} className={open ? "conversations is-open" : "conversations"} aria-label="Conversations" onKeyDown={onKeyDown}>
      <div className="conversations-bar">
        <button ref={toggle} type="button" className="button conversations-toggle" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <path d="M3.5 5.5h13M3.5 10h13M3.5 14.5h13" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
          Conversations{listed.length > 0 ? ` (${listed.length})` : ""}
        </button>
        <button
          type="button"
          className="button conversations-new"
          onClick={() => {
            setOpen(false);
            onNew();
          }}
        >
          New chat
        </button>
      </div>
      <div id={panelId} className="conversations-panel">
        <h2 className="conversations-title">Conversations</h2>
        {listed.length === 0 ? (
          <p className="conversations-empty">Your questions will be kept here, in this browser.</p>
        ) : (
          <ul className="conversations-list">
            {listed.map((conversation) => {
              const title = titleOf(conversation);
              const current = conversation.id === currentId;
              if (renaming === conversation.id) {
                return (
                  <li key={conversation.id} className="conversation-entry is-renaming">
                    <RenameForm
                      initial={title}
                      onSave={(next) => {
                        onRename(conversation.id, next);
                        setRenaming(undefined);
                        setFocusAfter(conversation.id);
                      }}
                      onCancel={() => {
                        setRenaming(undefined);
                        setFocusAfter(conversation.id);
                      }}
                    />
                  </li>
                );
              }
              return (
                <li key={conversation.id} className={current ? "conversation-entry is-current" : "conversation-entry"}>
                  <button
                    id={itemId(conversation.id)}
                    type="button"
                    className="conversation-open"
                    aria-current={current ? "true" : undefined}
                    onClick={() => {
                      setOpen(false);
                      onSelect(conversation.id);
                    }}
                  >
                    <span className="conversation-title" title={title}>
                      {title}
                    </span>
                    <span className="conversation-when">{when(conversation.updatedAt)}</span>
                  </button>
                  <button type="button" className="icon-button conversation-action" aria-label={`Rename “${title}”`} onClick={() => setRenaming(conversation.id)}>
                    <PencilIcon />
                  </button>
                  <button type="button" className="icon-button conversation-action" aria-label={`Delete “${title}”`} onClick={() => onDelete(conversation.id)}>
                    <TrashIcon />
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </nav>
  );
}
