/**
 * Typo stress sets: a copy of an eval set with the slips people make when they
 * type fast, so that typo robustness is measured on every kind of question
 * rather than on the handful of hand-written `typo` cases (which the answerer
 * was tuned on: dev's pass 64 of 66, the held-out sets' 22 of 34).
 *
 * Each question gets one slip per six words (at least one) in its content
 * words of five letters or more: a dropped, doubled, swapped or
 * neighbouring-key letter, or a spelling by ear ("relashuns", "countrys",
 * "goverment"). A quarter of the questions are also typed in lower case
 * without punctuation, one in twenty in capitals. The gold answer does not
 * change. The slips are drawn from a seeded generator, so a set is the same
 * on every machine and a change in its score is the answerer's.
 */
import { isStopword } from "../server/text.ts";
import type { EvalItem } from "./eval-set.ts";
import { seededRandom } from "./seeded-random.ts";

const KEYBOARD_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

/** Letters next to a letter on a QWERTY keyboard (same row). */
function neighbours(letter: string): string {
  for (const row of KEYBOARD_ROWS) {
    const i = row.indexOf(letter);
    if (i >= 0) return (row[i - 1] ?? "") + (row[i + 1] ?? "");
  }
  return "";
}

/** Spellings by ear: what someone who knows the word's sound but not its letters writes. */
const BY_EAR: Array<[RegExp, string]> = [
  [/tions?\b/, "shun"],
  [/tion/, "sion"],
  [/ies\b/, "ys"],
  [/ph/, "f"],
  [/c(?=[aou])/, "k"],
  [/ence\b/, "ance"],
  [/ie/, "ei"],
  [/ei/, "ie"],
  [/rnm/, "rm"],
  [/ea/, "ee"],
  [/ss/, "s"],
  [/ous\b/, "us"],
  [/ate\b/, "ait"],
  [/y\b/, "ey"],
];

type Slip = (word: string, random: () => number) => string | undefined;

const pick = (n: number, random: () => number) => Math.floor(random() * n);

const SLIPS: Slip[] = [
  // A dropped letter (never the first).
  (w, r) => {
    const i = 1 + pick(w.length - 1, r);
    return w.slice(0, i) + w.slice(i + 1);
  },
  // Two neighbouring letters swapped.
  (w, r) => {
    const i = 1 + pick(w.length - 2, r);
    return w[i] === w[i + 1] ? undefined : w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  },
  // A neighbouring key.
  (w, r) => {
    const i = 1 + pick(w.length - 1, r);
    const near = neighbours(w[i]!.toLowerCase());
    return near ? w.slice(0, i) + near[pick(near.length, r)] + w.slice(i + 1) : undefined;
  },
  // A letter doubled, or a double letter single.
  (w, r) => {
    const double = /(\w)\1/.exec(w);
    if (double && r() < 0.6) return w.slice(0, double.index) + w.slice(double.index + 1);
    const i = 1 + pick(w.length - 1, r);
    return /[a-z]/i.test(w[i]!) ? w.slice(0, i) + w[i] + w.slice(i) : undefined;
  },
  // By ear.
  (w, r) => {
    const fits = BY_EAR.filter(([pattern]) => pattern.test(w));
    if (fits.length === 0) return undefined;
    const [pattern, replacement] = fits[pick(fits.length, r)]!;
    return w.replace(pattern, replacement);
  },
];

/** One slip in a word, or the word unchanged when the drawn slip does not fit it. */
export function misspell(word: string, random: () => number): string {
  for (let tries = 0; tries < 4; tries++) {
    const slipped = SLIPS[pick(SLIPS.length, random)]!(word, random);
    if (slipped && slipped !== word) return slipped;
  }
  return word;
}

/** The question as typed in a hurry. */
export function withTypos(question: string, random: () => number): string {
  const tokens = question.split(/(\s+)/);
  const content = tokens
    .map((t, i) => ({ t, i, bare: t.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "") }))
    .filter(({ bare }) => bare.length >= 5 && /^[a-z]+$/i.test(bare) && !isStopword(bare.toLowerCase()));
  const wordCount = tokens.filter((t) => t.trim()).length;
  const slips = Math.min(content.length, Math.max(1, Math.round(wordCount / 6)));
  for (let n = 0; n < slips; n++) {
    const [chosen] = content.splice(pick(content.length, random), 1);
    if (!chosen) break;
    tokens[chosen.i] = chosen.t.replace(chosen.bare, misspell(chosen.bare, random));
  }
  let typed = tokens.join("");
  const style = random();
  if (style < 0.25) typed = typed.toLowerCase().replace(/[?.!,;:]+(?=\s|$)/g, "");
  else if (style < 0.3) typed = typed.toUpperCase();
  return typed;
}

export function typoSet(items: EvalItem[], seed: number): EvalItem[] {
  const random = seededRandom(seed);
  return items.map((item) => ({
    ...item,
    id: `${item.id}~typo`,
    question: withTypos(item.question, random),
    tags: item.tags.includes("typo") ? item.tags : [...item.tags, "typo"],
  }));
}

