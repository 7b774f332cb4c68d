// @vitest-environment jsdom
/**
 * The chat session with a scripted transport in place of POST /api/chat: the
 * conversations it keeps (new, rename, delete and undo, across a "reload"),
 * and what a stopped or failed answer leaves behind.
 */
import type { ChatTransport, UIMessageChunk } from "ai";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChatMessage } from "../../server/contract.ts";
import { titleOf } from "../../web/src/chat/conversations-store.ts";
import { ChatSession } from "../../web/src/chat/session.ts";

afterEach(() => localStorage.clear());

type Reply = { chunks: UIMessageChunk[]; hang?: boolean } | { fail: Error };

/** Answers each request with the next reply; a hanging reply stays open until the request is aborted. */
function scripted(...replies: Reply[]): ChatTransport<ChatMessage> & { sent: ChatMessage[][] } {
  const sent: ChatMessage[][] = [];
  return {
    sent,
    async sendMessages({ messages, abortSignal }) {
      sent.push(structuredClone(messages));
      const reply = replies.shift() ?? answerChunks("An answer.");
      if ("fail" in reply) throw reply.fail;
      return new ReadableStream<UIMessageChunk>({
        start(controller) {
          for (const chunk of reply.chunks) controller.enqueue(chunk);
          if (!reply.hang) controller.close();
          abortSignal?.addEventListener("abort", () => controller.error(new DOMException("The user aborted a request.", "AbortError")));
        },
      });
    },
    async reconnectToStream() {
      return null;
    },
  };
}

function answerChunks(text: string, { hang = false, finish = !hang }: { hang?: boolean; finish?: boolean } = {}): Reply {
  return {
    hang,
    chunks: [
      { type: "start" },
      { type: "text-start", id: "t" },
      { type: "text-delta", id: "t", delta: text },
      ...(finish ? ([{ type: "text-end", id: "t" }, { type: "finish", messageMetadata: { mode: "extractive", abstained: false } }] as UIMessageChunk[]) : []),
    ],
  };
}

const textOf = (m: ChatMessage | undefined) => m?.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("") ?? "";

describe("conversations", () => {
  it("keeps each conversation with its own messages, ordered newest first, across a reload", async () => {
    const session = new ChatSession({ transport: scripted() });
    const first = session.current.id;
    await session.chatOf(first).sendMessage({ text: "What does clause 24 say?" });
    session.startNew();
    const second = session.current.id;
    expect(second).not.toBe(first);
    await session.chatOf(second).sendMessage({ text: "Who signed the statement?" });

    const reloaded = new ChatSession({ transport: scripted() });
    const { conversations, currentId } = reloaded.getSnapshot();
    expect(currentId).toBe(second);
    expect(conversations.map(titleOf)).toEqual(["Who signed the statement?", "What does clause 24 say?"]);
    expect(reloaded.chatOf(first).messages.map(textOf)).toEqual(["What does clause 24 say?", "An answer."]);
  });

  it("reuses an empty current conversation for New chat, and forgets it when left empty", async () => {
    const session = new ChatSession({ transport: scripted() });
    const empty = session.current.id;
    session.startNew();
    expect(session.current.id).toBe(empty);
    await session.chatOf(empty).sendMessage({ text: "What does clause 5 say?" });
    session.startNew();
    const fresh = session.current.id;
    session.select(empty);
    expect(session.getSnapshot().conversations.map((c) => c.id)).toEqual([empty]);
    expect(session.getSnapshot().conversations.some((c) => c.id === fresh)).toBe(false);
  });

  it("renames a conversation, and goes back to the first question for a blank name", async () => {
    const session = new ChatSession({ transport: scripted() });
    const id = session.current.id;
    await session.chatOf(id).sendMessage({ text: "What does clause 24 say?" });
    session.rename(id, "  Direct flights ");
    expect(titleOf(new ChatSession().current)).toBe("Direct flights");
    session.rename(id, " ");
    expect(titleOf(session.current)).toBe("What does clause 24 say?");
  });

  it("deletes the current conversation into a new chat, and Undo brings it back with its feedback", async () => {
    const session = new ChatSession({ transport: scripted() });
    const id = session.current.id;
    await session.chatOf(id).sendMessage({ text: "What does clause 24 say?" });
    const answerId = session.chatOf(id).messages[1]!.id;
    session.setFeedback(id, answerId, { rating: "up", note: "clear" });

    const removed = session.remove(id)!;
    expect(session.current.id).not.toBe(id);
    expect(session.current.messages).toEqual([]);
    expect(new ChatSession().getSnapshot().conversations.some((c) => c.id === id)).toBe(false);

    session.restore(removed);
    const restored = new ChatSession();
    expect(restored.current.id).toBe(id);
    expect(restored.current.feedback).toEqual({ [answerId]: { rating: "up", note: "clear" } });
    expect(restored.getSnapshot().conversations).toHaveLength(1);
  });

  it("drops the feedback of answers an edited question replaced", async () => {
    const session = new ChatSession({ transport: scripted(answerChunks("First."), answerChunks("Second.")) });
    const id = session.current.id;
    const chat = session.chatOf(id);
    await chat.sendMessage({ text: "What does clause 24 say?" });
    const [asked, answered] = chat.messages;
    session.setFeedback(id, answered!.id, { rating: "down" });
    await chat.sendMessage({ text: "What does clause 25 say?", messageId: asked!.id });
    expect(chat.messages.map(textOf)).toEqual(["What does clause 25 say?", "Second."]);
    expect(session.current.feedback).toEqual({});
    expect(session.current.messages.map(textOf)).toEqual(["What does clause 25 say?", "Second."]);
  });
});

describe("an answer that does not finish", () => {
  it("stopped before any text: an empty answer marked stopped follows the question", async () => {
    const transport = scripted({ chunks: [], hang: true });
    const session = new ChatSession({ transport });
    const chat = session.chatOf(session.current.id);
    void chat.sendMessage({ text: "What does clause 24 say?" });
    await vi.waitFor(() => expect(transport.sent).toHaveLength(1));
    await chat.stop();
    await vi.waitFor(() => expect(chat.messages.map((m) => m.role)).toEqual(["user", "assistant"]));
    const stopped = chat.messages[1]!;
    expect(stopped.parts).toEqual([]);
    expect(session.current.interrupted).toEqual({ [stopped.id]: "stopped" });

    // The next question follows the stopped answer, not the first question.
    await chat.sendMessage({ text: "What does clause 25 say?" });
    expect(chat.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });

  it("stopped midway: the partial answer stays, marked stopped, and survives a reload", async () => {
    const session = new ChatSession({ transport: scripted(answerChunks("The two sides encouraged", { hang: true })) });
    const chat = session.chatOf(session.current.id);
    void chat.sendMessage({ text: "What does clause 24 say?" });
    await vi.waitFor(() => expect(textOf(chat.messages[1])).toBe("The two sides encouraged"));
    await chat.stop();
    await vi.waitFor(() => expect(Object.values(session.current.interrupted)).toEqual(["stopped"]));
    const reloaded = new ChatSession().current;
    expect(textOf(reloaded.messages[1])).toBe("The two sides encouraged");
    expect(reloaded.interrupted).toEqual({ [reloaded.messages[1]!.id]: "stopped" });
  });

  it("Retry (regenerate) replaces the stopped answer and its mark", async () => {
    const session = new ChatSession({ transport: scripted({ chunks: [], hang: true }, answerChunks("Direct flights.")) });
    const chat = session.chatOf(session.current.id);
    void chat.sendMessage({ text: "What does clause 24 say?" });
    await vi.waitFor(() => expect(chat.status).toBe("submitted"));
    await chat.stop();
    await vi.waitFor(() => expect(chat.messages).toHaveLength(2));
    await chat.regenerate();
    expect(chat.messages.map(textOf)).toEqual(["What does clause 24 say?", "Direct flights."]);
    expect(session.current.interrupted).toEqual({});
  });

  it("failed: an empty answer marked failed follows the question", async () => {
    const session = new ChatSession({ transport: scripted({ fail: new TypeError("Failed to fetch") }) });
    const chat = session.chatOf(session.current.id);
    await chat.sendMessage({ text: "What does clause 24 say?" });
    expect(chat.status).toBe("error");
    expect(chat.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(session.current.interrupted).toEqual({ [chat.messages[1]!.id]: "failed" });
  });
});
