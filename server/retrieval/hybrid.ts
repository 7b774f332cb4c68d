/**
 * Hybrid retrieval: dense (hnswlib over sentence-embedding vectors) and
 * lexical (BM25+) rankings fused by reciprocal rank fusion, with explicit
 * clause references placed first. The variant is a parameter so the eval
 * runner can ablate each part.
 */
import type { Embeddings } from "@langchain/core/embeddings";
import type { Chunk } from "../contract.ts";
import type { DenseIndex, ScoredId } from "../index/vector-index.ts";
import type { LexicalIndex } from "./lexical.ts";
import { ReferenceResolver, type ReferenceResult } from "./references.ts";

export type RetrievalVariant = "bm25" | "dense" | "hybrid" | "hybrid+refs";

export const RETRIEVAL_PARAMS = {
  /** Reciprocal rank fusion constant (Cormack et al. 2009 use 60; smaller trusts top ranks more). */
  rrfK: 20,
  /** Candidates taken from each ranking before fusion. */
  candidates: 50,
  /** Weight of each ranking in the fusion: lexical matches are precise, dense ones catch paraphrase. */
  lexicalWeight: 1.0,
  denseWeight: 1.0,
  /** Weight of the conversation's earlier citations in a follow-up's fusion. */
  contextWeight: 1.0,
};

export interface RetrievalHit {
  id: string;
  /** Fused score (RRF; referenced chunks get 1 + …), for ordering only. */
  score: number;
  dense?: number;
  lexical?: number;
  referenced?: boolean;
}

export interface Retrieval {
  /** The query actually searched (a follow-up carries the earlier question's words). */
  query: string;
  hits: RetrievalHit[];
  references: ReferenceResult;
}

export interface HybridRetrieverParams {
  chunks: Chunk[];
  lexical: LexicalIndex;
  index: DenseIndex;
  embeddings: Embeddings;
}

export class HybridRetriever {
  private readonly references: ReferenceResolver;
  private readonly docOf: Map<string, string>;

  constructor(private readonly p: HybridRetrieverParams) {
    this.references = new ReferenceResolver(p.chunks);
    this.docOf = new Map(p.chunks.map((c) => [c.id, c.docId]));
  }

  /** Explicit references in a question, resolved against this retriever's chunks. */
  resolveReferences(question: string): ReferenceResult {
    return this.references.resolve(question);
  }

  async denseRanking(query: string | number[], limit: number): Promise<ScoredId[]> {
    const vector = typeof query === "string" ? await this.p.embeddings.embedQuery(query) : query;
    return this.p.index.search(vector, limit);
  }

  async retrieve(
    query: string,
    options: {
      variant?: RetrievalVariant;
      limit?: number;
      references?: ReferenceResult;
      /** Extra words for the lexical query (paraphrase expansion), with their weights by stem. */
      expansion?: { text: string; boosts: Map<string, number> };
      /** A ready query vector (the engine's IDF-weighted one); otherwise the query text is embedded. */
      queryVector?: number[];
      /** Chunks the conversation was about (for follow-ups), best first: fused as a third ranking. */
      context?: string[];
      /** A document the question names ("according to the statement"): its chunks rank first. */
      preferDocument?: string;
    } = {},
  ): Promise<Retrieval> {
    const variant = options.variant ?? "hybrid+refs";
    const limit = options.limit ?? 10;
    const { rrfK, candidates, lexicalWeight, denseWeight } = RETRIEVAL_PARAMS;
    const expansion = options.expansion;
    const lexical =
      variant === "dense"
        ? []
        : this.p.lexical.query(expansion ? `${query} ${expansion.text}` : query, candidates, expansion?.boosts);
    const dense = variant === "bm25" ? [] : await this.denseRanking(options.queryVector ?? query, candidates);

    const fused = new Map<string, RetrievalHit>();
    const hit = (id: string) => {
      let h = fused.get(id);
      if (!h) fused.set(id, (h = { id, score: 0 }));
      return h;
    };
    lexical.forEach((r, rank) => {
      const h = hit(r.id);
      h.lexical = r.score;
      h.score += lexicalWeight / (rrfK + rank + 1);
    });
    dense.forEach((r, rank) => {
      const h = hit(r.id);
      h.dense = r.score;
      h.score += denseWeight / (rrfK + rank + 1);
    });

    options.context?.forEach((id, rank) => {
      hit(id).score += RETRIEVAL_PARAMS.contextWeight / (rrfK + rank + 1);
    });

    if (options.preferDocument) {
      for (const h of fused.values()) if (this.docOf.get(h.id) === options.preferDocument) h.score += 1;
    }

    const references =
      variant === "hybrid+refs" ? (options.references ?? this.references.resolve(query)) : { ids: [], unknown: [] };
    references.ids.forEach((id, i) => {
      const h = hit(id);
      h.referenced = true;
      // Referenced chunks outrank every similarity match, in the order named.
      h.score = 2 - i / 1000;
    });

    const hits = [...fused.values()].sort((a, b) => b.score - a.score);
    return { query, hits: hits.slice(0, Math.max(limit, references.ids.length)), references };
  }
}
