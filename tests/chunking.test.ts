import { describe, expect, it } from "vitest";
import { parseArticle, parseStatement } from "../corpus/chunk.ts";
import type { Chunk, DocumentInfo } from "../server/contract.ts";

const treaty: DocumentInfo = {
  id: "treaty",
  title: "Synthetic Joint Declaration",
  shortTitle: "Declaration",
  publisher: "Test",
  date: "2025-01",
  language: "en",
  shape: "statement",
};

const news: DocumentInfo = { ...treaty, id: "news", shortTitle: "News report", shape: "article", date: "2025-01-02" };

const STATEMENT = [
  "On the occasion of a visit, the two leaders met in the capital.",
  "Both sides reviewed sixty years of friendship.",
  "I. Political cooperation",
  "1. The two sides agreed to hold annual dialogues.",
  "2. The two sides agreed to exchange delegations.",
  "This includes parliamentary and youth delegations.",
  "",
  "3. The two sides will review existing agreements.",
  "II. Sectoral cooperation in science, health and trade",
  "* Science",
  "4. The two sides will fund joint research. Results will be shared openly.",
  "* Health and Trade",
  "5. The two sides will cooperate on vaccines.",
  "6. The two sides will lower tariffs on fruit.",
  "The two foreign ministries will follow up on this statement.",
].join("\n");

const ids = (chunks: Chunk[]) => chunks.map((c) => c.id);

function expectExactSlices(source: string, chunks: Chunk[]) {
  for (const c of chunks) expect(source.slice(c.start, c.end), c.id).toBe(c.text);
}

describe("parseStatement on a synthetic statement", () => {
  const chunks = parseStatement(STATEMENT, treaty);
  const byId = new Map(chunks.map((c) => [c.id, c]));

  it("cuts preamble paragraphs, numbered clauses and the closing paragraph", () => {
    expect(ids(chunks)).toEqual([
      "treaty/preamble-1",
      "treaty/preamble-2",
      "treaty/1",
      "treaty/2",
      "treaty/3",
      "treaty/4",
      "treaty/5",
      "treaty/6",
      "treaty/closing",
    ]);
    expect(chunks.map((c) => c.kind)).toEqual([
      "preamble", "preamble", "clause", "clause", "clause", "clause", "clause", "clause", "closing",
    ]);
  });

  it("makes every chunk an exact slice of the source", () => {
    expectExactSlices(STATEMENT, chunks);
  });

  it("folds an unnumbered paragraph into the clause before it", () => {
    const c = byId.get("treaty/2")!;
    expect(c.text).toBe("2. The two sides agreed to exchange delegations.\nThis includes parliamentary and youth delegations.");
    expect(byId.get("treaty/3")!.text).toBe("3. The two sides will review existing agreements.");
  });

  it("carries section headings and subsections, and resets the subsection at a new section", () => {
    expect(byId.get("treaty/1")!.section).toEqual({ numeral: "I", title: "Political cooperation" });
    expect(byId.get("treaty/1")!.subsection).toBeUndefined();
    expect(byId.get("treaty/4")!.section).toEqual({ numeral: "II", title: "Sectoral cooperation in science, health and trade" });
    expect(byId.get("treaty/4")!.subsection).toBe("Science");
    expect(byId.get("treaty/5")!.subsection).toBe("Health and Trade");
    expect(byId.get("treaty/6")!.subsection).toBe("Health and Trade");
    for (const id of ["treaty/preamble-1", "treaty/closing"]) {
      expect(byId.get(id)!.section).toBeUndefined();
      expect(byId.get(id)!.subsection).toBeUndefined();
    }
  });

  it("labels chunks from the document's short title, subsection or section", () => {
    expect(chunks.map((c) => [c.label, c.shortLabel])).toEqual([
      ["Declaration, preamble ¶1", "Preamble ¶1"],
      ["Declaration, preamble ¶2", "Preamble ¶2"],
      ["Declaration §1 · Political cooperation", "§1"],
      ["Declaration §2 · Political cooperation", "§2"],
      ["Declaration §3 · Political cooperation", "§3"],
      ["Declaration §4 · Science", "§4"],
      ["Declaration §5 · Health and Trade", "§5"],
      ["Declaration §6 · Health and Trade", "§6"],
      ["Declaration, closing paragraph", "Closing"],
    ]);
  });

  it("numbers clauses and preamble paragraphs, and not the closing", () => {
    expect(chunks.map((c) => c.number)).toEqual([1, 2, 1, 2, 3, 4, 5, 6, undefined]);
    expect(chunks.map((c) => c.ref)).toEqual(["preamble-1", "preamble-2", "1", "2", "3", "4", "5", "6", "closing"]);
    for (const c of chunks) expect(c.docId).toBe("treaty");
  });

  it("parses CRLF line endings and surrounding whitespace to the same structure with exact slices", () => {
    const crlf = `\r\n  ${STATEMENT.replace(/\n/g, "  \r\n")}\r\n\r\n`;
    const parsed = parseStatement(crlf, treaty);
    expect(ids(parsed)).toEqual(ids(chunks));
    expectExactSlices(crlf, parsed);
    expect(parsed.map((c) => c.text.replace(/\s+/g, " "))).toEqual(chunks.map((c) => c.text.replace(/\s+/g, " ")));
  });

  it("refuses an unnumbered paragraph with no clause before it in its section", () => {
    const broken = STATEMENT.replace("1. The two sides agreed to hold", "The two sides agreed to hold");
    expect(() => parseStatement(broken, treaty)).toThrow(/treaty: unnumbered paragraph under "I\. Political cooperation"/);
  });
});

describe("parseArticle on a synthetic article", () => {
  const ARTICLE = [
    " date 2025-01-02 CAPITAL - The minister arrived on Monday.",
    "",
    "He met his counterpart,",
    "and the two signed a memorandum.",
    "",
    "",
    "Both expect trade to grow. REPORTER",
    "",
  ].join("\n");
  const { chunks, metadata } = parseArticle(ARTICLE, news);

  it("takes the leading date token as metadata and leaves it out of the text", () => {
    expect(metadata).toEqual({ date: "2025-01-02" });
    expect(chunks[0]!.text).toBe("CAPITAL - The minister arrived on Monday.");
    expect(chunks[0]!.start).toBe(ARTICLE.indexOf("CAPITAL"));
    for (const c of chunks) expect(c.text).not.toContain("2025-01-02");
  });

  it("makes one chunk per blank-line separated paragraph, a paragraph spanning lines", () => {
    expect(ids(chunks)).toEqual(["news/1", "news/2", "news/3"]);
    expect(chunks[1]!.text).toBe("He met his counterpart,\nand the two signed a memorandum.");
    expectExactSlices(ARTICLE, chunks);
  });

  it("labels and numbers paragraphs", () => {
    expect(chunks.map((c) => [c.kind, c.number, c.ref, c.label, c.shortLabel])).toEqual([
      ["paragraph", 1, "1", "News report ¶1", "¶1"],
      ["paragraph", 2, "2", "News report ¶2", "¶2"],
      ["paragraph", 3, "3", "News report ¶3", "¶3"],
    ]);
  });

  it("splits at line breaks when the text has no blank lines", () => {
    const dense = "First paragraph.\nSecond paragraph.\r\nThird paragraph.";
    const parsed = parseArticle(dense, news);
    expect(parsed.metadata).toEqual({});
    expect(parsed.chunks.map((c) => c.text)).toEqual(["First paragraph.", "Second paragraph.", "Third paragraph."]);
    expectExactSlices(dense, parsed.chunks);
  });

  it("does not take a date in the middle of the text as metadata", () => {
    const text = "The visit of date 2025-01-02 was short.";
    const parsed = parseArticle(text, news);
    expect(parsed.metadata).toEqual({});
    expect(parsed.chunks[0]!.text).toBe(text);
  });

  it("returns no chunks for an empty article", () => {
    expect(parseArticle("  \n\n ", news).chunks).toEqual([]);
  });
});
