import { describe, expect, it } from "vitest";
import { loadCorpus } from "../corpus/load.ts";
import { acronymsIn, asksAcronym, spellOut } from "../server/answer/acronym.ts";

const { chunks } = loadCorpus();

describe("spellOut", () => {
  it.each([
    ["EVFTA", "Vietnam - EU Free Trade Agreement", "statement/14"],
    ["CPV", "Communist Party of Vietnam", "article/1"],
    ["ASEAN", "Association of Southeast Asian Nations", "article/8"],
    ["UNCLOS", "1982 United Nations Convention on the Law of the Sea", "statement/36"],
  ])("spells %s out as the documents do", (acronym, name, id) => {
    expect(spellOut(acronym, chunks)).toMatchObject({ name, chunk: { id } });
  });

  it("has nothing for an acronym the documents never spell out", () => {
    expect(spellOut("WTO", chunks)).toBeUndefined();
  });
});

describe("asksAcronym", () => {
  it.each([
    ["What does EVFTA stand for?", { acronym: "EVFTA" }],
    ["what is ASEAN short for", { acronym: "ASEAN" }],
    ["what does that acronym stand for?", {}],
    ["and what does it stand for?", {}],
  ])("%j", (question, asked) => {
    expect(asksAcronym(question)).toEqual(asked);
  });

  it.each(["What does it mean?", "What does the statement say?", "What does clause 24 stand for?"])("%j is not asking", (question) => {
    expect(asksAcronym(question)).toBeUndefined();
  });

  it("finds the acronyms of an earlier answer", () => {
    expect(acronymsIn("… opportunities of the EVFTA and the EU [statement/14]")).toEqual(["EVFTA", "EU"]);
  });
});
