/**
 * Earlier-turn stress sets: each question of an eval set asked after an
 * unrelated exchange — another question of the set and an answer quoting its
 * gold passage, as the assistant would have cited it. A question that stands
 * on its own must get the same answer with or without that history; the
 * hand-written `standalone-after-history` cases are few (7 across the held-out
 * sets). Questions that already have a history are left as they are.
 *
 * Drawn from a seeded generator, so a set is the same on every machine.
 */
import type { Chunk } from "../server/contract.ts";
import type { EvalItem } from "./eval-set.ts";
import { pickOne, seededRandom } from "./seeded-random.ts";

/** The first sentence of a passage, as an extractive answer would quote it. */
function firstSentence(text: string): string {
  return /^.*?[.!?](?=\s|$)/s.exec(text)?.[0] ?? text;
}

export function historySet(items: EvalItem[], chunkById: Map<string, Chunk>, seed: number): EvalItem[] {
  const random = seededRandom(seed);
  // Earlier turns come from standalone answerable questions whose gold passages the set knows.
  const earlier = items.filter((item) => item.answerable && item.history.length === 0 && item.citations.every((id) => chunkById.has(id)));
  return items.map((item) => {
    if (item.history.length > 0) return item;
    // Unrelated: no gold passage in common, so the earlier answer cannot hold this one.
    const others = earlier.filter((other) => other.id !== item.id && !other.citations.some((id) => item.citations.includes(id)));
    const other = pickOne(others, random);
    const chunk = chunkById.get(other.citations[0]!)!;
    return {
      ...item,
      id: `${item.id}~history`,
      history: [
        { role: "user", content: other.question },
        { role: "assistant", content: `${firstSentence(chunk.text)} [${chunk.id}]` },
      ],
      tags: [...new Set([...item.tags, "follow-up", "standalone-after-history"] as const)],
    };
  });
}

