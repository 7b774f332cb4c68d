/** One conversation: its messages, the question box, and what went wrong if anything did. */
import { citationsOf, textOf } from "../citations/citations.ts";
import type { EvalCaseDraft } from "../evals/AddToEvalSet.tsx";
import { conversationMarkdown } from "./export.ts";
import { suggestFollowUps } from "./suggestions.ts";
import { useDocuments } from "../documents/context.tsx";
import { useChat } from "@ai-sdk/react";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { ChatMessage, Turn } from "../../../server/contract.ts";
import { describeProblem } from "../api/errors.ts";
import { Composer } from "./Composer.tsx";
import { EmptyState } from "./EmptyState.tsx";
import { AssistantMessage, UserMessage } from "./Message.tsx";
import { OUTCOME_COPY, outcomeOf } from "./outcome.ts";
import type { Conversation } from "./conversations-store.ts";
import type { ChatSession } from "./session.ts";

/** Keep following the answer while the reader is within this many pixels of the bottom. */
const FOLLOW_SLACK_PX = 160;

function nearBottom(): boolean {
  const el = document.scrollingElement ?? document.documentElement;
  return el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_SLACK_PX;
}

/** The eval case an answer prefills: the question before it, the turns before that, the answer's citations. */
function evalCaseFor(messages: ChatMessage[], index: number): EvalCaseDraft | undefined {
  const asked = messages[index - 1];
  if (!asked || asked.role !== "user") return undefined;
  const answer = messages[index]!;
  const history: Turn[] = messages.slice(0, index - 1).map((m) => ({ role: m.role === "user" ? "user" : "assistant", content: textOf(m) }));
  return {
    question: textOf(asked),
    history,
    citations: citationsOf(answer).map((c) => c.id),
    declined: answer.metadata?.abstained === true,
  };
}

/** Hands the browser a Markdown file to save. */
function downloadMarkdown(markdown: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([markdown], { type: "text/markdown;charset=utf-8" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/**
 * Whether asking again can give another answer. The offline answer to the same question is the same answer, so
 * Retry is offered where it can differ: the answer was stopped or failed, or a model answered or should have (its
 * name is in the metadata, also when the offline answer stood in for it).
 */
function canChange(message: ChatMessage, conversation: Conversation): boolean {
  return conversation.interrupted[message.id] !== undefined || message.metadata?.mode === "llm" || message.metadata?.model !== undefined;
}

function ProblemBanner({ error, onRetry, onDismiss }: { error: Error; onRetry: () => void; onDismiss: () => void }) {
  const problem = describeProblem(error);
  return (
    <div className="problem" role="alert">
      <p className="problem-title">{problem.title}</p>
      <p className="problem-detail">{problem.detail}</p>
      <div className="problem-actions">
        {problem.retryable && (
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        )}
        <button type="button" className="text-button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

export interface ChatViewProps {
  session: ChatSession;
  conversation: Conversation;
  /** Deletes this conversation (the page offers Undo). */
  onDelete: () => void;
}

export function ChatView({ session, conversation, onDelete }: ChatViewProps) {
  const { messages, sendMessage, regenerate, stop, status, error, clearError } = useChat<ChatMessage>({ chat: session.chatOf(conversation.id) });
  const { chunkById } = useDocuments();
  const [draft, setDraft] = useState("");
  const [announcement, setAnnouncement] = useState("");
  const follow = useRef(true);
  const busy = status === "submitted" || status === "streaming";

  useEffect(() => {
    const onScroll = () => {
      follow.current = nearBottom();
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, []);

  useLayoutEffect(() => {
    if (follow.current && messages.length > 0) window.scrollTo({ top: document.documentElement.scrollHeight });
  }, [messages, status]);

  // The question is saved as it is sent (the answer when it settles), so the list shows it and a reload keeps it.
  useEffect(() => {
    if (status === "submitted") session.saveMessages(conversation.id, messages);
    // Only the moment a request starts: every streamed delta changes `messages`.
  }, [status]);

  useEffect(() => {
    if (status === "submitted") setAnnouncement("Searching the documents…");
    else if (status === "ready" && messages.at(-1)?.role === "assistant") {
      const settled = messages.at(-1)!;
      setAnnouncement(conversation.interrupted[settled.id] === "stopped" ? "Answer stopped." : OUTCOME_COPY[outcomeOf(settled.metadata)].announcement);
    } else if (status === "error") setAnnouncement("The answer failed.");
  }, [status, messages, conversation.interrupted]);

  function ask(question: string) {
    if (busy) return;
    if (error) clearError();
    follow.current = true;
    setDraft("");
    void sendMessage({ text: question });
  }

  function retry() {
    if (error) clearError();
    follow.current = true;
    void regenerate();
  }

  /** Replaces a question and everything after it, and asks it again. */
  function edit(messageId: string, question: string) {
    if (busy) return;
    if (error) clearError();
    follow.current = true;
    void sendMessage({ text: question, messageId });
  }

  const last = messages.at(-1);
  // Where the last answer's first cited passage sits suggests what to ask next; a decline with nothing cited suggests nothing.
  const followUps =
    !busy && !error && last?.role === "assistant" && outcomeOf(last.metadata) !== "none"
      ? suggestFollowUps(
          citationsOf(last).map((c) => c.id),
          chunkById,
          textOf(messages.at(-2) ?? last),
        )
      : [];
  return (
    <div className="chat">
      {messages.length === 0 ? (
        <EmptyState onAsk={ask} />
      ) : (
        <section className="conversation" aria-label="Conversation">
          <h1 className="sr-only">Conversation</h1>
          {messages.map((message, index) =>
            message.role === "user" ? (
              <UserMessage key={message.id} message={message} onEdit={busy ? undefined : (question) => edit(message.id, question)} />
            ) : (
              <AssistantMessage
                key={message.id}
                message={message}
                streaming={busy && message === last}
                evalCase={index > 0 && messages[index - 1]!.role === "user" ? () => evalCaseFor(messages, index) : undefined}
                interrupted={conversation.interrupted[message.id]}
                onRetry={!busy && !error && message === last && canChange(message, conversation) ? retry : undefined}
                feedback={conversation.feedback[message.id]}
                onFeedback={(feedback) => session.setFeedback(conversation.id, message.id, feedback)}
              />
            ),
          )}
          {busy && last?.role === "user" && (
            <AssistantMessage message={{ id: "pending", role: "assistant", parts: [] }} streaming />
          )}
          {followUps.length > 0 && (
            <ul className="follow-ups" aria-label="Suggested follow-ups">
              {followUps.map((q) => (
                <li key={q}>
                  <button type="button" className="follow-up" onClick={() => ask(q)}>
                    {q}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {error && <ProblemBanner error={error} onRetry={retry} onDismiss={clearError} />}
      <div className="composer-dock">
        {messages.length > 0 && (
          <div className="composer-tools">
            <button type="button" className="text-button" onClick={() => downloadMarkdown(conversationMarkdown(messages), "clausewise-conversation.md")} disabled={busy}>
              Export as Markdown
            </button>
            <button type="button" className="text-button" onClick={onDelete}>
              Delete conversation
            </button>
          </div>
        )}
        <Composer value={draft} onChange={setDraft} onSend={ask} onStop={() => void stop()} busy={busy} autoFocus />
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
