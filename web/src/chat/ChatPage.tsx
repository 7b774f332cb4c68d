/**
 * The chat page: the list of conversations and the current one. Deleting a
 * conversation is undone from the line above the chat, which takes focus so
 * Undo is one key away.
 */
import { useEffect, useRef, useState } from "react";
import { titleOf, type Conversation } from "./conversations-store.ts";
import { ChatView } from "./ChatView.tsx";
import { ConversationList } from "./ConversationList.tsx";
import { useConversations, type ChatSession } from "./session.ts";

function focusQuestion(): void {
  document.getElementById("question")?.focus();
}

export function ChatPage({ session }: { session: ChatSession }) {
  const { conversations, currentId } = useConversations(session);
  const current = conversations.find((c) => c.id === currentId)!;
  const [deleted, setDeleted] = useState<Conversation | undefined>(undefined);
  const undo = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (deleted) undo.current?.focus();
  }, [deleted]);

  function remove(id: string) {
    setDeleted(session.remove(id));
  }

  return (
    <div className="chat-page">
      <ConversationList
        conversations={conversations}
        currentId={currentId}
        onSelect={(id) => {
          setDeleted(undefined);
          session.select(id);
        }}
        onNew={() => {
          setDeleted(undefined);
          session.startNew();
          focusQuestion();
        }}
        onRename={(id, title) => session.rename(id, title)}
        onDelete={remove}
      />
      <div className="chat-column">
        <div className="conversation-status" role="status">
          {deleted && (
            <>
              <span>Deleted “{titleOf(deleted)}”.</span>
              <button
                ref={undo}
                type="button"
                className="text-button"
                onClick={() => {
                  session.restore(deleted);
                  setDeleted(undefined);
                  focusQuestion();
                }}
              >
                Undo
              </button>
              <button type="button" className="text-button" onClick={() => setDeleted(undefined)}>
                Dismiss
              </button>
            </>
          )}
        </div>
        <ChatView key={current.id} session={session} conversation={current} onDelete={() => remove(current.id)} />
      </div>
    </div>
  );
}
