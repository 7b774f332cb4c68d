/**
 * The conversation in localStorage, so it survives a reload. Anything that
 * does not look like a list of messages (an older format, a hand edit) is
 * dropped rather than crashing the page.
 */
import type { ChatMessage } from "../../../server/contract.ts";

export const CONVERSATION_KEY = "clausewise:conversation:v1";

function isMessage(value: unknown): value is ChatMessage {
  if (!value || typeof value !== "object") return false;
  const m = value as Partial<ChatMessage>;
  return typeof m.id === "string" && (m.role === "user" || m.role === "assistant") && Array.isArray(m.parts);
}

export function loadConversation(storage: Storage | undefined = globalThis.localStorage): ChatMessage[] {
  try {
    const raw = storage?.getItem(CONVERSATION_KEY);
    if (!raw) return [];
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every(isMessage) ? parsed : [];
  } catch {
    return [];
  }
}

export function saveConversation(messages: ChatMessage[], storage: Storage | undefined = globalThis.localStorage): void {
  try {
    if (messages.length === 0) storage?.removeItem(CONVERSATION_KEY);
    else storage?.setItem(CONVERSATION_KEY, JSON.stringify(messages));
  } catch {
    // Storage full or disabled (private mode): the conversation just won't survive a reload.
  }
}
