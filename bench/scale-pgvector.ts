/**
 * The dense index at scale in Postgres + pgvector (DATABASE_URL's store, pg-vector-index.ts) beside
 * hnswlib, on the synthetic corpus of the scale run: build time, query latency over the wire, and
 * recall@10 of each against exact search (every vector scored). In a process of its own.
 *
 *   node --import tsx bench/scale-pgvector.ts [--chunks 100000] [--queries 200]
 *
 * The Postgres here is PGlite (Postgres 17 compiled to WebAssembly, one thread) with pgvector 0.8,
 * served over the wire protocol by pglite-socket and queried through `pg`, as the product does;
 * Debian 12 packages no pgvector for its native postgresql-15. Expect a native server to build and
 * answer faster; the recall, which depends on the HNSW parameters and not the engine, carries over.
 */
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { loadCorpus } from "../corpus/load.ts";
import { SifEmbeddings } from "../server/embeddings/sif.ts";
import { openWordVectors } from "../server/embeddings/word-vectors.ts";
import { createPool, migrate, PgVectorIndex } from "../server/index/pg-vector-index.ts";
import { VectorIndex } from "../server/index/vector-index.ts";
import { distribution, sharedVectorCache, syntheticChunks, syntheticTexts, type Distribution } from "./engine.ts";

export interface PgvectorScaleResult {
  chunks: number;
  queries: number;
  buildMs: { embed: number; hnswlib: number; pgvector: number };
  queryMs: { hnswlib: Distribution; pgvector: Distribution };
  /** Mean share of the exact top 10 that each index returns. */
  recallAt10: { hnswlib: number; pgvector: number };
  engine: string;
}

const { values } = parseArgs({ options: { chunks: { type: "string", default: "100000" }, queries: { type: "string", default: "200" } } });
const count = Number(values.chunks);
const queries = Number(values.queries);
const progress = (line: string) => process.stderr.write(`bench pgvector: ${line}\n`);

const corpus = loadCorpus();
const sif = new SifEmbeddings({ vectors: openWordVectors(sharedVectorCache()) });
const chunks = syntheticChunks(corpus.chunks, count);
const texts = function* () {
  for (const c of chunks) yield `${c.subsection}. ${c.text}`;
};
let t = performance.now();
const state = { commonComponent: sif.fitCommonComponent(texts()) };
const matrix = sif.embedMatrix(texts(), chunks.length);
const embed = performance.now() - t;
const dims = sif.dims;

t = performance.now();
const hnsw = VectorIndex.build({ embedder: sif.id, corpusHash: "synthetic", dims }, chunks.map((c) => c.id), matrix, state);
const hnswMs = performance.now() - t;
progress(`hnswlib built in ${Math.round(hnswMs)} ms; building pgvector …`);

const db = await PGlite.create({ extensions: { vector } });
const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 8 });
await server.start();
const pool = createPool(`postgres://postgres@${server.getServerConn()}/postgres`);
await migrate(pool);
t = performance.now();
const { index: pgIndex } = await PgVectorIndex.open(pool, { embedder: sif.id, corpusHash: "synthetic" }, chunks, async () => ({
  dims,
  vectors: matrix,
  state,
}));
const pgMs = performance.now() - t;
progress(`pgvector built in ${Math.round(pgMs)} ms; querying …`);

const questions = syntheticTexts(corpus.chunks, queries, 13).map(({ text }) => text.split(" ").slice(0, 8).join(" "));
const queryVectors = await Promise.all(questions.map((q) => sif.embedQuery(q)));

/** The exact top 10 by cosine (the matrix rows are unit length or zero, as SIF leaves them; normalised here anyway). */
function exactTop10(query: number[]): string[] {
  const qn = Math.hypot(...query) || 1;
  const scored: Array<[number, number]> = [];
  for (let row = 0; row < chunks.length; row++) {
    let dot = 0;
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const x = matrix[row * dims + d]!;
      dot += x * query[d]!;
      norm += x * x;
    }
    scored.push([dot / ((Math.sqrt(norm) || 1) * qn), row]);
  }
  scored.sort((a, b) => b[0] - a[0]);
  return scored.slice(0, 10).map(([, row]) => chunks[row]!.id);
}

const recall = (got: string[], exact: string[]) => got.filter((id) => exact.includes(id)).length / exact.length;
const times = { hnswlib: [] as number[], pgvector: [] as number[] };
const recalls = { hnswlib: [] as number[], pgvector: [] as number[] };
for (const [i, query] of queryVectors.entries()) {
  const exact = exactTop10(query);
  let started = performance.now();
  const fromHnsw = hnsw.search(query, 10).map((h) => h.id);
  if (i >= 10) times.hnswlib.push(performance.now() - started);
  started = performance.now();
  const fromPg = (await pgIndex.search(query, 10)).map((h) => h.id);
  if (i >= 10) times.pgvector.push(performance.now() - started);
  recalls.hnswlib.push(recall(fromHnsw, exact));
  recalls.pgvector.push(recall(fromPg, exact));
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const version = (await pool.query<{ v: string }>("SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'")).rows[0]?.v;
const pgVersion = (await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v;
await pgIndex.close();
await server.stop();
await db.close();

const result: PgvectorScaleResult = {
  chunks: count,
  queries: questions.length,
  buildMs: { embed, hnswlib: hnswMs, pgvector: pgMs },
  queryMs: { hnswlib: distribution(times.hnswlib), pgvector: distribution(times.pgvector) },
  recallAt10: { hnswlib: mean(recalls.hnswlib), pgvector: mean(recalls.pgvector) },
  engine: `PGlite (Postgres ${pgVersion}, WebAssembly) + pgvector ${version}, over pglite-socket and pg`,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
