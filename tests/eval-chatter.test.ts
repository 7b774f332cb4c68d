import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { chatterSet, withChatter } from "../evals/chatter.ts";
import { loadEvalSet } from "../evals/eval-set.ts";
import { seededRandom } from "../evals/seeded-random.ts";
import { isVietnamese } from "../server/retrieval/vietnamese.ts";
import { ROOT } from "./support/engine.ts";

const dev = loadEvalSet(join(ROOT, "evals/sets/dev.jsonl"));

describe("chatter stress sets", () => {
  it("are the same for the same seed", () => {
    expect(chatterSet(dev.slice(0, 40), 1)).toEqual(chatterSet(dev.slice(0, 40), 1));
  });

  it("keep the question word for word inside the message, and its gold answer", () => {
    const wrapped = chatterSet(dev, 1);
    wrapped.forEach((item, i) => {
      const source = dev[i]!;
      expect(item.question.toLowerCase()).toContain(source.question.slice(1).toLowerCase());
      expect(item).toMatchObject({ answerable: source.answerable, citations: source.citations, facts: source.facts, history: source.history });
      expect(item.id).toBe(`${source.id}~chatter`);
      expect(item.tags).toContain("rambling");
    });
  });

  it("write around a Vietnamese question in Vietnamese, without diacritics when the question has none", () => {
    const random = seededRandom(5);
    const accented = Array.from({ length: 20 }, () => withChatter("Hai bên hợp tác về nông nghiệp không?", random));
    expect(accented.every((message) => isVietnamese(message) && !/\b(?:the|my|I'm|thanks)\b/i.test(message))).toBe(true);
    const plain = Array.from({ length: 20 }, () => withChatter("hai ben hop tac ve nong nghiep khong", random));
    expect(plain.every((message) => !/[^\x00-\x7F—–]/.test(message))).toBe(true);
  });

  it("wrap most questions in more than the question", () => {
    const wrapped = chatterSet(dev, 1);
    const bare = wrapped.filter((item, i) => item.question === dev[i]!.question);
    expect(bare.length).toBeLessThan(wrapped.length * 0.1);
  });
});
