// @vitest-environment jsdom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DocumentTree } from "../../server/contract.ts";
import { AnswerText } from "../../web/src/chat/AnswerText.tsx";
import { realDocuments, renderWithDocuments } from "./support.tsx";

let docs: DocumentTree[];
beforeAll(async () => {
  docs = await realDocuments();
});
afterEach(cleanup);

describe("AnswerText", () => {
  it("turns citation markers into chips labelled like the documents", () => {
    const { container } = renderWithDocuments(
      <AnswerText text={"- Flights [statement/24]\n- Opening [statement/preamble-1] and [article/5]\n- End [statement/closing]"} citations={[]} />,
      docs,
    );
    const chips = [...container.querySelectorAll("button.chip")];
    expect(chips.map((c) => c.textContent)).toEqual(["§24", "Preamble ¶1", "¶5", "Closing"]);
    expect(chips.map((c) => c.getAttribute("data-citation"))).toEqual(["statement/24", "statement/preamble-1", "article/5", "statement/closing"]);
    expect(container.textContent).not.toContain("[statement/24]");
    expect(container.querySelectorAll("li")).toHaveLength(3);
  });

  it("names a chip by its clause for assistive technology", () => {
    renderWithDocuments(<AnswerText text="Flights [statement/24]." citations={[]} />, docs);
    expect(screen.getByRole("button", { name: /§24, Joint Statement §24 · Culture, Sports and Tourism/ })).toBeTruthy();
  });

  it("shows HTML in an answer as text and creates no elements from it", () => {
    const hostile = 'Before <script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2"> <b>bold</b> after [statement/24]';
    const { container } = renderWithDocuments(<AnswerText text={hostile} citations={[]} />, docs);
    expect(container.querySelector("script, img, b")).toBeNull();
    expect(container.textContent).toContain("<script>window.pwned = 1</script>");
    expect(container.textContent).toContain('<img src=x onerror="window.pwned = 2">');
    expect((window as { pwned?: number }).pwned).toBeUndefined();
    expect(container.querySelectorAll("button.chip")).toHaveLength(1);
  });

  it("drops javascript: links and never fetches Markdown images", () => {
    const { container } = renderWithDocuments(<AnswerText text={"[click](javascript:alert(1)) ![tracker](http://example.com/p.png)"} citations={[]} />, docs);
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toContain("tracker");
    expect(container.querySelector("a")?.getAttribute("href") ?? "").not.toMatch(/javascript/i);
  });

  it("keeps markers inside code literal", () => {
    const { container } = renderWithDocuments(<AnswerText text={"Write `[statement/24]` to cite."} citations={[]} />, docs);
    expect(container.querySelector("code")?.textContent).toBe("[statement/24]");
    expect(container.querySelector("button.chip")).toBeNull();
  });

  it("shows a marker naming no clause as plain, flagged text", () => {
    const { container } = renderWithDocuments(<AnswerText text="Made up [statement/99]." citations={[]} />, docs);
    expect(container.querySelector("button.chip")).toBeNull();
    const unknown = container.querySelector(".chip-unknown");
    expect(unknown?.textContent).toBe("[statement/99]");
  });

  it("labels chips from the id while the documents are still loading", () => {
    const { container } = renderWithDocuments(<AnswerText text="[statement/24] [article/3]" citations={[]} />, "loading");
    expect([...container.querySelectorAll("button.chip")].map((c) => c.textContent)).toEqual(["§24", "¶3"]);
  });

  it("holds back a marker that is still arriving", () => {
    const { container, rerender } = renderWithDocuments(<AnswerText text="Flights [statement/2" citations={[]} streaming />, docs);
    expect(container.textContent).toBe("Flights");
    rerender(<AnswerText text="Flights [statement/2" citations={[]} />);
    expect(container.textContent).toContain("[statement/2");
  });
});
