/** Follow-ups drawn from where the last answer's first cited passage sits (web/src/chat/suggestions.ts). */
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../corpus/load.ts";
import { suggestFollowUps } from "../../web/src/chat/suggestions.ts";

const chunkById = new Map(loadCorpus().chunks.map((c) => [c.id, c]));

describe("suggestFollowUps", () => {
  it("offers the next clause by its topic, the section, and the other document on the same topic", () => {
    expect(suggestFollowUps(["statement/24"], chunkById, "What does clause 24 say?")).toEqual([
      "What does §25 say about labor?",
      "Summarize section IV",
      "What does the article say about culture, sports and tourism?",
    ]);
  });

  it("offers nothing it cannot place, and never the question just asked", () => {
    expect(suggestFollowUps([], chunkById, "Hello?")).toEqual([]);
    expect(suggestFollowUps(["statement/99"], chunkById, "Hello?")).toEqual([]);
    expect(suggestFollowUps(["statement/24"], chunkById, "summarize section IV")).not.toContain("Summarize section IV");
  });

  it("stays within the article for an article paragraph", () => {
    expect(suggestFollowUps(["article/3"], chunkById, "x")).toEqual(["What does ¶4 say?"]);
  });
});
