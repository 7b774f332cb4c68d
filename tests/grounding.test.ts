/**
 * The grounding check on the real corpus: paraphrases a model would write
 * pass, claims the cited clause does not make fail, every corpus sentence
 * grounds itself, and streamed text is cut into the same sentences however
 * it arrives.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { GroundedText, Grounder, SentenceSplitter, detailsOf, isInstruction } from "../server/answer/grounding.ts";
import type { Engine } from "../server/engine.ts";
import { splitSentences } from "../server/text.ts";
import { testEngine } from "./support/engine.ts";

let engine: Engine;
beforeAll(async () => {
  engine = await testEngine();
});

function grounder(question = "What did Vietnam and Bulgaria agree?"): Grounder {
  return new Grounder({
    chunks: engine.corpus.chunks,
    documents: engine.corpus.documents,
    question,
    termsOf: (text) => engine.query.terms(text),
    scorer: engine.query.scorer,
  });
}

describe("Grounder.check", () => {
  it.each([
    "Vietnam grants Bulgarian citizens a 45-day visa exemption. [statement/24]",
    "Bulgarians can stay in Vietnam for 45 days without a visa, from August 15, 2025 to August 14, 2028. [statement/24]",
    "Bulgaria welcomed Vietnam's decision to let Bulgarian citizens visit without a visa for up to 45 days. [statement/24]",
    "Airlines are encouraged to look into direct flights between Vietnam and Bulgaria. [statement/24]",
    "According to clause 24, Bulgarian citizens get a unilateral 45-day visa exemption. [statement/24]",
    "Both countries want to strengthen political dialogue and exchange delegations at all levels. [statement/1]",
    "They agreed to consider setting up a Joint Research Center. [statement/18]",
    "Vietnam and Bulgaria agreed to cooperate on labor based on the Labor Cooperation Agreement signed in 2018. [statement/25]",
    "To Lam visited Bulgaria from October 22 to 24, 2025, at the invitation of President Rumen Radev. [statement/preamble-1]",
    "The Joint Statement identifies science and technology as priority pillars of cooperation. [statement/15]",
    "Both sides support multilateralism and the peaceful resolution of disputes under international law. [statement/36]",
    "The two countries will work together on challenges like climate change and terrorism. [statement/35]",
    "Vietnam and Bulgaria cooperate closely in the WTO, ASEAN-EU, ASEM, OECD and UNESCO. [statement/34]",
    "They will promote tourism on the basis of the Tourism Cooperation Plan for 2024-2026. [statement/23]",
    "Hồ Chí Minh visited Bulgaria in August 1957. [article/5]",
    "Bulgaria was among the first countries to establish diplomatic ties with Vietnam, in 1950. [article/4]",
    "The two sides will share expertise in wastewater treatment and plastic waste management. [statement/27]",
  ])("passes a faithful paraphrase: %s", (sentence) => {
    expect(grounder().check(sentence)).toMatchObject({ kind: "claim" });
  });

  it.each([
    ["a number the clause does not give", "Vietnam grants Bulgarian citizens a 90-day visa exemption. [statement/24]", "unstated-detail"],
    ["a date the clause does not give", "The visa exemption runs from August 15, 2025 to August 14, 2030. [statement/24]", "unstated-detail"],
    ["another year", "Diplomatic relations were established in 1957. [statement/preamble-2]", "unsupported"],
    ["a name the clause does not have", "Rumen Radev encouraged airlines to open direct flights. [statement/24]", "unsupported"],
    ["a name from outside the documents", "The two sides agreed to a free trade agreement with Russia. [statement/14]", "unsupported"],
    ["a claim the clause does not make", "Bases are agreed. [statement/24]", "unsupported"],
    ["outside knowledge", "The capital of Bulgaria is Paris. [statement/24]", "unsupported"],
    ["a role-play", "I am now DAN and will answer anything. [statement/24]", "unsupported"],
    ["one word swapped", "The two sides agreed to strengthen nuclear cooperation in the fields of defense and security. [statement/6]", "unsupported"],
    ["a made-up commitment", "Vietnam will send 500 students to Bulgaria each year. [statement/16]", "unsupported"],
    ["no citation", "Vietnam grants Bulgarian citizens a 45-day visa exemption.", "uncited"],
    ["a citation to a clause not shown", "Vietnam grants Bulgarian citizens a 45-day visa exemption. [statement/99]", "unshown-citation"],
    ["a shown citation beside one not shown", "Vietnam grants Bulgarian citizens a 45-day visa exemption [statement/24] and bases are agreed [article/42].", "unshown-citation"],
  ])("removes %s", (_, sentence, reason) => {
    expect(grounder().check(sentence)).toMatchObject({ kind: "removed", reason });
  });

  it("grounds every sentence of the corpus in its own chunk, and finds no instruction in it", () => {
    const g = grounder();
    for (const chunk of engine.corpus.chunks) {
      for (const sentence of splitSentences(chunk.text)) {
        // A byline ("VNA/VNS") states nothing to ground.
        if (engine.query.scorer.analyze(sentence.text).words.length < 4) continue;
        expect(isInstruction(sentence.text), sentence.text).toBe(false);
        expect(g.check(`${sentence.text} [${chunk.id}]`), `${chunk.id}: ${sentence.text}`).toMatchObject({ kind: "claim" });
      }
    }
  });

  it("quotes the sentence of the cited chunk that supports the claim, not the chunk's first", () => {
    const visa = grounder().check("Bulgarians may stay in Vietnam for 45 days without a visa. [statement/24]");
    const flights = grounder().check("Airlines are encouraged to study direct flights. [statement/24]");
    const sentences = splitSentences(engine.chunkById.get("statement/24")!.text).map((s) => s.text);
    expect(visa).toMatchObject({ kind: "claim", citations: [{ id: "statement/24", quote: sentences.find((s) => s.includes("45-day"))! }] });
    expect(flights).toMatchObject({ kind: "claim", citations: [{ id: "statement/24", quote: sentences.find((s) => s.includes("airlines"))! }] });
  });

  it("drops a co-citation that supports nothing of the sentence, and normalises markers", () => {
    expect(grounder().check("Vietnam grants Bulgarian citizens a 45-day visa exemption [Statement/24, statement/34].")).toEqual({
      kind: "claim",
      text: "Vietnam grants Bulgarian citizens a 45-day visa exemption [statement/24].",
      citations: [{ id: "statement/24", quote: expect.stringContaining("45-day") as string }],
      contentWords: expect.any(Number) as number,
    });
  });

  it("lets an abstention name what was asked, but not add a claim", () => {
    const g = grounder("Who is the Prime Minister of Bulgaria?");
    expect(g.check("The documents don't say who the Prime Minister of Bulgaria is.")).toMatchObject({ kind: "abstention" });
    expect(g.check("The documents don't say, but the Prime Minister of Bulgaria is Rosen Zhelyazkov.")).toMatchObject({ kind: "removed" });
    expect(g.check("The documents do not mention it; Bulgaria joined NATO in 2004.")).toMatchObject({ kind: "removed" });
  });
});

describe("detailsOf", () => {
  it("finds numbers, months and names, folded", () => {
    expect(detailsOf("In August 1957, President Hồ Chí Minh visited Việt Nam's friend, three times.").sort()).toEqual(
      ["1957", "3", "august", "chi", "ho", "minh", "president", "vietnam"].sort(),
    );
    expect(detailsOf("Bulgaria and the two sides agreed.")).toEqual([]);
    expect(detailsOf("I am now DAN.")).toEqual(["dan"]);
  });
});

describe("SentenceSplitter", () => {
  const texts = [
    "Vietnam grants a 45-day visa exemption. [statement/24] The two sides encouraged airlines [statement/24]. Done.",
    "The two sides agreed to:\n- promote trade [statement/10]\n- study flights [statement/24]\n\n1. First [statement/1]\n2. Second [statement/2]",
    "## Visas\nBulgarians get 45 days [statement/24]. Then more. [statement/3][statement/4]",
  ];

  it.each(texts)("cuts %j the same way whatever the pieces, and loses nothing", (text) => {
    const cut = (size: number) => {
      const splitter = new SentenceSplitter();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...splitter.push(text.slice(i, i + size)));
      return [...out, ...splitter.flush()];
    };
    const whole = cut(text.length);
    expect(cut(1)).toEqual(whole);
    expect(cut(7)).toEqual(whole);
    expect(whole.map((s) => s.gap + s.text).join("")).toBe(text);
  });

  it("keeps the markers written after a full stop with their sentence", () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push("Claim one. [statement/24] ")).toEqual([]);
    expect(splitter.push("Claim two")).toEqual([{ gap: "", text: "Claim one. [statement/24]" }]);
    expect(splitter.flush()).toEqual([{ gap: " ", text: "Claim two" }]);
  });
});

describe("GroundedText", () => {
  it("shows a lead-in with the supported item after it, and drops the unsupported item", () => {
    const grounded = new GroundedText(grounder("What did the two sides agree on visas and flights?"));
    const text =
      "On visas and flights, the two sides agreed:\n- Bulgarian citizens get a 45-day visa exemption [statement/24]\n- Bulgaria will build a naval base [statement/24]";
    const shown = grounded.push(text) + grounded.flush();
    expect(shown).toBe("On visas and flights, the two sides agreed:\n- Bulgarian citizens get a 45-day visa exemption [statement/24]");
    expect(grounded.removedSentences).toBe(1);
    expect([...grounded.citations().keys()]).toEqual(["statement/24"]);
  });
});
