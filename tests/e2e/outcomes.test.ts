/**
 * The three kinds of reply, asked in a real browser against the real server
 * (offline): an answer, "not stated — closest passages", and "not in the
 * documents". Each has its own look, told apart by text as well as style,
 * in light and dark and at 390 px.
 */
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answersOn, ask, horizontalOverflow, openBrowser, screenshot, seriousViolations, startServer, type Browser, type RunningServer, usePhone } from "./support.ts";

const QUESTIONS = {
  answer: "How many days can Bulgarians stay in Vietnam without a visa?",
  related: "Who is the Prime Minister of Bulgaria?",
  none: "What is the capital of France?",
};
const RELATED_LABEL = "Not stated in the documents — closest passages";
const NONE_LABEL = "Not in the documents";

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser();
  page = browser.page;
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const borderStyle = (turn: Locator) => turn.evaluate((el) => getComputedStyle(el).borderTopStyle);
const background = (turn: Locator) => turn.evaluate((el) => getComputedStyle(el).backgroundColor);

/** The turn answering `question`, once it has finished. */
function turnFor(p: Page, question: keyof typeof QUESTIONS): Locator {
  return answersOn(p).nth(Object.keys(QUESTIONS).indexOf(question));
}

describe("each outcome has its own look", () => {
  it("shows an answer with a §24 chip and its sources, quoting nothing twice", async () => {
    await ask(page, QUESTIONS.answer);
    const turn = turnFor(page, "answer");
    expect(await turn.getAttribute("data-outcome")).toBe("answer");
    expect(await turn.locator(".answer-text button.chip[data-citation='statement/24']").count()).toBeGreaterThan(0);
    expect(await turn.locator(".outcome-label").count()).toBe(0);
    expect(await turn.textContent()).toContain("45");
    const sources = turn.getByRole("region", { name: "Sources" });
    expect(await sources.textContent()).toContain("§24");
    expect(await turn.getByRole("region", { name: "Related passages" }).count()).toBe(0);
    expect(await turn.locator(".answer-text").textContent()).toContain("45-day visa exemption for Bulgarian citizens");
    expect(await sources.textContent()).not.toContain("45-day visa exemption for Bulgarian citizens");
    expect(await borderStyle(turn)).toBe("none");
    await turn.scrollIntoViewIfNeeded();
    await screenshot(page, "16-outcome-answer");
  });

  it(`shows "${QUESTIONS.related}" as not stated, with the closest passages as related passages`, async () => {
    await ask(page, QUESTIONS.related);
    const turn = turnFor(page, "related");
    expect(await turn.getAttribute("data-outcome")).toBe("related");
    expect(await turn.locator(".outcome-label").textContent()).toBe(RELATED_LABEL);
    expect(await turn.textContent()).not.toContain(NONE_LABEL);
    expect(await turn.locator(".answer-text button.chip").count()).toBeGreaterThanOrEqual(1);
    const related = turn.getByRole("region", { name: "Related passages" });
    expect(await related.locator(".chip").count()).toBeGreaterThanOrEqual(1);
    expect(await turn.getByRole("region", { name: "Sources" }).count()).toBe(0);
    expect(await borderStyle(turn)).toBe("solid");
    await turn.scrollIntoViewIfNeeded();
    await screenshot(page, "17-outcome-related");
  });

  it("shows a question the documents have nothing on as an abstention, with no chips", async () => {
    await ask(page, QUESTIONS.none);
    const turn = turnFor(page, "none");
    expect(await turn.getAttribute("data-outcome")).toBe("none");
    expect(await turn.locator(".outcome-label").textContent()).toBe(NONE_LABEL);
    expect(await turn.locator(".chip").count()).toBe(0);
    expect(await turn.getByRole("region").count()).toBe(0);
    expect(await borderStyle(turn)).toBe("dashed");
    expect(await background(turn)).not.toBe(await background(turnFor(page, "related")));
    await turn.scrollIntoViewIfNeeded();
    await screenshot(page, "18-outcome-none");
  });

  it("has no serious accessibility violations with all three, light and dark", async () => {
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    await turnFor(page, "related").scrollIntoViewIfNeeded();
    await screenshot(page, "19-outcomes-dark");
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "light" });
  });
});

describe("at 390 px wide", () => {
  const phone = usePhone();

  it("fits each look without sideways scrolling", async () => {
    const p = phone().page;
    await p.goto(server.url);
    for (const question of Object.values(QUESTIONS)) await ask(p, question);
    expect(await horizontalOverflow(p)).toBe(0);
    for (const label of await p.locator(".outcome-label").all()) {
      const box = (await label.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await turnFor(p, "related").scrollIntoViewIfNeeded();
    await screenshot(p, "20-phone-outcomes");
    expect(await seriousViolations(p)).toEqual([]);
  });
});
