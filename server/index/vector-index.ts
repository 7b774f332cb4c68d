/**
 * The dense index: hnswlib-node (cosine space) persisted in the data
 * directory beside a manifest that says what built it. A load refuses an index
 * whose format, embedder, dimensions or corpus differ from what is expected,
 * or whose file does not match the manifest's checksum; the caller rebuilds.
 *
 * Writes are atomic: each file goes to a temp name and is renamed into place,
 * the manifest last, so a crash leaves either the old index or one the
 * checksum rejects — never a half-written index that loads.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import hnswlib from "hnswlib-node";
import { z } from "zod";

const { HierarchicalNSW } = hnswlib;

export const INDEX_FORMAT_VERSION = 1;

export const HNSW_PARAMS = {
  /** Graph degree: 16 is hnswlib's default and ample for ≤ 10^5 chunks of 100-d vectors. */
  m: 16,
  /** Build-time beam width: higher builds slower and recalls better. */
  efConstruction: 200,
  /** Query-time beam width floor (raised to k when k is larger). */
  efSearch: 64,
  /** Fixed seed so the same corpus builds the same graph. */
  seed: 42,
};

const manifestSchema = z.object({
  formatVersion: z.number(),
  embedder: z.string(),
  dims: z.number(),
  corpusHash: z.string(),
  ids: z.array(z.string()),
  checksum: z.string(),
  builtAt: z.string(),
  /** Whatever the embedder fitted on the corpus (the SIF common component). */
  embedderState: z.record(z.string(), z.unknown()).optional(),
});
export type IndexManifest = z.infer<typeof manifestSchema>;

export interface IndexIdentity {
  embedder: string;
  corpusHash: string;
}

export interface ScoredId {
  id: string;
  /** Cosine similarity in [-1, 1]. */
  score: number;
}

/**
 * What retrieval needs of a dense index, wherever it lives: hnswlib files in the data directory
 * (VectorIndex, below) or Postgres with pgvector (pg-vector-index.ts, with DATABASE_URL).
 */
export interface DenseIndex {
  /** "hnswlib" or "pgvector": where the vectors live. */
  readonly store: "hnswlib" | "pgvector";
  readonly size: number;
  readonly embedder: string;
  readonly builtAt: string;
  /** The k nearest chunks by cosine similarity, best first. */
  search(vector: number[], k: number): ScoredId[] | Promise<ScoredId[]>;
  /** Releases what the index holds open (database connections). */
  close?(): Promise<void>;
}

const INDEX_FILE = "vectors.hnsw";
const MANIFEST_FILE = "manifest.json";

export class IndexLoadError extends Error {
  constructor(
    readonly kind: "missing" | "stale" | "corrupt",
    message: string,
  ) {
    super(message);
  }
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

export class VectorIndex implements DenseIndex {
  readonly store = "hnswlib";

  private constructor(
    private readonly hnsw: InstanceType<typeof HierarchicalNSW>,
    readonly manifest: Omit<IndexManifest, "checksum">,
  ) {}

  get size(): number {
    return this.manifest.ids.length;
  }

  get embedder(): string {
    return this.manifest.embedder;
  }

  get builtAt(): string {
    return this.manifest.builtAt;
  }

  /**
   * Builds the graph from one vector per id: an array of vectors, or one
   * row-major Float32Array of ids.length × dims (SifEmbeddings.embedMatrix),
   * which for a large corpus is a fraction of the memory and gives the same graph.
   */
  static build(
    identity: IndexIdentity & { dims: number },
    ids: string[],
    vectors: number[][] | Float32Array,
    embedderState?: Record<string, unknown>,
  ): VectorIndex {
    const { dims } = identity;
    if (vectors instanceof Float32Array && (dims <= 0 || vectors.length % dims !== 0)) {
      throw new Error(`VectorIndex.build: a matrix of ${vectors.length} floats is not rows of ${dims} dimensions`);
    }
    const count = vectors instanceof Float32Array ? vectors.length / dims : vectors.length;
    if (ids.length !== count) {
      throw new Error(`VectorIndex.build: ${ids.length} ids but ${count} vectors`);
    }
    const hnsw = new HierarchicalNSW("cosine", dims);
    hnsw.initIndex(Math.max(1, ids.length), HNSW_PARAMS.m, HNSW_PARAMS.efConstruction, HNSW_PARAMS.seed);
    // hnswlib-node takes only arrays: each row goes through one reused array.
    const row: number[] = new Array<number>(dims).fill(0);
    for (let label = 0; label < ids.length; label++) {
      if (vectors instanceof Float32Array) {
        for (let d = 0; d < dims; d++) row[d] = vectors[label * dims + d]!;
        hnsw.addPoint(row, label);
        continue;
      }
      const v = vectors[label]!;
      if (v.length !== dims) {
        throw new Error(`VectorIndex.build: vector ${ids[label]} has ${v.length} dimensions, expected ${dims}`);
      }
      hnsw.addPoint(v, label);
    }
    return new VectorIndex(hnsw, {
      formatVersion: INDEX_FORMAT_VERSION,
      ...identity,
      ids,
      builtAt: new Date().toISOString(),
      ...(embedderState ? { embedderState } : {}),
    });
  }

  /** Loads the index in `dir`, or throws IndexLoadError saying why it cannot be used. */
  static load(dir: string, expected: IndexIdentity): VectorIndex {
    const manifestPath = join(dir, MANIFEST_FILE);
    const indexPath = join(dir, INDEX_FILE);
    if (!existsSync(manifestPath) || !existsSync(indexPath)) throw new IndexLoadError("missing", "no index built yet");
    let manifest: IndexManifest;
    try {
      manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestPath, "utf8")));
    } catch {
      throw new IndexLoadError("corrupt", `index manifest is unreadable (${manifestPath})`);
    }
    if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
      throw new IndexLoadError("stale", `index format ${manifest.formatVersion} ≠ ${INDEX_FORMAT_VERSION}`);
    }
    if (manifest.embedder !== expected.embedder) {
      throw new IndexLoadError("stale", `index was built with ${manifest.embedder}, now ${expected.embedder}`);
    }
    if (manifest.corpusHash !== expected.corpusHash) {
      throw new IndexLoadError("stale", `corpus changed since the index was built`);
    }
    if (sha256(indexPath) !== manifest.checksum) {
      throw new IndexLoadError("corrupt", `index file does not match its manifest checksum (${indexPath})`);
    }
    const hnsw = new HierarchicalNSW("cosine", manifest.dims);
    try {
      hnsw.readIndexSync(indexPath);
    } catch {
      throw new IndexLoadError("corrupt", `index file cannot be read (${indexPath})`);
    }
    if (hnsw.getCurrentCount() !== manifest.ids.length) {
      throw new IndexLoadError("corrupt", `index holds ${hnsw.getCurrentCount()} vectors, manifest lists ${manifest.ids.length}`);
    }
    const { checksum: _checksum, ...rest } = manifest;
    return new VectorIndex(hnsw, rest);
  }

  /** Writes the index and its manifest atomically into `dir`. */
  save(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const suffix = `.${process.pid}.${Date.now()}.tmp`;
    const indexPath = join(dir, INDEX_FILE);
    const manifestPath = join(dir, MANIFEST_FILE);
    const indexTmp = indexPath + suffix;
    const manifestTmp = manifestPath + suffix;
    try {
      this.hnsw.writeIndexSync(indexTmp);
      const manifest: IndexManifest = { ...this.manifest, checksum: sha256(indexTmp) };
      writeFileSync(manifestTmp, JSON.stringify(manifest));
      renameSync(indexTmp, indexPath);
      renameSync(manifestTmp, manifestPath);
    } finally {
      rmSync(indexTmp, { force: true });
      rmSync(manifestTmp, { force: true });
    }
  }

  /** The k nearest chunks by cosine similarity, best first. */
  search(vector: number[], k: number): ScoredId[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    this.hnsw.setEf(Math.max(HNSW_PARAMS.efSearch, n));
    const { neighbors, distances } = this.hnsw.searchKnn(vector, n);
    return neighbors.map((label, i) => ({ id: this.manifest.ids[label]!, score: 1 - distances[i]! }));
  }
}
