/**
 * Test helpers: the real app on @hono/node-server on a free loopback port,
 * and a chat client made of the AI SDK's own pieces — the transport `useChat`
 * uses and the reader that turns the stream into a UIMessage.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { DefaultChatTransport, readUIMessageStream, type UIMessageChunk } from "ai";
import type { ChatMessage } from "../../server/contract.ts";
import type { Engine } from "../../server/engine.ts";
import { createApp, type AppOptions } from "../../server/http/app.ts";
import { testEngine } from "../support/engine.ts";

export interface TestServer {
  url: string;
  engine: Engine;
  /** Lines the server logged. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * Starts the app with an engine on a private data dir; `env` configures it.
 * The rate limit is off unless `env` sets CLAUSEWISE_RATE_LIMIT.
 */
export async function startServer(env: Record<string, string> = {}, options: Partial<AppOptions> = {}): Promise<TestServer> {
  const engine = await testEngine({ CLAUSEWISE_RATE_LIMIT: "0", ...env });
  // As server/http/main.ts does before it listens.
  await engine.warm();
  const logs: string[] = [];
  const app = createApp({ engine, log: (line) => logs.push(line), ...options });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    engine,
    logs,
    close: () =>
      new Promise((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function userMessage(text: string, id = "u1"): ChatMessage {
  return { id, role: "user", parts: [{ type: "text", text }] };
}

export function assistantMessage(text: string, id = "a1"): ChatMessage {
  return { id, role: "assistant", parts: [{ type: "text", text }] };
}

export interface ChatResult {
  message: ChatMessage;
  /** Every state of the message as the reader built it, first to last. */
  states: ChatMessage[];
  chunks: UIMessageChunk[];
}

/** Sends a conversation the way `useChat` does and reads the answer with the SDK's reader. */
export async function chat(
  url: string,
  messages: ChatMessage[] | string,
  onState?: (message: ChatMessage) => void,
): Promise<ChatResult> {
  const transport = new DefaultChatTransport<ChatMessage>({ api: `${url}/api/chat` });
  const stream = await transport.sendMessages({
    chatId: "test-chat",
    messages: typeof messages === "string" ? [userMessage(messages)] : messages,
    trigger: "submit-message",
    messageId: undefined,
    abortSignal: undefined,
  });
  const chunks: UIMessageChunk[] = [];
  const recorded = stream.pipeThrough(
    new TransformStream<UIMessageChunk, UIMessageChunk>({
      transform(chunk, controller) {
        chunks.push(chunk);
        controller.enqueue(chunk);
      },
    }),
  );
  const states: ChatMessage[] = [];
  for await (const state of readUIMessageStream<ChatMessage>({ stream: recorded, terminateOnError: true })) {
    const copy = structuredClone(state);
    states.push(copy);
    onState?.(copy);
  }
  const message = states.at(-1);
  if (!message) throw new Error("the chat stream produced no message");
  return { message, states, chunks };
}

export function textOf(message: ChatMessage): string {
  return message.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
}

export async function postJson(
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal,
  });
}
