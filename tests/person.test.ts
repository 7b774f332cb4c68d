import { describe, expect, it } from "vitest";
import { loadCorpus } from "../corpus/load.ts";
import { personTitle } from "../server/answer/person.ts";

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
