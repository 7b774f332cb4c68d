/**
 * `npm run calibrate [-- --set evals/sets/dev.jsonl]`
 *
 * Fits the thresholds of the offline answerer's answer / related / none
 * decision on the dev set, by coordinate descent over a small grid: each pass
 * tries every value of one threshold with the others held, and keeps the
 * best. The objective is what users are owed: questions answered right and
 * questions declined right count equally, and every false abstention past the
 * 0.08 target costs double. It prints the chosen values and the dev metrics;
 * copy them into EXTRACTIVE_PARAMS (server/answer/extractive.ts), then report
 * test — test is never used here.
 */
import { parseArgs } from "node:util";
import { EXTRACTIVE_PARAMS } from "../server/answer/extractive.ts";
import { loadConfig } from "../server/config.ts";
import { openEngine } from "../server/engine.ts";
import { loadEvalSet } from "./eval-set.ts";
import type { Metrics } from "./metrics.ts";
import { extractiveAnswerer, runEvalSet } from "./runner.ts";

/** The decision's thresholds and the values tried for each. */
export const GRID = {
  abstainBelow: [0.35, 0.4, 0.45, 0.5, 0.55],
  abstainBelowAgreed: [0.35, 0.4, 0.45, 0.5],
  relatedFloor: [0.2, 0.25, 0.3, 0.35],
  outOfCorpusNone: [0.5, 0.6, 0.7, 0.8],
  keyShare: [0.6, 0.75, 0.9],
  keyCredit: [0.5, 0.67, 0.85],
  keyCreditAgreed: [0.01, 0.15, 0.3, 0.5],
  keyKnownWords: [0, 1],
  premiseSupport: [0.6, 0.7, 0.8],
  companionTopicCredit: [0.5, 0.6, 0.7, 0.85],
  locateShare: [0.5, 0.6, 0.75],
  keyWaiveSupport: [0.55, 0.6, 0.65, 0.7, 0.75, 1.01],
} satisfies Partial<Record<keyof typeof EXTRACTIVE_PARAMS, number[]>>;

const FALSE_ABSTENTION_TARGET = 0.08;

export function objective(m: Metrics): number {
  const answered = m.factAccuracy ?? 0;
  const declined = m.abstentionRecall ?? 0;
  const overAbstaining = Math.max(0, (m.falseAbstentionRate ?? 0) - FALSE_ABSTENTION_TARGET);
  return (answered + declined) / 2 - 2 * overAbstaining;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { set: { type: "string", default: "evals/sets/dev.jsonl" }, passes: { type: "string", default: "2" } } });
  if (/(test|holdout\d*)\.jsonl$/.test(values.set)) throw new Error("calibrate on dev: the test and held-out sets are for reporting only");
  // No answer cache: every evaluation must answer afresh with the thresholds being tried.
  const engine = await openEngine({ config: loadConfig({ ...process.env, CLAUSEWISE_ANSWER_CACHE: "0" }), log: () => {} });
  const items = loadEvalSet(values.set);
  const evaluate = async () =>
    (await runEvalSet(engine, items, { set: "calibrate", mode: "extractive", answerer: extractiveAnswerer(engine) })).summary;
  let best = objective(await evaluate());
  process.stderr.write(`start: ${best.toFixed(4)}\n`);
  for (let pass = 0; pass < Number(values.passes); pass++) {
    for (const [key, options] of Object.entries(GRID) as Array<[keyof typeof GRID, number[]]>) {
      const kept = EXTRACTIVE_PARAMS[key];
      let chosen = kept;
      for (const value of options) {
        EXTRACTIVE_PARAMS[key] = value;
        const score = objective(await evaluate());
        if (score > best + 1e-9) {
          best = score;
          chosen = value;
        }
      }
      EXTRACTIVE_PARAMS[key] = chosen;
      process.stderr.write(`pass ${pass + 1}: ${key} = ${chosen} (${best.toFixed(4)})\n`);
    }
  }
  const m = await evaluate();
  const chosen = Object.fromEntries(Object.keys(GRID).map((k) => [k, EXTRACTIVE_PARAMS[k as keyof typeof GRID]]));
  process.stdout.write(`${JSON.stringify({ chosen, objective: best, factAccuracy: m.factAccuracy, abstentionRecall: m.abstentionRecall, falseAbstentionRate: m.falseAbstentionRate, citationPrecision: m.citationPrecision }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`calibrate: ${(error as Error).message}\n`);
  process.exit(1);
});
