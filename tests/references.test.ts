import { describe, expect, it } from "vitest";
import { loadCorpus } from "../corpus/load.ts";
import { resolveReferences } from "../server/retrieval/references.ts";

const { chunks } = loadCorpus();
const resolve = (question: string) => resolveReferences(question, chunks);
const clauses = (...numbers: number[]) => numbers.map((n) => `statement/${n}`);

describe("resolveReferences", () => {
  it.each<[string, string[]]>([
    ["What does clause 24 say?", clauses(24)],
    ["Summarize point 7.", clauses(7)],
    ["§24", clauses(24)],
    ["What is in § 36?", clauses(36)],
    ["Explain item 3", clauses(3)],
    ["CLAUSE NO. 19", clauses(19)],
    ["What is in section II?", clauses(6, 7, 8, 9)],
    ["section 2", clauses(6, 7, 8, 9)],
    ["What does the preamble say?", [1, 2, 3, 4, 5, 6].map((n) => `statement/preamble-${n}`)],
    ["preamble paragraph 3", ["statement/preamble-3"]],
    ["What does paragraph 5 of the article say?", ["article/5"]],
    ["¶5 of the VNA report", ["article/5"]],
    ["the last paragraph of the article", ["article/17"]],
    ["the closing paragraph", ["statement/closing"]],
    ["clauses 10–14", clauses(10, 11, 12, 13, 14)],
    ["clauses 10 to 12", clauses(10, 11, 12)],
    ["clauses 3 and 5", clauses(3, 5)],
    ["clauses 5, 3", clauses(5, 3)],
    ["Điều 24 nói gì?", clauses(24)],
    ["Đoạn 5 của bài báo", ["article/5"]],
    ["mục II", clauses(6, 7, 8, 9)],
    ["What does the last numbered clause of the statement say?", clauses(37)],
    ["What does the first clause say about delegations?", clauses(1)],
    ["the second point", clauses(2)],
    ["the first paragraph of the statement", ["statement/preamble-1"]],
  ])("resolves %j exactly", (question, ids) => {
    expect(resolve(question)).toEqual({ ids, unknown: [] });
  });

  it.each<[string, string[]]>([
    ["What does clause 99 say?", ["clause 99"]],
    ["point 38", ["clause 38"]],
    ["section IX", ["section IX"]],
    ["paragraph 20 of the article", ["article paragraph 20"]],
  ])("reports %j as naming nothing", (question, unknown) => {
    expect(resolve(question)).toEqual({ ids: [], unknown });
  });

  it("keeps known references beside unknown ones", () => {
    expect(resolve("compare clause 24 with clause 99")).toEqual({ ids: clauses(24), unknown: ["clause 99"] });
  });

  it.each([
    "How many days can Bulgarians stay in Vietnam without a visa?",
    "Which clause mentions UNCLOS?",
    "What happened in 1957?",
    "the 75th anniversary of diplomatic relations",
    "the 1998 Science and Technology Cooperation Agreement",
    "the 45-day visa exemption",
  ])("finds no reference in %j", (question) => {
    expect(resolve(question)).toEqual({ ids: [], unknown: [] });
  });

  it.each([
    ["what does the clause between those two say?", true],
    ["and what's in between?", true],
    ["What is the difference between these two?", false],
    ["What about trade between the two countries?", false],
  ])("reads %j as the clauses between the last two cited: %s", (question, between) => {
    expect(resolve(question).between === true).toBe(between);
  });

  it.each([
    ["and the one just before it?", -1],
    ["read me the clause right after that", 1],
    ["what comes immediately after?", 1],
  ])("reads %j as relative (%i) with a word of closeness in it", (question, relative) => {
    expect(resolve(question).relative).toBe(relative);
  });

  it("marks next and previous as relative to the conversation", () => {
    expect(resolve("and the next clause?").relative).toBe(1);
    expect(resolve("what about the previous clause?").relative).toBe(-1);
    expect(resolve("what about clause 3?").relative).toBeUndefined();
  });
});

describe("'the one before' and 'the one after' alone", () => {
  it.each([
    ["and the one before?", -1],
    ["the one after", 1],
    ["what about the one after it?", 1],
  ])("%j points %i from the last answer", (question, relative) => {
    expect(resolve(question).relative).toBe(relative);
  });
});
