import { describe, expect, it } from "vitest";
import { testEngine } from "./support/engine.ts";

describe("engine smoke", () => {
  it("answers the visa question with 45 days citing §24", async () => {
    const engine = await testEngine();
    const answer = await engine.answer("How many days can Bulgarians stay in Vietnam without a visa?");
    expect(answer.abstained).toBe(false);
    expect(answer.answer).toContain("45");
    expect(answer.citations.map((c) => c.id)).toContain("statement/24");
  });
});
