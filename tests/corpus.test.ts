import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_CORPUS_DIR, loadCorpus } from "../corpus/load.ts";
import { CorpusError } from "../corpus/errors.ts";

const corpus = loadCorpus();
const byId = new Map(corpus.chunks.map((c) => [c.id, c]));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const SECTIONS: Array<{ numeral: string; title: string; clauses: number[] }> = [
  { numeral: "I", title: "Strengthening political and diplomatic cooperation", clauses: range(1, 5) },
  { numeral: "II", title: "Strengthening defense and security cooperation", clauses: range(6, 9) },
  { numeral: "III", title: "Expanding economic and trade cooperation", clauses: range(10, 14) },
  {
    numeral: "IV",
    title:
      "Promote substantive cooperation in the fields of science and technology, education and training, agriculture, culture and tourism, sports, labor, environment and health",
    clauses: range(15, 29),
  },
  { numeral: "V", title: "Strengthening cooperation between localities and people-to-people exchanges", clauses: range(30, 32) },
  { numeral: "VI", title: "Strengthening regional and international cooperation", clauses: range(33, 37) },
];

const SUBSECTIONS: Array<{ title: string; clauses: number[] }> = [
  { title: "Science and Technology", clauses: [15] },
  { title: "Education and Training", clauses: range(16, 18) },
  { title: "Agriculture", clauses: range(19, 20) },
  { title: "Culture, Sports and Tourism", clauses: range(21, 24) },
  { title: "Labor", clauses: range(25, 26) },
  { title: "Environment", clauses: range(27, 28) },
  { title: "Health", clauses: [29] },
];

describe("the shipped corpus", () => {
  it("has the two documents with their manifest metadata", () => {
    expect(corpus.documents.map((d) => [d.id, d.shape, d.shortTitle, d.language])).toEqual([
      ["statement", "statement", "Joint Statement", "en"],
      ["article", "article", "VNA/VNS article", "en"],
    ]);
    expect(corpus.documents[1]!.date).toBe("2025-10-22");
    expect(corpus.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it("has 61 chunks, every id in document order", () => {
    const expected = [
      ...range(1, 6).map((n) => `statement/preamble-${n}`),
      ...range(1, 37).map((n) => `statement/${n}`),
      "statement/closing",
      ...range(1, 17).map((n) => `article/${n}`),
    ];
    expect(corpus.chunks).toHaveLength(61);
    expect(corpus.chunks.map((c) => c.id)).toEqual(expected);
  });

  it("gives every chunk a kind, ref and number consistent with its id", () => {
    for (const c of corpus.chunks) {
      expect(c.id).toBe(`${c.docId}/${c.ref}`);
      if (c.kind === "closing") expect(c.number).toBeUndefined();
      else expect(c.ref).toBe(c.kind === "preamble" ? `preamble-${c.number}` : String(c.number));
    }
    const kinds = corpus.chunks.map((c) => c.kind);
    expect(kinds.filter((k) => k === "preamble")).toHaveLength(6);
    expect(kinds.filter((k) => k === "clause")).toHaveLength(37);
    expect(kinds.filter((k) => k === "closing")).toHaveLength(1);
    expect(kinds.filter((k) => k === "paragraph")).toHaveLength(17);
  });

  it.each(SECTIONS)("puts clauses $clauses.0… under section $numeral", ({ numeral, title, clauses }) => {
    const inSection = corpus.chunks.filter((c) => c.section?.numeral === numeral);
    expect(inSection.map((c) => c.number)).toEqual(clauses);
    for (const c of inSection) expect(c.section).toEqual({ numeral, title });
  });

  it.each(SUBSECTIONS)("puts clauses $clauses.0… under subsection $title", ({ title, clauses }) => {
    expect(corpus.chunks.filter((c) => c.subsection === title).map((c) => c.number)).toEqual(clauses);
  });

  it("has no section or subsection outside the numbered clauses, and subsections only in section IV", () => {
    for (const c of corpus.chunks.filter((c) => c.kind !== "clause")) {
      expect(c.section, c.id).toBeUndefined();
      expect(c.subsection, c.id).toBeUndefined();
    }
    for (const c of corpus.chunks.filter((c) => c.subsection)) expect(c.section?.numeral).toBe("IV");
  });

  it("pins statement/24 with its section and subsection", () => {
    const c = byId.get("statement/24")!;
    expect(c.section?.numeral).toBe("IV");
    expect(c.subsection).toBe("Culture, Sports and Tourism");
    expect(c.label).toBe("Joint Statement §24 · Culture, Sports and Tourism");
    expect(c.shortLabel).toBe("§24");
    expect(c.text).toMatch(/^24\. The two sides encouraged airlines/);
    expect(c.text).toContain("45-day visa exemption");
  });

  it.each([
    ["statement/preamble-3", "Joint Statement, preamble ¶3", "Preamble ¶3"],
    ["statement/1", "Joint Statement §1 · Strengthening political and diplomatic cooperation", "§1"],
    ["statement/15", "Joint Statement §15 · Science and Technology", "§15"],
    ["statement/29", "Joint Statement §29 · Health", "§29"],
    ["statement/closing", "Joint Statement, closing paragraph", "Closing"],
    ["article/5", "VNA/VNS article ¶5", "¶5"],
    ["article/17", "VNA/VNS article ¶17", "¶17"],
  ])("labels %s as %j", (id, label, shortLabel) => {
    expect(byId.get(id)?.label).toBe(label);
    expect(byId.get(id)?.shortLabel).toBe(shortLabel);
  });

  it("starts each clause with its own number", () => {
    for (const c of corpus.chunks.filter((c) => c.kind === "clause")) expect(c.text.startsWith(`${c.number}. `), c.id).toBe(true);
  });

  it("keeps clause 15's unnumbered continuation paragraph inside clause 15", () => {
    const c = byId.get("statement/15")!;
    expect(c.text).toMatch(/^15\. The two sides identified science and technology/);
    expect(c.text).toContain("\nOn the basis of the 1998 Science and Technology Cooperation Agreement");
    expect(c.text.split("\n")).toHaveLength(2);
    expect(byId.get("statement/16")!.text).toMatch(/^16\. /);
  });

  it("does not fold headings into clauses", () => {
    for (const c of corpus.chunks) {
      expect(c.text, c.id).not.toMatch(/^\* |\n\* /m);
      expect(c.text, c.id).not.toMatch(/^[IVX]+\. /m);
    }
  });

  it("makes every chunk an exact, trimmed slice of its source, in order and without overlap", () => {
    for (const doc of corpus.documents) {
      const source = corpus.sources.get(doc.id)!;
      const file = manifestOf(DEFAULT_CORPUS_DIR).documents.find((d) => d.id === doc.id)!.file as string;
      expect(source).toBe(readFileSync(join(DEFAULT_CORPUS_DIR, file), "utf8"));
      let previousEnd = 0;
      for (const c of corpus.chunks.filter((c) => c.docId === doc.id)) {
        expect(source.slice(c.start, c.end), c.id).toBe(c.text);
        expect(c.text, c.id).toBe(c.text.trim());
        expect(c.start, c.id).toBeGreaterThanOrEqual(previousEnd);
        previousEnd = c.end;
      }
    }
  });

  it("treats the article's leading date token as metadata, not text", () => {
    const first = byId.get("article/1")!;
    expect(first.text).toMatch(/^HÀ NỘI - The official visit to Bulgaria/);
    expect(first.start).toBeGreaterThan(0);
    expect(corpus.sources.get("article")!.slice(0, first.start)).toMatch(/^\s*date 2025-10-22\s+$/);
    for (const c of corpus.chunks) expect(c.text, c.id).not.toMatch(/\bdate 2025-10-22\b/);
  });

  it("ends the statement with the closing paragraph and the article with the byline paragraph", () => {
    expect(byId.get("statement/closing")!.text).toMatch(/^Based on the content of the Joint Statement/);
    expect(byId.get("article/17")!.text).toMatch(/VNA\/VNS$/);
  });
});

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempCorpus(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "clausewise-corpus-"));
  tempDirs.push(dir);
  cpSync(DEFAULT_CORPUS_DIR, dir, { recursive: true, filter: (src) => !src.endsWith(".ts") });
  edit(dir);
  return dir;
}

function manifestOf(dir: string): { version: number; documents: Array<Record<string, unknown>> } {
  return JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
}

function corpusError(dir: string): CorpusError {
  try {
    loadCorpus(dir);
  } catch (error) {
    return error as CorpusError;
  }
  throw new Error(`loadCorpus(${dir}) did not throw`);
}

describe("corpus loading errors", () => {
  it("loads an unchanged copy of the corpus with the same hash", () => {
    const dir = tempCorpus(() => {});
    expect(loadCorpus(dir).hash).toBe(corpus.hash);
    expect(loadCorpus(dir).chunks).toEqual(corpus.chunks);
  });

  it("changes the hash when a document changes", () => {
    const dir = tempCorpus((d) => {
      const file = join(d, "vna-article-to-lam-bulgaria-visit-2025.txt");
      writeFileSync(file, readFileSync(file, "utf8").replace("In August 1957", "In September 1957"));
    });
    expect(loadCorpus(dir).hash).not.toBe(corpus.hash);
  });

  it.each<[string, (dir: string) => void, RegExp]>([
    ["a missing manifest", (d) => rmSync(join(d, "manifest.json")), /manifest is missing/],
    [
      "a missing document file",
      (d) => rmSync(join(d, "joint-statement-vietnam-bulgaria-2025.txt")),
      /Corpus document "statement" is missing: .*joint-statement-vietnam-bulgaria-2025\.txt/,
    ],
    [
      "a document that is not UTF-8",
      (d) => writeFileSync(join(d, "vna-article-to-lam-bulgaria-visit-2025.txt"), Buffer.from([0x48, 0x61, 0xff, 0xfe, 0x20, 0x4e])),
      /Corpus document "article" is not valid UTF-8/,
    ],
    [
      "a document path that is a directory",
      (d) => {
        const m = manifestOf(d);
        m.documents[1]!.file = ".";
        writeFileSync(join(d, "manifest.json"), JSON.stringify(m));
      },
      /Corpus document "article" cannot be read/,
    ],
    ["a manifest that is not JSON", (d) => writeFileSync(join(d, "manifest.json"), '{"version": 1, "documents": ['), /manifest is not valid JSON/],
    [
      "a manifest with a wrong version",
      (d) => writeFileSync(join(d, "manifest.json"), JSON.stringify({ ...manifestOf(d), version: 2 })),
      /manifest is malformed at "version"/,
    ],
    [
      "a manifest entry with a missing title",
      (d) => {
        const m = manifestOf(d);
        delete m.documents[0]!.title;
        writeFileSync(join(d, "manifest.json"), JSON.stringify(m));
      },
      /manifest is malformed at "documents\.0\.title"/,
    ],
    [
      "a manifest entry with an unknown shape",
      (d) => {
        const m = manifestOf(d);
        m.documents[0]!.shape = "treaty";
        writeFileSync(join(d, "manifest.json"), JSON.stringify(m));
      },
      /manifest is malformed at "documents\.0\.shape"/,
    ],
    [
      "a manifest with no documents",
      (d) => writeFileSync(join(d, "manifest.json"), JSON.stringify({ version: 1, documents: [] })),
      /manifest is malformed at "documents"/,
    ],
    [
      "a manifest listing a document id twice",
      (d) => {
        const m = manifestOf(d);
        m.documents[1]!.id = "statement";
        writeFileSync(join(d, "manifest.json"), JSON.stringify(m));
      },
      /lists document "statement" twice/,
    ],
    [
      "an empty document",
      (d) => writeFileSync(join(d, "vna-article-to-lam-bulgaria-visit-2025.txt"), "\n\n"),
      /Corpus document "article" has no paragraphs/,
    ],
  ])("refuses %s with a corpus error", (_case, edit, message) => {
    const error = corpusError(tempCorpus(edit));
    expect(error).toBeInstanceOf(CorpusError);
    expect(error.code).toBe("corpus");
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("\n");
  });

  it("refuses a statement whose section opens with an unnumbered paragraph with a corpus error", () => {
    const error = corpusError(
      tempCorpus((d) => {
        const file = join(d, "joint-statement-vietnam-bulgaria-2025.txt");
        writeFileSync(file, readFileSync(file, "utf8").replace("\n1. The two sides agreed", "\nThe two sides agreed"));
      }),
    );
    expect(error).toBeInstanceOf(CorpusError);
    expect(error.code).toBe("corpus");
    expect(error.message).toMatch(/unnumbered paragraph/);
  });
});
