/**
 * The engine: corpus → chunks → embeddings → index → retrieval → answer.
 * `openEngine` loads (or builds) everything once; `answer` and `retrieve` are
 * then pure in-memory work. The CLI, the HTTP API and the eval runner all go
 * through this one object, so they give the same answers.
 */
import { join } from "node:path";
import type { Answer, Chunk, DocumentTree, Turn } from "./contract.ts";
import { LIMITS } from "./contract.ts";
import { loadConfig, type Config } from "./config.ts";
import { loadCorpus, type Corpus } from "../corpus/load.ts";
import { ClausewiseError } from "./errors.ts";
import { createEmbedder, localEmbedder, type Embedder } from "./embeddings/index.ts";
import { SifEmbeddings, unitWordVector } from "./embeddings/sif.ts";
import { IndexLoadError, VectorIndex } from "./index/vector-index.ts";
import { LexicalIndex } from "./retrieval/lexical.ts";
import { HybridRetriever, type Retrieval, type RetrievalVariant } from "./retrieval/hybrid.ts";
import { resolveReferences } from "./retrieval/references.ts";
import { glossVietnamese, isVietnamese } from "./retrieval/vietnamese.ts";
import { separateInstructions } from "./retrieval/instructions.ts";
import { answerExtractive, type QueryTerm, type SentenceScorer } from "./answer/extractive.ts";
import { contentTerms, foldText, isStopword, termOf, words } from "./text.ts";

export interface IndexStatus {
  state: "loaded" | "built" | "rebuilt";
  /** Why it was (re)built. */
  reason?: string;
  chunks: number;
  builtAt: string;
}

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

/** Words that frame a question rather than say what it is about. */
const FRAME_WORDS = new Set(
  ("how many much long often what which who whom whose when where why does did do say says said tell two side sides " +
    "summarize summarise summary explain describe quote contain contains cover covers mention mentions provide provides " +
    "kind kinds type types sort sorts apply applies happen happens mean means").split(" "),
);
export const DECLINE_TEXT =
  "I can only answer questions about what the Joint Statement and the VNA/VNS article say. I don't take on roles, reveal my configuration or follow instructions written into a question.";

export const EXPANSION = {
  /** Word-vector cosine a heading word needs to stand in for an unknown question word. */
  headingSimilarity: 0.55,
  /** Same for any other corpus word: higher, since those are more often another sense. */
  corpusSimilarity: 0.75,
  /** Words added per unknown question word from each pool. */
  perTerm: 2,
  /** BM25 weight of an expansion term relative to the user's own words, times its similarity. */
  headingWeight: 0.8,
  corpusWeight: 0.3,
};

const FOLLOW_UP = /^\s*(and|also|so|then|what about|how about|and what|what else)\b|\b(it|its|that|this|those|these|them|there|the same)\b/i;

export class Engine {
  readonly chunkById: Map<string, Chunk>;
  private readonly retriever: HybridRetriever;
  private readonly idf: Map<string, number>;
  private readonly maxIdf: number;
  private readonly wordVectorCache = new Map<string, Float64Array | undefined>();
  /** Folded corpus words (no stopwords): the targets of paraphrase expansion. */
  private readonly corpusWords: string[];
  /** Folded words of section and subsection headings: the documents' own topic labels. */
  private readonly headingWords: string[];

  constructor(
    readonly config: Config,
    readonly corpus: Corpus,
    readonly embedder: Embedder,
    readonly index: VectorIndex,
    readonly lexical: LexicalIndex,
    readonly indexStatus: IndexStatus,
    private readonly wordVectors: SifEmbeddings,
  ) {
    this.chunkById = new Map(corpus.chunks.map((c) => [c.id, c]));
    this.retriever = new HybridRetriever({ chunks: corpus.chunks, lexical, index, embeddings: embedder.embeddings });
    const df = new Map<string, number>();
    for (const c of corpus.chunks) for (const t of new Set(contentTerms(c.text))) df.set(t, (df.get(t) ?? 0) + 1);
    const n = corpus.chunks.length;
    this.idf = new Map([...df].map(([t, f]) => [t, Math.log(1 + (n - f + 0.5) / (f + 0.5))]));
    this.maxIdf = Math.log(1 + (n + 0.5) / 0.5);
    this.corpusWords = [...new Set(corpus.chunks.flatMap((c) => words(c.text)))].filter(
      (w) => !isStopword(w) && !/^\d/.test(w) && w.length > 2,
    );
    const headings = corpus.chunks.map((c) => `${c.section?.title ?? ""} ${c.subsection ?? ""}`).join(" ");
    this.headingWords = [...new Set(words(headings))].filter((w) => !isStopword(w) && w.length > 2);
  }

  /**
   * Paraphrase expansion: a question word the corpus never uses ("army",
   * "farming") brings in its nearest words by word vectors, for the lexical
   * ranking. Section and subsection headings are the documents' own topic
   * labels, so their words are preferred targets ("army" → "defense");
   * other corpus words must be much closer, because a near neighbour can be
   * another sense ("army" → "forces", as in "driving forces").
   */
  expand(terms: QueryTerm[]): { text: string; boosts: Map<string, number> } | undefined {
    const boosts = new Map<string, number>();
    const added: string[] = [];
    const nearest = (word: string, pool: string[], min: number, take: number) =>
      pool
        .map((w) => ({ w, sim: this.scorer.wordSimilarity(word, w) }))
        .filter((x) => x.sim >= min && termOf(x.w) !== termOf(word))
        .sort((a, b) => b.sim - a.sim)
        .slice(0, take);
    for (const q of terms) {
      if (this.lexical.vocabulary.has(q.term) || !this.wordVector(q.word)) continue;
      const targets = [
        ...nearest(q.word, this.headingWords, EXPANSION.headingSimilarity, EXPANSION.perTerm).map((x) => ({ ...x, weight: x.sim * EXPANSION.headingWeight })),
        ...nearest(q.word, this.corpusWords, EXPANSION.corpusSimilarity, EXPANSION.perTerm).map((x) => ({ ...x, weight: x.sim * EXPANSION.corpusWeight })),
      ];
      for (const { w, weight } of targets) {
        const term = termOf(w);
        boosts.set(term, Math.max(boosts.get(term) ?? 0, weight));
        added.push(w);
      }
    }
    return added.length ? { text: added.join(" "), boosts } : undefined;
  }

  get mode(): "offline" | "llm" {
    return this.config.llm ? "llm" : "offline";
  }

  /** Question words that say what it is about, weighted by rarity; unknown words weigh most. */
  queryTerms(text: string, weight = 1): QueryTerm[] {
    const seen = new Set<string>();
    const out: QueryTerm[] = [];
    for (const word of words(text)) {
      if (isStopword(word) || FRAME_WORDS.has(word)) continue;
      const term = termOf(word);
      if (seen.has(term)) continue;
      seen.add(term);
      out.push({ word, term, weight: weight * (this.idf.get(term) ?? this.maxIdf) });
    }
    return out;
  }

  private lastUserQuestion(history: Turn[] | undefined): string | undefined {
    return history?.filter((t) => t.role === "user").at(-1)?.content;
  }

  /** Chunk ids cited by the last assistant turn, e.g. "[statement/24]". */
  private lastCited(history: Turn[] | undefined): string[] {
    const last = history?.filter((t) => t.role === "assistant").at(-1)?.content ?? "";
    return [...last.matchAll(/\[([a-z][a-z0-9-]*\/[a-z0-9-]+)\]/g)].map((m) => m[1]!).filter((id) => this.chunkById.has(id));
  }

  isFollowUp(question: string, history: Turn[] | undefined): boolean {
    if (!this.lastUserQuestion(history)) return false;
    return FOLLOW_UP.test(question) || this.queryTerms(question).length <= 1;
  }

  async retrieve(asked: string, options: RetrieveOptions = {}): Promise<Retrieval & { terms: QueryTerm[] }> {
    const { history } = options;
    // References are read from the question as asked ("điều 24"); everything else from its English gloss.
    const question = isVietnamese(asked) ? glossVietnamese(asked) : asked;
    let references = resolveReferences(asked, this.corpus.chunks);
    if (references.relative) {
      const anchor = this.lastCited(history).at(-1);
      const chunk = anchor ? this.chunkById.get(anchor) : undefined;
      const siblings = chunk ? this.corpus.chunks.filter((c) => c.docId === chunk.docId) : [];
      const next = chunk ? siblings[siblings.indexOf(chunk) + references.relative] : undefined;
      if (next) references = { ...references, ids: [next.id, ...references.ids] };
    }
    const followUp = this.isFollowUp(question, history);
    const previous = followUp ? this.lastUserQuestion(history) : undefined;
    const query = previous ? `${question} ${previous}` : question;
    const refWords = /\b(clauses?|points?|items?|paragraphs?|paras?|sections?|parts?|preamble|closing|article|statement|joint|document|first|second|third|last|final|next|previous|following|dieu|khoan|muc|doan)\b|§|¶|\b[ivx]+\b|\d+/g;
    const own = references.ids.length > 0 ? foldText(question).replace(refWords, " ") : question;
    const terms = [...this.queryTerms(own), ...(previous && !references.ids.length ? this.queryTerms(previous, 0.4) : [])];
    const variant = options.variant ?? "hybrid+refs";
    const expansion = variant === "hybrid+refs" ? this.expand(terms) : undefined;
    const embeddings = this.embedder.embeddings;
    const queryVector =
      embeddings instanceof SifEmbeddings && terms.length > 0
        ? embeddings.embedWeightedWords(terms.map((t) => ({ word: t.word, weight: t.weight })))
        : undefined;
    // A follow-up is about what the last answer cited, and its neighbours in the same (sub)section.
    const context = previous ? this.neighbourhood(this.lastCited(history)) : undefined;
    const retrieval = await this.retriever.retrieve(query, { variant, limit: options.limit, references, expansion, queryVector, context });
    // "According to the statement …" / "What does the article say …": that document's chunks come first.
    const scope = references.ids.length ? undefined : this.documentNamedIn(question);
    if (scope) {
      const inScope = (h: { id: string }) => this.chunkById.get(h.id)?.docId === scope;
      retrieval.hits = [...retrieval.hits.filter(inScope), ...retrieval.hits.filter((h) => !inScope(h))];
    }
    return { ...retrieval, terms };
  }

  /** The one document a question names ("the statement", "the article"), if it names exactly one. */
  documentNamedIn(question: string): string | undefined {
    const q = foldText(question);
    const named = this.corpus.documents.filter((d) =>
      d.shape === "statement" ? /\b(joint statement|statement|declaration)\b/.test(q) : /\b(article|news|report|press|vna|vns)\b/.test(q),
    );
    return named.length === 1 ? named[0]!.id : undefined;
  }

  private readonly scorer: SentenceScorer = {
    analyze: (text) => {
      const ws = words(text).filter((w) => !isStopword(w));
      return { words: ws, terms: new Set(ws.map(termOf)) };
    },
    wordSimilarity: (a, b) => {
      const va = this.wordVector(a);
      const vb = this.wordVector(b);
      if (!va || !vb) return 0;
      let dot = 0;
      for (let d = 0; d < va.length; d++) dot += va[d]! * vb[d]!;
      return dot;
    },
  };

  private wordVector(word: string): Float64Array | undefined {
    if (!this.wordVectorCache.has(word)) {
      this.wordVectorCache.set(word, unitWordVector(this.wordVectors.vectors, word));
    }
    return this.wordVectorCache.get(word);
  }

  private neighbourhood(ids: string[]): string[] {
    const out = [...ids];
    for (const id of ids) {
      const chunk = this.chunkById.get(id);
      if (!chunk?.section) continue;
      for (const c of this.corpus.chunks) {
        if (c.docId === chunk.docId && c.section?.numeral === chunk.section.numeral && c.subsection === chunk.subsection && !out.includes(c.id)) out.push(c.id);
      }
    }
    return out;
  }

  describeUnknown(unknown: string[]): string {
    const statement = this.corpus.chunks.filter((c) => c.kind === "clause");
    const article = this.corpus.chunks.filter((c) => c.kind === "paragraph");
    const sections = [...new Set(statement.map((c) => c.section?.numeral))].filter(Boolean);
    return (
      `The documents have no ${unknown.join(", ")}. ` +
      `The Joint Statement has a preamble (${this.corpus.chunks.filter((c) => c.kind === "preamble").length} paragraphs), ` +
      `sections ${sections[0]}–${sections.at(-1)} with clauses ${statement[0]?.number}–${statement.at(-1)?.number}, and a closing paragraph; ` +
      `the VNA/VNS article has paragraphs 1–${article.length}.`
    );
  }

  /** The offline (extractive) answer. */
  async answer(asked: string, options: RetrieveOptions = {}): Promise<Answer> {
    validateQuestion(asked, options.history);
    const parts = separateInstructions(asked);
    if (parts.refuse) return { answer: DECLINE_TEXT, citations: [], abstained: true, mode: "extractive", retrieved: [] };
    const question = parts.question;
    const retrieval = await this.retrieve(question, options);
    const result = answerExtractive({
      question: isVietnamese(question) ? glossVietnamese(question) : question,
      terms: retrieval.terms,
      retrieval,
      chunkById: this.chunkById,
      scorer: this.scorer,
      describeUnknown: (u) => this.describeUnknown(u),
    });
    return {
      ...result,
      mode: "extractive",
      retrieved: retrieval.hits.map((h) => ({ id: h.id, score: Number(h.score.toFixed(4)) })),
    };
  }

  /** Documents with their section tree, for a source browser. */
  documents(): DocumentTree[] {
    return this.corpus.documents.map((doc) => {
      const sections: DocumentTree["sections"] = [];
      for (const chunk of this.corpus.chunks.filter((c) => c.docId === doc.id)) {
        let section = sections.at(-1);
        if (!section || section.numeral !== chunk.section?.numeral) {
          section = { numeral: chunk.section?.numeral, title: chunk.section?.title, subsections: [] };
          sections.push(section);
        }
        let sub = section.subsections.at(-1);
        if (!sub || sub.title !== chunk.subsection) {
          sub = { title: chunk.subsection, chunks: [] };
          section.subsections.push(sub);
        }
        sub.chunks.push(chunk);
      }
      return { ...doc, sections };
    });
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

export function indexDir(config: Config): string {
  return join(config.dataDir, "index");
}

/** Loads the corpus and the index (building it when missing, stale or corrupt). */
export async function openEngine(options: EngineOptions = {}): Promise<Engine> {
  const config = options.config ?? loadConfig();
  const log = options.log ?? ((line: string) => process.stderr.write(`clausewise: ${line}\n`));
  const corpus = loadCorpus(config.corpusDir);
  const local = localEmbedder(config.dataDir, log);
  const embedder = options.embedder ?? (config.embeddings.kind === "local" ? local : await createEmbedder(config, log));
  const { index, status } = await openIndex(config, corpus, embedder, log);
  return new Engine(config, corpus, embedder, index, new LexicalIndex(corpus.chunks), status, local.embeddings);
}

/** Loads the persisted index, or (re)builds and saves it, saying why in one line. */
export async function openIndex(
  config: Config,
  corpus: Corpus,
  embedder: Embedder,
  log: (line: string) => void,
  force = false,
): Promise<{ index: VectorIndex; status: IndexStatus }> {
  const dir = indexDir(config);
  const identity = { embedder: embedder.id, corpusHash: corpus.hash };
  let reason = force ? "rebuild requested" : undefined;
  if (!force) {
    try {
      const index = VectorIndex.load(dir, identity);
      embedder.restore?.(index.manifest.embedderState);
      return { index, status: { state: "loaded", chunks: index.size, builtAt: index.manifest.builtAt } };
    } catch (error) {
      if (!(error instanceof IndexLoadError)) throw error;
      reason = error.message;
      if (error.kind !== "missing") log(`index ${error.kind}: ${error.message}; rebuilding`);
    }
  }
  const texts = corpus.chunks.map((c) => indexedText(c));
  const state = embedder.fit?.(texts);
  let vectors: number[][];
  try {
    vectors = await embedder.embeddings.embedDocuments(texts);
  } catch (error) {
    throw new ClausewiseError("index", `embedding the corpus failed (${embedder.id}): ${(error as Error).message}`, { cause: error });
  }
  const dims = vectors[0]?.length ?? 0;
  const index = VectorIndex.build({ ...identity, dims }, corpus.chunks.map((c) => c.id), vectors, state);
  index.save(dir);
  const rebuilt = reason !== "no index built yet";
  return { index, status: { state: rebuilt ? "rebuilt" : "built", reason, chunks: index.size, builtAt: index.manifest.builtAt } };
}

/** What a chunk is embedded as: its headings give short clauses their topic. */
export function indexedText(chunk: Chunk): string {
  return [chunk.section?.title, chunk.subsection, chunk.text].filter(Boolean).join(". ");
}
