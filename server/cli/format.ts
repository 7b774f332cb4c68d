/**
 * An answer as the CLI prints it for a person: citation markers as short
 * labels ([§24]), then the sources — or, for a related answer, the related
 * passages — without repeating a quote the answer already shows.
 */
import type { Answer } from "../contract.ts";
import type { Engine } from "../engine.ts";

export function formatForPerson(answer: Answer, engine: Engine): string {
  const text = answer.answer.replace(/\[([a-z][a-z0-9-]*\/[a-z0-9-]+)\]/g, (m, id: string) => {
    const chunk = engine.chunkById.get(id);
    return chunk ? `[${chunk.shortLabel}]` : m;
  });
  const lines = [text, ""];
  if (answer.citations.length) {
    lines.push(answer.outcome === "related" ? "Related passages (not an answer):" : "Sources:");
    for (const c of answer.citations) {
      // An extractive answer already quotes (part of) the sentence; an LLM answer paraphrases, so show the quote.
      const quote = quotedIn(answer.answer, c.quote) ? "" : `\n      “${c.quote}”`;
      lines.push(`  [${engine.chunkById.get(c.id)?.shortLabel ?? c.id}] ${c.label}${quote}`);
    }
  } else {
    lines.push(answer.abstained ? "(no sources: the documents do not answer this)" : "");
  }
  return lines.join("\n").trimEnd();
}

/** Whether the answer text already shows the quote, whole or trimmed to spans joined by "…". */
function quotedIn(answer: string, quote: string): boolean {
  if (answer.includes(quote)) return true;
  return answer
    .split(/\s*…\s*|\s*\[[^\]]+\]\s*/)
    .some((span) => span.length >= 30 && quote.includes(span.replace(/^[-*\s]+|^\*\*[^*]+\*\*\s*—\s*/g, "").trim()));
}
