/**
 * The reader's conversations in localStorage, so they survive a reload: each
 * with its messages, the feedback given on its answers, and which answers
 * were stopped or failed. One key holds them all; a save happens when a
 * question is sent, an answer settles or the reader changes something, not
 * on every streamed delta.
 *
 * Stored data is never trusted: anything that does not look right (an older
 * format, a hand edit, a full disk that cut a write short) is dropped, one
 * conversation or one entry at a time, rather than crashing the page. The
 * single conversation of the first version (`clausewise:conversation:v1`) is
 * taken over once as the first conversation.
 */
import { generateId } from "ai";
import type { ChatMessage } from "../../../server/contract.ts";

export const STORE_KEY = "clausewise:conversations:v2";
/** Where the one conversation lived before there were several. */
export const LEGACY_CONVERSATION_KEY = "clausewise:conversation:v1";

/** Longest title drawn from a first question; the list cuts it shorter still where it has no room. */
const TITLE_CHARS = 80;

export type Rating = "up" | "down";

export interface Feedback {
  rating: Rating;
  note?: string;
}

/** Why an answer is incomplete: the reader pressed Stop, or the request failed. */
export type Interruption = "stopped" | "failed";

export interface Conversation {
  id: string;
  /** Set when the reader renames it; otherwise the title is the first question. */
  title?: string;
  createdAt: number;
  /** When a question was last sent in it: the list is ordered by this, newest first. */
  updatedAt: number;
  messages: ChatMessage[];
  /** By assistant message id. */
  feedback: Record<string, Feedback>;
  /** By assistant message id. */
  interrupted: Record<string, Interruption>;
}

export interface ConversationStore {
  /** Newest first. */
  conversations: Conversation[];
  currentId: string;
}

export function newConversation(now = Date.now()): Conversation {
  return { id: generateId(), createdAt: now, updatedAt: now, messages: [], feedback: {}, interrupted: {} };
}

/** The renamed title, else the first question (shortened), else "New chat". */
export function titleOf(conversation: Conversation): string {
  if (conversation.title) return conversation.title;
  const first = conversation.messages.find((m) => m.role === "user");
  const question = first?.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("").replace(/\s+/g, " ").trim();
  if (!question) return "New chat";
  return question.length > TITLE_CHARS ? `${question.slice(0, TITLE_CHARS - 1).trimEnd()}…` : question;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isMessage(value: unknown): value is ChatMessage {
  return isRecord(value) && typeof value.id === "string" && (value.role === "user" || value.role === "assistant") && Array.isArray(value.parts);
}

function isFeedback(value: unknown): value is Feedback {
  return isRecord(value) && (value.rating === "up" || value.rating === "down") && (value.note === undefined || typeof value.note === "string");
}

function isInterruption(value: unknown): value is Interruption {
  return value === "stopped" || value === "failed";
}

/** Keeps the entries that pass `valid` and belong to a message still in the conversation. */
function entriesFor<T>(value: unknown, valid: (v: unknown) => v is T, messages: ChatMessage[]): Record<string, T> {
  if (!isRecord(value)) return {};
  const ids = new Set(messages.map((m) => m.id));
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, T] => ids.has(e[0]) && valid(e[1])));
}

function conversationFrom(value: unknown): Conversation | undefined {
  if (!isRecord(value) || typeof value.id !== "string" || !value.id) return undefined;
  if (!Array.isArray(value.messages) || !value.messages.every(isMessage)) return undefined;
  const messages = value.messages;
  const time = (t: unknown) => (typeof t === "number" && Number.isFinite(t) ? t : 0);
  return {
    id: value.id,
    ...(typeof value.title === "string" && value.title.trim() ? { title: value.title.trim() } : {}),
    createdAt: time(value.createdAt),
    updatedAt: time(value.updatedAt),
    messages,
    feedback: entriesFor(value.feedback, isFeedback, messages),
    interrupted: entriesFor(value.interrupted, isInterruption, messages),
  };
}

function readJson(storage: Storage | undefined, key: string): unknown {
  try {
    const raw = storage?.getItem(key);
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}

/** The first version's conversation as a conversation of its own, or nothing when absent or unreadable. */
function legacyConversation(storage: Storage | undefined, now: number): Conversation | undefined {
  const messages = readJson(storage, LEGACY_CONVERSATION_KEY);
  if (!Array.isArray(messages) || messages.length === 0 || !messages.every(isMessage)) return undefined;
  return { ...newConversation(now), messages };
}

/**
 * The stored conversations, always with a current one (a new empty
 * conversation when there is none to go back to). Empty conversations other
 * than the current one are dropped: "New chat" pressed and then left.
 */
export function loadStore(storage: Storage | undefined = globalThis.localStorage, now = Date.now()): ConversationStore {
  const stored = readJson(storage, STORE_KEY);
  let conversations: Conversation[] = [];
  let currentId: unknown;
  if (isRecord(stored) && Array.isArray(stored.conversations)) {
    const seen = new Set<string>();
    for (const value of stored.conversations) {
      const conversation = conversationFrom(value);
      if (conversation && !seen.has(conversation.id)) {
        seen.add(conversation.id);
        conversations.push(conversation);
      }
    }
    currentId = stored.currentId;
  } else {
    const legacy = legacyConversation(storage, now);
    if (legacy) {
      conversations = [legacy];
      currentId = legacy.id;
    }
  }
  conversations = conversations.filter((c) => c.messages.length > 0 || c.id === currentId).sort((a, b) => b.updatedAt - a.updatedAt);
  if (!conversations.some((c) => c.id === currentId)) {
    const fresh = newConversation(now);
    conversations.unshift(fresh);
    currentId = fresh.id;
  }
  return { conversations, currentId: currentId as string };
}

/**
 * Writes the store (and, once it is written, forgets the first version's
 * key). Returns false when the browser refused (storage full or disabled):
 * the conversations then just won't survive a reload.
 */
export function saveStore(store: ConversationStore, storage: Storage | undefined = globalThis.localStorage): boolean {
  try {
    storage?.setItem(STORE_KEY, JSON.stringify(store));
    storage?.removeItem(LEGACY_CONVERSATION_KEY);
    return storage !== undefined;
  } catch {
    return false;
  }
}
