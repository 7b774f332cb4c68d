import { describe, expect, it } from "vitest";
import { loadCorpus } from "../corpus/load.ts";
import { attributionOf, namesWithoutTitles, personTitle, titleCorrection, withoutOffices } from "../server/answer/person.ts";

const { chunks } = loadCorpus();

describe("personTitle", () => {
  it.each([
    ["Who is Lê Thị Thu Hằng?", "Deputy Minister of Foreign Affairs", "article/1"],
    ["who is le thi thu hang", "Deputy Minister of Foreign Affairs", "article/1"],
    ["What position does Hằng hold?", "Deputy Minister of Foreign Affairs", "article/1"],
    ["what's radev's job?", "Bulgarian President", "statement/preamble-1"],
    ["What is To Lam's title?", "General Secretary of the Central Committee of the Communist Party of Vietnam", "statement/preamble-1"],
    ["What is the title of Mr Hồ Chí Minh?", "President", "article/5"],
  ])("%j → %j", (question, title, id) => {
    const found = personTitle(question, chunks);
    expect(found?.title).toBe(title);
    expect(found?.chunk.id).toBe(id);
    expect(found?.sentence.length).toBeGreaterThan(0);
  });

  it.each([
    "Who is the Prime Minister of Bulgaria?",
    "Who is Putin?",
    "Who is responsible for implementing it?",
    "Who signed the joint statement?",
    "What is the role of the Intergovernmental Committee?",
  ])("%j is not a question it answers", (question) => {
    expect(personTitle(question, chunks)).toBeUndefined();
  });
});

describe("titleCorrection", () => {
  it.each([
    ["What did Prime Minister Rumen Radev sign?", "Rumen Radev", "Bulgarian President"],
    ["What did Bulgarian Prime Minister Rumen Radev sign together with Tô Lâm?", "Rumen Radev", "Bulgarian President"],
    ["Why did President To Lam go to Sofia?", "To Lam", "General Secretary of the Central Committee of the Communist Party of Vietnam"],
    ["What did Deputy Trade Minister Lê Thị Thu Hằng say?", "Lê Thị Thu Hằng", "Deputy Minister of Foreign Affairs"],
  ])("%j corrects %s to %j", (question, name, title) => {
    expect(titleCorrection(question, chunks)).toMatchObject({ name, title });
  });

  it.each([
    "What did President Radev say?",
    // A Deputy Minister of Foreign Affairs is a foreign minister of a kind: only a word her title lacks is wrong.
    "Did Foreign Minister Hằng brief the press?",
    "What did General Secretary To Lam sign?",
    // A name the documents never use has no title of theirs to compare.
    "What did Prime Minister Pham Minh Chinh say?",
  ])("leaves %j alone", (question) => {
    expect(titleCorrection(question, chunks)).toBeUndefined();
  });
});

describe("namesWithoutTitles", () => {
  it("keeps the people of a run of offices and names", () => {
    expect(
      namesWithoutTitles("General Secretary of the Central Executive Committee of the Communist Party of Vietnam To Lam and President of the Republic of Bulgaria Rumen Radev"),
    ).toEqual(["To Lam", "Rumen Radev"]);
    expect(namesWithoutTitles("Deputy Minister of Foreign Affairs Lê Thị Thu Hằng")).toEqual(["Lê Thị Thu Hằng"]);
  });

  it("is undefined for a run that is not an office and a name", () => {
    expect(namesWithoutTitles("Cooperation Agreement on Agriculture and Livestock")).toBeUndefined();
  });
});

describe("attributionOf", () => {
  const byId = new Map(chunks.map((c) => [c.id, c]));
  it("names the speaker a paragraph attributes, or the last one when it goes on reporting", () => {
    expect(attributionOf(byId.get("article/16")!, chunks)).toMatchObject({ speaker: "Hằng", title: "Deputy Minister of Foreign Affairs" });
    expect(attributionOf(byId.get("article/16")!, chunks).continued).toBeUndefined();
    expect(attributionOf(byId.get("article/8")!, chunks)).toMatchObject({ speaker: "Hằng", continued: true });
  });

  it("gives the Joint Statement's clauses to its two sides", () => {
    expect(attributionOf(byId.get("statement/24")!, chunks).speaker).toBe("The two sides");
  });
});

describe("withoutOffices", () => {
  it("leaves out what an office is of, and keeps the office and the name", () => {
    expect(withoutOffices("… at the invitation of Bulgarian President Rumen Radev, General Secretary of the Central Committee of the Communist Party of Vietnam To Lam paid an official visit")).toBe(
      "… at the invitation of Bulgarian President Rumen Radev, General Secretary To Lam paid an official visit",
    );
    expect(withoutOffices("a Joint Working Group on Defense Cooperation")).toBe("a Joint Working Group on Defense Cooperation");
  });
});
