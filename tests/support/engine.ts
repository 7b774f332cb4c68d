/**
 * Test helpers: a private data directory per test (so index files never
 * collide) that links to the shared word-vector cache, and an engine opened on it.
 */
import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, type Config } from "../../server/config.ts";
import { openEngine, type Engine } from "../../server/engine.ts";
import { wordVectorCachePath } from "../../server/embeddings/index.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SHARED_VECTOR_CACHE = wordVectorCachePath(join(ROOT, "data"));

/** A fresh data directory whose word-vector cache links to the shared one. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "clausewise-test-"));
  mkdirSync(dirname(wordVectorCachePath(dir)), { recursive: true });
  symlinkSync(SHARED_VECTOR_CACHE, wordVectorCachePath(dir));
  return dir;
}

/** Offline configuration on a private data directory, plus any overrides. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ CLAUSEWISE_DATA_DIR: tempDataDir(), ...env });
}

export async function testEngine(env: Record<string, string> = {}): Promise<Engine> {
  return openEngine({ config: testConfig(env), log: () => {} });
}
