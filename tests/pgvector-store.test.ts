/**
 * DATABASE_URL: the dense index in Postgres + pgvector, through the real `pg` driver over TCP
 * (PGlite with its vector extension, served by pglite-socket: tests/support/pgvector.ts).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../server/engine.ts";
import { openEngine } from "../server/engine.ts";
import { ClausewiseError } from "../server/errors.ts";
import { createPool, migrate, PgVectorIndex } from "../server/index/pg-vector-index.ts";
import { loadCorpus } from "../corpus/load.ts";
import { ROOT, testConfig, testEngine } from "./support/engine.ts";
import { startPgvector, type PgvectorServer } from "./support/pgvector.ts";

let server: PgvectorServer;
let hnsw: Engine;
const opened: Engine[] = [];

beforeAll(async () => {
  server = await startPgvector();
  hnsw = await testEngine();
}, 60_000);

afterAll(async () => {
  for (const engine of opened) await engine.close();
  await server?.stop();
});

async function pgEngine(logs: string[] = []): Promise<Engine> {
  const engine = await openEngine({ config: testConfig({ DATABASE_URL: server.url }), log: (line) => logs.push(line) });
  opened.push(engine);
  return engine;
}

const QUESTIONS = [
  "How many days can Bulgarians stay in Vietnam without a visa?",
  "What did they agree on defence?",
  "Which multilateral forums are named?",
  "When did Ho Chi Minh visit Bulgaria?",
  "What about agriculture?",
];

describe("before db:migrate", () => {
  it("the server refuses the database and says which command to run", async () => {
    const error = await openEngine({ config: testConfig({ DATABASE_URL: server.url }), log: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClausewiseError);
    expect((error as ClausewiseError).message).toMatch(/schema version 0.*npm run db:migrate/);
    expect((error as ClausewiseError).message).not.toContain("secret-password");
  });
});

describe("npm run db:migrate", () => {
  // Asynchronously: the database answers from this very process, which a synchronous spawn would block.
  const run = () =>
    promisify(execFile)(process.execPath, ["--import", "tsx", "server/cli/db-migrate.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: server.url },
      encoding: "utf8",
      timeout: 60_000,
    });

  it("says there is nothing to migrate without DATABASE_URL, and exits 2", async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const result = await promisify(execFile)(process.execPath, ["--import", "tsx", "server/cli/db-migrate.ts"], { cwd: ROOT, env, encoding: "utf8" }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DATABASE_URL is not set/);
  }, 60_000);

  it("creates the schema, then finds it current; never prints the password", async () => {
    const first = await run();
    expect(first.stderr).toMatch(/applied schema version 1/);
    const second = await run();
    expect(second.stderr).toMatch(/already at version 1/);
    expect(first.stderr + second.stderr).not.toContain("secret-password");
  }, 60_000);
});

describe("the index in pgvector", () => {
  it("is built by the first start, with one row per chunk and an HNSW index", async () => {
    const logs: string[] = [];
    const engine = await pgEngine(logs);
    expect(engine.indexStatus.state).toBe("built");
    expect(engine.index.store).toBe("pgvector");
    const rows = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM clausewise_chunks");
    expect(rows.rows[0]!.n).toBe(engine.corpus.chunks.length);
    const indexes = await server.db.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'clausewise_chunks'");
    expect(indexes.rows.map((r) => r.indexdef).join("\n")).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
  });

  it("stores each chunk's document, section, text and offsets", async () => {
    const { rows } = await server.db.query<{ doc: string; section: string; text: string; start_offset: number; end_offset: number }>(
      "SELECT doc, section, text, start_offset, end_offset FROM clausewise_chunks WHERE id = 'statement/24'",
    );
    const chunk = hnsw.chunkById.get("statement/24")!;
    expect(rows[0]).toMatchObject({ doc: chunk.docId, text: chunk.text, start_offset: chunk.start, end_offset: chunk.end });
    expect(rows[0]!.section).toContain(chunk.section!.title);
  });

  it("is loaded, not rebuilt, by the next start", async () => {
    const engine = await pgEngine();
    expect(engine.indexStatus.state).toBe("loaded");
  });

  it("ranks as the hnswlib index does, and the answers are the same", async () => {
    const engine = await pgEngine();
    for (const question of QUESTIONS) {
      const vector = await engine.embedder.embeddings.embedQuery(question);
      const fromPg = (await engine.index.search(vector, 10)).map((h) => h.id);
      const fromHnsw = (await hnsw.index.search(vector, 10)).map((h) => h.id);
      expect(fromPg.slice(0, 5), question).toEqual(fromHnsw.slice(0, 5));
      expect((await engine.answer(question)).answer, question).toBe((await hnsw.answer(question)).answer);
    }
  });

  it("widens the HNSW beam for a k past the default, so k rows come back", async () => {
    const engine = await pgEngine();
    const vector = await engine.embedder.embeddings.embedQuery("trade");
    const all = await engine.index.search(vector, 1000);
    expect(all).toHaveLength(engine.corpus.chunks.length);
  });

  it("is rebuilt once when stale, by one of two replicas starting together; the other loads it", async () => {
    await server.db.query("UPDATE clausewise_index SET corpus_hash = 'an older corpus'");
    const logs: string[][] = [[], []];
    const [a, b] = await Promise.all([pgEngine(logs[0]), pgEngine(logs[1])]);
    expect([a.indexStatus.state, b.indexStatus.state].sort()).toEqual(["loaded", "rebuilt"]);
    expect(logs.flat().filter((line) => /corpus changed/.test(line))).toHaveLength(1);
    const { rows } = await server.db.query<{ corpus_hash: string }>("SELECT corpus_hash FROM clausewise_index");
    expect(rows[0]!.corpus_hash).toBe(a.corpus.hash);
  });

  it("a build that fails half way leaves the index it would have replaced, whole", async () => {
    const pool = createPool(server.url);
    try {
      const chunks = loadCorpus().chunks;
      const before = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM clausewise_chunks");
      // A vector of the wrong length half way through: the INSERT of that batch fails.
      const vectors = chunks.map((_, i) => Array<number>(i === Math.floor(chunks.length / 2) ? 3 : 100).fill(0.1));
      const error = await PgVectorIndex.open(pool, { embedder: "another", corpusHash: "x" }, chunks, async () => ({ dims: 100, vectors })).catch(
        (e: unknown) => e,
      );
      expect((error as Error).message).toMatch(/3 dimensions, expected 100/);
      const after = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM clausewise_chunks");
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
      const meta = await server.db.query<{ embedder: string }>("SELECT embedder FROM clausewise_index");
      expect(meta.rows[0]!.embedder).toBe(hnsw.embedder.id);
      const leftovers = await server.db.query("SELECT to_regclass('clausewise_chunks_next') AS t");
      expect(leftovers.rows[0]).toEqual({ t: null });
      // And the store still serves.
      expect((await pgEngine()).indexStatus.state).toBe("loaded");
    } finally {
      await pool.end();
    }
  });

  it("migrating again from two replicas at once changes nothing", async () => {
    const pools = [createPool(server.url), createPool(server.url)];
    try {
      expect(await Promise.all(pools.map((p) => migrate(p)))).toEqual([[], []]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });
});

describe("a database that cannot be reached", () => {
  it("stops the start with one line naming the store, without the password", async () => {
    const url = "postgres://clausewise:hunter2@127.0.0.1:1/clausewise";
    const error = await openEngine({ config: testConfig({ DATABASE_URL: url }), log: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClausewiseError);
    expect((error as ClausewiseError).message).toMatch(/^the vector store at postgres:\/\/clausewise:\*\*\*@127\.0\.0\.1:1\/clausewise failed/);
    expect((error as ClausewiseError).message).not.toContain("hunter2");
  });
});

describe("the pg driver's own connection", () => {
  it("reaches the test server (the store's tests stand on it)", async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    expect((await client.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).rows[0]!.extversion).toMatch(/^0\.\d+/);
    await client.end();
  });
});
