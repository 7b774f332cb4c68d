/**
 * `npm run eval -- --compare A.json B.json`: two reports side by side, with
 * a known regression and a known improvement between two fixture reports
 * made from the committed test report.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareReports, renderComparison } from "../evals/compare.ts";
import type { EvalReport } from "../evals/runner.ts";
import { ROOT } from "./support/engine.ts";
import { runEvalCli } from "./support/eval-cli.ts";

const base = JSON.parse(readFileSync(join(ROOT, "evals/reports/test.json"), "utf8")) as EvalReport;

/** B: the first correct answer now wrong, the first wrong one now right, one question dropped and one new. */
function fixtures(): { a: EvalReport; b: EvalReport; regressed: string; improved: string } {
  const a = structuredClone(base);
  const b = structuredClone(base);
  const regressed = b.results.find((r) => r.correct)!;
  const improved = b.results.find((r) => !r.correct)!;
  regressed.correct = false;
  regressed.answer = "The documents don't say.";
  regressed.cited = [];
  improved.correct = true;
  b.results = b.results.filter((r) => r.id !== b.results.at(-1)!.id);
  b.results.push({ ...structuredClone(b.results[0]!), id: "new-1", question: "A question only B has" });
  b.summary = { ...b.summary, factAccuracy: (b.summary.factAccuracy ?? 0) - 0.01, falseAbstentionRate: (b.summary.falseAbstentionRate ?? 0) + 0.004 };
  return { a, b, regressed: regressed.id, improved: improved.id };
}

describe("compareReports", () => {
  it("sorts regressions first and counts every question once", () => {
    const { a, b, regressed, improved } = fixtures();
    const c = compareReports(a, b);
    expect(c.questions[0]).toMatchObject({ id: regressed, change: "regressed", a: { correct: true }, b: { correct: false, cited: [] } });
    expect(c.questions.find((q) => q.id === improved)?.change).toBe("improved");
    expect(c.counts).toEqual({ regressed: 1, improved: 1, added: 1, removed: 1, unchanged: a.results.length - 3 });
    expect(c.questions.length).toBe(a.results.length + 1);
  });

  it("gives headline deltas with their direction: false abstentions up is worse", () => {
    const { a, b } = fixtures();
    const c = compareReports(a, b);
    expect(c.headline.find((d) => d.metric === "factAccuracy")!.delta).toBeCloseTo(-0.01, 6);
    const md = renderComparison(c);
    expect(md).toMatch(/\| factAccuracy \| [\d.]+ \| [\d.]+ \| −0\.010 ▼ \|/);
    expect(md).toMatch(/\| falseAbstentionRate \| [\d.]+ \| [\d.]+ \| \+0\.004 ▼ \|/);
    expect(md).toContain("1 regressed, 1 improved");
  });

  it("can show only the regressions, with both answers", () => {
    const { a, b, regressed, improved } = fixtures();
    const md = renderComparison(compareReports(a, b), { regressionsOnly: true });
    expect(md).toContain(`### regressed: ${regressed}`);
    expect(md).not.toContain(`: ${improved} ·`);
    expect(md).toMatch(/- \*\*A\*\* ✓ .*\n- \*\*B\*\* ✗ .*The documents don't say\./);
  });
});

describe("npm run eval -- --compare", () => {
  const run = runEvalCli;

  it("prints the comparison, or the whole of it as JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clausewise-compare-"));
    const { a, b } = fixtures();
    writeFileSync(join(dir, "a.json"), JSON.stringify(a));
    writeFileSync(join(dir, "b.json"), JSON.stringify(b));
    const md = await run("--compare", join(dir, "a.json"), join(dir, "b.json"));
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Eval comparison: A test/);
    const json = await run("--compare", join(dir, "a.json"), join(dir, "b.json"), "--json");
    expect(JSON.parse(json.stdout).counts).toMatchObject({ regressed: 1, improved: 1 });
  }, 60_000);

  it("says what is wrong with a file that is not a report, and exits 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clausewise-compare-"));
    writeFileSync(join(dir, "set.json"), JSON.stringify({ id: "q1" }));
    const notReport = await run("--compare", join(dir, "set.json"), join(ROOT, "evals/reports/test.json"));
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toMatch(/set\.json is not an eval report/);
    const missing = await run("--compare", join(dir, "nope.json"), join(ROOT, "evals/reports/test.json"));
    expect(missing.stderr).toMatch(/cannot read report .*nope\.json: no such file/);
    const one = await run("--compare", join(ROOT, "evals/reports/test.json"));
    expect(one.stderr).toMatch(/--compare takes two report files/);
  }, 60_000);
});
