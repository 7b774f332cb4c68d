/**
 * Answers and conversations as Markdown people can paste elsewhere: each
 * `[statement/24]` marker becomes a footnote reference, and the footnotes give
 * the passage's label and the quoted sentence, so the copy stays checkable
 * without Clausewise.
 */
import type { ChatMessage, Citation } from "../../../server/contract.ts";
import { CITATION_MARKER, citationsOf, textOf } from "../citations/citations.ts";

/** The answer's text with footnote references, and its footnotes; `prefix` keeps labels unique across answers. */
function withFootnotes(text: string, citations: Citation[], prefix: string): { body: string; notes: string[] } {
  const order: string[] = [];
  const body = text.replace(CITATION_MARKER, (_, id: string) => {
    if (!order.includes(id)) order.push(id);
    return `[^${prefix}${order.indexOf(id) + 1}]`;
  });
  const notes = order.map((id, i) => {
    const citation = citations.find((c) => c.id === id);
    const label = citation?.label ?? id;
    const quote = citation?.quote ? ` — “${citation.quote.replace(/\s+/g, " ").trim()}”` : "";
    return `[^${prefix}${i + 1}]: ${label} (${id})${quote}`;
  });
  return { body: body.trim(), notes };
}

/** One answer as Markdown with its citations as footnotes. */
export function answerMarkdown(message: ChatMessage): string {
  const { body, notes } = withFootnotes(textOf(message), citationsOf(message), "");
  return notes.length > 0 ? `${body}\n\n${notes.join("\n")}\n` : `${body}\n`;
}

/** The whole conversation: each question, then its answer with footnotes numbered per answer (1-1, 1-2, 2-1 …). */
export function conversationMarkdown(messages: ChatMessage[], title = "Clausewise conversation"): string {
  const parts = [`# ${title}`, ""];
  let answer = 0;
  for (const message of messages) {
    if (message.role === "user") {
      parts.push(`**Question:** ${textOf(message).trim()}`, "");
    } else if (message.role === "assistant") {
      answer += 1;
      const { body, notes } = withFootnotes(textOf(message), citationsOf(message), `${answer}-`);
      parts.push(body, "", ...notes, ...(notes.length ? [""] : []));
    }
  }
  return `${parts.join("\n").trim()}\n`;
}
