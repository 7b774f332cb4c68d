/**
 * Several conversations, editing a question, Stop and Retry, and feedback, in
 * Chromium against the real server in LLM mode with the OpenAI stub behind
 * it: the stub can hold an answer back (or stop halfway), which is what makes
 * Stop observable. Checked with axe-core in dark mode, at desktop width and
 * at 390 px, where the list is a drawer.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAIStub, type OpenAIStub } from "../support/openai-stub.ts";
import { answersOn, ask as askOn, horizontalOverflow, openBrowser, screenshot, seriousViolations, startServer, type Browser, type RunningServer } from "./support.ts";

const VISA = "How many days can Bulgarians stay in Vietnam without a visa?";
/** A sentence of clause 24 that passes the grounding check, so the server streams it before the stub goes silent. */
const VISA_CLAIM = "The Bulgarian side acknowledged Vietnam's unilateral 45-day visa exemption for Bulgarian citizens. [statement/24]";

let stub: OpenAIStub;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stub = await startOpenAIStub();
  server = await startServer({
    OPENAI_BASE_URL: stub.url,
    OPENAI_API_KEY: "sk-test-conversations-0123456789",
    CLAUSEWISE_LLM_MODEL: "stub-model",
    // A stalled stub must stay stalled until the test presses Stop, not fall back to the offline answer.
    CLAUSEWISE_LLM_TIMEOUT_MS: "60000",
    CLAUSEWISE_LLM_MAX_RETRIES: "0",
  });
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await stub?.close();
});

const ask = (question: string) => askOn(page, question);
const lastAnswer = () => answersOn(page).last();
const list = (p: Page = page) => p.getByRole("navigation", { name: "Conversations" });
const titles = (p: Page = page) => list(p).locator(".conversation-title").allTextContents();
const currentTitle = (p: Page = page) => list(p).locator(".conversation-open[aria-current=true] .conversation-title").textContent();
/** The turns in order, "user" or "assistant". */
const turnRoles = () => page.locator(".conversation .turn").evaluateAll((els) => els.map((el) => (el.classList.contains("turn-user") ? "user" : "assistant")));

async function freshPage(p: Page = page): Promise<void> {
  await p.goto(server.url);
  await p.evaluate(() => localStorage.clear());
  await p.reload();
  await p.getByRole("list", { name: "Suggested questions" }).waitFor();
}

describe("several conversations", () => {
  it("lists a conversation under its first question once asked", async () => {
    await freshPage();
    expect(await list().locator(".conversations-empty").textContent()).toContain("kept here");
    await ask("What does clause 24 say?");
    expect(await titles()).toEqual(["What does clause 24 say?"]);
    expect(await currentTitle()).toBe("What does clause 24 say?");
  });

  it("opens an empty chat with New chat; its first question makes a second conversation, listed first", async () => {
    await list().getByRole("button", { name: "New chat" }).click();
    await page.getByRole("list", { name: "Suggested questions" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("question");
    await ask("When did Tô Lâm visit Bulgaria?");
    expect(await titles()).toEqual(["When did Tô Lâm visit Bulgaria?", "What does clause 24 say?"]);
    expect(await currentTitle()).toBe("When did Tô Lâm visit Bulgaria?");
    await screenshot(page, "30-conversations-list");
  });

  it("renames a conversation in place; Escape cancels a rename", async () => {
    await list().getByRole("button", { name: "Rename “What does clause 24 say?”" }).click();
    const field = list().getByLabel("Conversation title");
    await field.fill("Something else");
    await field.press("Escape");
    expect(await titles()).toEqual(["When did Tô Lâm visit Bulgaria?", "What does clause 24 say?"]);

    await list().getByRole("button", { name: "Rename “What does clause 24 say?”" }).click();
    await field.fill("Direct flights");
    await screenshot(page, "31-conversation-rename");
    await field.press("Enter");
    expect(await titles()).toEqual(["When did Tô Lâm visit Bulgaria?", "Direct flights"]);
    // Focus goes back to the renamed conversation.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Direct flights");
  });

  it("switches between conversations, each with its own turns", async () => {
    await list().getByRole("button", { name: /^Direct flights/ }).click();
    await expect.poll(() => page.locator(".user-bubble").first().textContent()).toBe("What does clause 24 say?");
    expect(await currentTitle()).toBe("Direct flights");
    expect(await page.locator(".user-bubble").count()).toBe(1);
    await list().getByRole("button", { name: /^When did Tô Lâm visit Bulgaria\?/ }).click();
    await expect.poll(() => page.locator(".user-bubble").first().textContent()).toBe("When did Tô Lâm visit Bulgaria?");
  });

  it("keeps the list, the names and the current conversation across a reload", async () => {
    await page.reload();
    await page.locator(".user-bubble").first().waitFor();
    expect(await titles()).toEqual(["When did Tô Lâm visit Bulgaria?", "Direct flights"]);
    expect(await currentTitle()).toBe("When did Tô Lâm visit Bulgaria?");
    expect(await page.locator(".user-bubble").first().textContent()).toBe("When did Tô Lâm visit Bulgaria?");
  });

  it("deletes a conversation with Undo, and for good once Undo is not taken", async () => {
    await list().getByRole("button", { name: "Delete “Direct flights”" }).click();
    const status = page.locator(".conversation-status");
    expect(await status.textContent()).toContain("Deleted “Direct flights”.");
    // Undo takes focus, so it is one key away.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Undo");
    expect(await titles()).toEqual(["When did Tô Lâm visit Bulgaria?"]);
    await screenshot(page, "32-conversation-deleted-undo");
    await status.getByRole("button", { name: "Undo" }).click();
    expect(await titles()).toEqual(["When did Tô Lâm visit Bulgaria?", "Direct flights"]);
    expect(await currentTitle()).toBe("Direct flights");

    // The current conversation, deleted from under the chat: a new chat opens.
    await page.getByRole("button", { name: "Delete conversation" }).click();
    await page.getByRole("list", { name: "Suggested questions" }).waitFor();
    await page.reload();
    await page.getByRole("list", { name: "Suggested questions" }).waitFor();
    expect(await titles()).toEqual(["When did Tô Lâm visit Bulgaria?"]);
  });

  it("takes over the single conversation an earlier version kept", async () => {
    await page.evaluate(() => {
      localStorage.clear();
      localStorage.setItem(
        "clausewise:conversation:v1",
        JSON.stringify([
          { id: "old-u", role: "user", parts: [{ type: "text", text: "What does clause 5 say?" }] },
          { id: "old-a", role: "assistant", metadata: { mode: "extractive", abstained: false }, parts: [{ type: "text", text: "An answer kept from before." }] },
        ]),
      );
    });
    await page.reload();
    await page.locator(".user-bubble").first().waitFor();
    expect(await titles()).toEqual(["What does clause 5 say?"]);
    expect(await lastAnswer().textContent()).toContain("An answer kept from before.");
    expect(await page.evaluate(() => localStorage.getItem("clausewise:conversation:v1"))).toBeNull();
  });
});

describe("editing a question", () => {
  it("replaces the question and everything after it with the new answer", async () => {
    await freshPage();
    await ask("What does clause 24 say?");
    await ask("What about the next clause?");
    expect(await turnRoles()).toEqual(["user", "assistant", "user", "assistant"]);

    const first = page.locator(".turn-user").first();
    await first.getByRole("button", { name: "Edit question" }).click();
    const box = page.getByLabel("Your question, edited");
    await box.fill("What does clause 26 say?");
    await box.press("Escape");
    expect(await page.locator(".user-bubble").first().textContent()).toBe("What does clause 24 say?");
    expect(await turnRoles()).toHaveLength(4);

    await first.getByRole("button", { name: "Edit question" }).click();
    await box.fill("What does clause 26 say?");
    await screenshot(page, "33-edit-question");
    const request = page.waitForRequest((r) => r.url().endsWith("/api/chat"));
    await page.getByRole("button", { name: "Save & resend" }).click();
    const body = (await request).postDataJSON() as { messages: Array<{ role: string }> };
    expect(body.messages.map((m) => m.role)).toEqual(["user"]);
    await lastAnswer().and(page.locator("[aria-busy=false]")).locator(".turn-footer").waitFor();
    expect(await turnRoles()).toEqual(["user", "assistant"]);
    expect(await page.locator(".user-bubble").first().textContent()).toBe("What does clause 26 say?");
    expect(await titles()).toEqual(["What does clause 26 say?"]);
  });
});

describe("Stop and Retry", () => {
  async function send(question: string) {
    const box = page.getByLabel("Your question about the documents");
    await box.fill(question);
    await box.press("Enter");
  }

  it("marks an answer stopped before anything arrived, and the next question follows it", async () => {
    await freshPage();
    stub.enqueue({ kind: "stall" });
    await send("What does clause 24 say?");
    await page.getByRole("button", { name: "Stop the answer" }).click();
    const stopped = page.locator("article.turn-assistant[data-interrupted=stopped]");
    await stopped.waitFor();
    expect(await stopped.textContent()).toContain("Stopped before an answer arrived.");
    expect(await stopped.getByRole("button", { name: "Retry" }).count()).toBe(1);
    await screenshot(page, "34-stopped-empty");
    expect(await seriousViolations(page)).toEqual([]);

    await ask("What does clause 25 say?");
    expect(await turnRoles()).toEqual(["user", "assistant", "user", "assistant"]);
    // Retry stays with the last answer, where it can change something.
    expect(await stopped.getByRole("button", { name: "Retry" }).count()).toBe(0);
  });

  it("keeps a partial answer labelled stopped, across a reload, and Retry replaces it", async () => {
    stub.enqueue({ kind: "stall", afterText: `${VISA_CLAIM} Streaming until the client leaves` });
    await send(VISA);
    await expect.poll(() => lastAnswer().locator(".answer-text").textContent()).toContain("45-day visa exemption");
    await page.getByRole("button", { name: "Stop the answer" }).click();
    const stopped = lastAnswer();
    await expect.poll(() => stopped.getAttribute("data-interrupted")).toBe("stopped");
    expect(await stopped.locator(".interrupted-label").textContent()).toBe("Stopped — the answer is incomplete");
    expect(await stopped.locator(".answer-text").textContent()).toContain("45-day visa exemption");
    await stopped.scrollIntoViewIfNeeded();
    await screenshot(page, "35-stopped-partial");

    await page.reload();
    await expect.poll(() => lastAnswer().getAttribute("data-interrupted")).toBe("stopped");
    expect(await lastAnswer().locator(".answer-text").textContent()).toContain("45-day visa exemption");

    const count = await answersOn(page).count();
    await lastAnswer().getByRole("button", { name: "Retry" }).click();
    await answersOn(page).nth(count - 1).and(page.locator("[aria-busy=false]")).locator(".turn-mode").waitFor();
    expect(await lastAnswer().getAttribute("data-interrupted")).toBeNull();
    expect(await lastAnswer().locator(".turn-mode").textContent()).toBe("stub-model");
    expect(await turnRoles()).toEqual(["user", "assistant", "user", "assistant", "user", "assistant"]);
  });
});

describe("feedback", () => {
  it("presses thumbs up on an answer, and takes it back", async () => {
    const answer = answersOn(page).nth(1);
    const up = answer.getByRole("button", { name: "Good answer" });
    await up.click();
    expect(await up.getAttribute("aria-pressed")).toBe("true");
    await answer.getByRole("button", { name: "Skip" }).click();
    await up.click();
    expect(await up.getAttribute("aria-pressed")).toBe("false");
  });

  it("opens Add to eval set on a thumbs down, with the note's expectation as the facts, and keeps it across a reload", async () => {
    const answer = lastAnswer();
    await answer.getByRole("button", { name: "Bad answer" }).click();
    expect(await answer.getByRole("button", { name: "Bad answer" }).getAttribute("aria-pressed")).toBe("true");
    const form = answer.getByRole("form", { name: "Add to eval set" });
    await form.waitFor();
    expect(await form.getByLabel("Question", { exact: true }).inputValue()).toBe(VISA);
    const note = answer.getByLabel("Note (optional)");
    expect(await note.inputValue()).toBe("expected: ");
    await note.fill("expected: 45-day visa exemption");
    await answer.getByRole("button", { name: "Save note" }).click();
    expect(await form.getByLabel(/^Expected facts/).inputValue()).toBe("45-day visa exemption");
    expect(await form.textContent()).toContain("From your feedback: “expected: 45-day visa exemption”");
    await form.scrollIntoViewIfNeeded();
    await screenshot(page, "36-thumbs-down-eval-form");
    expect(await seriousViolations(page)).toEqual([]);

    await page.reload();
    await lastAnswer().locator(".turn-footer").waitFor();
    expect(await lastAnswer().getByRole("button", { name: "Bad answer" }).getAttribute("aria-pressed")).toBe("true");
    expect(await lastAnswer().locator(".feedback-note-text").textContent()).toBe("Note: expected: 45-day visa exemption");
  });
});

describe("accessibility in dark mode", () => {
  it("has no serious violations at desktop width with the list, a stopped answer, feedback and a rename", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    // The conversation of the Stop and feedback tests: a stopped answer, a thumbs down with its note.
    await page.locator("article.turn-assistant[data-interrupted=stopped]").scrollIntoViewIfNeeded();
    await screenshot(page, "37-stopped-and-feedback-dark");
    expect(await seriousViolations(page)).toEqual([]);

    await list().getByRole("button", { name: "New chat" }).click();
    await ask("What does clause 5 say?");
    await list().getByRole("button", { name: "Rename “What does clause 5 say?”" }).click();
    await screenshot(page, "38-conversations-rename-dark");
    expect(await seriousViolations(page)).toEqual([]);
    await list().getByLabel("Conversation title").press("Escape");
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("folds the list into a drawer at 390 px, openable and closable from the keyboard", async () => {
    const phone = await openBrowser({ width: 390, height: 844, colorScheme: "dark" });
    try {
      const p = phone.page;
      await p.goto(server.url);
      await askOn(p, "What does clause 24 say?");
      await list(p).getByRole("button", { name: "New chat" }).click();
      await askOn(p, "When did Tô Lâm visit Bulgaria?");
      expect(await list(p).locator(".conversations-panel").isVisible()).toBe(false);
      expect(await horizontalOverflow(p)).toBe(0);

      const toggle = list(p).getByRole("button", { name: "Conversations (2)" });
      await toggle.focus();
      await p.keyboard.press("Enter");
      expect(await toggle.getAttribute("aria-expanded")).toBe("true");
      const panel = list(p).locator(".conversations-panel");
      await panel.waitFor();
      const box = (await panel.boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= 390).toBe(true);
      expect(await horizontalOverflow(p)).toBe(0);
      await screenshot(p, "39-phone-conversations-drawer-dark");
      expect(await seriousViolations(p)).toEqual([]);

      await p.keyboard.press("Escape");
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      expect(await p.evaluate(() => document.activeElement?.textContent)).toContain("Conversations");

      await toggle.click();
      await list(p).getByRole("button", { name: /^What does clause 24 say\?/ }).click();
      expect(await panel.isVisible()).toBe(false);
      await expect.poll(() => p.locator(".user-bubble").first().textContent()).toBe("What does clause 24 say?");
      await p.locator(".user-bubble").first().getByText("What does clause 24 say?").waitFor();
      await p.locator(".turn-user").first().getByRole("button", { name: "Edit question" }).click();
      expect(await horizontalOverflow(p)).toBe(0);
      await screenshot(p, "40-phone-edit-dark");
      expect(await seriousViolations(p)).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
