import { performance } from "node:perf_hooks";
const a = performance.now();
await import("/work/main/server/text.ts");
const b = performance.now();
await import("fastest-levenshtein");
const c = performance.now();
await import("/work/main/server/retrieval/spelling.ts");
const d = performance.now();
console.log(`text.ts ${(b-a).toFixed(1)} ms, fastest-levenshtein ${(c-b).toFixed(1)} ms, spelling.ts ${(d-c).toFixed(1)} ms`);
