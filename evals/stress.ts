/**
 * Stress copies of an eval set: the same questions as people send them —
 * typed fast (`typos.ts`), written inside a chat message (`chatter.ts`), or
 * asked after an unrelated exchange (`history.ts`). The gold answers do not
 * change, so a drop from the set's own score is robustness lost.
 *
 * `npm run eval -- --set evals/sets/test.jsonl --typos 1` runs one; to write one out as a set of its own:
 *
 *   npx tsx evals/stress.ts --kind typos --set evals/sets/dev.jsonl --out /tmp/dev-typos.jsonl [--seed 1]
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadCorpus } from "../corpus/load.ts";
import type { Chunk } from "../server/contract.ts";
import { chatterSet } from "./chatter.ts";
import { loadEvalSet, type EvalItem } from "./eval-set.ts";
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { kind: { type: "string" }, set: { type: "string" }, out: { type: "string" }, seed: { type: "string", default: String(STRESS_SEED) } } });
  const kind = STRESS_KINDS.find((k) => k === values.kind);
  if (!kind || !values.set || !values.out || !Number.isInteger(Number(values.seed))) {
    console.error(`usage: tsx evals/stress.ts --kind ${STRESS_KINDS.join("|")} --set evals/sets/dev.jsonl --out /tmp/dev-typos.jsonl [--seed ${STRESS_SEED}]`);
    process.exit(2);
  }
  const items = stressSet(kind, loadEvalSet(values.set), Number(values.seed), new Map(loadCorpus().chunks.map((c) => [c.id, c])));
  writeFileSync(values.out, items.map((item) => JSON.stringify(item)).join("\n") + "\n");
  console.log(`${items.length} questions → ${values.out}`);
}
