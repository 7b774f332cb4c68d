/**
 * Fact matching for eval answers. A fact counts as present when its folded
 * form occurs in the folded answer at word boundaries, so "45" matches
 * "45-day" but not "2045", and "Ha Noi" matches "Hà Nội". Folding is case-,
 * diacritic-, dash- and whitespace-insensitive: "ASEAN - EU" = "ASEAN–EU".
 */

/** One required fact: a string, or alternatives of which any one will do. */
export type Fact = string | string[];

/** Lowercase, no diacritics, one kind of dash and quote, no space around dashes, single spaces. */
export function foldForMatch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/[‐‑‒–—―−]/g, "-")
    .replace(/\s+/g, " ")
    .replace(/ ?- ?/g, "-")
    .trim();
}

const WORD_CHAR = /[a-z0-9]/;

/** Whether `needle` occurs in `text` (both already folded) without cutting a word or number in two. */
function occursAtBoundaries(text: string, needle: string): boolean {
  if (!needle) return true;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const before = text[at - 1];
    const after = text[at + needle.length];
    const openOk = !WORD_CHAR.test(needle[0]!) || !before || !WORD_CHAR.test(before);
    const closeOk = !WORD_CHAR.test(needle.at(-1)!) || !after || !WORD_CHAR.test(after);
    if (openOk && closeOk) return true;
  }
  return false;
}

export function containsText(text: string, phrase: string): boolean {
  return occursAtBoundaries(foldForMatch(text), foldForMatch(phrase));
}

export function factPresent(text: string, fact: Fact): boolean {
  const folded = foldForMatch(text);
  const options = Array.isArray(fact) ? fact : [fact];
  return options.some((option) => occursAtBoundaries(folded, foldForMatch(option)));
}

/** The facts that `text` lacks (empty when all are present). */
export function missingFacts(text: string, facts: Fact[]): Fact[] {
  return facts.filter((fact) => !factPresent(text, fact));
}

export function describeFact(fact: Fact): string {
  return Array.isArray(fact) ? fact.join(" | ") : fact;
}
