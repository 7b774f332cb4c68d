/**
 * The index's life cycle: load the persisted index when it matches the
 * corpus and embedder, otherwise embed the corpus, build and save it, and say
 * in one line why.
 */
import { join } from "node:path";
import type { Chunk } from "../contract.ts";
import type { Config } from "../config.ts";
import type { Corpus } from "../../corpus/load.ts";
import type { Embedder } from "../embeddings/index.ts";
import { ClausewiseError } from "../errors.ts";
import { IndexLoadError, VectorIndex } from "./vector-index.ts";

export interface IndexStatus {
  state: "loaded" | "built" | "rebuilt";
  /** Why it was (re)built. */
  reason?: string;
  chunks: number;
  builtAt: string;
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
  force = false,
): Promise<{ index: VectorIndex; status: IndexStatus }> {
  const dir = indexDir(config);
  const identity = { embedder: embedder.id, corpusHash: corpus.hash };
  let reason = force ? "rebuild requested" : undefined;
  if (!force) {
    try {
      const index = VectorIndex.load(dir, identity);
      embedder.restore?.(index.manifest.embedderState);
      return { index, status: { state: "loaded", chunks: index.size, builtAt: index.manifest.builtAt } };
    } catch (error) {
      if (!(error instanceof IndexLoadError)) throw error;
      reason = error.message;
      if (error.kind !== "missing") log(`index ${error.kind}: ${error.message}; rebuilding`);
    }
  }
  const texts = corpus.chunks.map((c) => indexedText(c));
  const state = embedder.fit?.(texts);
  let vectors: number[][];
  try {
    vectors = await embedder.embeddings.embedDocuments(texts);
  } catch (error) {
    throw new ClausewiseError("index", `embedding the corpus failed (${embedder.id}): ${(error as Error).message}`, { cause: error });
  }
  const dims = vectors[0]?.length ?? 0;
  const index = VectorIndex.build({ ...identity, dims }, corpus.chunks.map((c) => c.id), vectors, state);
  index.save(dir);
  const rebuilt = reason !== "no index built yet";
  return { index, status: { state: rebuilt ? "rebuilt" : "built", reason, chunks: index.size, builtAt: index.manifest.builtAt } };
}

/** What a chunk is embedded as: its headings give short clauses their topic. */
export function indexedText(chunk: Chunk): string {
  return [chunk.section?.title, chunk.subsection, chunk.text].filter(Boolean).join(". ");
}
