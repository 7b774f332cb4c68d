/**
 * Parts of speech of a question's words, from wink-nlp's English model
 * (shipped inside the npm package, no download). The answerer needs to know
 * which words of a question name the thing asked about: in "Who is the Prime
 * Minister of Bulgaria?" an answer must say "Prime Minister"; in "How long
 * does the programme run?" it need not say "run". Nouns, proper nouns,
 * adjectives and numbers name things; verbs and function words frame the
 * question. A word list cannot tell "run" from "prime"; a tagger reads them
 * in context.
 *
 * The model takes about 200 ms to load, so it loads on the first question
 * that needs it (most answers never ask), not when the engine opens.
 */
import { createRequire } from "node:module";
import { memoize, words } from "./text.ts";

type Nlp = {
  readDoc(text: string): { tokens(): { out(item?: unknown): string[] } };
  its: { pos: unknown; lemma: unknown };
};

const require = createRequire(import.meta.url);
let nlp: Nlp | undefined;

function tagger(): Nlp {
  if (!nlp) {
    const winkNLP = require("wink-nlp") as (model: unknown) => Nlp;
    nlp = winkNLP(require("wink-eng-lite-web-model"));
  }
  return nlp;
}

/** Tags that name things rather than frame the question. */
const NAMING = new Set(["NOUN", "PROPN", "ADJ", "NUM", "X"]);

type Tagged = { token: string; tag: string; lemma: string };

/** A text's tokens (lowercased) with their part of speech and lemma; one tagger pass per text, remembered. */
const tagged = memoize((text: string): Tagged[] => {
  const doc = tagger().readDoc(text);
  const tokens = doc.tokens().out();
  const tags = doc.tokens().out(tagger().its.pos);
  const lemmas = doc.tokens().out(tagger().its.lemma);
  return tokens.map((token, i) => ({ token: token.toLowerCase(), tag: tags[i]!, lemma: lemmas[i]!.toLowerCase() }));
}, 5_000);

/** The folded words of a question that name things (nouns, proper nouns, adjectives, numbers). */
export const namingWords = memoize((question: string): Set<string> => {
  const out = new Set<string>();
  for (const { token, tag } of tagged(question)) if (NAMING.has(tag)) for (const w of words(token)) out.add(w);
  return out;
}, 5_000);

/**
 * The verbs of a question in a past form, each with its lemma: in "When was the agreement signed?" and "Who won
 * the election?" the verb names a past event, which a sentence must state to date it or name who did it.
 * "Can Bulgarians enter …?" and "… will sign" ask of no event that happened.
 */
export function pastVerbs(question: string): Map<string, string> {
  const out = new Map<string, string>();
  const tokens = tagged(question);
  // "When did they sign it?": after "did" the base form asks of a past event too.
  const pastAuxiliary = tokens.some((t) => t.token === "did");
  for (const { token, tag, lemma } of tokens) {
    if (tag !== "VERB" || token.endsWith("ing") || token === `${lemma}s` || token === `${lemma}es`) continue;
    if (lemma !== token || pastAuxiliary) out.set(token, lemma);
  }
  return out;
}

/** The lemmas of a sentence's words ("built" → "build", "won" → "win"), for matching irregular forms. */
export const lemmasOf = memoize((sentence: string): Set<string> => new Set(tagged(sentence).map((t) => t.lemma)), 5_000);

const HEADS = new Set(["NOUN", "PROPN", "VERB"]);

/**
 * The word an adjective or adverb of the question qualifies: the noun right after it ("formal deal"), or the
 * noun or verb right before it ("planes flying nonstop", "the seas unhindered"). Undefined for other words, and
 * for a predicate with nothing beside it to qualify ("is all of this symbolic?").
 */
export function qualifiedWord(question: string, word: string): string | undefined {
  const tokens = tagged(question);
  const at = tokens.findIndex((t) => t.token === word && (t.tag === "ADJ" || t.tag === "ADV"));
  if (at < 0) return undefined;
  const next = tokens[at + 1];
  if (next && (next.tag === "NOUN" || next.tag === "PROPN")) return next.token;
  const previous = tokens[at - 1];
  return previous && HEADS.has(previous.tag) ? previous.token : undefined;
}
