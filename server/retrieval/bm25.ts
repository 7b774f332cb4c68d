/**
 * A compact BM25+ index: postings in typed arrays (CSR layout), scores
 * accumulated in one reused buffer. Same scoring as MiniSearch's BM25+
 * (per-field scores summed with field boosts), which this replaced: on a
 * 100,000-chunk corpus MiniSearch answered in 77 ms median / 570 ms p95 with a
 * 1.4 GB heap, because every posting is a JavaScript object; here a query is
 * a few typed-array passes.
 */

export interface Bm25Params {
  /** Term-frequency saturation (1.2–2). */
  k: number;
  /** Length normalisation (0.5–0.8). */
  b: number;
  /** BM25+ lower bound for a matching term (Lv & Zhai 2011). */
  d: number;
}

export interface Bm25Field {
  name: string;
  boost: number;
}

export interface Bm25Match {
  /** Position of the document in the array it was built from. */
  doc: number;
  score: number;
}

interface FieldPostings {
  boost: number;
  /** Postings of term t: docs/tfs[offsets[t] … offsets[t + 1]). */
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
  lengths: Uint32Array;
  averageLength: number;
}

export class Bm25Index {
  private readonly terms = new Map<string, number>();
  private readonly fields: FieldPostings[];
  private readonly scores: Float64Array;
  private readonly touched: Uint32Array;
  private readonly seen: Uint8Array;

  /**
   * @param docs  per document, the analysed terms of each field (same order as `fields`)
   */
  constructor(
    fields: Bm25Field[],
    docs: string[][][],
    private readonly params: Bm25Params,
  ) {
    const n = docs.length;
    // Pass 1: term ids and per-field posting counts.
    const counts = fields.map(() => [] as number[]);
    const perDoc: Array<Array<Map<number, number>>> = docs.map((fieldTerms) =>
      fields.map((_, f) => {
        const tf = new Map<number, number>();
        for (const term of fieldTerms[f] ?? []) {
          let id = this.terms.get(term);
          if (id === undefined) this.terms.set(term, (id = this.terms.size));
          tf.set(id, (tf.get(id) ?? 0) + 1);
        }
        for (const id of tf.keys()) counts[f]![id] = (counts[f]![id] ?? 0) + 1;
        return tf;
      }),
    );
    const termCount = this.terms.size;
    // Pass 2: fill CSR postings in document order.
    this.fields = fields.map((field, f) => {
      const offsets = new Uint32Array(termCount + 1);
      for (let t = 0; t < termCount; t++) offsets[t + 1] = offsets[t]! + (counts[f]![t] ?? 0);
      const fill = offsets.slice(0, termCount);
      const postings = offsets[termCount]!;
      const postingDocs = new Uint32Array(postings);
      const tfs = new Uint16Array(postings);
      const lengths = new Uint32Array(n);
      let total = 0;
      perDoc.forEach((byField, doc) => {
        for (const [id, tf] of byField[f]!) {
          const at = fill[id]!++;
          postingDocs[at] = doc;
          tfs[at] = Math.min(tf, 65535);
        }
        const length = docs[doc]![f]?.length ?? 0;
        lengths[doc] = length;
        total += length;
      });
      return { boost: field.boost, offsets, docs: postingDocs, tfs, lengths, averageLength: total / Math.max(1, n) || 1 };
    });
    this.scores = new Float64Array(n);
    this.touched = new Uint32Array(n);
    this.seen = new Uint8Array(n);
  }

  get size(): number {
    return this.scores.length;
  }

  /** Documents (any field) containing the term. */
  documentFrequency(term: string): number {
    const id = this.terms.get(term);
    if (id === undefined) return 0;
    return Math.max(...this.fields.map((f) => f.offsets[id + 1]! - f.offsets[id]!));
  }

  /** The best `limit` documents for the query terms (repeats count again), each term weighted by `boost(term)`. */
  search(queryTerms: string[], limit: number, boost: (term: string) => number = () => 1): Bm25Match[] {
    const { k, b, d } = this.params;
    const n = this.size;
    let touchedCount = 0;
    for (const term of queryTerms) {
      const id = this.terms.get(term);
      if (id === undefined) continue;
      const termBoost = boost(term);
      for (const field of this.fields) {
        const from = field.offsets[id]!;
        const to = field.offsets[id + 1]!;
        const df = to - from;
        if (df === 0) continue;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const weight = field.boost * termBoost * idf;
        for (let p = from; p < to; p++) {
          const doc = field.docs[p]!;
          const tf = field.tfs[p]!;
          const norm = k * (1 - b + (b * field.lengths[doc]!) / field.averageLength);
          this.scores[doc]! += weight * (d + (tf * (k + 1)) / (tf + norm));
          if (!this.seen[doc]) {
            this.seen[doc] = 1;
            this.touched[touchedCount++] = doc;
          }
        }
      }
    }
    // Keep the best `limit` in a min-heap while clearing the buffer: no sort of every match.
    const heap: Bm25Match[] = [];
    const worse = (x: Bm25Match, y: Bm25Match) => x.score < y.score || (x.score === y.score && x.doc > y.doc);
    for (let i = 0; i < touchedCount; i++) {
      const doc = this.touched[i]!;
      const match = { doc, score: this.scores[doc]! };
      this.scores[doc] = 0;
      this.seen[doc] = 0;
      if (heap.length < limit) {
        heap.push(match);
        siftUp(heap, heap.length - 1, worse);
      } else if (limit > 0 && worse(heap[0]!, match)) {
        heap[0] = match;
        siftDown(heap, 0, worse);
      }
    }
    return heap.sort((x, y) => (worse(x, y) ? 1 : worse(y, x) ? -1 : 0));
  }
}

type Worse<T> = (x: T, y: T) => boolean;

function siftUp<T>(heap: T[], i: number, worse: Worse<T>): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!worse(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function siftDown<T>(heap: T[], i: number, worse: Worse<T>): void {
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let top = i;
    if (left < heap.length && worse(heap[left]!, heap[top]!)) top = left;
    if (right < heap.length && worse(heap[right]!, heap[top]!)) top = right;
    if (top === i) return;
    [heap[i], heap[top]] = [heap[top]!, heap[i]!];
    i = top;
  }
}
