/**
 * The shapes that cross a boundary: engine → CLI, engine → HTTP API → web UI,
 * engine → eval runner. Server and web both import this file, so neither side
 * guesses the other's shapes. Only types and zod schemas live here (no Node
 * APIs), which keeps it safe to bundle into the browser.
 */
import type { UIMessage } from "ai";
import { z } from "zod";

/** Limits on user input, shared by the CLI, the API and the UI's input box. */
export const LIMITS = {
  /** Characters in one question. Longer questions are refused, not truncated. */
  questionChars: 2000,
  /** Earlier turns kept with a question; the oldest beyond this are refused. */
  historyTurns: 20,
  /** Characters in one history turn (answers quote clauses, so allow more). */
  turnChars: 8000,
} as const;

export const roleSchema = z.enum(["user", "assistant"]);

export const turnSchema = z.object({
  role: roleSchema,
  content: z.string().max(LIMITS.turnChars),
});
export type Turn = z.infer<typeof turnSchema>;

export const questionSchema = z
  .string()
  .max(LIMITS.questionChars, `question is longer than ${LIMITS.questionChars} characters`)
  .refine((q) => q.trim().length > 0, "question is empty");

export const askRequestSchema = z.object({
  question: questionSchema,
  history: z.array(turnSchema).max(LIMITS.historyTurns).optional(),
});
export type AskRequest = z.infer<typeof askRequestSchema>;

// The corpus layer owns the shapes of documents and chunks; everything above it sees them through here.
export type { Chunk, DocumentId, DocumentInfo, DocumentTree } from "../corpus/types.ts";
import type { Chunk } from "../corpus/types.ts";

export interface Citation {
  id: string;
  label: string;
  /** The sentence(s) of the chunk that support the claim, verbatim. */
  quote: string;
}

export interface RetrievedRef {
  id: string;
  score: number;
}

export type AnswerMode = "extractive" | "llm";

/**
 * What an answer is:
 * - `answer`: the documents state it; the text leads with the direct answer and quotes its support;
 * - `related`: the documents don't state it, but some passages are close; they are listed, labelled as related;
 * - `none`: nothing in the documents is relevant (or the question was declined).
 * `related` and `none` both set `abstained`.
 */
export type AnswerOutcome = "answer" | "related" | "none";
export const ANSWER_OUTCOMES = ["answer", "related", "none"] as const satisfies readonly AnswerOutcome[];

/** The answer structure shared by CLI, API and evals. */
export interface Answer {
  answer: string;
  citations: Citation[];
  /** True unless `outcome` is "answer" (kept for clients written before `outcome`). */
  abstained: boolean;
  outcome: AnswerOutcome;
  mode: AnswerMode;
  /** Rank order, best first. */
  retrieved: RetrievedRef[];
  /** Plain-words notice for the user, e.g. that the LLM failed and this is the offline answer. */
  notice?: string;
}

/**
 * The chat stream (`POST /api/chat`) is the AI SDK UI message stream. Besides
 * the text, an assistant message carries:
 * - one `source-document` part per validated citation: `sourceId` is the chunk
 *   id, `title` its label, and `providerMetadata.clausewise.quote` the quote;
 * - a `data-citations` part with the final validated citation list;
 * - message metadata (mode, abstention, model, notices) as below.
 */
export interface ChatMetadata {
  mode: AnswerMode;
  abstained: boolean;
  outcome?: AnswerOutcome;
  /** The LLM's model name in LLM mode. */
  model?: string;
  /** Plain-words notice, e.g. the LLM failed and the answer is the offline one. */
  notice?: string;
  /** Citation markers the LLM wrote that named no retrieved chunk (removed). */
  unknownCitations?: number;
  /** Sentences of the LLM's answer removed because no chunk shown to it supports them (the grounding check). */
  removedSentences?: number;
  retrieved?: RetrievedRef[];
}

export type ChatDataParts = {
  citations: Citation[];
};

export type ChatMessage = UIMessage<ChatMetadata, ChatDataParts>;

/** Every API error response: a stable code and a message written for a person. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** `GET /api/health`. */
export interface HealthInfo {
  status: "ok";
  version: string;
  mode: "offline" | "llm";
  /** The LLM's model name in LLM mode. */
  model?: string;
  /** Version of the LLM prompt in LLM mode. */
  promptVersion?: string;
  embedder: string;
  /** loaded: used as found; built: there was none; rebuilt: the one found was unusable, `reason` says why. */
  index: { state: "loaded" | "built" | "rebuilt"; reason?: string; chunks: number; builtAt: string; readOnly?: true };
  /** The int8 word-vector cache, in the same terms; a checksum mismatch shows as "rebuilt" with its reason. */
  wordVectors: { state: "loaded" | "built" | "rebuilt"; reason?: string };
  /** The server process that answered: with several workers on one port, each reports its own state. */
  pid: number;
}

// ---- Eval sets (evals/sets/*.jsonl): shared by the eval runner and the server, which saves cases from chat ----

export const EVAL_TAGS = [
  "factual",
  "paraphrase",
  "numeric",
  "date",
  "yes-no",
  "clause-lookup",
  "multi-clause",
  "cross-document",
  "follow-up",
  "out-of-scope-far",
  "near-miss",
  "prompt-injection",
  "vietnamese",
  // Kinds of question as users type them (issue 8): the held-out sets showed these fail most.
  "typo",
  "no-diacritics",
  "rambling",
  "ellipsis-follow-up",
  "clause-ref-follow-up",
  "standalone-after-history",
  "paraphrase-absent-words",
  "false-premise",
  "modal-yes-no",
  "out-of-domain",
  "structural",
] as const;
export type EvalTag = (typeof EVAL_TAGS)[number];

const factSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const evalItemSchema = z
  .object({
    id: z.string().min(1),
    question: z.string().min(1),
    answerable: z.boolean(),
    /** Chunk ids that answer the question; citing any of them counts as correct. */
    citations: z.array(z.string()),
    /** Strings the answer must contain; an array lists alternatives. */
    facts: z.array(factSchema),
    tags: z.array(z.enum(EVAL_TAGS)).min(1),
    history: z.array(turnSchema).default([]),
    /** Strings the answer must not contain (what a prompt injection tries to make it say). */
    forbidden: z.array(z.string().min(1)).optional(),
  })
  .refine((item) => item.answerable || (item.citations.length === 0 && item.facts.length === 0), {
    message: "an unanswerable question has no citations and no facts",
  })
  .refine((item) => !item.answerable || item.citations.length > 0, {
    message: "an answerable question names at least one gold citation",
  });
export type EvalItem = z.infer<typeof evalItemSchema>;
