/**
 * The page's chat session: the reader's conversations and one AI SDK `Chat`
 * per conversation opened. It lives outside React's tree so an answer keeps
 * streaming while the person reads a document or looks at another
 * conversation, and it saves a conversation whenever an answer settles.
 *
 * A request that ends without an answer (Stop, or a failure) still leaves an
 * assistant turn behind, marked stopped or failed, so the conversation never
 * holds two questions in a row with nothing between them.
 */
import { Chat } from "@ai-sdk/react";
import { DefaultChatTransport, type ChatTransport } from "ai";
import { useSyncExternalStore } from "react";
import { LIMITS, type ChatMessage } from "../../../server/contract.ts";
import { checkedFetch } from "../api/errors.ts";
import {
  loadStore,
  newConversation,
  saveStore,
  type Conversation,
  type ConversationStore,
  type Feedback,
  type Interruption,
} from "./conversations-store.ts";

export interface ChatSessionOptions {
  /** Where conversations are kept; localStorage by default. */
  storage?: Storage;
  /** How questions reach the server; POST /api/chat by default. */
  transport?: ChatTransport<ChatMessage>;
}

function defaultTransport(): ChatTransport<ChatMessage> {
  return new DefaultChatTransport<ChatMessage>({
    api: "/api/chat",
    // checkedFetch keeps the status, server message and Retry-After of a failed request.
    fetch: checkedFetch,
    // The server reads only the text of the last turns; sending just that keeps
    // a long conversation far below the request size limit.
    prepareSendMessagesRequest: ({ id, messages, trigger, messageId }) => ({
      body: { id, trigger, messageId, messages: compactHistory(messages) },
    }),
  });
}

export class ChatSession {
  private store: ConversationStore;
  private readonly chats = new Map<string, Chat<ChatMessage>>();
  private readonly listeners = new Set<() => void>();
  private readonly storage: Storage | undefined;
  private readonly transport: ChatTransport<ChatMessage>;

  constructor(options: ChatSessionOptions = {}) {
    this.storage = options.storage ?? globalThis.localStorage;
    this.transport = options.transport ?? defaultTransport();
    this.store = loadStore(this.storage);
    // Written back as loaded: a conversation taken over from the first version then lives under the new key only.
    saveStore(this.store, this.storage);
  }

  /** For useSyncExternalStore: called after every change to the conversations. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** An immutable snapshot; a new object after every change. */
  getSnapshot = (): ConversationStore => this.store;

  get current(): Conversation {
    return this.store.conversations.find((c) => c.id === this.store.currentId)!;
  }

  /** The conversation's Chat, created from what was saved the first time it is asked for. */
  chatOf(id: string): Chat<ChatMessage> {
    let chat = this.chats.get(id);
    if (!chat) {
      const saved = this.store.conversations.find((c) => c.id === id);
      chat = this.createChat(id, saved?.messages ?? []);
      this.chats.set(id, chat);
    }
    return chat;
  }

  select(id: string): void {
    if (id === this.store.currentId || !this.store.conversations.some((c) => c.id === id)) return;
    this.commit({ conversations: this.withoutEmpty(this.store.conversations, id), currentId: id });
  }

  /** Opens a new, empty conversation; the current one is reused when it is still empty. */
  startNew(): void {
    if (this.chatOf(this.store.currentId).messages.length === 0) return;
    const fresh = newConversation();
    this.commit({ conversations: [fresh, ...this.withoutEmpty(this.store.conversations)], currentId: fresh.id });
  }

  /** An empty or blank title goes back to the first question. */
  rename(id: string, title: string): void {
    this.update(id, (c) => {
      const { title: _old, ...rest } = c;
      return title.trim() ? { ...rest, title: title.trim() } : rest;
    });
  }

  /**
   * Deletes a conversation (stopping its answer if one is arriving) and
   * returns it, for Undo. Deleting the current one opens a new empty chat.
   */
  remove(id: string): Conversation | undefined {
    const removed = this.store.conversations.find((c) => c.id === id);
    if (!removed) return undefined;
    const chat = this.chats.get(id);
    this.chats.delete(id);
    // The latest messages are the Chat's: the saved ones may lag behind an answer that was arriving.
    const latest = chat ? { ...removed, messages: chat.messages } : removed;
    void chat?.stop();
    const rest = this.store.conversations.filter((c) => c.id !== id);
    if (id !== this.store.currentId) {
      this.commit({ ...this.store, conversations: rest });
    } else {
      const fresh = newConversation();
      this.commit({ conversations: [fresh, ...this.withoutEmpty(rest)], currentId: fresh.id });
    }
    return latest;
  }

  /** Puts a deleted conversation back and opens it. */
  restore(conversation: Conversation): void {
    if (this.store.conversations.some((c) => c.id === conversation.id)) return;
    const conversations = [...this.withoutEmpty(this.store.conversations), conversation].sort((a, b) => b.updatedAt - a.updatedAt);
    this.commit({ conversations, currentId: conversation.id });
  }

  setFeedback(id: string, messageId: string, feedback: Feedback | undefined): void {
    this.update(id, (c) => {
      const { [messageId]: _old, ...rest } = c.feedback;
      return { ...c, feedback: feedback ? { ...rest, [messageId]: feedback } : rest };
    });
  }

  /** Saves a conversation's messages; feedback and interruptions of messages no longer there are dropped. */
  saveMessages(id: string, messages: ChatMessage[], interruption?: { messageId: string; kind: Interruption }): void {
    this.update(id, (c) => {
      const ids = new Set(messages.map((m) => m.id));
      const keep = <T>(entries: Record<string, T>) => Object.fromEntries(Object.entries(entries).filter(([messageId]) => ids.has(messageId)));
      const interrupted = keep(c.interrupted);
      if (interruption) interrupted[interruption.messageId] = interruption.kind;
      return { ...c, messages, updatedAt: Date.now(), feedback: keep(c.feedback), interrupted };
    });
  }

  private createChat(id: string, messages: ChatMessage[]): Chat<ChatMessage> {
    const chat: Chat<ChatMessage> = new Chat<ChatMessage>({
      id,
      messages,
      transport: this.transport,
      onFinish: ({ message, messages: settled, isAbort, isError }) => {
        const kind: Interruption | undefined = isAbort ? "stopped" : isError ? "failed" : undefined;
        if (!kind) {
          this.saveMessages(id, settled);
          return;
        }
        // Stopped or failed before any of the answer arrived: the empty answer still takes its place after the question.
        if (settled.at(-1)?.role === "user") {
          settled = [...settled, { id: message.id, role: "assistant", parts: [] }];
          chat.messages = settled;
        }
        this.saveMessages(id, settled, { messageId: settled.at(-1)!.id, kind });
      },
    });
    return chat;
  }

  /** Drops empty conversations (a "New chat" left without a question), except `keep`. */
  private withoutEmpty(conversations: Conversation[], keep?: string): Conversation[] {
    return conversations.filter((c) => c.id === keep || c.messages.length > 0 || (this.chats.get(c.id)?.messages.length ?? 0) > 0);
  }

  private update(id: string, change: (conversation: Conversation) => Conversation): void {
    if (!this.store.conversations.some((c) => c.id === id)) return;
    const conversations = this.store.conversations.map((c) => (c.id === id ? change(c) : c)).sort((a, b) => b.updatedAt - a.updatedAt);
    this.commit({ ...this.store, conversations });
  }

  private commit(store: ConversationStore): void {
    this.store = store;
    saveStore(store, this.storage);
    for (const listener of this.listeners) listener();
  }
}

export function createChatSession(options?: ChatSessionOptions): ChatSession {
  return new ChatSession(options);
}

/** The session's conversations, re-rendering on every change. */
export function useConversations(session: ChatSession): ConversationStore {
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}

/** The last turns (the question included), text parts only: what the server uses as history. */
export function compactHistory(messages: ChatMessage[]): ChatMessage[] {
  return messages.slice(-(LIMITS.historyTurns + 1)).map((m) => ({
    id: m.id,
    role: m.role,
    parts: m.parts.filter((p) => p.type === "text"),
  }));
}
