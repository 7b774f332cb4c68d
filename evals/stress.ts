/**
 * Stress copies of an eval set: the same questions as people send them —
 * typed fast (`typos.ts`), written inside a chat message (`chatter.ts`), or
 * asked after an unrelated exchange (`history.ts`). The gold answers do not
 * change, so a drop from the set's own score is robustness lost.
 */
import type { Chunk } from "../server/contract.ts";
import { chatterSet } from "./chatter.ts";
import type { EvalItem } from "./eval-set.ts";
import { historySet } from "./history.ts";
import { typoSet } from "./typos.ts";

export const STRESS_KINDS = ["typos", "chatter", "history"] as const;
export type StressKind = (typeof STRESS_KINDS)[number];

/** The seed the committed stress reports and the CI gate use. */
export const STRESS_SEED = 1;

export function stressSet(kind: StressKind, items: EvalItem[], seed: number, chunkById: Map<string, Chunk>): EvalItem[] {
  if (kind === "typos") return typoSet(items, seed);
  if (kind === "chatter") return chatterSet(items, seed);
  return historySet(items, chunkById, seed);
}
