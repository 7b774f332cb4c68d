/**
 * Two or three follow-ups after an answer, drawn from where its first cited
 * passage sits: the next clause (by its subsection's topic), the section it
 * belongs to, and what the other document says on that topic. They are
 * questions the answerer handles well (a clause reference, a section summary,
 * a document-scoped topic), not guesses at what the person wants.
 */
import type { Chunk } from "../../../server/contract.ts";

const MAX_SUGGESTIONS = 3;

/** `chunkById` in document order (as the documents context builds it). */
export function suggestFollowUps(cited: string[], chunkById: Map<string, Chunk>, asked: string): string[] {
  const first = cited.map((id) => chunkById.get(id)).find((c): c is Chunk => c !== undefined);
  if (!first) return [];
  const ordered = [...chunkById.values()].filter((c) => c.docId === first.docId);
  const next = ordered[ordered.findIndex((c) => c.id === first.id) + 1];
  const topic = (chunk: Chunk) => chunk.subsection?.toLowerCase();
  const out: string[] = [];
  if (next && next.kind === first.kind && next.kind !== "closing") {
    out.push(topic(next) && topic(next) !== topic(first) ? `What does ${next.shortLabel} say about ${topic(next)}?` : `What does ${next.shortLabel} say?`);
  }
  if (first.section) out.push(`Summarize section ${first.section.numeral}`);
  const here = topic(first);
  if (here) out.push(first.docId === "statement" ? `What does the article say about ${here}?` : `What does the Joint Statement say about ${here}?`);
  const same = (q: string) => q.trim().toLowerCase().replace(/[?.!\s]+$/, "") === asked.trim().toLowerCase().replace(/[?.!\s]+$/, "");
  return out.filter((q) => !same(q)).slice(0, MAX_SUGGESTIONS);
}
