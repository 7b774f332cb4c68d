import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../corpus/load.ts";
import { loadSynonyms, parseSynonyms, type SynonymRule } from "../corpus/synonyms.ts";
import { CorpusError } from "../corpus/errors.ts";
import { SynonymExpander } from "../server/retrieval/synonyms.ts";
import { isStopword, termOf, words } from "../server/text.ts";

/** Folded text as space-padded words (words() folds with foldText), so a term matches whole words only. */
const folded = (text: string) => ` ${words(text).join(" ")} `;
const stemKey = (term: string) => words(term).map(termOf).join(" ");

describe("parseSynonyms", () => {
  it("reads one-way and equivalence rules, lowercased with whitespace collapsed", () => {
    const rules = parseSynonyms("# §3\nParliament,  MPs =>  Legislative   Bodies, lawmakers\n# §11\neu, European Union\n", "t.txt");
    expect(rules).toEqual([
      { from: ["parliament", "mps"], to: ["legislative bodies", "lawmakers"], line: 2, comment: "§3" },
      { from: ["eu", "european union"], to: ["eu", "european union"], line: 4, comment: "§11" },
    ]);
  });

  it("keeps the comment directly above a rule, or its trailing comment, as its justification", () => {
    const text = [
      "# file header", // 1: separated by a blank line, so it justifies nothing
      "",
      "# §24 \"direct flights\"",
      "# and \"airlines\"",
      "planes => direct flights, airlines",
      "tourists => tourism # §23",
      "",
      "farmers => agriculture",
    ].join("\r\n");
    const rules = parseSynonyms(text, "t.txt");
    expect(rules.map((r) => [r.line, r.comment])).toEqual([
      [5, '§24 "direct flights" and "airlines"'],
      [6, "§23"],
      [8, undefined],
    ]);
  });

  it("skips blank lines, comment-only files and a byte order mark", () => {
    expect(parseSynonyms("\uFEFF# only comments\n\n   \n#\n", "t.txt")).toEqual([]);
  });

  it.each([
    ["a single term", "# §1\nparliament", 2, "at least two terms"],
    ["an empty term", "a, , b", 1, "a term is empty"],
    ["a trailing comma", "\n\na, b,", 3, "a term is empty"],
    ["an empty term on the right", "a => b, ", 1, "a term is empty"],
    ["an empty left side", "=> legislative bodies", 1, 'left side of "=>" is empty'],
    ["an empty right side", "parliament =>", 1, 'right side of "=>" is empty'],
    ["an empty right side before a comment", "x, y\nparliament => # §3", 2, 'right side of "=>" is empty'],
    ["two arrows", "a => b => c", 1, 'at most one "=>"'],
    ["a term of punctuation only", "a, ---", 1, "no letters or digits"],
  ])("rejects %s with the file and line number", (_case, text, line, reason) => {
    let error: unknown;
    try {
      parseSynonyms(text, "corpus/synonyms.txt");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).code).toBe("corpus");
    expect((error as Error).message).toContain(`corpus/synonyms.txt:${line}:`);
    expect((error as Error).message).toContain(reason);
  });
});

describe("loadSynonyms", () => {
  const empty = mkdtempSync(join(tmpdir(), "clausewise-synonyms-"));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it("treats a corpus without a synonym file as having no synonyms", () => {
    expect(loadSynonyms(empty)).toEqual([]);
  });
});

describe("the shipped synonym file", () => {
  const rules = loadSynonyms();
  const corpus = loadCorpus();
  const chunkText = new Map(corpus.chunks.map((c) => [c.id, folded(c.text)]));
  const corpusText = [...corpus.sources.values()].map(folded).join(" ");

  /** Chunk ids a rule's comment cites: §N, preamble ¶N, closing (Joint Statement), article ¶N (VNA/VNS article). */
  const citations = (rule: SynonymRule): string[] =>
    [...(rule.comment ?? "").matchAll(/§(\d+)|preamble ¶(\d+)|article ¶(\d+)|\bclosing\b/g)].map(([, clause, pre, para]) =>
      clause ? `statement/${clause}` : pre ? `statement/preamble-${pre}` : para ? `article/${para}` : "statement/closing",
    );

  // One rule a line, each with its citing comment: a few hundred lines a reviewer reads in one sitting.
  it("has a reviewable number of rules", () => {
    expect(rules.length).toBeGreaterThanOrEqual(40);
    expect(rules.length).toBeLessThanOrEqual(240);
  });

  it("justifies every rule with a comment citing passages that exist", () => {
    for (const rule of rules) {
      const cited = citations(rule);
      expect(cited, `line ${rule.line} has no comment citing §N, preamble ¶N, article ¶N or closing`).not.toEqual([]);
      const bareParagraphs = (rule.comment!.match(/¶/g) ?? []).length;
      const namedParagraphs = (rule.comment!.match(/(preamble|article) ¶/g) ?? []).length;
      expect(bareParagraphs, `line ${rule.line}: say "preamble ¶N" or "article ¶N"`).toBe(namedParagraphs);
      for (const id of cited) expect(chunkText.has(id), `line ${rule.line} cites ${id}, which does not exist`).toBe(true);
    }
  });

  it("maps only to words the corpus contains", () => {
    for (const rule of rules) {
      for (const term of rule.to) {
        expect(corpusText.includes(folded(term)), `line ${rule.line}: "${term}" is not in the corpus`).toBe(true);
      }
    }
  });

  it("maps only to words in the passages the rule cites", () => {
    for (const rule of rules) {
      const cited = citations(rule).map((id) => chunkText.get(id) ?? "");
      for (const term of rule.to) {
        expect(
          cited.some((text) => text.includes(folded(term))),
          `line ${rule.line}: "${term}" is in none of ${citations(rule).join(", ")}`,
        ).toBe(true);
      }
    }
  });

  it("lists each user word once: one form per stem, in one rule, never a stopword alone", () => {
    const owner = new Map<string, number>();
    for (const rule of rules) {
      const targets = new Set(rule.to.map(stemKey));
      const local = new Set<string>();
      for (const term of rule.from) {
        const key = stemKey(term);
        const single = words(term);
        expect(single.length === 1 && isStopword(single[0]!), `line ${rule.line}: "${term}" is a stopword`).toBe(false);
        expect(local.has(key), `line ${rule.line}: "${term}" repeats another term's stem`).toBe(false);
        local.add(key);
        expect(owner.get(key) ?? rule.line, `"${term}" is in rules at lines ${owner.get(key)} and ${rule.line}`).toBe(
          rule.line,
        );
        owner.set(key, rule.line);
        if (rule.from !== rule.to) {
          expect(targets.has(key), `line ${rule.line}: "${term}" already matches the document word`).toBe(false);
        }
      }
    }
  });

  it("fires every rule from each of its own left-hand terms asked alone", () => {
    const expander = new SynonymExpander(rules);
    for (const rule of rules) {
      for (const term of rule.from) {
        expect(expander.expand(term).matched.map((m) => m.line), `"${term}"`).toEqual([rule.line]);
      }
    }
  });
});

describe("SynonymExpander", () => {
  const expander = new SynonymExpander(loadSynonyms());

  it.each([
    ["Does the statement mention parliament?", "parliament", ["legislative", "bodies", "lawmakers"]],
    ["What about parliaments and MPs?", "parliament", ["legislative", "bodies", "lawmakers"]],
    ["How will farmers benefit?", "farmers", ["agriculture"]],
    ["Anything for a farmer?", "farmers", ["agriculture"]],
    ["Is the South China Sea mentioned?", "south china sea", ["navigation", "law", "unclos"]],
    ["What did they agree on visa-free travel?", "visa-free", ["exemption"]],
    ["Cooperation between companies?", "companies", ["businesses"]],
    ["What is said about universities?", "universities", ["academies", "training", "institutions", "education"]],
    ["Which landmark is in VIỆT NAM'S CAPITAL?", "vietnam's capital", ["hanoi"]],
    ["Is there anything on AI?", "ai", ["artificial", "intelligence"]],
    ["And the EU?", "eu", ["european", "union"]],
    ["Ties with the European Union?", "european union", ["eu"]],
    ["Who signed the statement?", "signed the statement", ["approved", "unanimously"]],
    ["Anything about IT training?", "it training", ["information", "technology", "ict"]],
  ])("%s", (question, from, added) => {
    const { words: out, matched } = expander.expand(question);
    expect(matched.map((m) => m.from)).toContain(from);
    expect(out).toEqual(expect.arrayContaining(added));
  });

  it("matches phrases only as contiguous words", () => {
    expect(expander.expand("Is China at sea in the south?").matched).toEqual([]);
  });

  it("prefers the longest match", () => {
    const { words: out, matched } = expander.expand("Will the military industry grow?");
    expect(matched.map((m) => m.from)).toEqual(["military industry"]);
    expect(out).toEqual(["defense"]);
  });

  it("does not fire on the pronoun 'it'", () => {
    expect(expander.expand("What does it say about it?")).toEqual({ words: [], matched: [] });
  });

  it("treats British spellings in the question as the document's word", () => {
    const army = expander.expand("Will the army help defence?");
    expect(army.matched.map((m) => m.from)).toEqual(["army"]);
    expect(army.words).toEqual([]);
    const labour = expander.expand("Is labour migration covered?");
    expect(labour.matched.map((m) => m.from)).toEqual(["labor migration"]);
    expect(labour.words).toEqual([]);
  });

  it("folds the rules' own spelling, case and diacritics too", () => {
    const custom = new SynonymExpander(parseSynonyms("Soldiers, Quân Đội => defence forces\n", "t.txt"));
    expect(custom.expand("How many soldiers?").words).toEqual(["defense", "forces"]);
    expect(custom.expand("quan doi").words).toEqual(["defense", "forces"]);
  });

  it("does not add words the question already has, nor the same word twice", () => {
    expect(expander.expand("parliament and lawmakers").words).toEqual(["legislative", "bodies", "national", "assembly"]);
    const farms = expander.expand("farmers, farming and crops");
    expect(farms.words).toEqual(["agriculture"]);
    expect(farms.matched.map((m) => m.from)).toEqual(["farmers", "farming", "crops"]);
  });

  it("returns nothing for words no rule covers", () => {
    expect(expander.expand("When did the visit start?")).toEqual({ words: [], matched: [] });
    expect(expander.expand("")).toEqual({ words: [], matched: [] });
  });

  it("reports the rule's line and document terms", () => {
    const [match] = expander.expand("What about recycling?").matched;
    expect(match).toMatchObject({ from: "recycling", to: expect.arrayContaining(["circular economy"]) });
    expect(loadSynonyms().find((r) => r.line === match!.line)?.from).toContain("recycling");
  });

  it("expands a long question quickly", () => {
    const question =
      "How will the army, farmers, universities, companies and migrant workers of both countries benefit from direct air links, visa-free travel and cooperation on pollution and the South China Sea?";
    const started = performance.now();
    for (let i = 0; i < 1000; i++) expander.expand(`${question} ${i}`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
