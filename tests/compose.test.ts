/**
 * Trimming long quotes to the parts that answer (server/answer/compose.ts):
 * verbatim spans joined with "…", never cutting the list that answers.
 */
import { describe, expect, it } from "vitest";
import { daysOfSpan, trimQuote } from "../server/answer/compose.ts";

const sentence =
  "Since the establishment of diplomatic relations in 1950 until now, the two countries have built and developed a traditional friendship and cooperation in many good aspects on the basis of trust, equality, mutual respect, understanding, " +
  "and the two sides have also continued to hold regular meetings of the joint committee in the capital cities of both countries, with delegations from ministries, localities and businesses of the two sides taking part in every session";
const says = (word: string) => (part: string) => part.toLowerCase().includes(word);

describe("trimQuote", () => {
  it("keeps the list that follows the words that answer", () => {
    const quote = trimQuote(sentence, says("basis"));
    expect(quote).toContain("on the basis of trust, equality, mutual respect, understanding");
    expect(quote).not.toContain("joint committee");
    expect(quote.endsWith(" …")).toBe(true);
    // Every piece is verbatim.
    for (const piece of quote.split(" …").map((p) => p.trim()).filter(Boolean)) expect(sentence).toContain(piece);
  });

  it("still cuts a long point that does not answer", () => {
    const quote = trimQuote(sentence, says("1950"));
    expect(quote).not.toContain("delegations from ministries");
  });

  it("leaves a short sentence whole", () => {
    const short = "The two sides agreed to promote trade, investment and tourism.";
    expect(trimQuote(short, says("trade"))).toBe(short);
  });
});

describe("daysOfSpan", () => {
  it.each([
    ["from October 22 to 24", [3]],
    ["October 22 to October 24, 2025", [3]],
    ["from September 30 to October 2", [3]],
    // A span of years is no span of days.
    ["from August 15, 2025 to August 14, 2028", []],
    ["the 1998 agreement", []],
  ])("%j covers %j days", (span, days) => {
    expect(daysOfSpan(span)).toEqual(days);
  });
});
