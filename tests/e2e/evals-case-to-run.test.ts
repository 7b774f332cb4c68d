/**
 * From chat to the next run, in Chromium (issue 12): a question answered in chat is added to the
 * eval set with "Add to eval set" (a gold citation and an expected fact), lands as a valid line in
 * the sets directory's user.jsonl, and "Run a set" on /evals then runs the "user" set and writes a
 * report that the finished run opens alone (there is no baseline for the "user" set), with the
 * question in it, correct and citing its gold clause.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEvalSet } from "../../evals/eval-set.ts";
import type { EvalReport } from "../../evals/runner.ts";
import { ADMIN_TOKEN as TOKEN, answersOn, ask, openBrowser, screenshot, seriousViolations, startServer, type Browser, type RunningServer } from "./support.ts";

const QUESTION = "How many days can Bulgarians stay in Vietnam without a visa?";
let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a case added from chat, then run from /evals", () => {
  let server: RunningServer;
  // The sets directory holds only the cases file, so the run panel offers the "user" set alone.
  const sets = mkdtempSync(join(tmpdir(), "cw-e2e-case-run-sets-"));
  const casesFile = join(sets, "user.jsonl");
  // No stored reports, so no user.json baseline: the run opens as a report alone.
  const reports = mkdtempSync(join(tmpdir(), "cw-e2e-case-run-reports-"));
  beforeAll(async () => {
    server = await startServer({
      CLAUSEWISE_ADMIN_TOKEN: TOKEN,
      CLAUSEWISE_EVAL_CASES_FILE: casesFile,
      CLAUSEWISE_EVAL_SETS_DIR: sets,
      CLAUSEWISE_EVAL_REPORTS_DIR: reports,
    });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  let caseId = "";

  it("saves the answered question, with a gold citation and a fact, as a valid line of user.jsonl", async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await ask(page, QUESTION);
    const answer = answersOn(page).last();
    await answer.getByRole("button", { name: "Add to eval set" }).click();
    const form = answer.getByRole("form", { name: "Add to eval set" });
    expect(await form.getByRole("checkbox", { name: "statement/24" }).isChecked()).toBe(true);
    await form.getByLabel(/^Expected facts/).fill("45-day");
    await form.getByLabel("Kind of question").selectOption("numeric");
    await form.getByLabel("Admin token").fill(TOKEN);
    await form.getByRole("button", { name: "Save case" }).click();
    await expect.poll(() => form.getByRole("status").textContent()).toMatch(/^Saved as user-[\d-]+-[0-9a-f]{8} in /);

    const lines = readFileSync(casesFile, "utf8").split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    // loadEvalSet checks every line against the eval item schema, as the runner does.
    const items = loadEvalSet(casesFile);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ question: QUESTION, answerable: true, citations: ["statement/24"], facts: ["45-day"], tags: ["numeric"], history: [] });
    caseId = items[0]!.id;
    expect(await form.getByRole("status").textContent()).toContain(caseId);
  });

  it("runs the user set from Run a set and shows the finished run alone, with the question correct", async () => {
    expect(caseId).not.toBe("");
    const { page } = browser;
    await page.goto(`${server.url}/evals`);
    const form = page.getByRole("form", { name: "Run a set" });
    const set = form.getByLabel("Set");
    await expect.poll(() => set.locator("option").allTextContents()).toEqual(["user (1 questions)"]);
    await set.selectOption("user");
    // Saving the case kept the admin token for this tab.
    expect(await form.getByLabel("Admin token").inputValue()).toBe(TOKEN);
    await form.getByRole("button", { name: "Run" }).click();

    // Without a user.json baseline the run opens as report B alone.
    await page.waitForURL(/\/evals\/compare\?b=user\.run-\d{8}-\d{6}$/, { timeout: 30_000 });
    const run = new URL(page.url()).searchParams.get("b")!;
    expect(readdirSync(reports).filter((f) => !f.startsWith(".")).sort()).toEqual([`${run}.json`, `${run}.md`]);
    const report = (await (await fetch(`${server.url}/api/evals/reports/${run}`)).json()) as EvalReport;
    expect(report.set).toBe("user");
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ id: caseId, question: QUESTION, correct: true });

    const b = page.getByRole("combobox", { name: "B", exact: true });
    await expect.poll(() => b.inputValue()).toBe(run);
    expect(await page.getByRole("combobox", { name: "A (baseline)" }).inputValue()).toBe("");
    await page.getByTestId("report-counts").waitFor();
    expect(await page.getByTestId("report-counts").textContent()).toBe("1 question · 1 correct · 0 wrong");
    expect(await page.getByText("No baseline chosen — pick one above to compare").isVisible()).toBe(true);

    const row = page.locator("li.compare-question").filter({ hasText: QUESTION });
    expect(await row.count()).toBe(1);
    expect(await row.locator(".failure-id").textContent()).toBe(caseId);
    expect(await row.locator(".change-label").textContent()).toBe("✓ correct");
    await row.locator("summary").click();
    const side = row.locator(".compare-side");
    expect(await side.locator(".compare-side-head").textContent()).toMatch(/^✓ correct · \w+ · cites statement\/24 · gold statement\/24$/);
    expect(await side.textContent()).toContain("45-day");
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, "41-case-to-run");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
