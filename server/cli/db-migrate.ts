/**
 * `npm run db:migrate`: creates or upgrades the Postgres schema of the pgvector index store at DATABASE_URL
 * (the pgvector extension, the index metadata table). Safe to run again, and from several replicas at once.
 * The vectors themselves are written by the first start (or `npm run index`) that finds them missing or stale.
 */
import { loadConfig } from "../config.ts";
import { isClausewiseError } from "../errors.ts";
import { redactUrl } from "../index/open-index.ts";
import { createPool, migrate, PG_SCHEMA_VERSION } from "../index/pg-vector-index.ts";

const log = (line: string) => process.stderr.write(`clausewise: ${line}\n`);
try {
  const { databaseUrl } = loadConfig();
  if (!databaseUrl) {
    log("DATABASE_URL is not set: the index lives in the data directory and needs no migration");
    process.exit(2);
  }
  const pool = createPool(databaseUrl);
  try {
    const applied = await migrate(pool);
    log(
      applied.length > 0
        ? `${redactUrl(databaseUrl)}: applied schema version ${applied.join(", ")} (now ${PG_SCHEMA_VERSION})`
        : `${redactUrl(databaseUrl)}: schema already at version ${PG_SCHEMA_VERSION}`,
    );
  } finally {
    await pool.end();
  }
} catch (error) {
  log(isClausewiseError(error) ? error.message : `migration failed: ${(error as Error).message}`);
  process.exit(1);
}
