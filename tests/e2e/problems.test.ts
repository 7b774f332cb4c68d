/**
 * What the page says when things go wrong, against real servers: the rate
 * limit (429 with its wait), an LLM that cannot be reached (the offline
 * answer with a notice), and a server that is gone.
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser, screenshot, startServer, type Browser, type RunningServer } from "./support.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function send(question: string): Promise<void> {
  const box = browser.page.getByLabel("Your question about the documents");
  await box.fill(question);
  await box.press("Enter");
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("rate limit", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ CLAUSEWISE_RATE_LIMIT: "3" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("says how long to wait when the server refuses with 429", async () => {
    const { page } = browser;
    await page.goto(server.url);
    const problem = page.getByRole("alert");
    for (let i = 0; i < 5 && !(await problem.count()); i++) {
      await send(`What does clause ${i + 1} say?`);
      await Promise.race([problem.waitFor(), page.locator("article.turn-assistant[aria-busy=false]").nth(i).waitFor()]);
    }
    expect(await problem.locator(".problem-title").textContent()).toBe("Too many questions at once");
    expect(await problem.locator(".problem-detail").textContent()).toMatch(/Try again in \d+ seconds?\./);
    await screenshot(page, "20-rate-limited");
  });
});

describe("LLM unreachable", () => {
  let server: RunningServer;
  beforeAll(async () => {
    const port = await closedPort();
    server = await startServer({
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      OPENAI_API_KEY: "sk-test-not-a-real-key",
      CLAUSEWISE_LLM_MODEL: "test-model",
      CLAUSEWISE_LLM_MAX_RETRIES: "0",
      CLAUSEWISE_LLM_TIMEOUT_MS: "3000",
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("badges the model and shows the offline answer with a plain-words notice", async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect.poll(() => page.locator(".mode-badge").textContent()).toContain("test-model");
    await send("What does clause 24 say?");
    const answer = page.locator("article.turn-assistant[aria-busy=false]").last();
    await answer.waitFor();
    const notice = answer.getByRole("note");
    expect(((await notice.textContent()) ?? "").length).toBeGreaterThan(10);
    expect(await answer.locator("button.chip[data-citation='statement/24']").count()).toBeGreaterThan(0);
    expect(await page.content()).not.toContain("sk-test-not-a-real-key");
    // The model may answer next time: Retry is offered here (and not on offline-mode answers).
    expect(await answer.getByRole("button", { name: "Retry" }).count()).toBe(1);
    await screenshot(page, "21-llm-fallback-notice");
  });
});

describe("server gone", () => {
  it("says the server can't be reached, and offers to try again", async () => {
    const server = await startServer();
    const { page } = browser;
    await page.goto(server.url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole("list", { name: "Suggested questions" }).waitFor();
    await server.stop();
    await send("What does clause 24 say?");
    const problem = page.getByRole("alert");
    await problem.waitFor();
    expect(await problem.locator(".problem-title").textContent()).toBe("Can't reach the server");
    expect(await problem.getByRole("button", { name: "Try again" }).count()).toBe(1);
    // The header says so too, quietly and apart from the mode, once its next health check fails.
    await page.evaluate(() => window.dispatchEvent(new Event("focus")));
    await page.locator(".connection-lost").waitFor();
    expect(await page.locator(".connection-lost").textContent()).toBe("Can't reach the server");
    expect(await page.locator(".mode-badge").textContent()).toContain("Offline answers");
    await screenshot(page, "22-server-down");
  });
});
