/**
 * The whole experience in a real browser against the real server (offline):
 * ask, read the streamed answer, inspect a citation, jump into the document,
 * follow up, get an abstention, survive hostile input and a reload, read the
 * eval page, and hold up at 390 px — with axe-core checking accessibility.
 */
import type { Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answersOn,
  ask as askOn,
  horizontalOverflow,
  openBrowser,
  publishScreenshot,
  screenshot,
  seriousViolations,
  startServer,
  type Browser,
  type RunningServer,
  usePhone,
} from "./support.ts";

const CLAUSE_24_START = "The two sides encouraged airlines to cooperate and study the opening of direct flights";

let server: RunningServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser();
  page = browser.page;
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const answers = () => answersOn(page);
const lastAnswer = () => answers().last();
const ask = (question: string) => askOn(page, question);

describe("asking and checking a citation", () => {
  it("shows the empty state with six suggested questions", async () => {
    await page.goto(server.url);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Ask the Vietnam–Bulgaria documents");
    const suggestions = page.getByRole("list", { name: "Suggested questions" }).getByRole("button");
    expect(await suggestions.count()).toBe(6);
    expect(await suggestions.allTextContents()).toContainEqual(expect.stringContaining("What does clause 24 say?"));
    expect(await page.locator(".mode-badge").textContent()).toContain("Offline answers");
    // No connection state dressed as a mode: nothing says the server is unreachable while it answers.
    expect(await page.locator(".connection-lost").count()).toBe(0);
    await screenshot(page, "01-empty-state");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("has an accessibility check that does catch violations", async () => {
    await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<button id="nameless"></button>'));
    expect((await seriousViolations(page)).map((v) => v.id)).toContain("button-name");
    await page.evaluate(() => document.getElementById("nameless")?.remove());
  });

  it("streams the answer to 'What does clause 24 say?' with a §24 chip", async () => {
    const response = page.waitForResponse((r) => r.url().endsWith("/api/chat"));
    await ask("What does clause 24 say?");
    const chat = await response;
    expect(chat.headers()["content-type"]).toContain("text/event-stream");
    expect(chat.headers()["x-vercel-ai-ui-message-stream"]).toBe("v1");
    expect(await lastAnswer().locator(".answer-text").textContent()).toContain(CLAUSE_24_START);
    const chip = lastAnswer().locator("button.chip[data-citation='statement/24']");
    expect(await chip.textContent()).toBe("§24");
    expect(await lastAnswer().getByRole("region", { name: "Sources" }).textContent()).toContain("Joint Statement §24 · Culture, Sports and Tourism");
    await screenshot(page, "02-answer");
  });

  it("previews the clause on hover, with the quoted sentence highlighted", async () => {
    await lastAnswer().locator("button.chip[data-citation='statement/24']").hover();
    const card = page.getByRole("tooltip");
    await card.waitFor();
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("Joint Statement §24 · Culture, Sports and Tourism");
    expect(text).toContain("Culture, Sports and Tourism");
    expect(await card.locator("mark").first().textContent()).toContain("The two sides encouraged airlines");
    await screenshot(page, "03-preview");
    await page.mouse.move(5, 400);
    await card.waitFor({ state: "detached" });
  });

  it("opens the full clause in the side panel on click", async () => {
    await lastAnswer().locator("button.chip[data-citation='statement/24']").click();
    const panel = page.getByRole("complementary", { name: "Joint Statement §24 · Culture, Sports and Tourism" });
    await panel.waitFor();
    expect(await panel.textContent()).toContain("visa exemption for Bulgarian citizens from August 15, 2025 to August 14, 2028");
    expect(await panel.locator("mark").count()).toBeGreaterThan(0);
    await screenshot(page, "04-source-panel");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("'Show in document' scrolls to clause 24 and highlights it", async () => {
    await page.getByRole("button", { name: "Show in document" }).click();
    await page.waitForURL(/\/doc\/statement#24$/);
    const clause = page.locator("[id='24']");
    await expect.poll(() => clause.getAttribute("class")).toContain("is-target");
    await expect.poll(() => clause.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    })).toBe(true);
    expect(await clause.locator("mark").first().textContent()).toContain("The two sides encouraged airlines");
    expect(await page.locator(".toc-chunk.is-current").textContent()).toBe("§24");
    await screenshot(page, "05-document-clause-24");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("goes back to the conversation with the browser's back button", async () => {
    await page.goBack();
    await page.waitForURL(`${server.url}/`);
    expect(await answers().count()).toBe(1);
  });

  it("answers a follow-up from the conversation's history", async () => {
    const request = await ask("What about the next clause?");
    const body = request.postDataJSON() as { messages: Array<{ role: string }> };
    expect(body.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(await lastAnswer().locator("button.chip").first().getAttribute("data-citation")).toBe("statement/25");
    await screenshot(page, "06-follow-up");
  });

  it("offers no Retry on an offline answer: asked again, the same question gets the same answer", async () => {
    await lastAnswer().locator(".turn-footer").waitFor();
    expect(await lastAnswer().getByRole("button", { name: "Retry" }).count()).toBe(0);
  });

  it("shows an out-of-scope question as an abstention, not an answer", async () => {
    await ask("What is the capital of Australia?");
    const answer = lastAnswer();
    expect(await answer.getAttribute("data-abstained")).toBe("true");
    expect(await answer.textContent()).toContain("Not in the documents");
    expect(await answer.locator("button.chip").count()).toBe(0);
    expect(await answer.evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe("dashed");
    const answered = answers().nth(0);
    expect(await answered.evaluate((el) => getComputedStyle(el).borderTopStyle)).not.toBe("dashed");
    await answer.scrollIntoViewIfNeeded();
    await screenshot(page, "07-abstention");
  });

  it("shows HTML in a question and its answer as text, running nothing", async () => {
    const hostile = `<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> What does clause 5 say?`;
    await ask(hostile);
    const conversation = page.getByRole("region", { name: "Conversation" });
    expect(await conversation.locator("img, script").count()).toBe(0);
    expect(await page.locator(".user-bubble").last().textContent()).toBe(hostile);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await lastAnswer().locator("button.chip[data-citation='statement/5']").count()).toBeGreaterThan(0);
    await screenshot(page, "08-html-as-text");
  });

  it("highlights only the supporting sentence when the answer rests on part of a clause", async () => {
    await ask("How long can Bulgarians stay in Vietnam without a visa?");
    await lastAnswer().locator("button.chip[data-citation='statement/24']").click();
    const panel = page.getByRole("complementary");
    await panel.waitFor();
    const marked = await panel.locator(".source-panel-text mark").allTextContents();
    expect(marked.join(" ")).toContain("45-day visa exemption for Bulgarian citizens");
    expect(marked.join(" ")).not.toContain("encouraged airlines");
    await page.mouse.move(5, 400);
    publishScreenshot(await screenshot(page, "09-partial-highlight"));
    await page.getByRole("button", { name: "Close source" }).click();
  });

  it("keeps the conversation across a reload", async () => {
    const before = await page.locator(".turn").count();
    await page.reload();
    await expect.poll(() => page.locator(".turn").count()).toBe(before);
    expect(await page.locator(".user-bubble").first().textContent()).toBe("What does clause 24 say?");
  });

  it("has no serious accessibility violations in dark mode either", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    await lastAnswer().locator("button.chip").first().click();
    await page.getByRole("complementary").waitFor();
    await screenshot(page, "10-dark");
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("deletes the conversation, leaving a new chat", async () => {
    await page.getByRole("button", { name: "Delete conversation" }).click();
    await page.getByRole("list", { name: "Suggested questions" }).waitFor();
    await page.reload();
    await page.getByRole("list", { name: "Suggested questions" }).waitFor();
    expect(await page.locator(".turn").count()).toBe(0);
  });
});

describe("document reader", () => {
  it("opens a deep link to an article paragraph", async () => {
    await page.goto(`${server.url}/doc/article#5`);
    const paragraph = page.locator("[id='5']");
    await expect.poll(() => paragraph.getAttribute("class")).toContain("is-target");
    await expect.poll(() => paragraph.evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Tô Lâm");
  });

  it("shows the statement's section tree I–VI with its clause numbers", async () => {
    await page.goto(`${server.url}/doc/statement`);
    await page.locator(".doc-section-title").first().waitFor();
    const sections = await page.locator(".doc-section-title").allTextContents();
    expect(sections.slice(1, 7).map((s) => s.split(".")[0])).toEqual(["I", "II", "III", "IV", "V", "VI"]);
    expect(sections[0]).toBe("Preamble");
    expect(await page.locator(".toc .toc-chunk").count()).toBe(6 + 37);
    expect(await page.locator(".doc-subsection-title").allTextContents()).toContain("Culture, Sports and Tourism");
  });
});

describe("suggested follow-ups", () => {
  it("follow the last answer and ask the one clicked", async () => {
    await page.goto(server.url);
    await ask("What does clause 24 say?");
    const list = page.getByRole("list", { name: "Suggested follow-ups" });
    await list.waitFor();
    expect(await list.getByRole("button").allTextContents()).toEqual([
      "What does §25 say about labor?",
      "Summarize section IV",
      "What does the article say about culture, sports and tourism?",
    ]);
    const count = await answers().count();
    await list.getByRole("button", { name: "What does §25 say about labor?" }).click();
    await answers().nth(count).and(page.locator("[aria-busy=false]")).waitFor();
    expect(await lastAnswer().locator("button.chip").first().getAttribute("data-citation")).toBe("statement/25");
    // The suggestions now follow the new answer.
    await expect.poll(() => list.getByRole("button").first().textContent()).toBe("What does §26 say?");
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe("copy and export", () => {
  it("copies an answer as Markdown with its citations as footnotes", async () => {
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await page.goto(server.url);
    await ask("How many days can Bulgarians stay in Vietnam without a visa?");
    await lastAnswer().getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => lastAnswer().locator(".copy-status").textContent()).toBe("Copied as Markdown");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^\*\*45 days\*\* — .*\[\^1\]/);
    expect(copied).toMatch(/\n\[\^1\]: Joint Statement §24 · Culture, Sports and Tourism \(statement\/24\) — “/);
  });

  it("exports the whole conversation as a Markdown file", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export as Markdown" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("clausewise-conversation.md");
    const text = readFileSync((await file.path())!, "utf8");
    expect(text).toMatch(/^# Clausewise conversation\n/);
    expect(text).toContain("**Question:** How many days can Bulgarians stay in Vietnam without a visa?");
    expect(text).toMatch(/\[\^\d+-1\]: Joint Statement §24/);
  });
});

describe("eval page", () => {
  it("closes an open source panel when the reader goes to /evals", async () => {
    await page.goto(server.url);
    await ask("What does clause 24 say?");
    await lastAnswer().locator("button.chip").first().click();
    await page.getByRole("complementary").waitFor();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Evals" }).click();
    await page.locator(".metric-card").first().waitFor();
    expect(await page.getByRole("complementary").count()).toBe(0);
  });

  it("offers Try again when the report cannot be fetched, and loads it then", async () => {
    let reachable = false;
    await page.route("**/api/evals/latest", (route) => (reachable ? route.continue() : route.abort("connectionrefused")));
    await page.goto(`${server.url}/evals`);
    const retry = page.getByRole("alert").getByRole("button", { name: "Try again" });
    await retry.waitFor();
    reachable = true;
    await retry.click();
    await page.locator(".metric-card").first().waitFor();
    expect(await page.getByRole("alert").count()).toBe(0);
    await page.unroute("**/api/evals/latest");
  });

  it("shows the headline metrics, a bar per tag and the failures", async () => {
    const report = (await (await fetch(`${server.url}/api/evals/latest`)).json()) as { byTag: Record<string, unknown>; failures: unknown[] };
    await page.goto(`${server.url}/evals`);
    await page.locator(".metric-card").first().waitFor();
    expect(await page.locator(".metric-card").count()).toBe(6);
    expect(await page.locator(".tag-chart tbody tr").count()).toBe(Object.keys(report.byTag).length);
    expect(await page.getByRole("heading", { name: `Failures (${report.failures.length})` }).count()).toBe(1);
    await page.getByRole("radio", { name: "Hit@5" }).check();
    expect(await page.locator(".tag-chart thead").textContent()).toContain("Hit@5");
    await screenshot(page, "11-evals");
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe("at 390 px wide", () => {
  const phone = usePhone();

  it("holds the layout on every page without sideways scrolling", async () => {
    const p = phone().page;
    await p.goto(server.url);
    await p.getByRole("list", { name: "Suggested questions" }).waitFor();
    expect(await horizontalOverflow(p)).toBe(0);
    await screenshot(p, "12-phone-empty");

    await p.getByRole("button", { name: /What does clause 24 say\?/ }).click();
    await p.locator("article.turn-assistant[aria-busy=false] button.chip").first().waitFor();
    expect(await horizontalOverflow(p)).toBe(0);
    await p.locator("article.turn-assistant button.chip").first().click();
    const panel = p.getByRole("complementary");
    await panel.waitFor();
    // The panel slides in: measure once it has settled, not mid-animation.
    await expect.poll(async () => {
      const box = (await panel.boundingBox())!;
      return box.x >= 0 && box.x + box.width <= 390;
    }).toBe(true);
    expect(await horizontalOverflow(p)).toBe(0);
    await screenshot(p, "13-phone-panel");
    expect(await seriousViolations(p)).toEqual([]);

    await p.goto(`${server.url}/doc/statement#24`);
    await expect.poll(() => p.locator("[id='24']").getAttribute("class")).toContain("is-target");
    expect(await horizontalOverflow(p)).toBe(0);
    await screenshot(p, "14-phone-document");

    await p.goto(`${server.url}/evals`);
    await p.locator(".metric-card").first().waitFor();
    // The list of stored reports loads after the report itself; measure once it is there.
    await p.getByRole("heading", { name: /^Stored reports/ }).waitFor();
    expect(await horizontalOverflow(p)).toBe(0);
    await screenshot(p, "15-phone-evals");
  });
});
