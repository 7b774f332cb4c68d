/**
 * Converts the word vectors once per test run (≈5 s) into the shared cache,
 * so every test's private data directory can link to it instead of redoing it.
 */
import { SHARED_VECTOR_CACHE } from "./engine.ts";
import { openWordVectors } from "../../server/embeddings/word-vectors.ts";

export default function setup(): void {
  openWordVectors(SHARED_VECTOR_CACHE, (line) => process.stderr.write(`clausewise: ${line}\n`));
}
