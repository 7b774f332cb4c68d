import { describe, expect, it } from "vitest";
import { LIMITS, type ChatMessage } from "../../server/contract.ts";
import { compactHistory } from "../../web/src/chat/session.ts";

function exchange(i: number): ChatMessage[] {
  const quote = "The two sides encouraged airlines to cooperate and study the opening of direct flights. ".repeat(10);
  return [
    { id: `u${i}`, role: "user", parts: [{ type: "text", text: `Question ${i}?` }] },
    {
      id: `a${i}`,
      role: "assistant",
      metadata: { mode: "extractive", abstained: false },
      parts: [
        { type: "text", text: `Answer ${i} [statement/24]` },
        { type: "source-document", sourceId: "statement/24", mediaType: "text/plain", title: "Joint Statement §24", providerMetadata: { clausewise: { quote } } },
        { type: "data-citations", data: [{ id: "statement/24", label: "Joint Statement §24", quote }] },
      ],
    },
  ];
}

describe("compactHistory", () => {
  const long = [...Array.from({ length: 40 }, (_, i) => exchange(i)).flat(), ...exchange(40).slice(0, 1)];

  it("keeps the question and the last turns the server reads, text parts only", () => {
    const sent = compactHistory(long);
    expect(sent).toHaveLength(LIMITS.historyTurns + 1);
    expect(sent.at(-1)!.parts).toEqual([{ type: "text", text: "Question 40?" }]);
    expect(sent.flatMap((m) => m.parts).every((p) => p.type === "text")).toBe(true);
    expect(sent.find((m) => m.role === "assistant")!.parts).toEqual([{ type: "text", text: "Answer 30 [statement/24]" }]);
  });

  it("keeps a long conversation's request far below the 64 KB body limit", () => {
    expect(JSON.stringify(long).length).toBeGreaterThan(64 * 1024);
    expect(JSON.stringify(compactHistory(long)).length).toBeLessThan(8 * 1024);
  });
});
