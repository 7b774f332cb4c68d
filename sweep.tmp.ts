import { openEngine } from "./server/engine.ts";
import { EXTRACTIVE_PARAMS } from "./server/answer/extractive.ts";
import { loadEvalSet } from "./evals/eval-set.ts";
import { extractiveAnswerer, runEvalSet } from "./evals/runner.ts";
const engine = await openEngine({ log: () => {} });
engine.warm();
const items = loadEvalSet("evals/sets/dev.jsonl");
const grid = JSON.parse(process.argv[2] ?? "[{}]") as Array<Record<string, number>>;
const base = { ...EXTRACTIVE_PARAMS };
for (const g of grid) {
  Object.assign(EXTRACTIVE_PARAMS, base, g);
  const r = await runEvalSet(engine, items, { set: "dev", mode: "extractive", answerer: extractiveAnswerer(engine) });
  const m = r.summary;
  console.log(JSON.stringify(g), `fact=${m.factAccuracy} abst=${m.abstentionRecall} fa=${m.falseAbstentionRate} cp=${m.citationPrecision} p95=${m.latencyP95Ms}`);
}
