/**
 * The index's life cycle: load the persisted index when it matches the
 * corpus and embedder, otherwise embed the corpus, build and save it, and say
 * in one line why. In a read-only data directory the index can only be loaded.
 * With DATABASE_URL the vectors live in Postgres (pg-vector-index.ts) instead.
 */
import { join } from "node:path";
import type { Chunk } from "../contract.ts";
import type { Config, DataDirAccess } from "../config.ts";
import type { Corpus } from "../../corpus/load.ts";
import type { Embedder } from "../embeddings/index.ts";
import { ClausewiseError } from "../errors.ts";
import { IndexLoadError, VectorIndex, type DenseIndex } from "./vector-index.ts";

export interface IndexStatus {
  /** loaded: used as found; built: there was none; rebuilt: the one found could not be used (see reason). */
  state: "loaded" | "built" | "rebuilt";
  /** Why it was rebuilt; only with "rebuilt". */
  reason?: string;
  chunks: number;
  builtAt: string;
  /** Set when the data directory cannot be written and the index was used as it is. */
  readOnly?: true;
}

export interface OpenIndexOptions {
  /** Rebuild even when the persisted index is usable. */
  force?: boolean;
  access?: DataDirAccess;
}

export function indexDir(config: Config): string {
  return join(config.dataDir, "index");
}

/** Loads the persisted index, or (re)builds and saves it, saying why in one line. */
export async function openIndex(
  config: Config,
  corpus: Corpus,
  embedder: Embedder,
  log: (line: string) => void,
  { force = false, access = "writable" }: OpenIndexOptions = {},
): Promise<{ index: DenseIndex; status: IndexStatus }> {
  if (config.databaseUrl) return openPgIndex(config.databaseUrl, corpus, embedder, log, force);
  const dir = indexDir(config);
  const identity = { embedder: embedder.id, corpusHash: corpus.hash };
  let unusable: IndexLoadError | undefined;
  if (!force) {
    try {
      const index = VectorIndex.load(dir, identity);
      embedder.restore?.(index.manifest.embedderState);
      const status: IndexStatus = { state: "loaded", chunks: index.size, builtAt: index.manifest.builtAt };
      return { index, status: access === "read-only" ? { ...status, readOnly: true } : status };
    } catch (error) {
      if (!(error instanceof IndexLoadError)) throw error;
      unusable = error;
    }
  }
  if (access === "read-only") {
    const why = unusable ? `its index is ${unusable.kind} (${unusable.message})` : "a rebuild was requested";
    throw new ClausewiseError(
      "config",
      `The data directory ${config.dataDir} is read-only and ${why}; build the index where it can be written (npm run index) or make the directory writable`,
    );
  }
  if (unusable && unusable.kind !== "missing") log(`index ${unusable.kind}: ${unusable.message}; rebuilding`);
  const { vectors, dims, state } = await embedCorpus(corpus, embedder);
  const index = VectorIndex.build({ ...identity, dims }, corpus.chunks.map((c) => c.id), vectors, state);
  index.save(dir);
  const built = { chunks: index.size, builtAt: index.manifest.builtAt };
  // "built" needs no reason (there was no index); a reason always explains a rebuild.
  const status: IndexStatus =
    unusable?.kind === "missing" ? { state: "built", ...built } : { state: "rebuilt", reason: unusable?.message ?? "rebuild requested", ...built };
  return { index, status };
}

/** The corpus's vectors, one row per chunk in corpus order, and whatever the embedder fitted on it. */
async function embedCorpus(corpus: Corpus, embedder: Embedder): Promise<{ vectors: number[][] | Float32Array; dims: number; state?: Record<string, unknown> }> {
  // The texts are made one at a time where the embedder can take them so: a corpus of 100,000 chunks would
  // otherwise hold every text twice.
  const texts = function* () {
    for (const chunk of corpus.chunks) yield indexedText(chunk);
  };
  const state = embedder.fit?.(texts());
  let vectors: number[][] | Float32Array;
  try {
    vectors = embedder.embedMatrix ? embedder.embedMatrix(texts(), corpus.chunks.length) : await embedder.embeddings.embedDocuments([...texts()]);
  } catch (error) {
    throw new ClausewiseError("index", `embedding the corpus failed (${embedder.id}): ${(error as Error).message}`, { cause: error });
  }
  const dims = vectors instanceof Float32Array ? vectors.length / Math.max(1, corpus.chunks.length) : (vectors[0]?.length ?? 0);
  return { vectors, dims, ...(state ? { state } : {}) };
}

/**
 * The index in Postgres (DATABASE_URL): loaded when it matches, else built by whichever replica takes the
 * lock first while the others wait and then load it. The data directory is not used for vectors.
 */
async function openPgIndex(
  url: string,
  corpus: Corpus,
  embedder: Embedder,
  log: (line: string) => void,
  force: boolean,
): Promise<{ index: DenseIndex; status: IndexStatus }> {
  // Loaded only here: a start without DATABASE_URL never reads pg.
  const { createPool, PgSchemaError, PgVectorIndex } = await import("./pg-vector-index.ts");
  const pool = createPool(url);
  const identity = { embedder: embedder.id, corpusHash: corpus.hash };
  try {
    const { index, rebuilt } = await PgVectorIndex.open(pool, identity, corpus.chunks, () => embedCorpus(corpus, embedder), { force });
    embedder.restore?.(index.meta.embedderState);
    const built = { chunks: index.size, builtAt: index.builtAt };
    if (rebuilt instanceof IndexLoadError && rebuilt.kind !== "missing") log(`index ${rebuilt.kind} in ${redactUrl(url)}: ${rebuilt.message}; rebuilt`);
    const status: IndexStatus =
      rebuilt === undefined
        ? { state: "loaded", ...built }
        : rebuilt !== "forced" && rebuilt.kind === "missing"
          ? { state: "built", ...built }
          : { state: "rebuilt", reason: rebuilt === "forced" ? "rebuild requested" : rebuilt.message, ...built };
    return { index, status };
  } catch (error) {
    await pool.end().catch(() => {});
    if (error instanceof ClausewiseError) throw error;
    if (error instanceof PgSchemaError) throw new ClausewiseError("config", `DATABASE_URL ${redactUrl(url)}: ${error.message}`);
    throw new ClausewiseError("index", `the vector store at ${redactUrl(url)} failed: ${(error as Error).message}`, { cause: error });
  }
}

/** A database URL fit for a log line: no password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}

/** What a chunk is embedded as: its headings give short clauses their topic. */
export function indexedText(chunk: Chunk): string {
  return [chunk.section?.title, chunk.subsection, chunk.text].filter(Boolean).join(". ");
}
