// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DocumentTree } from "../../server/contract.ts";
import { AnswerText } from "../../web/src/chat/AnswerText.tsx";
import { realDocuments, renderWithDocuments } from "./support.tsx";

let docs: DocumentTree[];
const QUOTE = "The Bulgarian side acknowledged and appreciated Vietnam's unilateral 45-day visa exemption for Bulgarian citizens from August 15, 2025 to August 14, 2028, to facilitate businesses, experts, investors and Bulgarian tourists.";

beforeAll(async () => {
  docs = await realDocuments();
});
afterEach(() => {
  cleanup();
  window.history.replaceState(null, "", "/");
});

function answer() {
  return renderWithDocuments(<AnswerText text={`Visas are exempt for 45 days [statement/24].`} citations={[{ id: "statement/24", label: "Joint Statement §24", quote: QUOTE }]} />, docs);
}

describe("citation preview", () => {
  it("appears on hover with the clause's label, section and highlighted quote", async () => {
    const user = userEvent.setup();
    answer();
    const chip = screen.getByRole("button", { name: /§24/ });
    expect(screen.queryByRole("tooltip")).toBeNull();
    await user.hover(chip);
    const card = await screen.findByRole("tooltip");
    expect(chip.getAttribute("aria-describedby")).toBe(card.id);
    expect(card.textContent).toContain("Joint Statement §24 · Culture, Sports and Tourism");
    expect(card.textContent).toContain("IV. Promote substantive cooperation");
    expect(card.querySelector("mark")?.textContent).toBe(QUOTE);
  });

  it("appears on keyboard focus and goes away with Escape", async () => {
    const user = userEvent.setup();
    answer();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: /§24/ }));
    expect(await screen.findByRole("tooltip")).toBeTruthy();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("tooltip")).toBeNull();
  });

  it("goes away after the pointer leaves", async () => {
    const user = userEvent.setup();
    answer();
    const chip = screen.getByRole("button", { name: /§24/ });
    await user.hover(chip);
    await screen.findByRole("tooltip");
    await user.unhover(chip);
    await waitFor(() => expect(screen.queryByRole("tooltip")).toBeNull());
  });
});

describe("source panel", () => {
  it("opens on click with the whole clause, the quote marked, and where it sits", async () => {
    const user = userEvent.setup();
    answer();
    await user.click(screen.getByRole("button", { name: /§24/ }));
    const panel = screen.getByRole("complementary", { name: "Joint Statement §24 · Culture, Sports and Tourism" });
    const clause = docs[0]!.sections.flatMap((s) => s.subsections).flatMap((s) => s.chunks).find((c) => c.id === "statement/24")!;
    expect(panel.textContent).toContain(clause.text);
    expect(within(panel).getAllByText(QUOTE)[0]!.tagName).toBe("MARK");
    expect(panel.textContent).toContain("Culture, Sports and Tourism");
    expect(document.activeElement?.id).toBe("source-panel-title");
    expect(screen.getByRole("button", { name: /§24/ }).className).toContain("is-active");
  });

  it("closes with Escape and gives focus back to the chip", async () => {
    const user = userEvent.setup();
    answer();
    const chip = screen.getByRole("button", { name: /§24/ });
    await user.click(chip);
    expect(screen.getByRole("complementary")).toBeTruthy();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("complementary")).toBeNull();
    expect(document.activeElement).toBe(chip);
  });

  it("closes with its close button", async () => {
    const user = userEvent.setup();
    answer();
    await user.click(screen.getByRole("button", { name: /§24/ }));
    await user.click(screen.getByRole("button", { name: "Close source" }));
    expect(screen.queryByRole("complementary")).toBeNull();
  });

  it("'Show in document' goes to the clause's place in the reader, carrying the quote", async () => {
    const user = userEvent.setup();
    answer();
    await user.click(screen.getByRole("button", { name: /§24/ }));
    await user.click(screen.getByRole("button", { name: "Show in document" }));
    expect(window.location.pathname).toBe("/doc/statement");
    expect(window.location.hash).toBe("#24");
    expect(window.history.state).toEqual({ quote: QUOTE });
    expect(screen.queryByRole("complementary")).toBeNull();
  });

  it("opens from the keyboard too", async () => {
    answer();
    const chip = screen.getByRole("button", { name: /§24/ });
    chip.focus();
    fireEvent.click(chip);
    expect(screen.getByRole("complementary")).toBeTruthy();
  });
});
