/**
 * A compact BM25+ index: postings in typed arrays (CSR layout), scores
 * accumulated in one reused buffer. The score is BM25+ (Lv & Zhai 2011),
 * computed per field and summed with field boosts and per-term boosts; it is
 * tested against that formula written out term by term (tests/bm25.test.ts).
 * It is not MiniSearch's score, which this replaced: MiniSearch also
 * multiplies a document's score by the number of query terms it matches.
 * MiniSearch answered in 77 ms median / 570 ms p95 on a 100,000-chunk corpus
 * with a 1.4 GB heap, because every posting is a JavaScript object; here a
 * query is a few typed-array passes.
 *
 * Terms in very many documents (`costlyFrom`) are the most work to score and
 * change rankings least. They are scored only for the documents that can
 * still reach the top `limit` (see `search`), so the result is exactly the
 * full BM25+ ranking, at the cost of the informative terms alone.
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
   * @param docs  per document, the analysed terms of each field (same order as
   *              `fields`); read once, so a generator can analyse one document at a time
   */
  constructor(
    fields: Bm25Field[],
    docs: Iterable<string[][]>,
    private readonly params: Bm25Params,
  ) {
    // One pass over the documents: every term as its id, in one flat stream
    // (document by document, field by field), and each field's length. No
    // per-document structure survives the document, so a large corpus costs
    // 4 bytes per term occurrence while building, not a Map per field.
    const stream = new GrowingUint32Array();
    const fieldLengths = new GrowingUint32Array();
    let n = 0;
    for (const fieldTerms of docs) {
      for (let f = 0; f < fields.length; f++) {
        const terms = fieldTerms[f] ?? [];
        fieldLengths.push(terms.length);
        for (const term of terms) {
          let id = this.terms.get(term);
          if (id === undefined) this.terms.set(term, (id = this.terms.size));
          stream.push(id);
        }
      }
      n++;
    }
    const termCount = this.terms.size;
    const tokens = stream.view();
    const lengthsOf = fieldLengths.view();
    // `last[t]`: the last document whose field held term t; `slot[t]`: that posting.
    const last = new Int32Array(termCount);
    const slot = new Uint32Array(termCount);
    this.fields = fields.map((field, f) => {
      const lengths = new Uint32Array(n);
      let total = 0;
      for (let doc = 0; doc < n; doc++) total += lengths[doc] = lengthsOf[doc * fields.length + f]!;
      // The postings of term t: docs/tfs[offsets[t] … offsets[t + 1]), in document order.
      const offsets = new Uint32Array(termCount + 1);
      last.fill(-1);
      eachTerm(tokens, lengthsOf, fields.length, f, (doc, id) => {
        if (last[id] === doc) return;
        last[id] = doc;
        offsets[id + 1]!++;
      });
      for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
      const fill = offsets.slice(0, termCount);
      const postingDocs = new Uint32Array(offsets[termCount]!);
      const tfs = new Uint16Array(offsets[termCount]!);
      last.fill(-1);
      eachTerm(tokens, lengthsOf, fields.length, f, (doc, id) => {
        if (last[id] === doc) {
          if (tfs[slot[id]!]! < 65535) tfs[slot[id]!]!++;
          return;
        }
        last[id] = doc;
        const at = (slot[id] = fill[id]!++);
        postingDocs[at] = doc;
        tfs[at] = 1;
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

  /**
   * The best `limit` documents for the query terms (repeats count again), each
   * term weighted by `boost(term)`.
   *
   * Terms found in more than `costlyFrom` documents are scored last and only
   * where they can matter. After the other terms, let s be the `limit`-th best
   * score and U the most the costly terms can add to any document (BM25+'s
   * term score is below idf·(d + k + 1)). A document under s − U cannot reach
   * the top `limit` (the documents above it only gain), so the costly terms are
   * added, by binary search in their postings, to the documents at or above
   * s − U only. When s − U ≤ 0 every document could, and all terms are scored
   * in full. Either way the ranking is the full one.
   */
  search(queryTerms: string[], limit: number, boost: (term: string) => number = () => 1, costlyFrom = Infinity): Bm25Match[] {
    const ids = queryTerms.map((term) => this.terms.get(term)).map((id, i) => ({ id, termBoost: id === undefined ? 0 : boost(queryTerms[i]!) }));
    const known = ids.filter((t): t is { id: number; termBoost: number } => t.id !== undefined);
    const costly = known.filter((t) => this.postings(t.id) > costlyFrom);
    const cheap = known.filter((t) => this.postings(t.id) <= costlyFrom);
    if (costly.length === 0 || cheap.length === 0 || limit <= 0) return this.select(this.accumulate(known), limit);

    let touchedCount = this.accumulate(cheap);
    const { k, d } = this.params;
    const n = this.size;
    let bound = 0;
    for (const t of costly) {
      for (const field of this.fields) {
        const df = field.offsets[t.id + 1]! - field.offsets[t.id]!;
        if (df > 0) bound += field.boost * t.termBoost * Math.log(1 + (n - df + 0.5) / (df + 0.5)) * (d + k + 1);
      }
    }
    const threshold = this.kthScore(touchedCount, limit) - bound;
    if (threshold <= 0) {
      // Any document could still reach the top: score the costly terms everywhere too.
      for (let i = 0; i < touchedCount; i++) {
        const doc = this.touched[i]!;
        this.scores[doc] = 0;
        this.seen[doc] = 0;
      }
      return this.select(this.accumulate(known), limit);
    }
    // Candidates first to the front of `touched`, the rest cleared.
    let candidates = 0;
    for (let i = 0; i < touchedCount; i++) {
      const doc = this.touched[i]!;
      if (this.scores[doc]! >= threshold) this.touched[candidates++] = doc;
      else {
        this.scores[doc] = 0;
        this.seen[doc] = 0;
      }
    }
    touchedCount = candidates;
    for (let i = 0; i < touchedCount; i++) {
      const doc = this.touched[i]!;
      for (const t of costly) this.scores[doc]! += this.termScore(t.id, t.termBoost, doc);
    }
    return this.select(touchedCount, limit);
  }

  /** Postings of a term in its largest field: its document frequency, and the work of scoring it. */
  private postings(id: number): number {
    let most = 0;
    for (const f of this.fields) most = Math.max(most, f.offsets[id + 1]! - f.offsets[id]!);
    return most;
  }

  /** Adds the terms' scores into the buffer over all their postings; returns how many documents are touched. */
  private accumulate(terms: Array<{ id: number; termBoost: number }>): number {
    const { k, b, d } = this.params;
    const n = this.size;
    let touchedCount = 0;
    for (const { id, termBoost } of terms) {
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
    return touchedCount;
  }

  /** One term's score in one document, every field, its postings binary-searched (they are in document order). */
  private termScore(id: number, termBoost: number, doc: number): number {
    const { k, b, d } = this.params;
    const n = this.size;
    let score = 0;
    for (const field of this.fields) {
      let lo = field.offsets[id]!;
      let hi = field.offsets[id + 1]!;
      const df = hi - lo;
      if (df === 0) continue;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (field.docs[mid]! < doc) lo = mid + 1;
        else hi = mid;
      }
      if (lo >= field.offsets[id + 1]! || field.docs[lo] !== doc) continue;
      const tf = field.tfs[lo]!;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const norm = k * (1 - b + (b * field.lengths[doc]!) / field.averageLength);
      score += field.boost * termBoost * idf * (d + (tf * (k + 1)) / (tf + norm));
    }
    return score;
  }

  /** The `limit`-th best score among the touched documents (0 when fewer are touched). */
  private kthScore(touchedCount: number, limit: number): number {
    if (touchedCount < limit) return 0;
    const heap: number[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const score = this.scores[this.touched[i]!]!;
      if (heap.length < limit) {
        heap.push(score);
        siftUp(heap, heap.length - 1, (x, y) => x < y);
      } else if (score > heap[0]!) {
        heap[0] = score;
        siftDown(heap, 0, (x, y) => x < y);
      }
    }
    return heap[0]!;
  }

  /** The best `limit` of the touched documents, best first, clearing the buffer: a min-heap, no sort of every match. */
  private select(touchedCount: number, limit: number): Bm25Match[] {
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

/** Calls `visit(doc, termId)` for every term occurrence of field `f` in the stream, in document order. */
function eachTerm(tokens: Uint32Array, lengths: Uint32Array, fieldCount: number, f: number, visit: (doc: number, id: number) => void): void {
  let at = 0;
  for (let doc = 0, segment = 0; segment < lengths.length; segment++) {
    const end = at + lengths[segment]!;
    if (segment % fieldCount === f) for (let i = at; i < end; i++) visit(doc, tokens[i]!);
    at = end;
    if (segment % fieldCount === fieldCount - 1) doc++;
  }
}

/** A Uint32Array that doubles as it fills; `view()` is the filled part. */
class GrowingUint32Array {
  private data = new Uint32Array(1024);
  private length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  view(): Uint32Array {
    return this.data.subarray(0, this.length);
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
