/**
 * The one chat session of the page. It lives outside React's tree so an
 * answer keeps streaming while the person reads a document, and it saves the
 * conversation whenever an answer settles.
 */
import { Chat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { LIMITS, type ChatMessage } from "../../../server/contract.ts";
import { checkedFetch } from "../api/errors.ts";
import { loadConversation, saveConversation } from "./storage.ts";

export function createChatSession(): Chat<ChatMessage> {
  const chat: Chat<ChatMessage> = new Chat<ChatMessage>({
    messages: loadConversation(),
    // checkedFetch keeps the status, server message and Retry-After of a failed request.
    transport: new DefaultChatTransport<ChatMessage>({
      api: "/api/chat",
      fetch: checkedFetch,
      // The server reads only the text of the last turns; sending just that keeps
      // a long conversation far below the request size limit.
      prepareSendMessagesRequest: ({ id, messages, trigger, messageId }) => ({
        body: { id, trigger, messageId, messages: compactHistory(messages) },
      }),
    }),
    onFinish: () => saveConversation(chat.messages),
    onError: () => saveConversation(chat.messages),
  });
  return chat;
}

/** The last turns (the question included), text parts only: what the server uses as history. */
export function compactHistory(messages: ChatMessage[]): ChatMessage[] {
  return messages.slice(-(LIMITS.historyTurns + 1)).map((m) => ({
    id: m.id,
    role: m.role,
    parts: m.parts.filter((p) => p.type === "text"),
  }));
}
