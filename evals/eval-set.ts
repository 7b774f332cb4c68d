/**
 * Eval sets: `evals/sets/*.jsonl`, one question per line. Loading validates
 * every line; `checkEvalSet` then checks the set against the corpus (gold ids
 * exist, each fact is written in one of its gold chunks) and `uncoveredChunks`
 * lists chunks no question cites, so the sets keep covering the whole corpus.
 */
import { readFileSync } from "node:fs";
import { evalItemSchema, type Chunk, type EvalItem } from "../server/contract.ts";
import { describeFact, factPresent } from "./facts.ts";

// The eval item's schema is shared with the server, which saves cases from chat (POST /api/evals/cases).
export { EVAL_TAGS, evalItemSchema, type EvalItem, type EvalTag } from "../server/contract.ts";

export class EvalSetError extends Error {
  override name = "EvalSetError";
}

export function parseEvalSet(text: string, source: string): EvalItem[] {
  const items: EvalItem[] = [];
  const ids = new Set<string>();
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new EvalSetError(`${source}:${i + 1}: not valid JSON`);
    }
    const parsed = evalItemSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new EvalSetError(`${source}:${i + 1}: ${issue.path.join(".") || "line"}: ${issue.message}`);
    }
    if (ids.has(parsed.data.id)) throw new EvalSetError(`${source}:${i + 1}: duplicate id ${parsed.data.id}`);
    ids.add(parsed.data.id);
    items.push(parsed.data);
  }
  if (items.length === 0) throw new EvalSetError(`${source}: no questions`);
  return items;
}

export function loadEvalSet(path: string): EvalItem[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new EvalSetError(`cannot read eval set: ${path}`);
  }
  return parseEvalSet(text, path);
}

/** Problems that make an item's gold answer wrong: unknown chunk ids, facts found in no gold chunk. */
export function checkEvalSet(items: EvalItem[], chunkById: Map<string, Chunk>): string[] {
  const problems: string[] = [];
  for (const item of items) {
    const gold = item.citations.map((id) => chunkById.get(id));
    item.citations.forEach((id, i) => {
      if (!gold[i]) problems.push(`${item.id}: unknown chunk id ${id}`);
    });
    // An answer may quote a clause or the headings it stands under ("Expanding economic and trade cooperation").
    const texts = gold
      .filter((c): c is Chunk => Boolean(c))
      .map((c) => [c.text, c.section?.title, c.subsection].filter(Boolean).join("\n"));
    for (const fact of item.facts) {
      if (!texts.some((text) => factPresent(text, fact))) {
        problems.push(`${item.id}: fact "${describeFact(fact)}" is in none of its gold chunks`);
      }
    }
  }
  return problems;
}

/** Chunk ids that no question in the sets cites as gold. */
export function uncoveredChunks(items: EvalItem[], chunks: Chunk[]): string[] {
  const cited = new Set(items.flatMap((item) => item.citations));
  return chunks.map((c) => c.id).filter((id) => !cited.has(id));
}
