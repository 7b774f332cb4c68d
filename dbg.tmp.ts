import { openEngine } from "./server/engine.ts";
const engine = await openEngine({ log: () => {} });
const qs = process.argv.slice(2);
for (const q of qs) {
  const r = await engine.retrieve(q, {});
  console.log(q, "\n  question:", r.question, "| corr:", JSON.stringify(r.corrections), "| ooc:", r.outOfCorpus.toFixed(2));
  console.log("  terms:", r.terms.map((t) => `${t.word}/${t.term}:${t.weight.toFixed(2)}${t.alternatives ? "+" + JSON.stringify(t.alternatives) : ""}`).join(" "));
  console.log("  hits:", r.hits.slice(0, 5).map((h) => h.id).join(" "));
  const a = await engine.answer(q, {});
  console.log("  =>", a.outcome, a.answer.slice(0, 200).replace(/\n/g, " | "));
}
