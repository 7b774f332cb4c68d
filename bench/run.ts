/**
 * `npm run bench`: runs the engine benchmarks (and bench/load.ts when it
 * exists), prints medians and percentiles against the targets, and writes
 * bench/results.json.
 *
 *   npm run bench                  full run (the scale run builds 100,000 chunks: a few minutes)
 *   npm run bench -- --quick       fewer runs and a 10,000-chunk scale run, for a sanity check
 *   npm run bench -- --skip-scale  everything but the scale run
 *   npm run bench -- --skip-load   everything but bench/load.ts
 */
import { existsSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchColdStart, benchLatency, benchScale, ROOT } from "./engine.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { quick: { type: "boolean" }, "skip-scale": { type: "boolean" }, "skip-load": { type: "boolean" } },
});
const quick = Boolean(values.quick);
/** Other work on the machine skews every number here; the 1-minute load average is saved beside them. */
const loadBefore = loadavg()[0]!;

interface Row {
  metric: string;
  target: string;
  measured: string;
  /** Undefined when the metric has no target. */
  met?: boolean;
}

const ms = (x: number) => `${x < 10 ? x.toFixed(2) : Math.round(x)} ms`;
const rows: Row[] = [];
const row = (metric: string, measured: string, target?: { text: string; met: boolean }) =>
  rows.push({ metric, measured, target: target?.text ?? "—", met: target?.met });
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

progress("cold start of ask …");
const coldStart = await benchColdStart({ runs: quick ? 3 : 10 });
row(`ask cold start, built index (median of ${coldStart.runs}, spawn→exit)`, ms(coldStart.askWallMs.p50), {
  text: "≤ 1000 ms",
  met: coldStart.askWallMs.p50 <= 1000,
});
row("  in-process: start → first answer (median)", ms(coldStart.firstAnswerMs.p50), {
  text: "≤ 1000 ms",
  met: coldStart.firstAnswerMs.p50 <= 1000,
});
const phases = coldStart.phasesMs;
row(
  "  of which node+tsx / imports / openEngine / answer",
  [phases.startup, phases.imports, phases.openEngine, phases.answer].map(ms).join(" / "),
);
row("ask first run, builds the index (median)", ms(coldStart.askWithIndexBuildMs.p50));
row(`ask peak RSS (median, ${coldStart.rssSource})`, `${Math.round(coldStart.peakRssMb.p50)} MB`, {
  text: "≤ 400 MB",
  met: coldStart.peakRssMb.max <= 400,
});

progress("in-process latency …");
const latency = await benchLatency({ rounds: quick ? 5 : 30 });
const perQuestion = `${latency.questions} questions × ${latency.rounds} rounds`;
row(`answer latency p50 (${perQuestion})`, ms(latency.answerMs.p50), { text: "≤ 5 ms", met: latency.answerMs.p50 <= 5 });
row("answer latency p95", ms(latency.answerMs.p95), { text: "≤ 20 ms", met: latency.answerMs.p95 <= 20 });
row("answer latency max", ms(latency.answerMs.max));
row("retrieve latency p50 / p95", `${ms(latency.retrieveMs.p50)} / ${ms(latency.retrieveMs.p95)}`);
row(`slowest question (median): "${latency.slowest.question.slice(0, 40)}…"`, ms(latency.slowest.medianMs));

/** Rows for bench/load.ts's result when it has the shape known at the time of writing; else a pointer to results.json. */
function loadRows(result: unknown, targets: unknown) {
  const r = result as { ask?: { requestsPerSec?: { median?: number }; latencyMs?: { p50?: number; p99?: number } } } | undefined;
  const t = (targets ?? {}) as { requestsPerSec?: number; p99Ms?: number };
  const rps = r?.ask?.requestsPerSec?.median;
  const p99 = r?.ask?.latencyMs?.p99;
  if (typeof rps !== "number" || typeof p99 !== "number") {
    row("bench/load.ts", "see results.json → load");
    return;
  }
  row("HTTP /api/ask requests/s (median, bench/load.ts)", String(Math.round(rps)), t.requestsPerSec
    ? { text: `≥ ${t.requestsPerSec}`, met: rps >= t.requestsPerSec }
    : undefined);
  row("HTTP /api/ask latency p50 / p99", `${ms(r?.ask?.latencyMs?.p50 ?? Number.NaN)} / ${ms(p99)}`, t.p99Ms
    ? { text: `p99 ≤ ${t.p99Ms} ms`, met: p99 <= t.p99Ms }
    : undefined);
}

let load: unknown;
const loadModule = join(ROOT, "bench", "load.ts");
if (!values["skip-load"] && existsSync(loadModule)) {
  progress("bench/load.ts …");
  const mod = (await import(loadModule)) as Record<string, unknown>;
  const run = [mod.default, ...Object.values(mod)].find((v): v is (options?: { quick?: boolean }) => unknown => typeof v === "function");
  if (run) {
    load = await run({ quick });
    loadRows(load, mod.LOAD_TARGETS);
  }
}


let scale: Awaited<ReturnType<typeof benchScale>> | undefined;
if (!values["skip-scale"]) {
  const chunks = quick ? 10_000 : 100_000;
  progress(`scale run on ${chunks.toLocaleString("en")} synthetic chunks (building takes a while) …`);
  scale = await benchScale({ chunks, queries: quick ? 100 : 300 });
  const size = scale.chunks.toLocaleString("en");
  row(
    `scale ${size}: build embed / hnsw / bm25`,
    `${ms(scale.buildMs.embed)} / ${ms(scale.buildMs.hnsw)} / ${ms(scale.buildMs.lexical)}`,
  );
  row(`scale ${size}: build total`, `${(scale.buildMs.total / 1000).toFixed(1)} s`);
  for (const [variant, d] of Object.entries(scale.queryMs)) {
    const primary = variant === "hybrid+refs";
    row(
      `scale ${size}: query p50 / p95, ${variant}${primary ? " (engine default)" : ""}`,
      `${ms(d.p50)} / ${ms(d.p95)}`,
      primary ? { text: "p95 ≤ 10 ms", met: d.p95 <= 10 } : undefined,
    );
  }
  row(
    `scale ${size}: BM25 p50 / p95, frequent terms scored where they matter / everywhere`,
    `${scale.lexicalExact.defaultMs.p50.toFixed(2)} / ${scale.lexicalExact.defaultMs.p95.toFixed(2)} ms vs ${scale.lexicalExact.fullMs.p50.toFixed(2)} / ${scale.lexicalExact.fullMs.p95.toFixed(2)} ms, top-10 overlap ${scale.lexicalExact.top10Overlap.toFixed(3)}`,
  );
  row(`scale ${size}: process RSS after build`, `${Math.round(scale.rssMb)} MB`);
}

const width = (key: keyof Row) => Math.max(key.length, ...rows.map((r) => String(r[key]).length));
const [wm, wt, wv] = [width("metric"), width("target"), width("measured")];
const line = (m: string, t: string, v: string, ok: string) => `${m.padEnd(wm)}  ${t.padEnd(wt)}  ${v.padEnd(wv)}  ${ok}`;
const out = [
  line("metric", "target", "measured", ""),
  line("-".repeat(wm), "-".repeat(wt), "-".repeat(wv), "--"),
  ...rows.map((r) => line(r.metric, r.target, r.measured, r.met === undefined ? "" : r.met ? "ok" : "MISSED")),
];
process.stdout.write(`${out.join("\n")}\n`);
const loadAfter = loadavg()[0]!;
if (Math.max(loadBefore, loadAfter) > cpus().length) {
  process.stdout.write(`\nnote: load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} CPUs: other work skewed these numbers\n`);
}

const results = {
  date: new Date().toISOString(),
  quick,
  machine: {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    loadAverage: { before: loadBefore, after: loadAfter },
  },
  coldStart,
  latency,
  ...(scale ? { scale } : {}),
  ...(load !== undefined ? { load } : {}),
  table: rows,
};
writeFileSync(join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
progress("wrote bench/results.json");
