/**
 * Chooses the embedder from configuration: local SIF word vectors by default,
 * or OpenAIEmbeddings against OpenAI or any OpenAI-compatible endpoint.
 * Both are LangChain `Embeddings`; the `Embedder` wrapper adds what the index
 * manifest needs (a stable id) and the SIF-only corpus fit.
 */
import { join } from "node:path";
import type { Embeddings } from "@langchain/core/embeddings";
import type { Config, DataDirAccess } from "../config.ts";
import { SifEmbeddings } from "./sif.ts";
import { openWordVectors, VECTOR_CACHE_FORMAT } from "./word-vectors.ts";

export interface Embedder {
  /** Goes into the index manifest: a different id means the index is stale. */
  id: string;
  embeddings: Embeddings;
  /** Fits corpus-dependent state before the corpus is embedded; returns it for the manifest. */
  fit?(texts: Iterable<string>): Record<string, unknown>;
  /** The corpus's vectors as one float32 matrix, texts read one at a time (local embedder only: it saves memory at scale). */
  embedMatrix?(texts: Iterable<string>, count: number): Float32Array;
  /** Restores state saved by `fit` from a loaded manifest. */
  restore?(state: Record<string, unknown> | undefined): void;
}

export function wordVectorCachePath(dataDir: string): string {
  // Named for its format (word-vectors.ts), so that a checkout still on an older format sharing this data dir
  // (a worktree for a before/after comparison) keeps its own file instead of rebuilding this one on every start.
  return join(dataDir, "word-vectors", `wink-sg-100d.${VECTOR_CACHE_FORMAT.toLowerCase()}.bin`);
}

export function localEmbedder(
  dataDir: string,
  log?: (line: string) => void,
  access: DataDirAccess = "writable",
): Embedder & { embeddings: SifEmbeddings } {
  const sif = new SifEmbeddings({ vectors: openWordVectors(wordVectorCachePath(dataDir), log, access) });
  return {
    id: sif.id,
    embeddings: sif,
    fit: (texts) => ({ commonComponent: sif.fitCommonComponent(texts) }),
    embedMatrix: (texts, count) => sif.embedMatrix(texts, count),
    restore: (state) => {
      const u = state?.commonComponent;
      sif.commonComponent = Array.isArray(u) && u.length === sif.dims ? (u as number[]) : undefined;
    },
  };
}

export async function createEmbedder(config: Config, log?: (line: string) => void, access: DataDirAccess = "writable"): Promise<Embedder> {
  const e = config.embeddings;
  if (e.kind === "local") return localEmbedder(config.dataDir, log, access);
  // Imported on demand: the OpenAI SDK costs ~0.5 s of start-up that offline runs don't need.
  const { OpenAIEmbeddings } = await import("@langchain/openai");
  return {
    id: `openai:${e.baseURL ?? "api.openai.com"}:${e.model}`,
    embeddings: new OpenAIEmbeddings({
      model: e.model,
      apiKey: e.apiKey ?? "not-needed",
      configuration: e.baseURL ? { baseURL: e.baseURL } : undefined,
      maxRetries: 2,
    }),
  };
}
