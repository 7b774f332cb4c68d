/**
 * The one chat session of the page. It lives outside React's tree so an
 * answer keeps streaming while the person reads a document, and it saves the
 * conversation whenever an answer settles.
 */
import { Chat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import type { ChatMessage } from "../../../server/contract.ts";
import { checkedFetch } from "../api/errors.ts";
import { loadConversation, saveConversation } from "./storage.ts";

export function createChatSession(): Chat<ChatMessage> {
  const chat: Chat<ChatMessage> = new Chat<ChatMessage>({
    messages: loadConversation(),
    // checkedFetch keeps the status, server message and Retry-After of a failed request.
    transport: new DefaultChatTransport<ChatMessage>({ api: "/api/chat", fetch: checkedFetch }),
    onFinish: () => saveConversation(chat.messages),
    onError: () => saveConversation(chat.messages),
  });
  return chat;
}
