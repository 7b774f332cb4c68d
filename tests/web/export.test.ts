/** Answers and conversations as Markdown with footnotes (web/src/chat/export.ts). */
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../server/contract.ts";
import { answerMarkdown, conversationMarkdown } from "../../web/src/chat/export.ts";

const question: ChatMessage = { id: "u1", role: "user", parts: [{ type: "text", text: "How long can Bulgarians stay?" }] };
const answer: ChatMessage = {
  id: "a1",
  role: "assistant",
  parts: [
    { type: "text", text: "**45 days** — Vietnam's unilateral 45-day visa exemption [statement/24]. The sides study bilateral exemptions [statement/24] [article/3]." },
    {
      type: "data-citations",
      id: "citations",
      data: [
        { id: "statement/24", label: "Joint Statement §24 · Culture, Sports and Tourism", quote: "The Bulgarian side acknowledged and appreciated Vietnam's unilateral 45-day visa exemption …" },
        { id: "article/3", label: "VNA/VNS article ¶3", quote: "Following the General Secretary’s official visit to Finland," },
      ],
    },
  ],
};

describe("answerMarkdown", () => {
  it("turns each citation into a footnote with the passage's label and quote, numbered by first mention", () => {
    const md = answerMarkdown(answer);
    expect(md).toContain("exemption [^1]. The sides study bilateral exemptions [^1] [^2].");
    expect(md).toContain("[^1]: Joint Statement §24 · Culture, Sports and Tourism (statement/24) — “The Bulgarian side acknowledged");
    expect(md).toContain("[^2]: VNA/VNS article ¶3 (article/3) — “Following the General Secretary’s official visit to Finland,”");
    expect(md).not.toMatch(/\[statement\/24\]/);
  });

  it("leaves an answer without citations as it is", () => {
    const none: ChatMessage = { id: "a2", role: "assistant", parts: [{ type: "text", text: "The documents don't say." }] };
    expect(answerMarkdown(none)).toBe("The documents don't say.\n");
  });
});

describe("conversationMarkdown", () => {
  it("writes each question and answer, with footnote labels unique across answers", () => {
    const md = conversationMarkdown([question, answer, { ...question, id: "u2" }, { ...answer, id: "a3" }]);
    expect(md.startsWith("# Clausewise conversation\n\n**Question:** How long can Bulgarians stay?")).toBe(true);
    expect(md).toContain("[^1-1]: Joint Statement §24");
    expect(md).toContain("[^2-2]: VNA/VNS article ¶3");
    expect(md.match(/^\[\^1-1\]:/gm)).toHaveLength(1);
  });
});
