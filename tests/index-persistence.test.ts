import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import hnswlib from "hnswlib-node";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_CORPUS_DIR, loadCorpus } from "../corpus/load.ts";
import { loadConfig, type Config } from "../server/config.ts";
import { localEmbedder, type Embedder } from "../server/embeddings/index.ts";
import { indexDir, indexedText, openEngine, type Engine } from "../server/engine.ts";
import { INDEX_FORMAT_VERSION, IndexLoadError, VectorIndex, type IndexIdentity } from "../server/index/vector-index.ts";
import { tempDataDir } from "./support/engine.ts";

const QUESTION = "How many days can Bulgarians stay in Vietnam without a visa?";

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = tempDataDir();
  tempDirs.push(dir);
  return dir;
}

function configFor(dir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ CLAUSEWISE_DATA_DIR: dir, ...env });
}

async function open(config: Config, embedder?: Embedder): Promise<{ engine: Engine; logs: string[] }> {
  const logs: string[] = [];
  const engine = await openEngine({ config, embedder, log: (line) => logs.push(line) });
  return { engine, logs };
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const files = (config: Config) => ({
  dir: indexDir(config),
  vectors: join(indexDir(config), "vectors.hnsw"),
  manifest: join(indexDir(config), "manifest.json"),
});
const readManifest = (config: Config) => JSON.parse(readFileSync(files(config).manifest, "utf8"));
function loadError(dir: string, identity: IndexIdentity): IndexLoadError {
  try {
    VectorIndex.load(dir, identity);
  } catch (error) {
    if (error instanceof IndexLoadError) return error;
    throw error;
  }
  throw new Error(`the index in ${dir} loaded`);
}

const leftovers = (config: Config) => readdirSync(files(config).dir).filter((f) => f.endsWith(".tmp"));

/** A config whose index is already built (and a fresh engine could load it). */
async function builtIndex(): Promise<Config> {
  const config = configFor(dataDir());
  await open(config);
  return config;
}

describe("building and loading the index", () => {
  it("builds on first use and writes a real hnswlib file beside its manifest", async () => {
    const config = configFor(dataDir());
    const { engine, logs } = await open(config);
    expect(engine.indexStatus).toMatchObject({ state: "built", chunks: 61 });
    // "built" means there was no index: no reason, so health never reads "built" beside "no index built yet".
    expect(engine.indexStatus.reason).toBeUndefined();
    expect(logs).toEqual([]);

    const { vectors, manifest } = files(config);
    expect(readdirSync(files(config).dir).sort()).toEqual(["manifest.json", "vectors.hnsw"]);
    const m = readManifest(config);
    expect(m).toMatchObject({
      formatVersion: INDEX_FORMAT_VERSION,
      embedder: engine.embedder.id,
      dims: 100,
      corpusHash: engine.corpus.hash,
      ids: engine.corpus.chunks.map((c) => c.id),
      checksum: sha256(vectors),
      builtAt: engine.indexStatus.builtAt,
    });
    expect(m.embedderState.commonComponent).toHaveLength(100);
    expect(statSync(manifest).size).toBeGreaterThan(0);

    const hnsw = new hnswlib.HierarchicalNSW("cosine", 100);
    hnsw.readIndexSync(vectors);
    expect(hnsw.getCurrentCount()).toBe(61);
    const chunk = engine.chunkById.get("statement/24")!;
    const [own] = await engine.embedder.embeddings.embedDocuments([indexedText(chunk)]);
    expect(m.ids[hnsw.searchKnn(own!, 1).neighbors[0]!]).toBe("statement/24");
  });

  it("loads the saved index on the next open, unchanged, and answers the same", async () => {
    const config = configFor(dataDir());
    const first = await open(config);
    const before = sha256(files(config).vectors);
    const second = await open(config);
    expect(second.engine.indexStatus).toMatchObject({ state: "loaded", chunks: 61, builtAt: first.engine.indexStatus.builtAt });
    expect(second.engine.indexStatus.reason).toBeUndefined();
    expect(second.logs).toEqual([]);
    expect(sha256(files(config).vectors)).toBe(before);
    expect(await second.engine.answer(QUESTION)).toEqual(await first.engine.answer(QUESTION));
  });

  it("builds the same graph from the same corpus", async () => {
    const [a, b] = [await builtIndex(), await builtIndex()];
    expect(sha256(files(a).vectors)).toBe(sha256(files(b).vectors));
  });
});

describe("stale indexes", () => {
  it("rebuilds when the corpus changed, saying so in one line", async () => {
    const dir = dataDir();
    await open(configFor(dir));
    const corpusDir = mkdtempSync(join(tmpdir(), "clausewise-corpus-"));
    tempDirs.push(corpusDir);
    cpSync(DEFAULT_CORPUS_DIR, corpusDir, { recursive: true, filter: (src) => !src.endsWith(".ts") });
    const article = join(corpusDir, "vna-article-to-lam-bulgaria-visit-2025.txt");
    writeFileSync(article, readFileSync(article, "utf8").replace("In August 1957", "In September 1957"));

    const edited = configFor(dir, { CLAUSEWISE_CORPUS_DIR: corpusDir });
    const { engine, logs } = await open(edited);
    expect(engine.indexStatus).toMatchObject({ state: "rebuilt", reason: "corpus changed since the index was built" });
    expect(logs).toEqual(["index stale: corpus changed since the index was built; rebuilding"]);
    expect(readManifest(edited).corpusHash).toBe(engine.corpus.hash);
    expect(engine.chunkById.get("article/5")!.text).toContain("In September 1957");
    expect((await open(edited)).engine.indexStatus.state).toBe("loaded");
  });

  it("rebuilds when the embedder changed, and records the new one", async () => {
    const config = await builtIndex();
    const local = localEmbedder(config.dataDir);
    const other: Embedder = { ...local, id: `${local.id}:variant` };
    const { engine, logs } = await open(config, other);
    expect(engine.indexStatus.state).toBe("rebuilt");
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^index stale: index was built with sif:.*, now sif:.*:variant; rebuilding$/);
    expect(readManifest(config).embedder).toBe(other.id);
    expect((await open(config)).engine.indexStatus.state).toBe("rebuilt");
  });

  it("rebuilds an index of another format version", async () => {
    const config = await builtIndex();
    writeFileSync(files(config).manifest, JSON.stringify({ ...readManifest(config), formatVersion: INDEX_FORMAT_VERSION + 1 }));
    const { engine, logs } = await open(config);
    expect(engine.indexStatus.state).toBe("rebuilt");
    expect(logs).toEqual([`index stale: index format ${INDEX_FORMAT_VERSION + 1} ≠ ${INDEX_FORMAT_VERSION}; rebuilding`]);
    expect(readManifest(config).formatVersion).toBe(INDEX_FORMAT_VERSION);
  });
});

describe("corrupt indexes", () => {
  async function expectRebuiltFromCorrupt(config: Config, message: RegExp) {
    const { engine, logs } = await open(config);
    expect(engine.indexStatus.state).toBe("rebuilt");
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^index corrupt: .*; rebuilding$/);
    expect(logs[0]).toMatch(message);
    expect(readManifest(config).checksum).toBe(sha256(files(config).vectors));
    expect(leftovers(config)).toEqual([]);
    expect((await engine.answer(QUESTION)).citations.map((c) => c.id)).toContain("statement/24");
    expect((await open(config)).engine.indexStatus.state).toBe("loaded");
  }

  it("detects a truncated index file and rebuilds", async () => {
    const config = await builtIndex();
    truncateSync(files(config).vectors, Math.floor(statSync(files(config).vectors).size / 2));
    await expectRebuiltFromCorrupt(config, /does not match its manifest checksum/);
  });

  it("detects flipped bytes in the index file and rebuilds", async () => {
    const config = await builtIndex();
    const bytes = readFileSync(files(config).vectors);
    for (const at of [100, Math.floor(bytes.length / 2), bytes.length - 5]) bytes[at]! ^= 0xff;
    writeFileSync(files(config).vectors, bytes);
    await expectRebuiltFromCorrupt(config, /does not match its manifest checksum/);
  });

  it("detects an empty index file and rebuilds", async () => {
    const config = await builtIndex();
    writeFileSync(files(config).vectors, "");
    await expectRebuiltFromCorrupt(config, /does not match its manifest checksum/);
  });

  it("detects a garbage manifest and rebuilds", async () => {
    const config = await builtIndex();
    writeFileSync(files(config).manifest, "{\"formatVersion\": 1, \"emb\u0000");
    await expectRebuiltFromCorrupt(config, /index manifest is unreadable/);
  });

  it("detects a manifest of the wrong shape and rebuilds", async () => {
    const config = await builtIndex();
    writeFileSync(files(config).manifest, JSON.stringify({ ...readManifest(config), ids: "statement/1" }));
    await expectRebuiltFromCorrupt(config, /index manifest is unreadable/);
  });

  it("detects an index file whose vector count differs from the manifest, even with a matching checksum", async () => {
    const config = await builtIndex();
    const small = VectorIndex.build({ embedder: "x", corpusHash: "y", dims: 100 }, ["a", "b", "c"], [0, 1, 2].map((i) =>
      Array.from({ length: 100 }, (_, d) => (d === i ? 1 : 0.01)),
    ));
    const otherDir = dataDir();
    small.save(otherDir);
    cpSync(join(otherDir, "vectors.hnsw"), files(config).vectors);
    writeFileSync(files(config).manifest, JSON.stringify({ ...readManifest(config), checksum: sha256(files(config).vectors) }));
    await expectRebuiltFromCorrupt(config, /index holds 3 vectors, manifest lists 61/);
  });

  it("treats a missing manifest as no index and builds without a warning", async () => {
    const config = await builtIndex();
    rmSync(files(config).manifest);
    const { engine, logs } = await open(config);
    expect(engine.indexStatus.state).toBe("built");
    expect(engine.indexStatus.reason).toBeUndefined();
    expect(logs).toEqual([]);
  });
});

describe("crash safety", () => {
  it("never loads a new index file whose manifest was not written (crash between the two renames)", async () => {
    const config = await builtIndex();
    const { vectors } = files(config);
    const full = readFileSync(vectors);
    writeFileSync(vectors, full.subarray(0, full.length - 4096));
    const { embedder, corpusHash } = readManifest(config);
    expect(loadError(files(config).dir, { embedder, corpusHash }).kind).toBe("corrupt");
    expect((await open(config)).engine.indexStatus.state).toBe("rebuilt");
  });

  it("ignores temp files a crashed save left behind and keeps the last good index", async () => {
    const config = await builtIndex();
    const { dir, vectors, manifest } = files(config);
    writeFileSync(`${vectors}.99999.1.tmp`, readFileSync(vectors).subarray(0, 1000));
    writeFileSync(`${manifest}.99999.1.tmp`, "{");
    const { engine, logs } = await open(config);
    expect(engine.indexStatus.state).toBe("loaded");
    expect(logs).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(["manifest.json", "manifest.json.99999.1.tmp", "vectors.hnsw", "vectors.hnsw.99999.1.tmp"]);
  });

  it("leaves no temp files after a build or a rebuild", async () => {
    const config = await builtIndex();
    expect(leftovers(config)).toEqual([]);
    writeFileSync(files(config).vectors, "x");
    await open(config);
    expect(leftovers(config)).toEqual([]);
  });
});

describe("VectorIndex", () => {
  const unit = (i: number, dims = 4) => Array.from({ length: dims }, (_, d) => (d === i ? 1 : 0));

  it("returns the nearest ids by cosine similarity, best first, at most the index size", () => {
    const index = VectorIndex.build({ embedder: "t", corpusHash: "h", dims: 4 }, ["a", "b", "c"], [unit(0), unit(1), [1, 1, 0, 0]]);
    const hits = index.search([1, 0.1, 0, 0], 10);
    expect(hits.map((h) => h.id)).toEqual(["a", "c", "b"]);
    expect(hits[0]!.score).toBeCloseTo(0.995, 2);
    expect(index.search([0, 1, 0, 0], 1).map((h) => h.id)).toEqual(["b"]);
  });

  it("refuses mismatched ids and vectors, and vectors of the wrong size", () => {
    expect(() => VectorIndex.build({ embedder: "t", corpusHash: "h", dims: 4 }, ["a", "b"], [unit(0)])).toThrow(/2 ids but 1 vectors/);
    expect(() => VectorIndex.build({ embedder: "t", corpusHash: "h", dims: 4 }, ["a"], [[1, 0]])).toThrow(
      /vector a has 2 dimensions, expected 4/,
    );
  });

  it("saves and loads the same search results, and refuses another identity", () => {
    const dir = mkdtempSync(join(tmpdir(), "clausewise-index-"));
    tempDirs.push(dir);
    const built = VectorIndex.build({ embedder: "t", corpusHash: "h", dims: 4 }, ["a", "b", "c"], [unit(0), unit(1), unit(2)]);
    built.save(dir);
    const loaded = VectorIndex.load(dir, { embedder: "t", corpusHash: "h" });
    expect(loaded.search([0.2, 0.9, 0.1, 0], 3)).toEqual(built.search([0.2, 0.9, 0.1, 0], 3));
    expect(loadError(dir, { embedder: "t", corpusHash: "other" }).kind).toBe("stale");
    expect(loadError(dir, { embedder: "other", corpusHash: "h" }).kind).toBe("stale");
    expect(loadError(join(dir, "nothing"), { embedder: "t", corpusHash: "h" }).kind).toBe("missing");
  });

  it("builds the same graph from one float32 matrix (SifEmbeddings.embedMatrix) as from arrays of vectors", async () => {
    const { embeddings, fit } = localEmbedder(dataDir());
    const chunks = loadCorpus(DEFAULT_CORPUS_DIR).chunks;
    const texts = chunks.map((c) => indexedText(c));
    const state = fit!(texts);
    const identity = { embedder: embeddings.id, corpusHash: "h", dims: embeddings.dims };
    const ids = chunks.map((c) => c.id);
    const [fromArrays, fromMatrix] = [await embeddings.embedDocuments(texts), embeddings.embedMatrix(texts)].map((vectors) => {
      const dir = mkdtempSync(join(tmpdir(), "clausewise-index-"));
      tempDirs.push(dir);
      VectorIndex.build(identity, ids, vectors, state).save(dir);
      return join(dir, "vectors.hnsw");
    });
    expect(sha256(fromMatrix!)).toBe(sha256(fromArrays!));
  });

  it("refuses a matrix that is not one row of `dims` per id", () => {
    const identity = { embedder: "t", corpusHash: "h", dims: 4 };
    expect(() => VectorIndex.build(identity, ["a", "b"], new Float32Array(4))).toThrow(/2 ids but 1 vectors/);
    expect(() => VectorIndex.build(identity, ["a"], new Float32Array(6))).toThrow(/6 floats is not rows of 4 dimensions/);
    const index = VectorIndex.build(identity, ["a", "b"], Float32Array.of(...unit(0), ...unit(1)));
    expect(index.search(unit(1), 1).map((h) => h.id)).toEqual(["b"]);
  });

  it("searches an empty index without failing", () => {
    expect(VectorIndex.build({ embedder: "t", corpusHash: "h", dims: 4 }, [], []).search(unit(0), 5)).toEqual([]);
  });
});
