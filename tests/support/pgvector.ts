/**
 * Postgres with pgvector for tests: PGlite (Postgres compiled to WebAssembly) with its `vector`
 * extension, served over the Postgres wire protocol by pglite-socket on a free loopback port, so
 * the product's own `pg` driver talks to it exactly as to a Postgres server. (Debian 12 packages
 * no pgvector for its postgresql-15; this is the stand-in the team agreed on.)
 */
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface PgvectorServer {
  url: string;
  /** The database itself, for checks that bypass the product's code. */
  db: PGlite;
  stop(): Promise<void>;
}

export async function startPgvector(): Promise<PgvectorServer> {
  const db = await PGlite.create({ extensions: { vector } });
  // PGlite runs one session; the socket server queues the others' statements (a transaction holds it).
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 16 });
  await server.start();
  // "127.0.0.1:PORT"; PGlite accepts any password, so the URL carries one for the redaction tests.
  return {
    url: `postgres://postgres:secret-password@${server.getServerConn()}/postgres`,
    db,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
