import { describe, expect, it } from "vitest";
import { opposesTrend, verdictFor } from "../server/answer/verdict.ts";

describe("opposesTrend", () => {
  const growth = "Bilateral trade turnover has also recorded steady growth in recent years.";
  const upgrade = "The two leaders decided to upgrade Vietnam-Bulgaria relations to a Strategic Partnership.";
  const hope = "These steps would help to boost investment collaboration and increase bilateral trade turnover.";

  it.each([
    ["Has bilateral trade been shrinking?", growth],
    ["Why has trade been falling?", growth],
    ["Has the relationship been downgraded?", upgrade],
  ])("%j is contradicted by a trend stated as fact", (question, sentence) => {
    expect(opposesTrend(question, sentence)).toBe(true);
  });

  it.each([
    // A hope or a means is no trend that happened.
    ["Is trade between the two countries declining?", hope],
    // The same direction confirms; it does not oppose.
    ["Has bilateral trade grown?", growth],
    // No trend asked.
    ["What is bilateral trade like?", growth],
    // A sentence saying both directions says neither plainly.
    ["Has trade been shrinking?", "Trade fell in 2020 and grew after it."],
  ])("%j is not contradicted by %j", (question, sentence) => {
    expect(opposesTrend(question, sentence)).toBe(false);
  });
});

describe("verdictFor", () => {
  it("holds back a verdict on a sentence that only moves towards the thing asked", () => {
    expect(verdictFor("Is a rotating Defense Policy Dialogue already in place?", "The two sides agreed to move towards establishing a rotating Defense Policy Dialogue.")).toEqual({
      kind: "hedged",
      reason: "move towards",
    });
  });
});
