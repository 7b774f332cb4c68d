/**
 * The LLM answering path: retrieve, prompt the model with the retrieved
 * chunks (prompt.ts), pass its answer through the grounding check
 * (grounding.ts) sentence by sentence as it streams, and fall back to the
 * extractive answer, with a notice, when the model fails or nothing of its
 * answer is grounded.
 *
 * Retries are LangChain's (`maxRetries`: 429/5xx/network errors, before the
 * first token); the timeout is one deadline for the whole answer, retries
 * and stream included. Output is bounded three ways: `max_tokens` on the
 * request, a cap on the characters read from the stream (past it the request
 * is cancelled), and a cap on the bytes of the HTTP response, for an endpoint
 * that sends megabytes without a line break. @langchain/openai is imported
 * only when LLM mode is configured, so offline start-up does not pay for it.
 */
import { traced } from "../tracing.ts";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk } from "@langchain/core/messages";
import type { Answer, Chunk, Citation, RetrievedRef, Turn } from "../contract.ts";
import type { LlmConfig } from "../config.ts";
import { validateQuestion, type Engine } from "../engine.ts";
import { ClausewiseError } from "../errors.ts";
import { GroundedText, Grounder, type GroundingCounts } from "./grounding.ts";
import { buildPrompt, type Prompt } from "./prompt.ts";

export const LLM_PARAMS = {
  /** Retrieved chunks shown to the model, best first. */
  promptChunks: 6,
  /** Upper bound when the question names more clauses than that (a whole section). */
  maxPromptChunks: 12,
  /**
   * Bytes of the model's HTTP response read per character of output allowed
   * (`maxOutputChars`). A streamed chunk's JSON envelope is about 200 bytes,
   * so an endpoint that streams one character per chunk still fits.
   */
  responseBytesPerChar: 256,
};

export type ChatModel = BaseChatModel;

/** An LLM answer: the shared structure plus what the grounding check removed. */
export interface LlmAnswer extends Answer, GroundingCounts {
  mode: "llm";
  model: string;
}

export interface LlmContext {
  question: string;
  history: Turn[];
  /** The chunks in the prompt: the only ids an answer may cite. */
  chunks: Chunk[];
  retrieved: RetrievedRef[];
  prompt: Prompt;
}

/** The model's HTTP response went past its byte cap (`responseLimitedFetch`). */
export class OutputLimitError extends Error {
  override name = "OutputLimitError";
}

function isOutputLimit(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof OutputLimitError) return true;
  return false;
}

/**
 * fetch whose response bodies fail with OutputLimitError past `maxBytes`;
 * the rest of the body is cancelled, so the connection closes and nothing
 * more is read from it.
 */
export function responseLimitedFetch(maxBytes: number): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    let read = 0;
    const limited = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          read += chunk.byteLength;
          if (read > maxBytes) controller.error(new OutputLimitError(`the model's response is longer than ${maxBytes} bytes`));
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(limited, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

export async function createChatModel(llm: LlmConfig): Promise<ChatModel> {
  const { ChatOpenAI } = await import("@langchain/openai");
  return new ChatOpenAI({
    model: llm.model,
    temperature: llm.temperature,
    maxTokens: llm.maxOutputTokens,
    timeout: llm.timeoutMs,
    maxRetries: llm.maxRetries,
    // OpenAI-compatible servers such as Ollama ignore the key, but the client insists on one.
    apiKey: llm.apiKey ?? "unused",
    configuration: {
      ...(llm.baseURL ? { baseURL: llm.baseURL } : {}),
      fetch: responseLimitedFetch(llm.maxOutputChars * LLM_PARAMS.responseBytesPerChar),
    },
    // stream_options is not understood by every OpenAI-compatible server.
    streamUsage: false,
  });
}

/** Why none of the model's answer can be shown; the fallback's notice says it in plain words. */
export class UngroundedAnswerError extends Error {
  override name = "UngroundedAnswerError";
  constructor(
    readonly reason: "uncited" | "unsupported" | "no-statement" | "too-long",
    readonly counts: GroundingCounts,
  ) {
    super(`the model's answer was not shown: ${reason}`);
  }
}

/** What failed, in words safe to show: a status code or "timed out", never an error message. */
function failureNotice(error: unknown, timedOut: boolean, llm: LlmConfig): string {
  const offline = "so this is the offline answer, quoted from the documents.";
  if (error instanceof UngroundedAnswerError) {
    switch (error.reason) {
      case "uncited":
        return `The language model's answer cited no clause of the documents, ${offline}`;
      case "unsupported":
        return `The clauses the language model cited do not support its answer, ${offline}`;
      case "no-statement":
        return `What the documents support of the language model's answer does not answer the question, ${offline}`;
      case "too-long":
        return `The language model's answer ran past ${llm.maxOutputChars.toLocaleString("en")} characters, ${offline}`;
    }
  }
  if (timedOut) return `The language model did not answer within ${Math.round(llm.timeoutMs / 100) / 10} s, ${offline}`;
  const status = (error as { status?: unknown } | undefined)?.status;
  return `The language model failed${typeof status === "number" ? ` (HTTP ${status})` : ""}, ${offline}`;
}

/** What the user is told about a model answer that is shown, cut or trimmed. */
function answerNotice(grounded: GroundedText, cut: boolean, llm: LlmConfig): string | undefined {
  const notices: string[] = [];
  if (cut) notices.push(`The language model's answer was cut at ${llm.maxOutputChars.toLocaleString("en")} characters.`);
  const removed = grounded.removedSentences;
  if (removed > 0) {
    notices.push(`${removed === 1 ? "One sentence" : `${removed} sentences`} of the language model's answer ${removed === 1 ? "was" : "were"} left out: the clauses shown to it do not say ${removed === 1 ? "it" : "them"}.`);
  }
  return notices.length ? notices.join(" ") : undefined;
}

/** One deadline for the whole answer, joined with the caller's signal (a client going away). */
export function deadline(timeoutMs: number, signal?: AbortSignal): { signal: AbortSignal; timedOut: () => boolean } {
  const timer = AbortSignal.timeout(timeoutMs);
  return { signal: signal ? AbortSignal.any([timer, signal]) : timer, timedOut: () => timer.aborted };
}

export class LlmAnswerer {
  constructor(
    readonly engine: Engine,
    readonly model: ChatModel,
    readonly llm: LlmConfig,
  ) {}

  /** Retrieves the chunks for a question and builds the prompt. */
  async prepare(question: string, history: Turn[] = []): Promise<LlmContext> {
    validateQuestion(question, history);
    const retrieval = await this.engine.retrieve(question, { history });
    const referenced = retrieval.hits.filter((h) => h.referenced).length;
    const count = Math.min(Math.max(LLM_PARAMS.promptChunks, referenced), LLM_PARAMS.maxPromptChunks);
    const chunks = retrieval.hits
      .slice(0, count)
      .map((h) => this.engine.chunkById.get(h.id))
      .filter((c): c is Chunk => Boolean(c));
    return {
      question,
      history,
      chunks,
      retrieved: retrieval.hits.map((h) => ({ id: h.id, score: Number(h.score.toFixed(4)) })),
      prompt: buildPrompt({ question, history, chunks }),
    };
  }

  /** The grounding check for one answer to this context. */
  newGrounding(context: LlmContext): GroundedText {
    return new GroundedText(
      new Grounder({
        chunks: context.chunks,
        documents: this.engine.corpus.documents,
        question: context.question,
        termsOf: (text) => this.engine.query.terms(text),
        scorer: this.engine.query.scorer,
      }),
    );
  }

  /** Opens the model's token stream; failed requests are retried before the first token. */
  stream(context: LlmContext, signal: AbortSignal): Promise<AsyncIterable<AIMessageChunk>> {
    return this.model.stream(messagesOf(context.prompt), { signal });
  }

  /**
   * Streams the model's answer through the grounding check; `onText` gets
   * each sentence that passed, as soon as it has. At most `maxOutputChars`
   * of the model's text are read: past that the request is cancelled and the
   * answer ends with the last sentence that passed.
   */
  /** The model's grounded answer, in a `clausewise.llm` span when tracing is on (the offline fallback is not in it). */
  generate(context: LlmContext, grounded: GroundedText, signal: AbortSignal, onText: (text: string) => void = () => {}): Promise<LlmAnswer> {
    return traced("clausewise.llm", () => this.generateGrounded(context, grounded, signal, onText), { "gen_ai.request.model": this.llm.model });
  }

  private async generateGrounded(context: LlmContext, grounded: GroundedText, signal: AbortSignal, onText: (text: string) => void): Promise<LlmAnswer> {
    const stop = new AbortController();
    const cap = this.llm.maxOutputChars;
    let read = 0;
    let received = false;
    let cut = false;
    try {
      const tokens = await this.stream(context, AbortSignal.any([signal, stop.signal]));
      for await (const chunk of tokens) {
        const text = chunk.text;
        received ||= text.length > 0;
        cut = text.length > cap - read;
        const kept = cut ? text.slice(0, cap - read) : text;
        read += kept.length;
        const shown = grounded.push(kept);
        if (shown) onText(shown);
        if (cut) break;
      }
    } catch (error) {
      if (signal.aborted || !isOutputLimit(error)) throw error;
      cut = true;
    } finally {
      // Cancels the model's request, so nothing past the cap is read.
      if (cut) stop.abort();
    }
    if (signal.aborted) throw signal.reason;
    // A cut answer ends with the last sentence that passed; the unfinished one is dropped.
    if (!cut) {
      const rest = grounded.flush();
      if (rest) onText(rest);
    }
    if (!received && !cut) throw new Error("the model returned no text");
    return this.finish(context, grounded, cut);
  }

  /**
   * The answer from what passed the grounding check. Nothing passed, or
   * what passed does not answer the question: UngroundedAnswerError, and the
   * caller falls back. Only an abstention may cite nothing.
   */
  finish(context: LlmContext, grounded: GroundedText, cut = false): LlmAnswer {
    const counts: GroundingCounts = { unknownCitations: grounded.unknownCitations, removedSentences: grounded.removedSentences };
    const text = grounded.text.trim();
    if (!text) throw new UngroundedAnswerError(cut ? "too-long" : grounded.citedShownChunk ? "unsupported" : "uncited", counts);
    if (!grounded.opensWithAbstention && !grounded.grounder.statesSomething(grounded.claims)) {
      throw new UngroundedAnswerError("no-statement", counts);
    }
    const citations: Citation[] = [...grounded.citations()].map(([id, quotes]) => {
      const chunk = this.engine.chunkById.get(id)!;
      // In the clause's own order, so sentences that are neighbours there read as one passage.
      const ordered = [...quotes].sort((a, b) => chunk.text.indexOf(a) - chunk.text.indexOf(b));
      return { id, label: chunk.label, quote: ordered.join(" ") };
    });
    const outcome = !grounded.opensWithAbstention ? "answer" : citations.length > 0 ? "related" : "none";
    const notice = answerNotice(grounded, cut, this.llm);
    return {
      answer: text,
      citations,
      abstained: outcome !== "answer",
      outcome,
      mode: "llm",
      model: this.llm.model,
      retrieved: context.retrieved,
      ...(notice ? { notice } : {}),
      ...counts,
    };
  }

  /** The extractive answer, with a notice saying why the model's is missing. */
  async fallback(context: LlmContext, error: unknown, timedOut: boolean): Promise<Answer> {
    const answer = await this.engine.answer(context.question, { history: context.history });
    return { ...answer, notice: failureNotice(error, timedOut, this.llm) };
  }

  /** A whole answer at once (read from the model's stream, so the same caps apply); falls back to the extractive one when the model fails. */
  async answer(
    question: string,
    options: {
      history?: Turn[];
      signal?: AbortSignal;
      /** Told the model's error when the answer falls back to the offline one (for the server's log). */
      onFallback?: (error: unknown, timedOut: boolean) => void;
    } = {},
  ): Promise<LlmAnswer | Answer> {
    const context = await this.prepare(question, options.history);
    const limit = deadline(this.llm.timeoutMs, options.signal);
    try {
      return await this.generate(context, this.newGrounding(context), limit.signal);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      options.onFallback?.(error, limit.timedOut());
      return this.fallback(context, error, limit.timedOut());
    }
  }
}

function messagesOf(prompt: Prompt): Array<["system" | "human", string]> {
  return [
    ["system", prompt.system],
    ["human", prompt.user],
  ];
}

const answerers = new WeakMap<Engine, Promise<LlmAnswerer>>();

/** The engine's LLM answerer, built once from its configuration. */
export function llmAnswererFor(engine: Engine, model?: ChatModel): Promise<LlmAnswerer> {
  const llm = engine.config.llm;
  if (!llm) {
    return Promise.reject(
      new ClausewiseError("config", "LLM mode needs OPENAI_API_KEY or OPENAI_BASE_URL (an OpenAI-compatible endpoint)"),
    );
  }
  if (model) return Promise.resolve(new LlmAnswerer(engine, model, llm));
  let answerer = answerers.get(engine);
  if (!answerer) {
    answerer = createChatModel(llm).then((m) => new LlmAnswerer(engine, m, llm));
    answerers.set(engine, answerer);
  }
  return answerer;
}

/**
 * A grounded LLM answer for the eval runner and the CLI: mode "llm" with
 * validated citations, or the extractive answer with a notice when the
 * model fails or times out.
 */
export async function answerWithLlm(
  engine: Engine,
  question: string,
  options: { history?: Turn[]; signal?: AbortSignal } = {},
): Promise<LlmAnswer | Answer> {
  const answerer = await llmAnswererFor(engine);
  return answerer.answer(question, options);
}
