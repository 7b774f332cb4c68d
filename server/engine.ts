/**
 * The engine: corpus → chunks → embeddings → index → retrieval → answer.
 * `openEngine` loads (or builds) everything once; `answer` and `retrieve` are
 * then pure in-memory work. The CLI, the HTTP API and the eval runner all go
 * through this one object, so they give the same answers.
 */
import type { Answer, Chunk, DocumentTree, Turn } from "./contract.ts";
import { LIMITS } from "./contract.ts";
import { loadConfig, prepareDataDir, type Config } from "./config.ts";
import { documentTrees, loadCorpus, type Corpus } from "../corpus/load.ts";
import { ClausewiseError } from "./errors.ts";
import { createEmbedder, localEmbedder, type Embedder } from "./embeddings/index.ts";
import { SifEmbeddings } from "./embeddings/sif.ts";
import type { WordVectors } from "./embeddings/word-vectors.ts";
import { openIndex, type IndexStatus } from "./index/open-index.ts";
import type { VectorIndex } from "./index/vector-index.ts";
import { LexicalIndex } from "./retrieval/lexical.ts";
import { HybridRetriever, type Retrieval, type RetrievalVariant } from "./retrieval/hybrid.ts";
import { QueryAnalyzer } from "./retrieval/query.ts";
import { glossVietnamese, isVietnamese } from "./retrieval/vietnamese.ts";
import { separateInstructions } from "./retrieval/instructions.ts";
import type { QueryTerm } from "./analysis.ts";
import { answerExtractive, describeUnknownReference } from "./answer/extractive.ts";

export { indexDir, indexedText, openIndex, type IndexStatus } from "./index/open-index.ts";

export interface EngineOptions {
  config?: Config;
  /** Replaces the configured embedder (tests use this for a deterministic one). */
  embedder?: Embedder;
  log?: (line: string) => void;
}

export interface RetrieveOptions {
  history?: Turn[];
  variant?: RetrievalVariant;
  limit?: number;
}

export const VIETNAMESE_NOTICE =
  "Trích nguyên văn bản tiếng Anh của văn kiện (offline answers quote the English text of the documents).";

/** Weight of the earlier question's words in a follow-up, relative to its own. */
const FOLLOW_UP_WEIGHT = 0.4;

export const DECLINE_TEXT =
  "I can only answer questions about what the Joint Statement and the VNA/VNS article say. I don't take on roles, reveal my configuration or follow instructions written into a question.";

export class Engine {
  readonly chunkById: Map<string, Chunk>;
  readonly query: QueryAnalyzer;
  private readonly retriever: HybridRetriever;

  constructor(
    readonly config: Config,
    readonly corpus: Corpus,
    readonly embedder: Embedder,
    readonly index: VectorIndex,
    readonly lexical: LexicalIndex,
    readonly indexStatus: IndexStatus,
    wordVectors: WordVectors,
  ) {
    this.chunkById = new Map(corpus.chunks.map((c) => [c.id, c]));
    this.retriever = new HybridRetriever({ chunks: corpus.chunks, lexical, index, embeddings: embedder.embeddings });
    this.query = new QueryAnalyzer(corpus.chunks, corpus.documents, wordVectors);
  }

  get mode(): "offline" | "llm" {
    return this.config.llm ? "llm" : "offline";
  }

  /** Retrieval for a question, with the terms it was analysed into and, for a Vietnamese question, its English gloss. */
  async retrieve(
    asked: string,
    options: RetrieveOptions = {},
  ): Promise<Retrieval & { terms: QueryTerm[]; question: string; vietnamese: boolean }> {
    const { history } = options;
    // References are read from the question as asked ("điều 24"); everything else from its English gloss.
    const vietnamese = isVietnamese(asked);
    const question = vietnamese ? glossVietnamese(asked) : asked;
    let references = this.retriever.resolveReferences(asked);
    if (references.relative) {
      const anchor = this.query.lastCited(history).at(-1);
      const chunk = anchor ? this.chunkById.get(anchor) : undefined;
      const siblings = chunk ? this.corpus.chunks.filter((c) => c.docId === chunk.docId) : [];
      const next = chunk ? siblings[siblings.indexOf(chunk) + references.relative] : undefined;
      if (next) references = { ...references, ids: [next.id, ...references.ids] };
    }
    const previous = this.query.isFollowUp(question, history) ? this.query.lastUserQuestion(history) : undefined;
    const query = previous ? `${question} ${previous}` : question;
    const own = references.ids.length > 0 ? this.query.topicOf(question) : question;
    // A follow-up's own words lead; the earlier question's words fill in what it leaves implicit.
    const terms = [...this.query.terms(own), ...(previous && !references.ids.length ? this.query.terms(previous, FOLLOW_UP_WEIGHT) : [])];
    const variant = options.variant ?? "hybrid+refs";
    const expansion = variant === "hybrid+refs" ? this.query.expand(terms) : undefined;
    const embeddings = this.embedder.embeddings;
    const queryVector =
      embeddings instanceof SifEmbeddings && terms.length > 0
        ? embeddings.embedWeightedWords(terms.map((t) => ({ word: t.word, weight: t.weight })))
        : undefined;
    // A follow-up is about what the last answer cited, and its neighbours in the same (sub)section.
    const context = previous ? this.query.neighbourhood(this.query.lastCited(history)) : undefined;
    // "According to the statement …" / "What does the article say …": that document's chunks come first.
    const preferDocument = variant === "hybrid+refs" && !references.ids.length ? this.query.documentNamedIn(question) : undefined;
    const retrieval = await this.retriever.retrieve(query, {
      variant,
      limit: options.limit,
      references,
      expansion,
      queryVector,
      context,
      preferDocument,
    });
    return { ...retrieval, terms, question, vietnamese };
  }

  /** The offline (extractive) answer. */
  async answer(asked: string, options: RetrieveOptions = {}): Promise<Answer> {
    validateQuestion(asked, options.history);
    const parts = separateInstructions(asked);
    if (parts.refuse) return { answer: DECLINE_TEXT, citations: [], abstained: true, outcome: "none", mode: "extractive", retrieved: [] };
    const question = parts.question;
    const retrieval = await this.retrieve(question, options);
    const result = answerExtractive({
      question: retrieval.question,
      terms: retrieval.terms,
      retrieval,
      chunkById: this.chunkById,
      scorer: this.query.scorer,
      describeUnknown: (unknown) => describeUnknownReference(unknown, this.corpus.chunks),
    });
    return {
      ...result,
      mode: "extractive",
      retrieved: retrieval.hits.map((h) => ({ id: h.id, score: Number(h.score.toFixed(4)) })),
      // The documents are English and an offline answer only quotes them: say so to someone who asked in Vietnamese.
      ...(retrieval.vietnamese && !result.abstained ? { notice: VIETNAMESE_NOTICE } : {}),
    };
  }

  /** Documents with their section tree, for a source browser. */
  documents(): DocumentTree[] {
    return documentTrees(this.corpus);
  }
}

/** Refuses questions no answer should be attempted for; the message is for the user. */
export function validateQuestion(question: unknown, history?: Turn[]): asserts question is string {
  if (typeof question !== "string") throw new ClausewiseError("bad_request", "question must be a string");
  if (question.trim().length === 0) throw new ClausewiseError("bad_request", "question is empty");
  if (question.length > LIMITS.questionChars) {
    throw new ClausewiseError("bad_request", `question is longer than ${LIMITS.questionChars} characters`);
  }
  if (history && history.length > LIMITS.historyTurns) {
    throw new ClausewiseError("bad_request", `history has more than ${LIMITS.historyTurns} turns`);
  }
}

/** Loads the corpus and the index (building it when missing, stale or corrupt). */
export async function openEngine(options: EngineOptions = {}): Promise<Engine> {
  const config = options.config ?? loadConfig();
  const log = options.log ?? ((line: string) => process.stderr.write(`clausewise: ${line}\n`));
  const corpus = loadCorpus(config.corpusDir);
  prepareDataDir(config.dataDir);
  const local = localEmbedder(config.dataDir, log);
  const embedder = options.embedder ?? (config.embeddings.kind === "local" ? local : await createEmbedder(config, log));
  const { index, status } = await openIndex(config, corpus, embedder, log);
  return new Engine(config, corpus, embedder, index, new LexicalIndex(corpus.chunks), status, local.embeddings.vectors);
}

