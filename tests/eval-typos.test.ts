import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadEvalSet } from "../evals/eval-set.ts";
import { seededRandom } from "../evals/seeded-random.ts";
import { misspell, typoSet, withTypos } from "../evals/typos.ts";
import { isStopword } from "../server/text.ts";
import { ROOT } from "./support/engine.ts";
import { runEvalCli } from "./support/eval-cli.ts";

const dev = loadEvalSet(join(ROOT, "evals/sets/dev.jsonl"));

describe("typo stress sets", () => {
  it("are the same for the same seed and differ for another", () => {
    const a = typoSet(dev.slice(0, 50), 1);
    expect(typoSet(dev.slice(0, 50), 1)).toEqual(a);
    expect(typoSet(dev.slice(0, 50), 2).map((x) => x.question)).not.toEqual(a.map((x) => x.question));
  });

  it("keep every question's gold answer, history and tags, with the typo tag and an id of their own", () => {
    const typed = typoSet(dev, 1);
    typed.forEach((item, i) => {
      const source = dev[i]!;
      expect(item).toMatchObject({ answerable: source.answerable, citations: source.citations, facts: source.facts, history: source.history });
      expect(item.id).toBe(`${source.id}~typo`);
      expect(item.tags).toEqual(expect.arrayContaining([...source.tags, "typo"]));
    });
  });

  it("change a word of every question that has a content word (not a stopword) of five letters or more", () => {
    const typed = typoSet(dev, 1);
    const bare = (text: string) => text.toLowerCase().replace(/[?.!,;:]/g, "");
    const slippable = (text: string) =>
      text.split(/\s+/).some((w) => {
        const bareWord = w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
        return /^[a-z]{5,}$/i.test(bareWord) && !isStopword(bareWord.toLowerCase());
      });
    const unchanged = typed.filter((item, i) => slippable(dev[i]!.question) && bare(item.question) === bare(dev[i]!.question));
    // A drawn slip can miss a word four times in a row (a swap of two equal letters, a letter with no neighbour key).
    expect(unchanged.length).toBeLessThan(typed.length * 0.01);
  });

  it("make one slip per six words, and never touch the first letter or a short word", () => {
    const random = seededRandom(7);
    const question = "Which ministries will sign the Memorandum of Understanding on migration labor?";
    const typed = withTypos(question, random);
    const before = question.split(/\s+/);
    const after = typed.split(/\s+/);
    expect(after).toHaveLength(before.length);
    const changed = before.filter((w, i) => w.toLowerCase().replace(/[?]/g, "") !== after[i]!.toLowerCase().replace(/[?]/g, ""));
    expect(changed).toHaveLength(2);
    for (const [i, w] of before.entries()) {
      if (w.replace(/\W/g, "").length < 5) expect(after[i]!.toLowerCase().replace(/[?]/g, "")).toBe(w.toLowerCase().replace(/[?]/g, ""));
      else expect(after[i]![0]!.toLowerCase()).toBe(w[0]!.toLowerCase());
    }
  });

  it("misspell a word into another string", () => {
    const random = seededRandom(3);
    for (const word of ["education", "cooperation", "relations", "countries", "program"]) expect(misspell(word, random)).not.toBe(word);
  });
});

describe("npm run eval -- --typos / --chatter / --history", () => {
  const run = runEvalCli;

  it("says what is wrong with a seed that is not an integer, or with both stress sets at once, and exits 2", async () => {
    const seed = await run("--set", "evals/sets/test.jsonl", "--typos", "abc");
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--typos takes an integer seed, not "abc"/);
    const both = await run("--set", "evals/sets/test.jsonl", "--typos", "1", "--history", "1");
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--typos, --history are separate stress sets/);
  }, 60_000);
});
