import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadCorpus } from "/work/main/corpus/load.ts";
import { corpusVocabulary } from "/work/main/server/retrieval/spelling.ts";
import { SpellingCorrector as First } from "/work/main/.probe-sp/alt-first.ts";
import { SpellingCorrector as Le } from "/work/main/.probe-sp/alt-le.ts";
import { isStopword, termOf } from "/work/main/server/text.ts";
const require = createRequire("/work/main/package.json");
const nspell = require("nspell");
const dir = "/work/main/node_modules/dictionary-en/";
const spell = nspell({ aff: readFileSync(dir + "index.aff"), dic: readFileSync(dir + "index.dic") });
const corpus = loadCorpus();
const headings = new Set(corpus.chunks.flatMap((c) => [c.section?.title ?? "", c.subsection ?? ""]));
const vocab = corpusVocabulary([...corpus.chunks.map((c) => c.text), ...headings]);
const corpusSet = new Set(vocab);
let seed = 42; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const letters = "abcdefghijklmnopqrstuvwxyz";
function edit(w: string): string {
  const k = Math.floor(rnd() * 4), i = Math.floor(rnd() * w.length), c = letters[Math.floor(rnd() * 26)]!;
  if (k === 0) return w.slice(0, i) + w.slice(i + 1);
  if (k === 1) return w.slice(0, i) + c + w.slice(i);
  if (k === 2) return w.slice(0, i) + c + w.slice(i + 1);
  if (i + 1 >= w.length) return w;
  return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
}
const isEng = (w: string) => spell.correct(w) || spell.correct(w[0]!.toUpperCase() + w.slice(1));
const targets = [...corpusSet].filter((w) => w.length >= 4 && !isStopword(w));
const dictWords = readFileSync(dir + "index.dic", "utf8").split("\n").slice(1).map((l) => l.split("/")[0]!).filter((w) => /^[a-z]{4,}$/.test(w) && !corpusSet.has(w) && !isStopword(w));
function makeTypos(pool: string[], edits: number, n: number, minLen: number) {
  const out: Array<[string, string]> = [];
  let guard = 0;
  while (out.length < n && guard++ < n * 50) {
    const w = pool[Math.floor(rnd() * pool.length)]!;
    if (w.length < minLen) continue;
    let t = w; for (let e = 0; e < edits; e++) t = edit(t);
    if (t === w || t.length < 4 || corpusSet.has(t) || isEng(t)) continue;
    out.push([w, t]);
  }
  return out;
}
const sets = {
  "corpus 1-edit": makeTypos(targets, 1, 3000, 4),
  "corpus 2-edit (6+)": makeTypos(targets, 2, 2000, 6),
  "corpus 3-edit (10+)": makeTypos(targets, 3, 1000, 10),
  "english 1-edit": makeTypos(dictWords, 1, 3000, 4),
  "english 2-edit (6+)": makeTypos(dictWords, 2, 2000, 6),
  "english 3-edit (10+)": makeTypos(dictWords, 3, 1000, 10),
};
for (const [name, Ctor] of [["first-letter before frequency", First], ["confirm <=", Le]] as const) {
  const sc = new Ctor(vocab);
  const row: string[] = [];
  const t0 = performance.now();
  for (const [setName, typos] of Object.entries(sets)) {
    let right = 0, wrong = 0, kept = 0;
    for (const [w, t] of typos) {
      const c = sc.correct(t);
      if (c === undefined) kept++;
      else if (setName.startsWith("english")) wrong++;
      else if (c === w || termOf(c) === termOf(w)) right++;
      else wrong++;
    }
    const n = typos.length;
    row.push(`${setName}: right ${(100*right/n).toFixed(1)}% wrong ${(100*wrong/n).toFixed(1)}% kept ${(100*kept/n).toFixed(1)}% (n=${n})`);
  }
  console.log(`== ${name} (${(performance.now()-t0).toFixed(0)} ms)\n  ` + row.join("\n  "));
}
