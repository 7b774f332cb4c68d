/**
 * The offline answer cache: a repeated question is answered from memory, with the same answer as a fresh
 * one, and what one caller does to its answer never reaches the next.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Engine } from "../server/engine.ts";
import { testEngine } from "./support/engine.ts";

const QUESTION = "How many days can Bulgarians stay in Vietnam without a visa?";
const HISTORY = [
  { role: "user" as const, content: "What did they agree on defence?" },
  { role: "assistant" as const, content: "A Joint Working Group on Defense Cooperation. [statement/7]" },
];

let cached: Engine;
let uncached: Engine;
beforeAll(async () => {
  [cached, uncached] = await Promise.all([testEngine(), testEngine({ CLAUSEWISE_ANSWER_CACHE: "0" })]);
});

describe("the answer cache", () => {
  it("gives a repeated question the answer a fresh engine gives", async () => {
    const first = await cached.answer(QUESTION);
    const again = await cached.answer(QUESTION);
    expect(again).toEqual(first);
    expect(again).toEqual(await uncached.answer(QUESTION));
  });

  it("keeps the conversation in the key: the same words after other turns are another question", async () => {
    const alone = await cached.answer("and education?");
    const after = await cached.answer("and education?", { history: HISTORY });
    expect(after).toEqual(await uncached.answer("and education?", { history: HISTORY }));
    expect(after.answer).not.toBe(alone.answer);
  });

  it("hands out copies: changing one answer does not change the next", async () => {
    const first = await cached.answer(QUESTION);
    first.answer = "tampered";
    first.citations.length = 0;
    const next = await cached.answer(QUESTION);
    expect(next.answer).not.toBe("tampered");
    expect(next.citations.length).toBeGreaterThan(0);
  });

  it("does not retrieve again for a repeat, and does when the cache is off", async () => {
    const question = "Which festivals did Vietnamese artists take part in?";
    const spyCached = vi.spyOn(cached, "retrieve");
    const spyUncached = vi.spyOn(uncached, "retrieve");
    for (let i = 0; i < 3; i++) await Promise.all([cached.answer(question), uncached.answer(question)]);
    expect(spyCached).toHaveBeenCalledTimes(1);
    expect(spyUncached).toHaveBeenCalledTimes(3);
  });
});
