/**
 * The /evals workspace's compare view in Chromium: two fixture reports with a known regression
 * and a known improvement (and a question the second one dropped), read from
 * CLAUSEWISE_EVAL_REPORTS_DIR; deep links, the regressions filter, both answers of a question, one
 * report alone, the list on /evals, phone width and dark mode.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvalReport } from "../../evals/runner.ts";
import { ROOT } from "../support/engine.ts";
import { horizontalOverflow, openBrowser, publishScreenshot, screenshot, seriousViolations, startServer, type Browser, type RunningServer } from "./support.ts";

let server: RunningServer;
let browser: Browser;
let regressed: EvalReport["results"][number];
let improved: EvalReport["results"][number];
let removed: EvalReport["results"][number];
let after: EvalReport;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "clausewise-e2e-reports-"));
  const base = JSON.parse(readFileSync(join(ROOT, "evals/reports/test.json"), "utf8")) as EvalReport;
  const before = { ...structuredClone(base), generatedAt: "2026-12-01T09:00:00.000Z" };
  after = { ...structuredClone(base), generatedAt: "2026-12-02T09:00:00.000Z" };
  regressed = after.results.find((r) => r.correct && r.answerable)!;
  improved = after.results.find((r) => !r.correct)!;
  removed = after.results.pop()!;
  regressed.correct = false;
  regressed.answer = "The documents don't say. (a regression planted for this test)";
  regressed.cited = [];
  improved.correct = true;
  writeFileSync(join(dir, "before.json"), JSON.stringify(before));
  writeFileSync(join(dir, "after.json"), JSON.stringify(after));
  server = await startServer({ CLAUSEWISE_EVAL_REPORTS_DIR: dir });
  browser = await openBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Whether two elements' boxes do not overlap (a question's id and its text, say). */
async function apart(x: Locator, y: Locator): Promise<boolean> {
  const [a, b] = [(await x.boundingBox())!, (await y.boundingBox())!];
  return a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
}

describe("compare view", () => {
  it("opens from a deep link with the counts, the deltas and the regression first", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/evals/compare?a=before&b=after`);
    await page.getByTestId("compare-counts").waitFor();
    expect(await page.getByTestId("compare-counts").textContent()).toMatch(/1 regressed · 1 improved · \d+ unchanged/);
    const first = page.locator(".compare-question").first();
    expect(await first.getAttribute("class")).toContain("change-regressed");
    expect(await first.textContent()).toContain(regressed.id);
    await first.locator("summary").click();
    expect(await first.locator(".compare-side").nth(0).textContent()).toContain("✓ correct");
    expect(await first.locator(".compare-side").nth(1).textContent()).toContain("a regression planted for this test");
    await screenshot(page, "20-evals-compare-question");
    // A question only in A keeps its id clear of its text.
    const gone = page.locator(".compare-question.change-removed");
    expect(await gone.locator(".failure-id").textContent()).toBe(removed.id);
    expect(await apart(gone.locator(".failure-id"), gone.locator(".failure-question"))).toBe(true);
    // The README's picture: the choice of runs, the counts and the headline deltas.
    await page.evaluate(() => window.scrollTo(0, 0));
    publishScreenshot(await screenshot(page, "20-evals-compare"), "evals-compare.png");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("filters to regressions, and the URL keeps the filter", async () => {
    const { page } = browser;
    await page.getByRole("checkbox", { name: "Show only regressions" }).check();
    await expect.poll(() => page.url()).toContain("only=regressions");
    expect(await page.locator(".compare-question").count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Regressions" }).count()).toBe(1);
    await page.reload();
    await page.getByTestId("compare-counts").waitFor();
    expect(await page.locator(".compare-question").count()).toBe(1);
    expect(await page.locator(".compare-question").textContent()).not.toContain(improved.id);
  });

  it("changes a side from its picker, and says so in the URL", async () => {
    const { page } = browser;
    await page.getByLabel("B", { exact: true }).selectOption("before");
    await expect.poll(() => page.url()).toMatch(/a=before&b=before/);
    await expect.poll(() => page.getByTestId("compare-counts").textContent()).toMatch(/0 regressed · 0 improved/);
  });

  it("shows one report alone from ?b= without a baseline, with its question count", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/evals/compare?b=after`);
    await page.getByTestId("report-counts").waitFor();
    const correct = after.results.filter((r) => r.correct).length;
    expect(await page.getByTestId("report-counts").textContent()).toBe(`${after.results.length} questions · ${correct} correct · ${after.results.length - correct} wrong`);
    expect(await page.getByText("No baseline chosen — pick one above to compare").count()).toBe(1);
    expect(await page.getByRole("heading", { name: `Questions (${after.results.length})` }).count()).toBe(1);
    expect(await page.locator(".compare-question").count()).toBe(after.results.length);
    await page.getByRole("checkbox", { name: "Show only wrong answers" }).check();
    expect(await page.locator(".compare-question").count()).toBe(after.results.length - correct);
    await expect.poll(() => page.locator(".compare-question").filter({ hasText: regressed.id }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("is reached from the list of stored reports on /evals", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/evals`);
    await page.getByRole("heading", { name: "Stored reports (2)" }).waitFor();
    await page.getByRole("link", { name: "Compare two runs side by side →" }).click();
    await page.getByTestId("compare-counts").waitFor();
    expect(new URL(page.url()).pathname).toBe("/evals/compare");
  });

  it("holds at 390 px in dark mode", async () => {
    const phone = await openBrowser({ width: 390, height: 844, colorScheme: "dark" });
    try {
      await phone.page.goto(`${server.url}/evals/compare?a=before&b=after`);
      await phone.page.getByTestId("compare-counts").waitFor();
      await phone.page.locator(".compare-question summary").first().click();
      expect(await horizontalOverflow(phone.page)).toBe(0);
      await screenshot(phone.page, "21-evals-compare-phone-dark");
      expect(await seriousViolations(phone.page)).toEqual([]);
      const gone = phone.page.locator(".compare-question.change-removed");
      expect(await apart(gone.locator(".failure-id"), gone.locator(".failure-question"))).toBe(true);

      await phone.page.goto(`${server.url}/evals/compare?b=after`);
      await phone.page.getByTestId("report-counts").waitFor();
      await phone.page.locator(".compare-question summary").first().click();
      expect(await horizontalOverflow(phone.page)).toBe(0);
      await screenshot(phone.page, "21-evals-report-phone-dark");
      expect(await seriousViolations(phone.page)).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
