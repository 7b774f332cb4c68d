/**
 * Sentence embeddings from word vectors by smooth inverse frequency (Arora,
 * Liang & Ma, "A Simple but Tough-to-Beat Baseline for Sentence Embeddings",
 * ICLR 2017): a weighted average of word vectors with weight a / (a + p(w)),
 * then the projection on the corpus's first principal component removed.
 *
 * p(w) comes from the vocabulary's frequency order by Zipf's law, since the
 * package ships ranks but not counts.
 */
import { Embeddings } from "@langchain/core/embeddings";
import { words } from "../text.ts";
import type { WordVectors } from "./word-vectors.ts";

export const SIF_DEFAULTS = {
  /** SIF smoothing constant; the paper finds 1e-4…1e-3 best. */
  a: 1e-3,
};

export interface SifEmbeddingsParams {
  vectors: WordVectors;
  a?: number;
  /** Unit vector to project out (the corpus's common component), from `fitCommonComponent`. */
  commonComponent?: number[];
}

export class SifEmbeddings extends Embeddings {
  readonly id: string;
  readonly dims: number;
  readonly vectors: WordVectors;
  private readonly a: number;
  private readonly harmonic: number;
  commonComponent?: number[];

  constructor({ vectors, a = SIF_DEFAULTS.a, commonComponent }: SifEmbeddingsParams) {
    super({});
    this.vectors = vectors;
    this.a = a;
    this.dims = vectors.dims;
    this.commonComponent = commonComponent;
    // Zipf: p(rank r) = 1 / (r · H_N), with H_N ≈ ln N + γ.
    this.harmonic = Math.log(vectors.size) + 0.5772;
    this.id = `sif:${vectors.source}:a=${this.a}`;
  }

  /** The SIF-weighted average, before common-component removal; zero vector when no word is known. */
  private weightedAverage(text: string, sum = new Float64Array(this.dims)): Float64Array {
    for (const word of words(text)) {
      const row = this.vectors.rowOf(word);
      if (row === undefined) continue;
      const p = 1 / ((row + 1) * this.harmonic);
      this.vectors.addScaled(row, this.a / (this.a + p), sum);
    }
    return sum;
  }

  embedText(text: string): number[] {
    return this.finish(this.weightedAverage(text));
  }

  /**
   * A query vector from words with caller-given weights on top of SIF (the
   * engine passes corpus IDF, so words every clause uses, like "agreed",
   * don't drown the topic word of a short question).
   */
  embedWeightedWords(items: Array<{ word: string; weight: number }>): number[] {
    const sum = new Float64Array(this.dims);
    for (const { word, weight } of items) {
      const row = this.vectors.rowOf(word);
      if (row === undefined) continue;
      const p = 1 / ((row + 1) * this.harmonic);
      this.vectors.addScaled(row, weight * (this.a / (this.a + p)), sum);
    }
    return this.finish(sum);
  }

  private finish(v: Float64Array): number[] {
    const norm = this.removeCommonComponent(v);
    return Array.from(v, (x) => x / norm);
  }

  /** Projects the common component out of `v` in place; returns the norm to divide by (1 for a zero vector). */
  private removeCommonComponent(v: Float64Array): number {
    const u = this.commonComponent;
    if (u) {
      let dot = 0;
      for (let d = 0; d < this.dims; d++) dot += v[d]! * u[d]!;
      for (let d = 0; d < this.dims; d++) v[d]! -= dot * u[d]!;
    }
    let norm = 0;
    for (let d = 0; d < this.dims; d++) norm += v[d]! * v[d]!;
    return Math.sqrt(norm) || 1;
  }

  /** First principal component of the texts' weighted averages (power iteration on the 100×100 Gram matrix). */
  fitCommonComponent(texts: Iterable<string>): number[] {
    const n = this.dims;
    const gram = new Float64Array(n * n);
    const v = new Float64Array(n);
    for (const text of texts) {
      this.weightedAverage(text, v.fill(0));
      for (let i = 0; i < n; i++) {
        const vi = v[i]!;
        if (vi === 0) continue;
        for (let j = 0; j < n; j++) gram[i * n + j]! += vi * v[j]!;
      }
    }
    let u = new Float64Array(n).fill(1 / Math.sqrt(n));
    for (let iter = 0; iter < 100; iter++) {
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) next[i]! += gram[i * n + j]! * u[j]!;
      const norm = Math.hypot(...next) || 1;
      for (let i = 0; i < n; i++) next[i]! /= norm;
      u = next;
    }
    this.commonComponent = Array.from(u);
    return this.commonComponent;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedText(t));
  }

  /**
   * The vectors `embedDocuments` gives, as one row-major matrix of float32
   * (text i at [i·dims, (i+1)·dims)), the precision the dense index keeps.
   * For a large corpus: 400 bytes per text instead of an array of 100 doubles
   * (1.3 KB on the JavaScript heap, measured).
   */
  embedMatrix(texts: Iterable<string>, count = Array.isArray(texts) ? texts.length : undefined): Float32Array {
    // Given how many, the texts can come one at a time (a generator): at 100,000 chunks, holding them all as
    // strings besides the chunks costs more memory than the matrix itself.
    if (count === undefined) return this.embedMatrix([...texts]);
    const matrix = new Float32Array(count * this.dims);
    const v = new Float64Array(this.dims);
    let i = 0;
    for (const text of texts) {
      if (i >= count) break;
      const norm = this.removeCommonComponent(this.weightedAverage(text, v.fill(0)));
      for (let d = 0; d < this.dims; d++) matrix[i * this.dims + d] = v[d]! / norm;
      i++;
    }
    return matrix;
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedText(text);
  }
}

/** Unit word vectors for term-level similarity (soft matching of paraphrases). */
export function unitWordVector(vectors: WordVectors, word: string): Float64Array | undefined {
  const row = vectors.rowOf(word);
  if (row === undefined) return undefined;
  const v = new Float64Array(vectors.dims);
  vectors.addScaled(row, 1, v);
  let norm = 0;
  for (let d = 0; d < v.length; d++) norm += v[d]! * v[d]!;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < v.length; d++) v[d]! /= norm;
  return v;
}
