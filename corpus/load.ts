/**
 * Reads corpus/manifest.json and the documents it lists, and cuts them into
 * chunks. Adding a document of a known shape takes a file and a manifest entry.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Chunk, DocumentInfo, DocumentTree } from "./types.ts";
import { CorpusError, decodeUtf8Strict } from "./errors.ts";
import { parseArticle, parseStatement } from "./chunk.ts";

export const DEFAULT_CORPUS_DIR = dirname(fileURLToPath(import.meta.url));

const manifestSchema = z.object({
  version: z.literal(1),
  documents: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be lowercase letters, digits and dashes"),
        file: z.string().min(1),
        shape: z.enum(["statement", "article"]),
        title: z.string().min(1),
        shortTitle: z.string().min(1),
        publisher: z.string().min(1),
        date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, "must be an ISO date (YYYY-MM or YYYY-MM-DD)"),
        language: z.string().min(2),
      }),
    )
    .min(1),
});

export interface Corpus {
  documents: DocumentInfo[];
  chunks: Chunk[];
  /** Source text of each document, by id (chunk offsets point into these). */
  sources: Map<string, string>;
  /** Hash of the manifest and every source: an index built from another corpus is stale. */
  hash: string;
}

function readText(path: string, what: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "is missing" : "cannot be read";
    throw new CorpusError(`${what} ${reason}: ${path}`, { cause: error });
  }
  const text = decodeUtf8Strict(bytes);
  if (text === undefined) throw new CorpusError(`${what} is not valid UTF-8: ${path}`);
  return text;
}

export function loadCorpus(dir: string = DEFAULT_CORPUS_DIR): Corpus {
  const root = resolve(dir);
  const manifestPath = join(root, "manifest.json");
  const manifestText = readText(manifestPath, "The corpus manifest");
  let raw: unknown;
  try {
    raw = JSON.parse(manifestText);
  } catch {
    throw new CorpusError(`The corpus manifest is not valid JSON: ${manifestPath}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CorpusError(`The corpus manifest is malformed at "${issue.path.join(".") || "(root)"}": ${issue.message} (${manifestPath})`,
    );
  }
  const ids = parsed.data.documents.map((d) => d.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new CorpusError(`The corpus manifest lists document "${duplicate}" twice`);

  const hash = createHash("sha256").update(manifestText);
  const documents: DocumentInfo[] = [];
  const chunks: Chunk[] = [];
  const sources = new Map<string, string>();
  for (const entry of parsed.data.documents) {
    const { file, ...info } = entry;
    const source = readText(join(root, file), `Corpus document "${entry.id}"`);
    hash.update("\0").update(source);
    const parsedChunks = info.shape === "statement" ? parseStatement(source, info) : parseArticle(source, info).chunks;
    if (parsedChunks.length === 0) {
      throw new CorpusError(`Corpus document "${entry.id}" has no paragraphs: ${join(root, file)}`);
    }
    documents.push(info);
    sources.set(info.id, source);
    chunks.push(...parsedChunks);
  }
  return { documents, chunks, sources, hash: hash.digest("hex").slice(0, 16) };
}

/** Each document with its chunks grouped by section and subsection, in document order. */
export function documentTrees(corpus: Corpus): DocumentTree[] {
  return corpus.documents.map((doc) => {
    const sections: DocumentTree["sections"] = [];
    for (const chunk of corpus.chunks.filter((c) => c.docId === doc.id)) {
      let section = sections.at(-1);
      if (!section || section.numeral !== chunk.section?.numeral) {
        section = { numeral: chunk.section?.numeral, title: chunk.section?.title, subsections: [] };
        sections.push(section);
      }
      let sub = section.subsections.at(-1);
      if (!sub || sub.title !== chunk.subsection) {
        sub = { title: chunk.subsection, chunks: [] };
        section.subsections.push(sub);
      }
      sub.chunks.push(chunk);
    }
    return { ...doc, sections };
  });
}
