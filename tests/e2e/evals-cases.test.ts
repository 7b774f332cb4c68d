/**
 * "Add to eval set" from chat, in Chromium: the case prefilled from the answer, edited, saved with
 * the admin token into CLAUSEWISE_EVAL_CASES_FILE, and run by the eval runner; without a token
 * configured the form says why saving is off.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEvalSet } from "../../evals/eval-set.ts";
import { testEngine } from "../support/engine.ts";
import { extractiveAnswerer, runEvalSet } from "../../evals/runner.ts";
import { ADMIN_TOKEN as TOKEN, ask, openBrowser, screenshot, seriousViolations, startServer, answersOn, type Browser, type RunningServer } from "./support.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("with CLAUSEWISE_ADMIN_TOKEN", () => {
  let server: RunningServer;
  const file = join(mkdtempSync(join(tmpdir(), "cw-e2e-cases-")), "user.jsonl");
  beforeAll(async () => {
    server = await startServer({ CLAUSEWISE_ADMIN_TOKEN: TOKEN, CLAUSEWISE_EVAL_CASES_FILE: file });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("saves the answered question as a case the runner then loads and runs", async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await ask(page, "How many days can Bulgarians stay in Vietnam without a visa?");
    const answer = answersOn(page).last();
    await answer.getByRole("button", { name: "Add to eval set" }).click();
    const form = answer.getByRole("form", { name: "Add to eval set" });
    expect(await form.getByLabel("Question", { exact: true }).inputValue()).toBe("How many days can Bulgarians stay in Vietnam without a visa?");
    expect(await form.getByRole("checkbox", { name: "statement/24" }).isChecked()).toBe(true);
    await form.getByLabel(/^Expected facts/).fill("45-day");
    await form.getByLabel("Kind of question").selectOption("numeric");
    await form.getByLabel("Admin token").fill(TOKEN);
    await screenshot(page, "23-add-to-eval-set");
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole("button", { name: "Save case" }).click();
    await expect.poll(() => form.getByRole("status").textContent()).toMatch(/^Saved as user-[\d-]+-[0-9a-f]{8} in /);

    const items = loadEvalSet(file);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ answerable: true, citations: ["statement/24"], facts: ["45-day"], tags: ["numeric"] });
    // And the next run takes it like any other case.
    const engine = await testEngine();
    const report = await runEvalSet(engine, items, { set: "user", mode: "extractive", answerer: extractiveAnswerer(engine) });
    expect(report.results[0]).toMatchObject({ correct: true });
  });

  it("says so when the token is wrong, and saves nothing", async () => {
    const { page } = browser;
    const answer = answersOn(page).last();
    const form = answer.getByRole("form", { name: "Add to eval set" });
    await form.getByLabel("Admin token").fill("not-the-token-at-all-x");
    await form.getByRole("button", { name: "Save case" }).click();
    await expect.poll(() => form.getByRole("status").textContent()).toMatch(/admin token/i);
    expect(loadEvalSet(file)).toHaveLength(1);
  });
});

describe("without CLAUSEWISE_ADMIN_TOKEN", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ CLAUSEWISE_EVAL_CASES_FILE: join(mkdtempSync(join(tmpdir(), "cw-e2e-cases-")), "user.jsonl") });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("shows why saving is off and disables it", async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await ask(page, "What does clause 24 say?");
    const answer = answersOn(page).last();
    await answer.getByRole("button", { name: "Add to eval set" }).click();
    const form = answer.getByRole("form", { name: "Add to eval set" });
    await form.getByRole("note").waitFor();
    expect(await form.getByRole("note").textContent()).toContain("CLAUSEWISE_ADMIN_TOKEN");
    expect(await form.getByRole("button", { name: "Save case" }).isDisabled()).toBe(true);
  });
});
