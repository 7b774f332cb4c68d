/**
 * "What does EVFTA stand for?", "what does that acronym mean?": the documents
 * spell their acronyms out once, in the form "Free Trade Agreement (EVFTA)" or
 * "Communist Party of Vietnam (CPV)". The answer is that spelled-out name and
 * the sentence it is in.
 */
import type { Chunk } from "../contract.ts";
import { splitSentences } from "../text.ts";

/** The acronym a question asks to have spelled out ("EVFTA"), or a pointer back to one ("that acronym"). */
const ASKS_ACRONYM =
  /^\s*(?:and\s+)?(?:what|wat)\s+(?:does|do|did|is)\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+)?(\S+?|th(?:at|is)\s+(?:acronym|abbreviation)|th(?:at|is)|it)\s+(stand\s+for|mean|short\s+for)\b|^\s*(?:what(?:'s|’s|\s+is)\s+)?(\S+)\s+(?:short\s+for|stands?\s+for)\b/i;

/** Whether a question asks to spell out an acronym it names or points back to. */
export function asksAcronym(question: string): { acronym?: string } | undefined {
  const m = ASKS_ACRONYM.exec(question);
  if (!m) return undefined;
  const named = m[1] ?? m[3]!;
  if (/^[A-Z]{2,8}$/.test(named)) return { acronym: named };
  // "What does that acronym stand for?"; "what does it mean?" is too loose to be about an acronym.
  return /acronym|abbreviation/i.test(named) || (/^(?:that|this|it)$/i.test(named) && /stand|short/i.test(m[2] ?? "")) ? {} : undefined;
}

/** Acronyms written in a text (an earlier answer): capitals of two to eight letters. */
export function acronymsIn(text: string): string[] {
  return [...new Set(text.match(/\b[A-Z]{2,8}\b/g) ?? [])];
}

export interface SpelledOut {
  acronym: string;
  name: string;
  chunk: Chunk;
  sentence: string;
}

/** The name the documents spell an acronym out as, from the first passage that does. */
export function spellOut(acronym: string, chunks: Chunk[]): SpelledOut | undefined {
  // Capitalised words (joined by "of", "the", "and", "on", dashes) right before "(EVFTA)" or "(UNCLOS 1982)".
  const pattern = new RegExp(
    String.raw`((?:\d{4}\s+)?\p{Lu}[\p{L}'’]*(?:(?:\s*[-–]\s*|\s+(?:(?:of|on|the|and|for)\s+)*)\p{Lu}[\p{L}'’]*)*)\s*\(${acronym}(?:\s+\d{4})?\)`,
    "u",
  );
  for (const chunk of chunks) {
    for (const { text } of splitSentences(chunk.text)) {
      const m = pattern.exec(text);
      if (m) return { acronym, name: initialsMatch(m[1]!.trim(), acronym), chunk, sentence: text };
    }
  }
  return undefined;
}

/**
 * The end of a run of capitalised words whose initials spell the acronym: "General Secretary of the Communist Party
 * of Vietnam" before "(CPV)" names the party as "Communist Party of Vietnam". The whole run when none does.
 */
function initialsMatch(run: string, acronym: string): string {
  const words = run.split(/\s+/);
  for (let start = 0; start < words.length; start++) {
    if (!/^\p{Lu}/u.test(words[start]!)) continue;
    const initials = words
      .slice(start)
      .filter((w) => /^\p{Lu}/u.test(w))
      .map((w) => w[0])
      .join("");
    if (initials === acronym) return words.slice(start).join(" ");
  }
  return run;
}
