/**
 * "Run a set" on /evals in Chromium, against the real server (its default workers, so progress
 * and cancel cross worker processes): progress as it streams, cancel (no report written), a run
 * to completion that opens in the compare view against the set's baseline, phone width in dark
 * mode; without CLAUSEWISE_ADMIN_TOKEN the controls are off and say why.
 */
import { copyFileSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/engine.ts";
import { ADMIN_TOKEN as TOKEN, horizontalOverflow, openBrowser, screenshot, seriousViolations, startServer, type Browser, type RunningServer } from "./support.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The stored reports that are not the run's own dot files. */
function reportsIn(dir: string): string[] {
  return readdirSync(dir).filter((f) => !f.startsWith(".")).sort();
}

describe("with CLAUSEWISE_ADMIN_TOKEN", () => {
  let server: RunningServer;
  const reports = mkdtempSync(join(tmpdir(), "cw-e2e-run-reports-"));
  beforeAll(async () => {
    for (const name of ["test.json", "holdout4.json"]) copyFileSync(join(ROOT, "evals/reports", name), join(reports, name));
    // 30 ms before each question: test (293 questions) takes about 9 s, long enough to watch and cancel.
    server = await startServer({ CLAUSEWISE_ADMIN_TOKEN: TOKEN, CLAUSEWISE_EVAL_REPORTS_DIR: reports, CLAUSEWISE_EVAL_RUN_PAUSE_MS: "30" });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("shows a run's progress and metrics as it goes, and cancels it without writing a report", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/evals`);
    const form = page.getByRole("form", { name: "Run a set" });
    await form.getByLabel("Set").selectOption("test");
    await form.getByLabel("Admin token").fill(TOKEN);
    await form.getByRole("button", { name: "Run" }).click();

    const bar = page.getByRole("progressbar");
    await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 20_000 }).toBeGreaterThan(20);
    expect(await bar.getAttribute("aria-valuemax")).toBe("293");
    expect(await page.getByRole("status").filter({ hasText: "Running test" }).count()).toBe(1);
    expect(await page.getByRole("definition").first().textContent()).toMatch(/^\d+\.\d%$/);
    expect(await form.getByRole("button", { name: "Run" }).isDisabled()).toBe(true);
    await page.locator(".run-set").scrollIntoViewIfNeeded();
    await screenshot(page, "24-run-set-progress");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Cancel run" }).click();
    const status = page.getByRole("status").filter({ hasText: "Stopped after" });
    await status.waitFor();
    expect(await status.textContent()).toMatch(/^Cancelled\. Stopped after \d+ of 293 questions; no report was written\.$/);
    expect(Number(await bar.getAttribute("aria-valuenow"))).toBeLessThan(293);
    expect(await page.getByRole("button", { name: "Cancel run" }).count()).toBe(0);
    await screenshot(page, "25-run-set-cancelled");
    expect(reportsIn(reports)).toEqual(["holdout4.json", "test.json"]);
  });

  it("opens a finished run in the compare view against its set's baseline, and lists its report", async () => {
    const { page } = browser;
    const form = page.getByRole("form", { name: "Run a set" });
    await form.getByLabel("Set").selectOption("holdout4");
    await form.getByRole("button", { name: "Run" }).click();
    await page.waitForURL(/\/evals\/compare\?a=holdout4&b=holdout4\.run-\d{8}-\d{6}$/, { timeout: 30_000 });
    await page.getByTestId("compare-counts").waitFor();
    expect(await page.getByTestId("compare-counts").textContent()).toMatch(/^\d+ regressed · \d+ improved · \d+ unchanged/);
    await screenshot(page, "26-run-set-compare");
    expect(await seriousViolations(page)).toEqual([]);

    const name = new URL(page.url()).searchParams.get("b")!;
    expect(reportsIn(reports)).toEqual(["holdout4.json", `${name}.json`, `${name}.md`, "test.json"]);
    await page.goto(`${server.url}/evals`);
    await page.getByRole("rowheader", { name }).waitFor();
  });

  it("holds at 390 px in dark mode", async () => {
    const phone = await openBrowser({ width: 390, height: 844, colorScheme: "dark" });
    try {
      await phone.page.goto(`${server.url}/evals`);
      const form = phone.page.getByRole("form", { name: "Run a set" });
      await form.getByLabel("Set").selectOption("test");
      await form.getByLabel("Admin token").fill(TOKEN);
      await form.getByRole("button", { name: "Run" }).click();
      const bar = phone.page.getByRole("progressbar");
      await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 20_000 }).toBeGreaterThan(0);
      await phone.page.locator(".run-set").scrollIntoViewIfNeeded();
      expect(await horizontalOverflow(phone.page)).toBe(0);
      await screenshot(phone.page, "27-run-set-phone-dark");
      expect(await seriousViolations(phone.page)).toEqual([]);
      await phone.page.getByRole("button", { name: "Cancel run" }).click();
      await phone.page.getByRole("status").filter({ hasText: "Stopped after" }).waitFor();
    } finally {
      await phone.close();
    }
  });
});

describe("without CLAUSEWISE_ADMIN_TOKEN", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ CLAUSEWISE_EVAL_REPORTS_DIR: mkdtempSync(join(tmpdir(), "cw-e2e-run-reports-")) });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("turns the controls off and says why", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/evals`);
    const note = page.locator(".run-set").getByRole("note");
    await note.waitFor();
    expect(await note.textContent()).toContain("CLAUSEWISE_ADMIN_TOKEN");
    const form = page.getByRole("form", { name: "Run a set" });
    expect(await form.getByRole("button", { name: "Run" }).isDisabled()).toBe(true);
    expect(await form.getByLabel("Admin token").isDisabled()).toBe(true);
    await page.locator(".run-set").scrollIntoViewIfNeeded();
    await screenshot(page, "28-run-set-disabled");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
