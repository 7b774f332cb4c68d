/**
 * The LLM answering path: retrieve, prompt the model with the retrieved
 * chunks (prompt.ts), keep only citation markers that name one of them, and
 * fall back to the extractive answer, with a notice, when the model fails.
 *
 * Retries are LangChain's (`maxRetries`: 429/5xx/network errors, before the
 * first token); the timeout is one deadline for the whole answer, retries
 * and stream included. @langchain/openai is imported only when LLM mode is
 * configured, so offline start-up does not pay for it.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk } from "@langchain/core/messages";
import type { Answer, Chunk, Citation, RetrievedRef, Turn } from "../contract.ts";
import type { LlmConfig } from "../config.ts";
import { validateQuestion, type Engine } from "../engine.ts";
import { ClausewiseError } from "../errors.ts";
import { contentTerms, splitSentences } from "../text.ts";
import { ABSTENTION, buildPrompt, type Prompt } from "./prompt.ts";

export const LLM_PARAMS = {
  /** Retrieved chunks shown to the model, best first. */
  promptChunks: 6,
  /** Upper bound when the question names more clauses than that (a whole section). */
  maxPromptChunks: 12,
  /** An unclosed "[" followed by more than this many characters is ordinary text, not a marker. */
  maxMarkerChars: 120,
};

export type ChatModel = BaseChatModel;

/** An LLM answer: the shared structure plus what the citation check removed. */
export interface LlmAnswer extends Answer {
  mode: "llm";
  model: string;
  /** Markers the model wrote that named no retrieved chunk (removed from text and citations). */
  unknownCitations: number;
}

export interface LlmContext {
  question: string;
  history: Turn[];
  /** The chunks in the prompt: the only ids an answer may cite. */
  chunks: Chunk[];
  retrieved: RetrievedRef[];
  prompt: Prompt;
}

export async function createChatModel(llm: LlmConfig): Promise<ChatModel> {
  const { ChatOpenAI } = await import("@langchain/openai");
  return new ChatOpenAI({
    model: llm.model,
    temperature: llm.temperature,
    timeout: llm.timeoutMs,
    maxRetries: llm.maxRetries,
    // OpenAI-compatible servers such as Ollama ignore the key, but the client insists on one.
    apiKey: llm.apiKey ?? "unused",
    configuration: llm.baseURL ? { baseURL: llm.baseURL } : undefined,
    // stream_options is not understood by every OpenAI-compatible server.
    streamUsage: false,
  });
}

const ID = String.raw`[a-z][a-z0-9-]*/[a-z0-9-]+`;
const MARKER_LIST = new RegExp(String.raw`^\s*${ID}(?:\s*[,;]\s*${ID})*\s*$`, "i");

/**
 * Filters the model's text as it streams: a marker naming a chunk the model
 * was shown passes (normalised to `[doc/ref]`); any other marker is removed
 * and counted. Text after an unclosed "[" is held back until the bracket
 * closes, so an unknown marker never reaches the client.
 */
export class CitationFilter {
  /** The filtered text so far. */
  text = "";
  /** Cited ids in order of first appearance. */
  readonly cited: string[] = [];
  unknown = 0;
  private pending = "";

  constructor(private readonly allowed: ReadonlySet<string>) {}

  push(delta: string): string {
    this.pending += delta;
    return this.emit(this.drain(false));
  }

  /** Releases any held-back text at the end of the stream. */
  flush(): string {
    return this.emit(this.drain(true));
  }

  private emit(out: string): string {
    this.text += out;
    return out;
  }

  private drain(final: boolean): string {
    let out = "";
    while (this.pending) {
      const open = this.pending.indexOf("[");
      if (open < 0) {
        out += this.pending;
        this.pending = "";
        break;
      }
      out += this.pending.slice(0, open);
      this.pending = this.pending.slice(open);
      const close = this.pending.indexOf("]", 1);
      const reopen = this.pending.indexOf("[", 1);
      if (close < 0 || (reopen > 0 && reopen < close)) {
        const mayBeMarker =
          close < 0 && reopen < 0 && !this.pending.includes("\n") && this.pending.length <= LLM_PARAMS.maxMarkerChars;
        if (mayBeMarker && !final) break;
        out += "[";
        this.pending = this.pending.slice(1);
        continue;
      }
      out += this.rewrite(this.pending.slice(1, close));
      this.pending = this.pending.slice(close + 1);
    }
    return out;
  }

  private rewrite(inner: string): string {
    if (!MARKER_LIST.test(inner)) return `[${inner}]`;
    let out = "";
    for (const id of inner.split(/[,;]/).map((s) => s.trim().toLowerCase())) {
      if (!this.allowed.has(id)) {
        this.unknown++;
        continue;
      }
      out += `[${id}]`;
      if (!this.cited.includes(id)) this.cited.push(id);
    }
    return out;
  }
}

/** The chunk sentence that shares most content words with the claim that cites it. */
function quoteFor(chunk: Chunk, claim: string): string {
  const sentences = splitSentences(chunk.text).map((s) => s.text);
  if (sentences.length <= 1) return sentences[0] ?? chunk.text;
  const claimTerms = new Set(contentTerms(claim));
  let best = sentences[0]!;
  let bestScore = -1;
  for (const sentence of sentences) {
    const terms = new Set(contentTerms(sentence));
    let shared = 0;
    for (const t of terms) if (claimTerms.has(t)) shared++;
    const score = shared / Math.sqrt(terms.size || 1);
    if (score > bestScore) [best, bestScore] = [sentence, score];
  }
  return best;
}

/** The answer's sentences that carry a marker, without markers. */
function claimFor(text: string, id: string): string {
  const marker = `[${id}]`;
  return splitSentences(text)
    .map((s) => s.text)
    .filter((s) => s.includes(marker))
    .join(" ")
    .replace(/\[[^\]]*\]/g, " ");
}

const ABSTAINS = /\b(documents?|excerpts?|texts?|statement|article)\b[^.]{0,40}\b(do not|don't|does not|doesn't|did not|didn't)\s+(say|mention|state|specify|contain|address|cover|answer)/i;

/** Whether the model said the documents do not answer (the prompt asks it to start with ABSTENTION). */
export function isAbstention(text: string): boolean {
  const normal = text.trim().replace(/[‘’]/g, "'");
  return normal.toLowerCase().startsWith(ABSTENTION.toLowerCase().replace(/\.$/, "")) || ABSTAINS.test(normal);
}

/** An answer that cites no retrieved chunk and is not an abstention: not shown as the model's. */
export class UngroundedAnswerError extends Error {
  override name = "UngroundedAnswerError";
  constructor(readonly unknownCitations: number) {
    super("the model's answer cites no retrieved chunk");
  }
}

/** What failed, in words safe to show: a status code or "timed out", never an error message. */
function failureNotice(error: unknown, timedOut: boolean, timeoutMs: number): string {
  const offline = "so this is the offline answer, quoted from the documents.";
  if (error instanceof UngroundedAnswerError) return `The language model's answer cited no clause of the documents, ${offline}`;
  if (timedOut) return `The language model did not answer within ${Math.round(timeoutMs / 100) / 10} s, ${offline}`;
  const status = (error as { status?: unknown } | undefined)?.status;
  return `The language model failed${typeof status === "number" ? ` (HTTP ${status})` : ""}, ${offline}`;
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

  newFilter(context: LlmContext): CitationFilter {
    return new CitationFilter(new Set(context.chunks.map((c) => c.id)));
  }

  /** Opens the model's token stream; failed requests are retried before the first token. */
  stream(context: LlmContext, signal: AbortSignal): Promise<AsyncIterable<AIMessageChunk>> {
    return this.model.stream(messagesOf(context.prompt), { signal });
  }

  /**
   * The answer from the model's filtered text. An answer with no valid
   * citation must be an abstention; otherwise it is refused
   * (UngroundedAnswerError) and the caller falls back.
   */
  finish(context: LlmContext, filter: CitationFilter): LlmAnswer {
    const text = filter.text.trim();
    if (!text) throw new Error("the model returned no text");
    const citations: Citation[] = filter.cited.map((id) => {
      const chunk = this.engine.chunkById.get(id)!;
      return { id, label: chunk.label, quote: quoteFor(chunk, claimFor(text, id)) };
    });
    if (citations.length === 0 && !isAbstention(text)) throw new UngroundedAnswerError(filter.unknown);
    return {
      answer: text,
      citations,
      abstained: citations.length === 0,
      outcome: citations.length === 0 ? "none" : "answer",
      mode: "llm",
      model: this.llm.model,
      retrieved: context.retrieved,
      unknownCitations: filter.unknown,
    };
  }

  /** The extractive answer, with a notice saying why the model's is missing. */
  async fallback(context: LlmContext, error: unknown, timedOut: boolean): Promise<Answer> {
    const answer = await this.engine.answer(context.question, { history: context.history });
    return { ...answer, notice: failureNotice(error, timedOut, this.llm.timeoutMs) };
  }

  /** A whole (non-streamed) answer; falls back to the extractive one when the model fails. */
  async answer(question: string, options: { history?: Turn[]; signal?: AbortSignal } = {}): Promise<LlmAnswer | Answer> {
    const context = await this.prepare(question, options.history);
    const limit = deadline(this.llm.timeoutMs, options.signal);
    try {
      const message = await this.model.invoke(messagesOf(context.prompt), { signal: limit.signal });
      const filter = this.newFilter(context);
      filter.push(message.text);
      filter.flush();
      return this.finish(context, filter);
    } catch (error) {
      if (options.signal?.aborted) throw error;
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
