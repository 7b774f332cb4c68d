// @vitest-environment jsdom
/**
 * The compare page with one report chosen (?b=… alone, as a run of a set without a baseline opens):
 * the report by itself — headline, every question right or wrong with its answer collapsed, cited
 * ids beside the gold ones, and the "only wrong" filter. The reports come from the real app
 * (GET /api/evals/reports[/:name] through app.request) over a directory of fixtures cut from
 * the committed test report.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanup, screen, within } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { EvalReport } from "../../evals/runner.ts";
import type { DocumentTree } from "../../server/contract.ts";
import { createApp } from "../../server/http/app.ts";
import { ComparePage } from "../../web/src/evals/ComparePage.tsx";
import { formatMetric, HEADLINE, readReport } from "../../web/src/evals/report.ts";
import { ROOT, testEngine } from "../support/engine.ts";
import { realDocuments, renderWithDocuments } from "./support.tsx";

type Result = EvalReport["results"][number];

const base = JSON.parse(readFileSync(join(ROOT, "evals/reports/test.json"), "utf8")) as EvalReport;
/** One question of each kind of verdict, in this order. */
const picked: Result[] = [
  base.results.find((r) => r.answerable && r.correct)!,
  base.results.find((r) => r.answerable && !r.correct && !r.abstained)!,
  base.results.find((r) => r.answerable && !r.correct && r.abstained)!,
  base.results.find((r) => !r.answerable && r.correct)!,
  base.results.find((r) => !r.answerable && !r.correct && !r.abstained)!,
];
const report: EvalReport = { ...base, generatedAt: "2026-12-03T10:00:00.000Z", results: picked };

let docs: DocumentTree[];
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "clausewise-report-view-"));
  writeFileSync(join(dir, "user.run-20261203-100000.json"), JSON.stringify(report));
  writeFileSync(join(dir, "notes.json"), JSON.stringify({ results: "not a report" }));
  const app = createApp({ engine: await testEngine(), log: () => {}, evalReportsDir: dir });
  // The page's requests go to the real app; jsdom's AbortSignal is not the one Node's Request takes.
  vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => app.request(String(input), { ...init, signal: null }));
  docs = await realDocuments();
});
afterEach(cleanup);
afterAll(() => {
  vi.unstubAllGlobals();
});

const NAME = "user.run-20261203-100000";

/** The question list's items (an answer may hold lists of its own). */
function questionRows(): HTMLElement[] {
  const section = screen.getByRole("region", { name: /^(Questions|Wrong answers) \(\d+\)$/ });
  return [...section.querySelectorAll<HTMLElement>("ul.failures > li")];
}

async function renderAlone(props: { a?: string; b?: string; only?: "wrong" }) {
  renderWithDocuments(<ComparePage {...props} />, docs);
  await screen.findByTestId("report-counts");
}

describe("the compare page with one report", () => {
  it("shows the report alone: counts, the hint to pick a baseline and the headline as the compare view formats it", async () => {
    await renderAlone({ b: NAME });
    expect(screen.getByTestId("report-counts").textContent).toBe("5 questions · 2 correct · 3 wrong");
    expect(screen.getByText("No baseline chosen — pick one above to compare")).toBeTruthy();
    const region = screen.getByRole("region", { name: `Headline metrics, ${NAME}` });
    const rows = within(region).getAllByRole("row").slice(1);
    expect(rows.map((row) => [within(row).getByRole("rowheader").textContent, within(row).getByRole("cell").textContent])).toEqual(
      HEADLINE.map(({ key, label }) => [label, formatMetric(key, report.summary[key])]),
    );
    expect(screen.getByRole("heading", { level: 2, name: "Questions (5)" })).toBeTruthy();
  });

  it("lists every question with its verdict, its answer collapsed, and the cited ids beside the gold ones", async () => {
    await renderAlone({ b: NAME });
    const items = questionRows();
    expect(items.map((li) => li.querySelector(".failure-id")!.textContent)).toEqual(picked.map((r) => r.id));
    expect(items.map((li) => li.querySelector(".change-label")!.textContent)).toEqual([
      "✓ correct",
      "✗ wrong",
      "✗ abstained wrongly",
      "✓ abstained rightly",
      "✗ should have abstained",
    ]);
    for (const li of items) expect(li.querySelector("details")!.open).toBe(false);

    const [first] = items;
    await userEvent.click(first!.querySelector("summary")!);
    expect(first!.querySelector("details")!.open).toBe(true);
    const head = first!.querySelector(".compare-side-head")!.textContent;
    expect(head).toBe(`✓ correct · ${picked[0]!.outcome} · cites ${picked[0]!.cited.join(", ")} · gold ${picked[0]!.gold.join(", ")}`);
    // The answer's citation markers are chips, as in chat.
    expect(first!.querySelectorAll(".compare-side button.chip").length).toBeGreaterThan(0);
    expect(items[3]!.querySelector(".compare-side-head")!.textContent).toMatch(/ · gold none$/);
  });

  it("filters to the wrong answers, and the link keeps the filter", async () => {
    await renderAlone({ b: NAME });
    await userEvent.click(screen.getByRole("checkbox", { name: "Show only wrong answers" }));
    expect(new URLSearchParams(window.location.search).get("only")).toBe("wrong");
    cleanup();
    await renderAlone({ b: NAME, only: "wrong" });
    expect(screen.getByRole("checkbox", { name: "Show only wrong answers" })).toHaveProperty("checked", true);
    expect(screen.getByRole("heading", { level: 2, name: "Wrong answers (3)" })).toBeTruthy();
    const ids = questionRows().map((li) => li.querySelector(".failure-id")!.textContent);
    expect(ids).toEqual(picked.filter((r) => !r.correct).map((r) => r.id));
  });

  it("shows report A alone too, asking for the run to judge", async () => {
    await renderAlone({ a: NAME });
    expect(screen.getByText("No run to judge chosen — pick B above to compare")).toBeTruthy();
    expect(screen.queryByTestId("compare-counts")).toBeNull();
  });

  it("says what went wrong when the report is not there", async () => {
    renderWithDocuments(<ComparePage b="notes" />, docs);
    await screen.findByRole("alert");
    expect(screen.queryByTestId("report-counts")).toBeNull();
  });
});

describe("readReport's results", () => {
  it("reads every question of the committed report", () => {
    const view = readReport(base)!;
    expect(view.results).toHaveLength(base.results.length);
    expect(view.results[0]).toEqual({
      id: base.results[0]!.id,
      question: base.results[0]!.question,
      tags: base.results[0]!.tags,
      answerable: base.results[0]!.answerable,
      correct: base.results[0]!.correct,
      abstained: base.results[0]!.abstained,
      outcome: base.results[0]!.outcome,
      answer: base.results[0]!.answer,
      cited: base.results[0]!.cited,
      gold: base.results[0]!.gold,
      missingFacts: base.results[0]!.missingFacts,
    });
  });

  it("keeps the well-formed questions of a partial report", () => {
    const view = readReport({ results: [{ question: "Q?", cited: ["a", 3], correct: "yes" }, "nope"] })!;
    expect(view.results).toEqual([
      { id: "", question: "Q?", tags: [], answerable: true, correct: false, abstained: false, outcome: "?", answer: "", cited: ["a"], gold: [], missingFacts: [] },
    ]);
  });
});
