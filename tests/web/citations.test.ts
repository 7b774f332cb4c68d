import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../server/contract.ts";
import {
  citationsOf,
  citedIds,
  excerptAround,
  fallbackShortLabel,
  markRuns,
  quoteRanges,
  quoteShownIn,
  splitCitations,
} from "../../web/src/citations/citations.ts";

describe("splitCitations", () => {
  it("cuts text into runs and markers, in order", () => {
    expect(splitCitations("Flights [statement/24] and visas [statement/24][article/5].")).toEqual([
      { type: "text", value: "Flights " },
      { type: "citation", id: "statement/24" },
      { type: "text", value: " and visas " },
      { type: "citation", id: "statement/24" },
      { type: "citation", id: "article/5" },
      { type: "text", value: "." },
    ]);
  });

  it("reads preamble and closing ids, and leaves look-alikes as text", () => {
    expect(splitCitations("[statement/preamble-3] [statement/closing]").filter((s) => s.type === "citation")).toEqual([
      { type: "citation", id: "statement/preamble-3" },
      { type: "citation", id: "statement/closing" },
    ]);
    for (const text of ["[Statement/24]", "[statement 24]", "[24]", "[statement/]", "statement/24", "[a/b c]"]) {
      expect(splitCitations(text)).toEqual([{ type: "text", value: text }]);
    }
  });

  it("returns nothing for empty text", () => {
    expect(splitCitations("")).toEqual([]);
  });
});

describe("citedIds", () => {
  it("lists each cited id once, first mention first", () => {
    expect(citedIds("a [article/5] b [statement/24] c [article/5]")).toEqual(["article/5", "statement/24"]);
  });
});

describe("fallbackShortLabel", () => {
  it.each([
    ["statement/24", "§24"],
    ["article/5", "¶5"],
    ["statement/preamble-3", "Preamble ¶3"],
    ["statement/closing", "Closing"],
  ])("%s → %s", (id, label) => {
    expect(fallbackShortLabel(id)).toBe(label);
  });
});

describe("quoteRanges", () => {
  const text = "24. The two sides encouraged airlines. The Bulgarian side acknowledged the visa exemption. Vietnam suggested more.";

  it("marks a verbatim quote", () => {
    const quote = "The Bulgarian side acknowledged the visa exemption.";
    const [range] = quoteRanges(text, quote);
    expect(text.slice(...range!)).toBe(quote);
  });

  it("marks each sentence of a quote that joins sentences not adjacent in the text", () => {
    const ranges = quoteRanges(text, "The two sides encouraged airlines. Vietnam suggested more.");
    expect(ranges.map((r) => text.slice(...r))).toEqual(["The two sides encouraged airlines.", "Vietnam suggested more."]);
  });

  it("merges adjacent sentences into one range", () => {
    const ranges = quoteRanges(text, "Vietnam suggested more. The two sides encouraged airlines. The Bulgarian side acknowledged the visa exemption.");
    expect(ranges).toHaveLength(1);
    expect(text.slice(...ranges[0]!)).toBe(text.slice(4));
  });

  it("marks nothing for a missing, empty or foreign quote", () => {
    expect(quoteRanges(text, undefined)).toEqual([]);
    expect(quoteRanges(text, "  ")).toEqual([]);
    expect(quoteRanges(text, "Nothing like this appears.")).toEqual([]);
  });
});

describe("quoteShownIn", () => {
  const quote = "The Bulgarian side acknowledged and appreciated Vietnam's unilateral 45-day visa exemption for Bulgarian citizens.";

  it("finds a quote the answer shows verbatim, past bold marks, markers and line breaks", () => {
    expect(quoteShownIn(`${quote} [statement/24]`, quote)).toBe(true);
    expect(quoteShownIn(`**45 days** — ${quote} [statement/24]`, quote)).toBe(true);
    expect(quoteShownIn(`- ${quote.replace("visa ", "visa\n  ")} [statement/24]\n- Other [article/5]`, quote)).toBe(true);
    expect(quoteShownIn(`The Bulgarian side acknowledged [statement/24] and appreciated Vietnam's unilateral 45-day visa exemption for Bulgarian citizens.`, quote)).toBe(true);
  });

  it("finds a quote whose sentences the answer shows apart", () => {
    expect(quoteShownIn("- First sentence. [article/3]\n- Second sentence. [article/3]", "First sentence. Second sentence.")).toBe(true);
  });

  it("does not count a paraphrase, a part, or an ellipsis as showing the quote", () => {
    expect(quoteShownIn("Bulgarians get 45 days without a visa [statement/24].", quote)).toBe(false);
    expect(quoteShownIn("The Bulgarian side acknowledged and appreciated it. [statement/24]", quote)).toBe(false);
    expect(quoteShownIn("The Bulgarian side acknowledged … visa exemption for Bulgarian citizens. [statement/24]", quote)).toBe(false);
    expect(quoteShownIn("- First sentence. [article/3]", "First sentence. Second sentence.")).toBe(false);
  });
});

describe("markRuns", () => {
  it("covers the whole text, marking only the ranges", () => {
    const runs = markRuns("abcdefgh", [[2, 4], [6, 8]]);
    expect(runs).toEqual([
      { text: "ab", marked: false },
      { text: "cd", marked: true },
      { text: "ef", marked: false },
      { text: "gh", marked: true },
    ]);
    expect(runs.map((r) => r.text).join("")).toBe("abcdefgh");
  });
});

describe("excerptAround", () => {
  const words = Array.from({ length: 200 }, (_, i) => `w${i}`).join(" ");

  it("returns short text whole", () => {
    expect(excerptAround("short text", [[0, 5]], 100)).toEqual({ text: "short text", ranges: [[0, 5]], clippedStart: false, clippedEnd: false });
  });

  it("keeps the highlighted range inside a clipped window, cut at spaces", () => {
    const at = words.indexOf("w150");
    const range: [number, number] = [at, at + "w150 w151 w152".length];
    const excerpt = excerptAround(words, [range], 120);
    expect(excerpt.text.length).toBeLessThanOrEqual(120);
    expect(excerpt.clippedStart && excerpt.clippedEnd).toBe(true);
    expect(excerpt.text.slice(...excerpt.ranges[0]!)).toBe("w150 w151 w152");
    expect(excerpt.text.startsWith("w")).toBe(true);
  });

  it("does not clip a leading clause number for nothing", () => {
    const text = `24. ${words}`;
    const excerpt = excerptAround(text, [[4, 40]], 120);
    expect(excerpt.clippedStart).toBe(false);
    expect(excerpt.text.startsWith("24. w0")).toBe(true);
  });
});

describe("citationsOf", () => {
  const source = (id: string, quote: string) =>
    ({ type: "source-document", sourceId: id, mediaType: "text/plain", title: `label ${id}`, providerMetadata: { clausewise: { quote } } }) as const;

  it("uses the source-document parts while the final list has not arrived", () => {
    const message: ChatMessage = { id: "m", role: "assistant", parts: [source("statement/24", "q1"), source("statement/24", "q1"), source("article/5", "q2")] };
    expect(citationsOf(message)).toEqual([
      { id: "statement/24", label: "label statement/24", quote: "q1" },
      { id: "article/5", label: "label article/5", quote: "q2" },
    ]);
  });

  it("prefers the validated data-citations part", () => {
    const message: ChatMessage = {
      id: "m",
      role: "assistant",
      parts: [source("statement/24", "q1"), { type: "data-citations", id: "citations", data: [{ id: "article/5", label: "A ¶5", quote: "q" }] }],
    };
    expect(citationsOf(message)).toEqual([{ id: "article/5", label: "A ¶5", quote: "q" }]);
  });
});
