/**
 * `POST /api/chat`: the AI SDK UI message stream that `useChat` reads.
 *
 * The request is what `DefaultChatTransport` sends: `{ id, messages, trigger,
 * messageId }`. The question is the last (user) message's text; earlier
 * messages become the history. The assistant message carries the text, one
 * `source-document` part per validated citation, a `data-citations` part with
 * the final list, and ChatMetadata on the finish chunk.
 *
 * In LLM mode the model's tokens go through the grounding check
 * (answer/grounding.ts), and a sentence is sent only once it has passed:
 * unsupported text never reaches the client, not even for a moment. (The
 * @ai-sdk/langchain adapter would do the token → chunk step, but it loads
 * @langchain/langgraph at import and needs Node 22; the step is five
 * lines.) If the model fails or times out — even after some sentences were
 * sent — or what passed does not answer the question, a `reset-step` chunk
 * retracts that text and the extractive answer follows, with a notice in
 * the metadata. Past the output cap the answer ends with a notice.
 */
import { createUIMessageStream, createUIMessageStreamResponse, generateId, type UIMessageStreamWriter } from "ai";
import { z } from "zod";
import { LIMITS, questionSchema, type Answer, type ChatMessage, type ChatMetadata, type Citation, type Turn } from "../contract.ts";
import type { Engine } from "../engine.ts";
import { deadline, type LlmAnswer, type LlmAnswerer, type LlmContext } from "../answer/llm.ts";
import { describeError, type Log } from "./errors.ts";
import { llmFacts, type LlmFacts } from "./request-log.ts";

/** Messages in one request; `useChat` sends the whole conversation, the body limit bounds its size. */
export const MAX_CHAT_MESSAGES = 200;

const partSchema = z
  .looseObject({ type: z.string().max(64), text: z.string().optional() })
  .refine((p) => p.type !== "text" || typeof p.text === "string", {
    message: "a text part needs a text string",
    path: ["text"],
  });

const messageSchema = z.looseObject({
  id: z.string().max(256).optional(),
  role: z.enum(["user", "assistant"], { error: 'role must be "user" or "assistant"' }),
  parts: z.array(partSchema).max(100),
});

type ChatRequestMessage = z.infer<typeof messageSchema>;

function textOf(message: ChatRequestMessage): string {
  return message.parts
    .filter((p) => p.type === "text")
    .map((p) => p.text ?? "")
    .join("");
}

export const chatRequestSchema = z
  .looseObject({
    id: z.string().max(256).optional(),
    messages: z.array(messageSchema).min(1, "messages is empty").max(MAX_CHAT_MESSAGES),
    trigger: z.enum(["submit-message", "regenerate-message"]).optional(),
    messageId: z.string().max(256).optional(),
  })
  .superRefine((request, ctx) => {
    const last = request.messages.length - 1;
    const message = request.messages[last];
    // zod runs refinements even when `messages` already failed its own checks.
    if (!message) return;
    if (message.role !== "user") {
      ctx.addIssue({ code: "custom", path: ["messages", last, "role"], message: "the last message must be the user's question" });
      return;
    }
    const question = questionSchema.safeParse(textOf(message));
    if (!question.success) {
      ctx.addIssue({ code: "custom", path: ["messages", last, "parts"], message: question.error.issues[0]!.message });
    }
  });

export type ChatRequest = z.infer<typeof chatRequestSchema>;

export interface Conversation {
  question: string;
  /** The most recent turns, oldest first; longer turns are cut to LIMITS.turnChars. */
  history: Turn[];
}

export function conversationOf(request: ChatRequest): Conversation {
  const earlier = request.messages.slice(0, -1);
  const history = earlier
    .map((m) => ({ role: m.role, content: textOf(m).slice(0, LIMITS.turnChars) }))
    .filter((t) => t.content.trim().length > 0)
    .slice(-LIMITS.historyTurns);
  return { question: textOf(request.messages.at(-1)!), history };
}

export interface ChatDeps {
  engine: Engine;
  /** Present in LLM mode. */
  llm?: () => Promise<LlmAnswerer>;
  log: Log;
  /** Told the outcome and mode of the answer that is sent, and in LLM mode what the model did (for the request log and metrics). */
  onAnswer?: (answer: Pick<Answer, "outcome" | "mode">, llm?: LlmFacts) => void;
}

type Writer = UIMessageStreamWriter<ChatMessage>;

/** A few deltas at word boundaries, so the client renders the offline answer as it does a streamed one. */
export function textDeltas(text: string, parts = 4): string[] {
  const words = text.match(/\s*\S+/g) ?? [];
  const size = Math.max(1, Math.ceil(words.length / parts));
  const deltas: string[] = [];
  for (let i = 0; i < words.length; i += size) deltas.push(words.slice(i, i + size).join(""));
  return deltas;
}

function writeText(writer: Writer, text: string): void {
  const id = generateId();
  writer.write({ type: "text-start", id });
  for (const delta of textDeltas(text)) writer.write({ type: "text-delta", id, delta });
  writer.write({ type: "text-end", id });
}

function writeCitations(writer: Writer, citations: Citation[]): void {
  for (const c of citations) {
    writer.write({
      type: "source-document",
      sourceId: c.id,
      mediaType: "text/plain",
      title: c.label,
      providerMetadata: { clausewise: { quote: c.quote } },
    });
  }
  writer.write({ type: "data-citations", id: "citations", data: citations });
}

function metadataOf(answer: Answer, extra: Partial<ChatMetadata> = {}): ChatMetadata {
  return {
    mode: answer.mode,
    abstained: answer.abstained,
    outcome: answer.outcome,
    retrieved: answer.retrieved,
    ...(answer.notice ? { notice: answer.notice } : {}),
    ...extra,
  };
}

function writeAnswer(writer: Writer, answer: Answer, extra?: Partial<ChatMetadata>): void {
  writeText(writer, answer.answer);
  writeCitations(writer, answer.citations);
  writer.write({ type: "finish", finishReason: "stop", messageMetadata: metadataOf(answer, extra) });
}

async function writeLlmAnswer(writer: Writer, answerer: LlmAnswerer, context: LlmContext, deps: ChatDeps, client: AbortSignal) {
  const startedAt = performance.now();
  const limit = deadline(answerer.llm.timeoutMs, client);
  const grounded = answerer.newGrounding(context);
  const id = generateId();
  let started = false;
  let answer: LlmAnswer;
  writer.write({ type: "start-step" });
  try {
    // Only sentences that passed the grounding check reach the client, one whole sentence at a time.
    answer = await answerer.generate(context, grounded, limit.signal, (delta) => {
      if (!started) writer.write({ type: "text-start", id });
      started = true;
      writer.write({ type: "text-delta", id, delta });
    });
    if (started) writer.write({ type: "text-end", id });
  } catch (error) {
    if (client.aborted) return;
    const reason = limit.timedOut() ? "timed out" : describeError(error);
    deps.log(`LLM answer refused or failed, answering offline: ${reason}`);
    writer.write({ type: "reset-step" });
    const fallback = await answerer.fallback(context, error, limit.timedOut());
    const counts = { unknownCitations: grounded.unknownCitations, removedSentences: grounded.removedSentences };
    deps.onAnswer?.(fallback, llmFacts({ ...fallback, ...counts }, performance.now() - startedAt, reason));
    writeAnswer(writer, fallback, { model: answerer.llm.model, ...counts });
    return;
  }
  writer.write({ type: "finish-step" });
  deps.onAnswer?.(answer, llmFacts(answer, performance.now() - startedAt));
  writeCitations(writer, answer.citations);
  writer.write({
    type: "finish",
    finishReason: "stop",
    messageMetadata: metadataOf(answer, {
      model: answer.model,
      unknownCitations: answer.unknownCitations,
      removedSentences: answer.removedSentences,
    }),
  });
}

/**
 * The streamed response. Retrieval (and the offline answer) happen before
 * the stream opens, so bad input is still a 400, not a stream error.
 */
export async function chatResponse(deps: ChatDeps, { question, history }: Conversation, client: AbortSignal): Promise<Response> {
  const answerer = deps.llm ? await deps.llm() : undefined;
  const offline = answerer ? undefined : await deps.engine.answer(question, { history });
  const context = answerer ? await answerer.prepare(question, history) : undefined;
  const stream = createUIMessageStream<ChatMessage>({
    execute: async ({ writer }) => {
      writer.write({ type: "start" });
      if (offline) {
        deps.onAnswer?.(offline);
        writeAnswer(writer, offline);
      }
      else await writeLlmAnswer(writer, answerer!, context!, deps, client);
    },
    onError: (error) => {
      deps.log(`chat stream failed: ${describeError(error)}`);
      return "The answer could not be completed. Please ask again.";
    },
  });
  return createUIMessageStreamResponse({ stream });
}
