/**
 * The dense index in Postgres with pgvector (DATABASE_URL), so replicas share
 * one copy of the vectors instead of each building and holding its own.
 *
 * Schema (`npm run db:migrate` creates it; the server refuses a database
 * without it rather than altering one it was not asked to):
 * - `clausewise_migrations`: the schema versions applied;
 * - `clausewise_index`: one row saying what built the vectors (format,
 *   embedder, dimensions, corpus hash, chunk count, the embedder's fitted
 *   state), checked on every start like the hnswlib manifest;
 * - `clausewise_chunks`: one row per chunk (id, document, section, text,
 *   offsets) with its `vector(d)` and an HNSW index for cosine distance.
 *
 * A stale or missing index is rebuilt inside one transaction that first takes
 * an advisory lock: replicas starting together wait for the one building and
 * then load what it built; a build that fails rolls back and leaves the old
 * rows in place, never half of a new set. BM25 stays in memory per replica.
 */
import pg from "pg";
import { toSql } from "pgvector";
import type { Chunk } from "../contract.ts";
import { HNSW_PARAMS, INDEX_FORMAT_VERSION, IndexLoadError, type DenseIndex, type IndexIdentity, type ScoredId } from "./vector-index.ts";

/** The schema version this code reads and `migrate` brings a database to. */
export const PG_SCHEMA_VERSION = 1;

/** Advisory lock key shared by every Clausewise process on a database (an arbitrary 63-bit constant). */
const LOCK_KEY = "7262105018436581";
/** Memory for the HNSW build: 100,000 vectors of 100 dimensions with m = 16 take about 100 MB. */
const BUILD_MAINTENANCE_WORK_MEM = "256MB";
/** Rows per INSERT while building: large enough to keep round trips few, small enough for one message. */
const INSERT_BATCH = 500;

export interface PgIndexMeta {
  formatVersion: number;
  embedder: string;
  dims: number;
  corpusHash: string;
  chunks: number;
  builtAt: string;
  embedderState?: Record<string, unknown>;
}

/** What a build writes: the chunks' vectors in corpus order, and what the embedder fitted (open-index.ts's embedCorpus). */
export interface PgIndexBuild {
  dims: number;
  vectors: number[][] | Float32Array;
  state?: Record<string, unknown>;
}

export function createPool(url: string): pg.Pool {
  // allowExitOnIdle: a CLI run (ask, eval) ends when its work does, without closing the pool by hand.
  const pool = new pg.Pool({ connectionString: url, max: 4, allowExitOnIdle: true });
  // An idle client losing its connection (database restart) must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  // hnswlib's query-time beam width, once per connection rather than once per query.
  pool.on("connect", (client) => void client.query(`SET hnsw.ef_search = ${HNSW_PARAMS.efSearch}`).catch(() => {}));
  return pool;
}

/** Creates or upgrades the schema; safe to run from several replicas at once. Returns the versions it applied. */
export async function migrate(pool: pg.Pool): Promise<number[]> {
  return transaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await client.query("CREATE TABLE IF NOT EXISTS clausewise_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
    const done = new Set((await client.query<{ version: number }>("SELECT version FROM clausewise_migrations")).rows.map((r) => r.version));
    const applied: number[] = [];
    if (!done.has(1)) {
      await client.query("CREATE EXTENSION IF NOT EXISTS vector");
      await client.query(`CREATE TABLE IF NOT EXISTS clausewise_index (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        format_version integer NOT NULL,
        embedder text NOT NULL,
        dims integer NOT NULL,
        corpus_hash text NOT NULL,
        chunks integer NOT NULL,
        built_at timestamptz NOT NULL,
        embedder_state jsonb
      )`);
      await client.query("INSERT INTO clausewise_migrations (version) VALUES (1)");
      applied.push(1);
    }
    return applied;
  });
}

async function schemaVersion(pool: pg.Pool): Promise<number> {
  const table = await pool.query<{ exists: boolean }>("SELECT to_regclass('clausewise_migrations') IS NOT NULL AS exists");
  if (!table.rows[0]?.exists) return 0;
  const max = await pool.query<{ version: number | null }>("SELECT max(version) AS version FROM clausewise_migrations");
  return max.rows[0]?.version ?? 0;
}

async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function readMeta(client: pg.Pool | pg.PoolClient): Promise<PgIndexMeta | undefined> {
  const { rows } = await client.query(
    "SELECT format_version, embedder, dims, corpus_hash, chunks, built_at, embedder_state FROM clausewise_index WHERE singleton",
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    formatVersion: row.format_version,
    embedder: row.embedder,
    dims: row.dims,
    corpusHash: row.corpus_hash,
    chunks: row.chunks,
    builtAt: new Date(row.built_at).toISOString(),
    ...(row.embedder_state ? { embedderState: row.embedder_state } : {}),
  };
}

/** The stored index's metadata when it can serve this corpus and embedder, or why it cannot. */
async function storedIndex(client: pg.Pool | pg.PoolClient, expected: IndexIdentity): Promise<{ meta: PgIndexMeta } | { why: IndexLoadError }> {
  const meta = await readMeta(client);
  if (!meta) return { why: new IndexLoadError("missing", "no index built yet") };
  if (meta.formatVersion !== INDEX_FORMAT_VERSION) return { why: new IndexLoadError("stale", `index format ${meta.formatVersion} ≠ ${INDEX_FORMAT_VERSION}`) };
  if (meta.embedder !== expected.embedder) return { why: new IndexLoadError("stale", `index was built with ${meta.embedder}, now ${expected.embedder}`) };
  if (meta.corpusHash !== expected.corpusHash) return { why: new IndexLoadError("stale", "corpus changed since the index was built") };
  const table = await client.query<{ exists: boolean }>("SELECT to_regclass('clausewise_chunks') IS NOT NULL AS exists");
  if (!table.rows[0]?.exists) return { why: new IndexLoadError("corrupt", "the chunks table is missing") };
  const count = await client.query<{ n: string }>("SELECT count(*) AS n FROM clausewise_chunks");
  if (Number(count.rows[0]?.n) !== meta.chunks) {
    return { why: new IndexLoadError("corrupt", `the chunks table holds ${count.rows[0]?.n} rows, the index lists ${meta.chunks}`) };
  }
  return { meta };
}

const rowsOf = (result: pg.QueryResult<{ id: string; score: number }>): ScoredId[] => result.rows.map((r) => ({ id: r.id, score: Number(r.score) }));

export class PgVectorIndex implements DenseIndex {
  readonly store = "pgvector";

  constructor(
    private readonly pool: pg.Pool,
    readonly meta: PgIndexMeta,
  ) {}

  get size(): number {
    return this.meta.chunks;
  }

  get embedder(): string {
    return this.meta.embedder;
  }

  get builtAt(): string {
    return this.meta.builtAt;
  }

  async search(vector: number[], k: number): Promise<ScoredId[]> {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const sql = "SELECT id, 1 - (embedding <=> $1::vector) AS score FROM clausewise_chunks ORDER BY embedding <=> $1::vector LIMIT $2";
    const params = [toSql(vector), n];
    if (n <= HNSW_PARAMS.efSearch) return rowsOf(await this.pool.query<{ id: string; score: number }>(sql, params));
    // The HNSW beam must be at least k wide to return k rows: widened for this query only.
    return transaction(this.pool, async (client) => {
      await client.query(`SET LOCAL hnsw.ef_search = ${n}`);
      return rowsOf(await client.query<{ id: string; score: number }>(sql, params));
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /**
   * The stored index when it matches `identity`; otherwise builds it (under the advisory lock, in one
   * transaction) from `build()`, which runs only when this process is the one to build.
   */
  static async open(
    pool: pg.Pool,
    identity: IndexIdentity,
    chunks: readonly Chunk[],
    build: () => Promise<PgIndexBuild>,
    { force = false }: { force?: boolean } = {},
  ): Promise<{ index: PgVectorIndex; rebuilt?: IndexLoadError | "forced" }> {
    const version = await schemaVersion(pool);
    if (version < PG_SCHEMA_VERSION) {
      throw new PgSchemaError(`the database has Clausewise schema version ${version}, this build needs ${PG_SCHEMA_VERSION}: run npm run db:migrate`);
    }
    if (!force) {
      const stored = await storedIndex(pool, identity);
      if ("meta" in stored) return { index: new PgVectorIndex(pool, stored.meta) };
    }
    return transaction(pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
      // Another replica may have built it while this one waited for the lock.
      const stored = await storedIndex(client, identity);
      if ("meta" in stored && !force) return { index: new PgVectorIndex(pool, stored.meta) };
      const meta = await writeIndex(client, identity, chunks, await build());
      return { index: new PgVectorIndex(pool, meta), rebuilt: force || "meta" in stored ? "forced" : stored.why };
    });
  }
}

export class PgSchemaError extends Error {}

/** Writes a fresh chunks table beside the old one, then swaps it in; the caller's transaction makes it all or nothing. */
async function writeIndex(client: pg.PoolClient, identity: IndexIdentity, chunks: readonly Chunk[], built: PgIndexBuild): Promise<PgIndexMeta> {
  const { dims, vectors } = built;
  if (!Number.isInteger(dims) || dims <= 0) throw new Error(`pgvector index: ${dims} is not a number of dimensions`);
  const count = vectors instanceof Float32Array ? vectors.length / dims : vectors.length;
  if (count !== chunks.length) throw new Error(`pgvector index: ${chunks.length} chunks but ${count} vectors`);
  await client.query("DROP TABLE IF EXISTS clausewise_chunks_next");
  await client.query(`CREATE TABLE clausewise_chunks_next (
    id text PRIMARY KEY,
    doc text NOT NULL,
    ref text NOT NULL,
    section text,
    subsection text,
    text text NOT NULL,
    start_offset integer NOT NULL,
    end_offset integer NOT NULL,
    embedding vector(${dims}) NOT NULL
  )`);
  const row = (i: number): number[] => {
    if (!(vectors instanceof Float32Array)) {
      const v = vectors[i]!;
      if (v.length !== dims) throw new Error(`pgvector index: vector ${chunks[i]!.id} has ${v.length} dimensions, expected ${dims}`);
      return v;
    }
    return Array.from(vectors.subarray(i * dims, (i + 1) * dims));
  };
  for (let from = 0; from < chunks.length; from += INSERT_BATCH) {
    const batch = chunks.slice(from, from + INSERT_BATCH);
    const values: unknown[] = [];
    const tuples = batch.map((chunk, j) => {
      const section = chunk.section ? `${chunk.section.numeral}. ${chunk.section.title}` : null;
      values.push(chunk.id, chunk.docId, chunk.ref, section, chunk.subsection ?? null, chunk.text, chunk.start, chunk.end, toSql(row(from + j)));
      const base = j * 9;
      return `(${Array.from({ length: 9 }, (_, c) => `$${base + c + 1}`).join(", ")})`;
    });
    await client.query(
      `INSERT INTO clausewise_chunks_next (id, doc, ref, section, subsection, text, start_offset, end_offset, embedding) VALUES ${tuples.join(", ")}`,
      values,
    );
  }
  // pgvector builds an HNSW graph many times faster while it fits in maintenance_work_mem (its docs' advice);
  // for this transaction only, so the server's own setting is left alone.
  await client.query(`SET LOCAL maintenance_work_mem = '${BUILD_MAINTENANCE_WORK_MEM}'`);
  await client.query(
    `CREATE INDEX clausewise_chunks_next_embedding ON clausewise_chunks_next USING hnsw (embedding vector_cosine_ops) WITH (m = ${HNSW_PARAMS.m}, ef_construction = ${HNSW_PARAMS.efConstruction})`,
  );
  await client.query("DROP TABLE IF EXISTS clausewise_chunks");
  await client.query("ALTER TABLE clausewise_chunks_next RENAME TO clausewise_chunks");
  await client.query("ALTER INDEX clausewise_chunks_next_embedding RENAME TO clausewise_chunks_embedding");
  await client.query("ALTER INDEX clausewise_chunks_next_pkey RENAME TO clausewise_chunks_pkey");
  const meta: PgIndexMeta = {
    formatVersion: INDEX_FORMAT_VERSION,
    ...identity,
    dims,
    chunks: chunks.length,
    builtAt: new Date().toISOString(),
    ...(built.state ? { embedderState: built.state } : {}),
  };
  await client.query(
    `INSERT INTO clausewise_index (singleton, format_version, embedder, dims, corpus_hash, chunks, built_at, embedder_state)
     VALUES (true, $1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (singleton) DO UPDATE SET format_version = $1, embedder = $2, dims = $3, corpus_hash = $4, chunks = $5, built_at = $6, embedder_state = $7`,
    [meta.formatVersion, meta.embedder, meta.dims, meta.corpusHash, meta.chunks, meta.builtAt, meta.embedderState ? JSON.stringify(meta.embedderState) : null],
  );
  return meta;
}
