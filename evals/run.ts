/**
 * `npm run eval -- [--set evals/sets/test.jsonl] [--mode extractive|llm] [--json] [--out DIR] [--ablate] [--judge] [--typos|--chatter|--history SEED]`
 *
 * Runs an eval set in-process and writes `<out>/<set>.json` and `<out>/<set>.md`
 * (`<set>.llm.*` in LLM mode, so the offline baseline is never overwritten).
 * `--typos SEED` runs the set's typo stress copy instead (evals/typos.ts) and writes `<set>-typos.*`;
 * `--chatter SEED` its chatter stress copy (evals/chatter.ts), `<set>-chatter.*`; `--history SEED` its copy asked after
 * an unrelated exchange (evals/history.ts), `<set>-history.*`.
 * `--ablate` runs every retrieval variant instead and writes `<out>/ablation.{md,json}`.
 * `--json` prints only the summary JSON on stdout; progress goes to stderr.
 * `--compare A.json B.json` compares two reports instead (evals/compare.ts) and runs nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openEngine } from "../server/engine.ts";
import { isClausewiseError } from "../server/errors.ts";
import { compareReports, renderComparison } from "./compare.ts";
import { EvalSetError, loadEvalSet } from "./eval-set.ts";
import { createJudge } from "./judge.ts";
import { STRESS_KINDS, stressSet } from "./stress.ts";
import { loadCorpus } from "../corpus/load.ts";
import { ablationTable, renderAblation, renderReport, summaryTable, tagTable } from "./report.ts";
import { extractiveAnswerer, llmAnswerer, runEvalSet, setName, VARIANTS, type EvalMode, type EvalReport } from "./runner.ts";

const USAGE =
  "usage: npm run eval -- [--set FILE.jsonl] [--mode extractive|llm] [--json] [--out DIR] [--ablate] [--judge] [--typos|--chatter|--history SEED]\n" +
  "       npm run eval -- --compare A.json B.json [--regressions] [--json]\n" +
  "  --set     eval set to run (default evals/sets/test.jsonl)\n" +
  "  --mode    extractive (offline, default) or llm (needs OPENAI_BASE_URL / OPENAI_API_KEY)\n" +
  "  --json    print only the summary JSON on stdout\n" +
  "  --out     directory for the reports (default evals/reports)\n" +
  "  --ablate  run bm25, dense, hybrid and hybrid+refs side by side\n" +
  "  --judge   with an LLM configured: also grade each answer's faithfulness to its cited chunks (LLM-as-judge)\n" +
  "  --typos   run the set with the slips of fast typing drawn from this seed (evals/typos.ts); reports <set>-typos.*\n" +
  "  --chatter run the set with each question written inside a chat message (evals/chatter.ts); reports <set>-chatter.*\n" +
  "  --history run the set with each standalone question asked after an unrelated exchange (evals/history.ts)\n" +
  "  --compare two reports (A the baseline, B the new run): metric and per-kind deltas, and each question improved,\n" +
  "            regressed or unchanged with both answers; --regressions shows only the regressions; --json the whole comparison\n";

class UsageError extends Error {}

/** Writes to stdout and waits until it is flushed: process.exit would cut a long output to a pipe short. */
function print(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

/** A report written by this runner, or a UsageError saying what is wrong with the file. */
function readReport(path: string): EvalReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read report ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : "not JSON"}`);
  }
  const report = parsed as Partial<EvalReport>;
  if (!report || !Array.isArray(report.results) || typeof report.summary !== "object" || typeof report.set !== "string") {
    throw new UsageError(`${path} is not an eval report (npm run eval writes them into evals/reports/)`);
  }
  return report as EvalReport;
}

function summaryOf(report: EvalReport) {
  const { set, mode, variant, embedder, model, endpoint, fallbacks, judge, summary, byTag } = report;
  return { set, mode, variant, embedder, model, endpoint, fallbacks, judge, summary, byTag };
}

function writeReport(out: string, name: string, report: EvalReport): void {
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, `${name}.md`), renderReport(report));
}

async function main(argv: string[]): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        set: { type: "string", default: "evals/sets/test.jsonl" },
        mode: { type: "string", default: "extractive" },
        json: { type: "boolean", default: false },
        out: { type: "string", default: "evals/reports" },
        ablate: { type: "boolean", default: false },
        judge: { type: "boolean", default: false },
        typos: { type: "string" },
        chatter: { type: "string" },
        history: { type: "string" },
        compare: { type: "boolean", default: false },
        regressions: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.compare) {
    if (positionals.length !== 2) throw new UsageError("--compare takes two report files: the baseline A and the new run B");
    const [a, b] = positionals.map(readReport) as [EvalReport, EvalReport];
    const comparison = compareReports(a, b);
    await print(values.json ? `${JSON.stringify(comparison, null, 2)}\n` : renderComparison(comparison, { regressionsOnly: values.regressions }));
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const mode = values.mode as EvalMode;
  if (mode !== "extractive" && mode !== "llm") throw new UsageError(`--mode must be extractive or llm, not "${values.mode}"`);
  if (values.ablate && mode === "llm") throw new UsageError("--ablate compares retrieval variants of the offline engine; drop --mode llm");

  const stressKinds = STRESS_KINDS.filter((kind) => values[kind] !== undefined);
  if (stressKinds.length > 1) throw new UsageError(`--${stressKinds.join(", --")} are separate stress sets: give one`);
  const stress = stressKinds[0];
  const seed = stress === undefined ? 0 : Number(values[stress]);
  if (stress && !Number.isInteger(seed)) throw new UsageError(`--${stress} takes an integer seed, not "${values[stress]}"`);
  const loaded = loadEvalSet(values.set);
  const items = stress ? stressSet(stress, loaded, seed, new Map(loadCorpus().chunks.map((c) => [c.id, c]))) : loaded;
  const set = stress ? `${setName(values.set)}-${stress}` : setName(values.set);
  const log = (line: string) => process.stderr.write(`eval: ${line}\n`);
  const engine = await openEngine({ log: (line) => process.stderr.write(`clausewise: ${line}\n`) });
  // As the server does before it listens: latency is measured on a warm engine.
  await engine.warm();
  mkdirSync(values.out, { recursive: true });

  if (values.ablate) {
    const reports: EvalReport[] = [];
    for (const variant of VARIANTS) {
      log(`${set}: ${items.length} questions, retrieval ${variant}`);
      reports.push(await runEvalSet(engine, items, { set, mode, variant, answerer: extractiveAnswerer(engine, variant) }));
    }
    writeFileSync(join(values.out, "ablation.md"), renderAblation(reports));
    writeFileSync(join(values.out, "ablation.json"), `${JSON.stringify(reports.map(summaryOf), null, 2)}\n`);
    await print(values.json ? `${JSON.stringify(reports.map(summaryOf), null, 2)}\n` : `${ablationTable(reports)}\n`);
    return 0;
  }

  const answerer = mode === "llm" ? await llmAnswerer(engine) : extractiveAnswerer(engine);
  if (values.judge && !engine.config.llm) throw new UsageError("--judge needs an LLM: set OPENAI_BASE_URL or OPENAI_API_KEY");
  const judge = values.judge && engine.config.llm ? await createJudge(engine.config.llm) : undefined;
  log(`${set}: ${items.length} questions, mode ${mode}${judge ? ", with LLM judge" : ""}`);
  const report = await runEvalSet(engine, items, { set, mode, answerer, judge });
  const name = mode === "llm" ? `${set}.llm` : set;
  writeReport(values.out, name, report);
  if (values.json) {
    await print(`${JSON.stringify(summaryOf(report), null, 2)}\n`);
  } else {
    await print(
      `${summaryTable(report)}\n\n${tagTable(report.byTag)}\n\n` +
        `${report.failures.length} failures; reports: ${join(values.out, `${name}.md`)}, ${join(values.out, `${name}.json`)}\n`,
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`eval: ${error.message}\n${USAGE}`);
      process.exit(2);
    }
    const known = error instanceof EvalSetError || isClausewiseError(error);
    process.stderr.write(`eval: ${known ? (error as Error).message : `unexpected error: ${(error as Error)?.stack ?? error}`}\n`);
    process.exit(1);
  },
);
