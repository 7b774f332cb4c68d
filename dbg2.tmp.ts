import { openEngine } from "./server/engine.ts";
const engine = await openEngine({ log: () => {} });
const [prev, q] = process.argv.slice(2);
const history = [{ role: "user" as const, content: prev! }, { role: "assistant" as const, content: "x [statement/2]" }];
const r = await engine.retrieve(q!, { history });
console.log(r.turn, "|", r.question, "| terms:", r.terms.map((t) => `${t.word}:${t.weight.toFixed(1)}${t.carried ? "c" : ""}`).join(" "), "| hits:", r.hits.slice(0, 4).map((h) => h.id).join(" "));
const a = await engine.answer(q!, { history });
console.log("  =>", a.outcome, a.answer.slice(0, 200).replace(/\n/g, " | "));
