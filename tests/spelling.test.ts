import { describe, expect, it } from "vitest";
import { loadCorpus } from "../corpus/load.ts";
import { SpellingCorrector, corpusVocabulary } from "../server/retrieval/spelling.ts";

const corpus = loadCorpus();
const headings = new Set(corpus.chunks.flatMap((c) => [c.section?.title ?? "", c.subsection ?? ""]));
const vocabulary = corpusVocabulary([...corpus.chunks.map((c) => c.text), ...headings]);
const speller = new SpellingCorrector(vocabulary);

describe("SpellingCorrector.correct", () => {
  it.each([
    ["educaton", ["education"]],
    ["cooperaton", ["cooperation"]],
    ["programe", ["program"]],
    ["agricultre", ["agriculture"]],
    ["bulgarai", ["bulgaria"]],
    ["vietnma", ["vietnam"]],
    ["ministrys", ["ministry", "ministries"]],
    ["scholarhsips", ["scholarships"]],
    ["defnse", ["defense"]],
    ["tourisim", ["tourism"]],
    ["enviroment", ["environment"]],
    ["healt", ["health"]],
    ["vias", ["visa"]],
    // Three letters, two of them swapped, of a question word.
    ["hwo", ["how"]],
    ["teh", ["the"]],
    ["woh", ["who"]],
  ])("corrects %j to a corpus word", (typo, expected) => {
    expect(expected).toContain(speller.correct(typo));
  });

  it.each([
    ["weather", "an English word the corpus never uses: the sign of an out-of-scope question"],
    ["capital", "English"],
    ["poem", "English"],
    ["salary", "English"],
    ["football", "English"],
    ["recipe", "English"],
    ["bitcoin", "in the dictionary"],
    ["sofia", "a name the dictionary lists capitalised"],
    ["putin", "a name the dictionary lists capitalised"],
    ["nato", "an acronym the dictionary lists in capitals"],
    ["colours", "British, and the dictionary knows the American spelling"],
    ["civilisation", "British"],
    ["analysing", "British"],
    ["president", "a corpus word"],
    ["ok", "short"],
    ["hi", "short"],
    ["esa", "three letters, but no swap of a question word"],
    ["ngo", "three letters, an abbreviation"],
    ["2025", "a number"],
    ["the", "a stopword"],
    ["xqzvbn", "nothing close enough"],
  ])("keeps %j (%s)", (word) => {
    expect(speller.correct(word)).toBeUndefined();
  });

  it.each([
    ["perfom", "perform", "no corpus word is near; the English word shares the stem of the corpus's performances"],
    ["lenght", "length", "a typo of an English word the corpus does not use, not of the corpus's height"],
    ["ratifeid", "ratified", "no corpus word is near: the dictionary's word, which has a word vector, not the typo"],
    ["toogether", "together", "a doubled letter"],
    ["weatehr", "weather", "out of scope still: the English word the corpus never uses, spelled right"],
  ])("corrects %j to the English %j (%s)", (typo, english) => {
    expect(speller.correct(typo)).toBe(english);
  });

  it.each([
    ["educashun", "education"],
    ["relashuns", "relations"],
    ["regulashun", "regulation"],
  ])("corrects %j, spelled by ear beyond the edit budget, to the dictionary's first guess %j when the documents use it", (typo, word) => {
    expect(speller.correct(typo)).toBe(word);
  });

  it("keeps every corpus word as it is", () => {
    const changed = [...new Set(vocabulary)].filter((w) => speller.correct(w) !== undefined);
    expect(changed).toEqual([]);
  });
});

describe("SpellingCorrector.correctText", () => {
  it("corrects each misspelled word and lists the corrections", () => {
    expect(speller.correctText("How long is the educaton cooperaton programe?")).toEqual({
      text: "how long is the education cooperation program",
      corrections: [
        { from: "educaton", to: "education" },
        { from: "cooperaton", to: "cooperation" },
        { from: "programe", to: "program" },
      ],
    });
  });

  it("lists a correction once however often the word occurs", () => {
    expect(speller.correctText("defnse, defnse!").corrections).toEqual([{ from: "defnse", to: "defense" }]);
  });

  it("leaves an out-of-scope question as it is", () => {
    expect(speller.correctText("What's the weather in Sofia?")).toEqual({
      text: "what the weather in sofia",
      corrections: [],
    });
  });

  it.each(["", "   ", "?!", "what is it about?"])("handles %j without corrections", (text) => {
    const { corrections } = speller.correctText(text);
    expect(corrections).toEqual([]);
  });

  it("joins the folded words of the text", () => {
    expect(speller.correctText("").text).toBe("");
    expect(speller.correctText("Is it about the Defence Programme?").text).toBe("is it about the defense program");
  });
});

describe("corpusVocabulary", () => {
  it("keeps folded content words with their repeats, without stopwords or numbers", () => {
    expect(corpusVocabulary(["The Defence of Hà Nội in 2025", "defence"])).toEqual(["defense", "hanoi", "defense"]);
  });
});

describe("SpellingCorrector.correctName", () => {
  it.each([
    ["sozopl", "sozopol"],
    ["burgass", "burgas"],
  ])("corrects the slip %j in a name to the documents' %j", (typo, name) => {
    expect(speller.correctName(typo)).toBe(name);
  });

  it.each(["china", "prime", "plovdiv", "sofia"])("keeps the name %j (listed in the dictionary, or near no corpus word)", (name) => {
    expect(speller.correctName(name)).toBeUndefined();
  });
});

describe("SpellingCorrector with word frequencies", () => {
  // Ranks as in the word vectors' vocabulary (0 the commonest word); a word missing there is used by nobody.
  const ranks = new Map([
    ["cyber", 12_254],
    ["pharma", 33_590],
    ["shortt", 126_133],
    ["minister", 133],
    ["minster", 27_251],
    ["trade", 299],
    ["trad", 71_946],
    ["weather", 1_525],
    ["prime", 320],
  ]);
  const ranked = new SpellingCorrector(vocabulary, (word) => ranks.get(word));

  it.each(["cyber", "pharma"])("keeps %j, a word in use the dictionary lacks, where the dictionary alone would replace it", (word) => {
    expect(speller.correct(word)).toBeDefined();
    expect(ranked.correct(word)).toBeUndefined();
  });

  it("replaces a word the web only misspells", () => {
    expect(ranked.correct("shortt")).toBe("short");
  });

  it.each([
    ["minster", "minister"],
    ["trad", "trade"],
  ])("reads the rare English word %j as the far commoner corpus word %j one slip away", (typed, word) => {
    expect(speller.correct(typed)).toBeUndefined();
    expect(ranked.correct(typed)).toBe(word);
  });

  it.each(["weather", "prime"])("keeps the common English word %j", (word) => {
    expect(ranked.correct(word)).toBeUndefined();
  });
});

describe("SpellingCorrector with the words people ask with", () => {
  // The synonym file's left-hand words: the documents lack them but answer about them (farming → agriculture).
  const asking = new SpellingCorrector(vocabulary, () => undefined, ["farming", "farming", "famine", "spots", "cyber", "telemedicine"]);

  it.each([
    ["faming", "farming"],
    ["cybre", "cyber"],
    ["telemedicien", "telemedicine"],
  ])("reads %j as %j, a word the synonym file maps, where the dictionary guesses another", (typed, word) => {
    expect(speller.correct(typed)).not.toBe(word);
    expect(asking.correct(typed)).toBe(word);
  });

  it("prefers an English word whose stem the documents use to a synonym-file word as near ('spotr' is 'sport')", () => {
    expect(asking.correct("spotr")).toBe("sport");
  });

  it("keeps a word people ask with as typed, and never takes one for a real-word slip", () => {
    expect(asking.correct("farming")).toBeUndefined();
    expect(asking.correct("spots")).toBeUndefined();
    // Another form of one is no typo either: "MoUs" is not the singular "mou".
    const mou = new SpellingCorrector(vocabulary, () => undefined, ["mou"]);
    expect(mou.correct("mous")).toBeUndefined();
    expect(mou.correctName("mous")).toBeUndefined();
    // Not by stem: "offical" shares one with the synonym file's "office", and is the documents' "official".
    expect(new SpellingCorrector(vocabulary, () => undefined, ["office"]).correct("offical")).toBe("official");
  });
});
