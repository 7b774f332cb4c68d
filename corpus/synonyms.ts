/**
 * Reads corpus/synonyms.txt, the reviewed list of words people ask with that
 * the documents never use ("parliament" for "legislative bodies"). The file is
 * in the Solr/Elasticsearch synonym format so it can be read and reviewed
 * without this code; it lives beside the manifest because every rule is
 * justified by, and only valid for, this corpus.
 *
 * A malformed line fails loudly with the file and line number: a rule that
 * silently parsed into something else would quietly steer retrieval.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CorpusError, decodeUtf8Strict } from "./errors.ts";
import { DEFAULT_CORPUS_DIR } from "./load.ts";

export const SYNONYMS_FILE = "synonyms.txt";

export interface SynonymRule {
  /** Terms a question may contain, lowercased, whitespace collapsed; may be phrases. */
  from: string[];
  /**
   * Terms to add when one of `from` matches, written as the documents write them.
   * An equivalence rule (`a, b, c`) has the same terms on both sides.
   */
  to: string[];
  /** 1-based line of the rule in its file. */
  line: number;
  /** The comment that justifies the rule: its trailing `# …`, else the comment lines directly above it. */
  comment?: string;
}

/**
 * Parses synonym rules: `a, b => c, d` (one-way), `a, b, c` (equivalent),
 * `#` comments and blank lines. `source` names the text in error messages.
 */
export function parseSynonyms(text: string, source: string): SynonymRule[] {
  const rules: SynonymRule[] = [];
  let pendingComment: string[] = [];
  text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      const hash = raw.indexOf("#");
      const body = (hash === -1 ? raw : raw.slice(0, hash)).trim();
      const trailing = hash === -1 ? "" : raw.slice(hash + 1).trim();
      if (!body) {
        // A blank line ends a comment block: a comment only justifies the rule directly below it.
        pendingComment = hash === -1 ? [] : [...pendingComment, trailing];
        return;
      }
      const fail = (reason: string): never => {
        throw new CorpusError(`${source}:${line}: ${reason}: "${raw.trim()}"`);
      };
      const sides = body.split("=>");
      if (sides.length > 2) fail('a rule has at most one "=>"');
      const [left, right] = sides.map((side, s) => {
        if (!side.trim()) fail(`the ${s === 0 ? "left" : "right"} side of "=>" is empty`);
        return side.split(",").map((term) => {
          const t = term.trim().replace(/\s+/g, " ").toLowerCase();
          if (!t) fail("a term is empty (check for doubled or trailing commas)");
          if (!/[\p{L}\p{N}]/u.test(t)) fail(`the term "${t}" has no letters or digits`);
          return t;
        });
      }) as [string[], string[] | undefined];
      if (!right && left.length < 2) fail('a rule needs at least two terms ("a, b" or "a => b")');
      const comment = trailing || pendingComment.join(" ").trim();
      rules.push({ from: left, to: right ?? left, line, ...(comment ? { comment } : {}) });
      pendingComment = [];
    });
  return rules;
}

/** Loads `synonyms.txt` from the corpus directory (beside manifest.json). */
export function loadSynonyms(dir: string = DEFAULT_CORPUS_DIR): SynonymRule[] {
  const path = join(resolve(dir), SYNONYMS_FILE);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    // A corpus without a synonym file is a corpus without synonyms; one that cannot be read is broken.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new CorpusError(`The synonym file cannot be read: ${path}`, { cause: error });
  }
  const text = decodeUtf8Strict(bytes);
  if (text === undefined) throw new CorpusError(`The synonym file is not valid UTF-8: ${path}`);
  return parseSynonyms(text, path);
}
