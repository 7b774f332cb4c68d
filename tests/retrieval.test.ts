import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../server/engine.ts";
import { testEngine } from "./support/engine.ts";

let engine: Engine;
beforeAll(async () => {
  engine = await testEngine();
});

const topIds = async (question: string, limit = 10) => (await engine.retrieve(question, { limit })).hits.map((h) => h.id);

describe("hybrid retrieval", () => {
  it("returns distinct known chunks, best first, within the limit", async () => {
    const { hits } = await engine.retrieve("cooperation in education and training", { limit: 7 });
    expect(hits).toHaveLength(7);
    expect(new Set(hits.map((h) => h.id)).size).toBe(7);
    for (const h of hits) expect(engine.chunkById.has(h.id)).toBe(true);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it("ranks an explicitly referenced clause first, marked as referenced", async () => {
    const { hits } = await engine.retrieve("What does clause 24 say?");
    expect(hits[0]).toMatchObject({ id: "statement/24", referenced: true });
    expect(hits.slice(1).some((h) => h.referenced)).toBe(false);
  });

  it("ranks a referenced clause first even when the words point elsewhere", async () => {
    expect((await topIds("What does clause 7 say about the visa exemption for tourists?"))[0]).toBe("statement/7");
  });

  it("ranks a range of clauses first, in order", async () => {
    expect((await topIds("clauses 10–14", 5))).toEqual(["statement/10", "statement/11", "statement/12", "statement/13", "statement/14"]);
  });

  it("returns every chunk a reference names even beyond the limit", async () => {
    const ids = await topIds("the preamble", 3);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6].map((n) => `statement/preamble-${n}`));
  });

  it("ranks an article paragraph reference first", async () => {
    expect((await topIds("What does paragraph 5 of the article say?"))[0]).toBe("article/5");
  });

  it("ignores references in the variants without them", async () => {
    for (const variant of ["hybrid", "bm25", "dense"] as const) {
      const { hits } = await engine.retrieve("What does clause 24 say?", { variant });
      expect(hits.some((h) => h.referenced), variant).toBe(false);
    }
  });

  it("uses only the lexical or only the dense ranking when asked", async () => {
    const bm25 = await engine.retrieve("UNCLOS navigation at sea", { variant: "bm25" });
    const dense = await engine.retrieve("UNCLOS navigation at sea", { variant: "dense" });
    expect(bm25.hits.every((h) => h.dense === undefined && h.lexical !== undefined)).toBe(true);
    expect(dense.hits.every((h) => h.lexical === undefined && h.dense !== undefined)).toBe(true);
  });
});

describe("diacritic- and spelling-insensitive matching", () => {
  it.each([
    ["Which hospital and kindergarten in Hà Nội are gifts from Bulgaria?", "Which hospital and kindergarten in Ha Noi are gifts from Bulgaria?"],
    ["Việt Nam–Bulgaria relations over 75 years", "Vietnam-Bulgaria relations over 75 years"],
    ["When did Hồ Chí Minh visit Bulgaria?", "When did Ho Chi Minh visit Bulgaria?"],
    ["defence cooperation", "defense cooperation"],
    ["labour cooperation agreement", "labor cooperation agreement"],
    ["cultural cooperation programme", "cultural cooperation program"],
  ])("%j and %j retrieve the same chunks", async (a, b) => {
    const [ra, rb] = await Promise.all([engine.retrieve(a), engine.retrieve(b)]);
    expect(ra.hits.map((h) => h.id)).toEqual(rb.hits.map((h) => h.id));
  });

  it("finds the Hà Nội kindergarten paragraph when asked without diacritics", async () => {
    expect((await topIds("kindergarten in Ha Noi", 3))).toContain("article/6");
  });

  it("finds the defense clauses when asked with the British spelling", async () => {
    const top = await topIds("defence cooperation", 4);
    expect(top.filter((id) => ["statement/6", "statement/7", "statement/8", "statement/9"].includes(id)).length).toBeGreaterThanOrEqual(2);
  });
});

describe("plain-language questions", () => {
  it.each([
    ["How many days can Bulgarians stay in Vietnam without a visa?", "statement/24"],
    ["What do the two sides say about UNCLOS?", "statement/36"],
    ["When did Hồ Chí Minh visit Bulgaria?", "article/5"],
    ["Will there be direct flights between the two countries?", "statement/24"],
    ["What is planned for community health care and preventive medicine?", "statement/29"],
  ])("%j retrieves %s in the top 5", async (question, gold) => {
    expect(await topIds(question, 5)).toContain(gold);
  });
});

describe("follow-up questions", () => {
  const history = [
    { role: "user" as const, content: "What did they agree about defence?" },
    { role: "assistant" as const, content: "They agreed to a Joint Working Group on Defense Cooperation. [statement/7]" },
  ];

  it("keeps the earlier question's frame and swaps its topic in an elliptical follow-up", async () => {
    const retrieval = await engine.retrieve("and what about health?", { history });
    expect(retrieval.turn).toBe("ellipsis");
    expect(retrieval.question).toBe("What did they agree about health?");
    expect(retrieval.query).not.toContain("defence");
    expect(retrieval.hits.slice(0, 3).map((h) => h.id)).toContain("statement/29");
  });

  it("swaps a topic of several words whole, and keeps 'areas' in the frame", async () => {
    const earlier = [
      { role: "user" as const, content: "Which areas of science and technology cooperation are priorities?" },
      { role: "assistant" as const, content: "Training human resources in information technology [statement/15]" },
    ];
    const retrieval = await engine.retrieve("and for culture?", { history: earlier });
    expect(retrieval.question).toBe("Which areas of culture cooperation are priorities?");
  });

  it("fills in a pronoun follow-up from the earlier question", async () => {
    const retrieval = await engine.retrieve("who leads it?", { history });
    expect(retrieval.turn).toBe("anaphora");
    expect(retrieval.query).toContain("defence");
  });

  it("resolves 'the next clause' from the last cited clause", async () => {
    const { hits } = await engine.retrieve("and the next clause?", { history });
    expect(hits[0]).toMatchObject({ id: "statement/8", referenced: true });
  });

  it("searches a self-contained question on its own despite the history", async () => {
    const question = "What is planned for community health care and preventive medicine?";
    const retrieval = await engine.retrieve(question, { history });
    expect(retrieval.query).toBe(question);
    expect(retrieval.hits.map((h) => h.id)).toEqual(await topIds(question));
  });
});

describe("words that frame a question", () => {
  it.each([
    ["Was it because of tourism that Vietnam waived visas?", "because"],
    ["What is the reason for the visa exemption?", "reason"],
    ["Compare what the two documents say about tourism", "compare"],
    ["Do they talk about tourism?", "talk"],
    ["What does the official document say about tourism?", "official"],
    ["What does cooperation on tourism involve?", "involve"],
    ["What does the article call the tourism events?", "call"],
    ["What role does tourism play in the relationship?", "role"],
    ["Is more tourism cooperation on the table?", "table"],
    ["What is in the pipeline for tourism?", "pipeline"],
    ["Will more tourists go to Vietnam, and what about tourism?", "go"],
  ])("%j: %s weighs nothing", async (question, word) => {
    const { terms } = await engine.retrieve(question);
    expect(terms.map((t) => t.word)).not.toContain(word);
    expect(terms.map((t) => t.word)).toContain(question.includes("tourism") ? "tourism" : "visa");
  });
});
