import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadCorpus } from "../corpus/load.ts";
import { loadEvalSet } from "../evals/eval-set.ts";
import { historySet } from "../evals/history.ts";
import { ROOT } from "./support/engine.ts";

const dev = loadEvalSet(join(ROOT, "evals/sets/dev.jsonl"));
const chunkById = new Map(loadCorpus().chunks.map((c) => [c.id, c]));

describe("earlier-turn stress sets", () => {
  const set = historySet(dev, chunkById, 1);

  it("are the same for the same seed", () => {
    expect(historySet(dev, chunkById, 1)).toEqual(set);
  });

  it("put an unrelated exchange before every standalone question, whose answer quotes and cites a passage that is not its gold", () => {
    set.forEach((item, i) => {
      const source = dev[i]!;
      if (source.history.length > 0) {
        expect(item).toEqual(source);
        return;
      }
      expect(item).toMatchObject({ question: source.question, answerable: source.answerable, citations: source.citations, facts: source.facts });
      expect(item.id).toBe(`${source.id}~history`);
      expect(item.tags).toEqual(expect.arrayContaining(["follow-up", "standalone-after-history"]));
      const [user, assistant] = item.history;
      expect(user!.role).toBe("user");
      const cited = /\[([^\]]+)\]$/.exec(assistant!.content)![1]!;
      expect(chunkById.get(cited)!.text).toContain(assistant!.content.replace(/\s*\[[^\]]+\]$/, ""));
      expect(source.citations).not.toContain(cited);
    });
  });
});
