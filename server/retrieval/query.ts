/**
 * Query understanding: which words of a question say what it is about and how
 * much each weighs, which corpus words stand in for words the corpus never
 * uses, whether it follows up on the conversation, and which document it
 * names. Built once per corpus; everything here is in-memory and fast.
 */
import type { Chunk, DocumentInfo, Turn } from "../contract.ts";
import type { QueryTerm, SentenceScorer } from "../analysis.ts";
import { unitWordVector } from "../embeddings/sif.ts";
import type { WordVectors } from "../embeddings/word-vectors.ts";
import { contentTerms, foldText, isStopword, memoize, termOf, words } from "../text.ts";

/** Words that frame a question rather than say what it is about. */
const FRAME_WORDS = new Set(
  ("how many much long often what which who whom whose when where why does did do say says said tell two side sides " +
    "summarize summarise summary explain describe quote contain contains cover covers mention mentions provide provides " +
    "kind kinds type types sort sorts apply applies happen happens mean means").split(" "),
);

const FOLLOW_UP = /^\s*(and|also|so|then|what about|how about|and what|what else)\b|\b(it|its|that|this|those|these|them|there|the same)\b/i;

/** Words that make up a reference ("clause 24", "section II"), not its topic. */
const REFERENCE_WORDS =
  /\b(clauses?|points?|items?|paragraphs?|paras?|sections?|parts?|preamble|closing|article|statement|joint|document|first|second|third|last|final|next|previous|following|dieu|khoan|muc|doan)\b|§|¶|\b[ivx]+\b|\d+/g;

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

export class QueryAnalyzer {
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  private readonly vocabulary = new Set<string>();
  /** Folded corpus words (no stopwords): targets of paraphrase expansion. */
  private readonly corpusWords: string[];
  /** Folded words of section and subsection headings: the documents' own topic labels. */
  private readonly headingWords: string[];

  private readonly chunkById: Map<string, Chunk>;

  constructor(
    private readonly chunks: Chunk[],
    private readonly documents: DocumentInfo[],
    private readonly vectors: WordVectors,
  ) {
    this.chunkById = new Map(chunks.map((c) => [c.id, c]));
    const df = new Map<string, number>();
    for (const c of chunks) {
      for (const t of new Set(contentTerms(c.text))) df.set(t, (df.get(t) ?? 0) + 1);
      for (const t of contentTerms(`${c.text} ${c.section?.title ?? ""} ${c.subsection ?? ""}`)) this.vocabulary.add(t);
    }
    const n = chunks.length;
    for (const [t, f] of df) this.idf.set(t, Math.log(1 + (n - f + 0.5) / (f + 0.5)));
    // A word the corpus never uses weighs like the rarest: it is what the question is about.
    this.maxIdf = Math.log(1 + (n + 0.5) / 0.5);
    const contentWords = (text: string) => words(text).filter((w) => !isStopword(w) && !/^\d/.test(w) && w.length > 2);
    this.corpusWords = [...new Set(chunks.flatMap((c) => contentWords(c.text)))];
    this.headingWords = [...new Set(chunks.flatMap((c) => contentWords(`${c.section?.title ?? ""} ${c.subsection ?? ""}`)))];
  }

  /** Question words that say what it is about, weighted by rarity (× `weight`). */
  terms(text: string, weight = 1): QueryTerm[] {
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

  /** The topic words of a question that also makes a reference ("what does clause 24 say about visas"). */
  topicOf(question: string): string {
    return foldText(question).replace(REFERENCE_WORDS, " ");
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
    for (const q of terms) {
      if (this.vocabulary.has(q.term)) continue;
      for (const { w, weight } of this.expansionsOf(q.word)) {
        const term = termOf(w);
        boosts.set(term, Math.max(boosts.get(term) ?? 0, weight));
        added.push(w);
      }
    }
    return added.length ? { text: added.join(" "), boosts } : undefined;
  }

  /** The corpus words that stand in for one unknown word (a pure function of the word, so memoised). */
  private readonly expansionsOf = memoize((word: string): Array<{ w: string; weight: number }> => {
    if (!this.wordVector(word)) return [];
    const nearest = (pool: string[], min: number) =>
      pool
        .map((w) => ({ w, sim: this.wordSimilarity(word, w) }))
        .filter((x) => x.sim >= min && termOf(x.w) !== termOf(word))
        .sort((a, b) => b.sim - a.sim)
        .slice(0, EXPANSION.perTerm);
    return [
      ...nearest(this.headingWords, EXPANSION.headingSimilarity).map((x) => ({ w: x.w, weight: x.sim * EXPANSION.headingWeight })),
      ...nearest(this.corpusWords, EXPANSION.corpusSimilarity).map((x) => ({ w: x.w, weight: x.sim * EXPANSION.corpusWeight })),
    ];
  }, 10_000);

  lastUserQuestion(history: Turn[] | undefined): string | undefined {
    return history?.filter((t) => t.role === "user").at(-1)?.content;
  }

  /** Chunk ids cited by the last assistant turn ("… [statement/24]"). */
  lastCited(history: Turn[] | undefined): string[] {
    const last = history?.filter((t) => t.role === "assistant").at(-1)?.content ?? "";
    return [...last.matchAll(/\[([a-z][a-z0-9-]*\/[a-z0-9-]+)\]/g)].map((m) => m[1]!).filter((id) => this.chunkById.has(id));
  }

  /** A question that leans on the conversation: "and what about health?", "when does it end?". */
  isFollowUp(question: string, history: Turn[] | undefined): boolean {
    if (!this.lastUserQuestion(history)) return false;
    return FOLLOW_UP.test(question) || this.terms(question).length <= 1;
  }

  /** The given chunks and their neighbours in the same (sub)section: what a follow-up is likely about. */
  neighbourhood(ids: string[]): string[] {
    const out = [...ids];
    for (const id of ids) {
      const chunk = this.chunkById.get(id);
      if (!chunk?.section) continue;
      for (const c of this.chunks) {
        const sibling = c.docId === chunk.docId && c.section?.numeral === chunk.section.numeral && c.subsection === chunk.subsection;
        if (sibling && !out.includes(c.id)) out.push(c.id);
      }
    }
    return out;
  }

  /**
   * The one document a question names ("the statement", "the article"), if it
   * names exactly one. Asking what the sides *agreed* or *committed to* names
   * the statement too: that is where agreements are written down, while the
   * article reports hopes and history.
   */
  documentNamedIn(question: string): string | undefined {
    const q = foldText(question);
    const named = this.documents.filter((d) =>
      d.shape === "statement"
        ? /\b(joint statement|statement|declaration|agree|agreed|commit|committed|pledge|pledged)\b/.test(q)
        : /\b(article|news|report|press|vna|vns)\b/.test(q),
    );
    return named.length === 1 ? named[0]!.id : undefined;
  }

  wordSimilarity(a: string, b: string): number {
    const va = this.wordVector(a);
    const vb = this.wordVector(b);
    if (!va || !vb) return 0;
    let dot = 0;
    for (let d = 0; d < va.length; d++) dot += va[d]! * vb[d]!;
    return dot;
  }

  private readonly wordVector = memoize((word: string) => unitWordVector(this.vectors, word));

  /** What the sentence scorer of the extractive answerer needs. */
  readonly scorer: SentenceScorer = {
    analyze: memoize((text: string) => {
      const ws = words(text).filter((w) => !isStopword(w));
      return { words: ws, terms: new Set(ws.map(termOf)) };
    }, 20_000),
    wordSimilarity: (a, b) => this.wordSimilarity(a, b),
  };
}
