import { describe, expect, it } from "vitest";
import { contentTerms, foldText, isStopword, splitSentences, termOf, words } from "../server/text.ts";

describe("foldText", () => {
  it.each([
    ["Hà Nội", "hanoi"],
    ["Ha Noi", "hanoi"],
    ["HÀ NỘI", "hanoi"],
    ["Hanoi", "hanoi"],
    ["Việt Nam", "vietnam"],
    ["Viet Nam", "vietnam"],
    ["VIETNAM", "vietnam"],
    ["Hồ Chí Minh City", "hochiminhcity"],
    ["Đà Nẵng", "da nang"],
    ["Tô Lâm", "to lam"],
    ["Lâm’s visit", "lam's visit"],
    ["2025–2028", "2025-2028"],
  ])("folds %j to %j", (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });
});

describe("words", () => {
  it.each([
    ["Hà Nội", "Ha Noi"],
    ["Việt Nam", "Vietnam"],
    ["defence", "defense"],
    ["labour", "labor"],
    ["programme", "program"],
    ["Organisation", "organization"],
    ["neighbouring", "neighboring"],
  ])("treats %j and %j as the same words", (a, b) => {
    expect(words(a)).toEqual(words(b));
    expect(words(a)).toHaveLength(1);
  });

  it("tokenizes a sentence into folded words and drops the possessive", () => {
    expect(words("Việt Nam’s Defence Ministry, in 2025!")).toEqual(["vietnam", "defense", "ministry", "in", "2025"]);
  });

  it("keeps letters of other scripts out of tokens rather than failing", () => {
    expect(words("България and Vietnam")).toEqual(["and", "vietnam"]);
    expect(words("")).toEqual([]);
  });
});

describe("terms", () => {
  it("stems words and keeps numbers whole", () => {
    expect(termOf("agreed")).toBe(termOf("agree"));
    expect(termOf("cooperation")).toBe(termOf("cooperations"));
    expect(termOf("1957")).toBe("1957");
    expect(termOf("45")).toBe("45");
  });

  it("drops stopwords from content terms", () => {
    expect(isStopword("the")).toBe(true);
    expect(isStopword("visa")).toBe(false);
    expect(contentTerms("What does the statement say about the visas?")).toEqual([termOf("visas")]);
  });

  it("gives British and American spellings the same terms", () => {
    expect(contentTerms("defence labour programmes")).toEqual(contentTerms("defense labor programs"));
  });
});

describe("splitSentences", () => {
  function expectExact(text: string) {
    const sentences = splitSentences(text);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    return sentences;
  }

  it("splits after a full stop followed by a capital letter, with offsets into the text", () => {
    const text = "The sides met in Sofia. They signed two agreements. Trade grew.";
    const sentences = expectExact(text);
    expect(sentences.map((s) => s.text)).toEqual(["The sides met in Sofia.", "They signed two agreements.", "Trade grew."]);
    expect(sentences.map((s) => s.start)).toEqual([0, 24, 52]);
  });

  it("leaves out a clause's leading number", () => {
    const text = "24. The two sides encouraged airlines. The Bulgarian side acknowledged it.";
    const sentences = expectExact(text);
    expect(sentences.map((s) => s.text)).toEqual(["The two sides encouraged airlines.", "The Bulgarian side acknowledged it."]);
    expect(sentences[0]!.start).toBe(4);
  });

  it("splits at line breaks and before a sentence that starts with a digit", () => {
    const text = "First part of a clause\nOn the basis of the agreement. 2025 marks 75 years.";
    expect(expectExact(text).map((s) => s.text)).toEqual([
      "First part of a clause",
      "On the basis of the agreement.",
      "2025 marks 75 years.",
    ]);
  });

  it("does not split inside numbers, after a lowercase continuation or at a semicolon", () => {
    const text = "Trade reached 1.5 billion USD in 2024; the sides aim higher. e.g. more flights.";
    expect(expectExact(text).map((s) => s.text)).toEqual([text]);
  });

  it("splits after ? ! and … and before a quoted or accented capital", () => {
    const text = "Is it done? Yes! Then… “Next” steps. Ông Hằng spoke.";
    expect(expectExact(text).map((s) => s.text)).toEqual(["Is it done?", "Yes!", "Then…", "“Next” steps.", "Ông Hằng spoke."]);
  });

  it("returns nothing for blank text", () => {
    expect(splitSentences("   \n  ")).toEqual([]);
  });
});

describe("isStopword", () => {
  it("treats a contraction of a stopword as one", () => {
    expect(["they'd", "we'll", "it's", "you're"].filter((w) => !isStopword(w))).toEqual([]);
    expect(isStopword("fisheries")).toBe(false);
  });

  it("treats the modal verbs and 'off' as stopwords", () => {
    expect(["might", "must", "shall", "ought", "off", "themselves"].filter((w) => !isStopword(w))).toEqual([]);
  });
});
