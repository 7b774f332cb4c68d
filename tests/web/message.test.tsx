// @vitest-environment jsdom
import { cleanup, screen } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ChatMessage, DocumentTree } from "../../server/contract.ts";
import { AssistantMessage, UserMessage } from "../../web/src/chat/Message.tsx";
import { realDocuments, renderWithDocuments } from "./support.tsx";

let docs: DocumentTree[];
beforeAll(async () => {
  docs = await realDocuments();
});
afterEach(cleanup);

function assistant(text: string, metadata: ChatMessage["metadata"], citations: Array<{ id: string; label: string; quote: string }> = []): ChatMessage {
  return {
    id: "a1",
    role: "assistant",
    metadata,
    parts: [{ type: "text", text }, { type: "data-citations", id: "citations", data: citations }],
  };
}

describe("AssistantMessage", () => {
  it("shows an answer with its sources, which open the panel", async () => {
    const user = userEvent.setup();
    const message = assistant("Direct flights are encouraged [statement/24].", { mode: "extractive", abstained: false }, [
      { id: "statement/24", label: "Joint Statement §24 · Culture, Sports and Tourism", quote: "The two sides encouraged airlines to cooperate." },
    ]);
    const { container } = renderWithDocuments(<AssistantMessage message={message} streaming={false} />, docs);
    expect(container.querySelector("[data-abstained]")).toBeNull();
    const sources = screen.getByRole("region", { name: "Sources" });
    expect(sources.textContent).toContain("Joint Statement §24 · Culture, Sports and Tourism");
    await user.click(sources.querySelector("button")!);
    expect(screen.getByRole("complementary").textContent).toContain("encouraged airlines");
  });

  it("gives an abstention its own look, with no sources", () => {
    const message = assistant("The documents don't say.", { mode: "extractive", abstained: true });
    const { container } = renderWithDocuments(<AssistantMessage message={message} streaming={false} />, docs);
    const turn = container.querySelector("article")!;
    expect(turn.getAttribute("data-abstained")).toBe("true");
    expect(turn.className).toContain("is-abstention");
    expect(screen.getByText("Not in the documents")).toBeTruthy();
    expect(screen.queryByRole("region", { name: "Sources" })).toBeNull();
  });

  it("shows the fallback notice and how many invented citations were removed", () => {
    const message = assistant("Answer [statement/1].", {
      mode: "extractive",
      abstained: false,
      notice: "The language model did not answer in time; this is the offline answer.",
      unknownCitations: 2,
    });
    renderWithDocuments(<AssistantMessage message={message} streaming={false} />, docs);
    expect(screen.getByRole("note").textContent).toContain("did not answer in time");
    expect(screen.getByText(/2 citations removed/)).toBeTruthy();
  });

  it("names the model in LLM mode", () => {
    const message = assistant("Answer [statement/1].", { mode: "llm", abstained: false, model: "gpt-4o-mini" });
    renderWithDocuments(<AssistantMessage message={message} streaming={false} />, docs);
    expect(screen.getByText("gpt-4o-mini")).toBeTruthy();
  });

  it("says it is searching before any text arrives, and offers retry only when asked to", async () => {
    const user = userEvent.setup();
    const empty: ChatMessage = { id: "p", role: "assistant", parts: [] };
    const { rerender } = renderWithDocuments(<AssistantMessage message={empty} streaming />, docs);
    expect(screen.getByText("Searching the documents…")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
    const onRetry = vi.fn();
    rerender(<AssistantMessage message={assistant("Done.", { mode: "extractive", abstained: false })} streaming={false} onRetry={onRetry} />);
    await user.click(screen.getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });
});

describe("AssistantMessage outcomes", () => {
  const RELATED_LABEL = "Not stated in the documents — closest passages";
  const visa = {
    id: "statement/24",
    label: "Joint Statement §24 · Culture, Sports and Tourism",
    quote: "The Bulgarian side acknowledged and appreciated Vietnam's unilateral 45-day visa exemption for Bulgarian citizens.",
  };
  const flights = { id: "statement/24", label: visa.label, quote: "The two sides encouraged airlines to cooperate." };
  const visit = {
    id: "article/1",
    label: "VNA/VNS article ¶1",
    quote: "The official visit to Bulgaria from October 22 to 24 by General Secretary Tô Lâm provides an opportunity.",
  };
  const partnership = {
    id: "statement/preamble-2",
    label: "Joint Statement Preamble ¶2",
    quote: "The two sides upgraded relations to a Strategic Partnership.",
  };

  function turnOf(container: HTMLElement): HTMLElement {
    return container.querySelector("article")!;
  }

  it("shows an answer as an answer: no outcome label, its citations under Sources", () => {
    const message = assistant(`**45 days** — ${visa.quote} [statement/24]`, { mode: "extractive", abstained: false, outcome: "answer" }, [visa]);
    const { container } = renderWithDocuments(<AssistantMessage message={message} streaming={false} />, docs);
    const turn = turnOf(container);
    expect(turn.getAttribute("data-outcome")).toBe("answer");
    expect(turn.className).not.toMatch(/is-abstention|is-related/);
    expect(screen.queryByText(RELATED_LABEL)).toBeNull();
    expect(screen.queryByText("Not in the documents")).toBeNull();
    expect(screen.getByRole("heading", { name: "Clausewise answered" })).toBeTruthy();
    expect(container.querySelector(".answer-text strong")?.textContent).toBe("45 days");
    expect(screen.getByRole("region", { name: "Sources" }).textContent).toContain(visa.label);
    expect(screen.queryByRole("region", { name: "Related passages" })).toBeNull();
  });

  it("shows related passages under their own label, as related passages rather than sources", () => {
    const text = `The documents don't say who the Prime Minister of Bulgaria is. Closest passages:\n\n- ${visit.quote} [article/1]\n- ${partnership.quote} [statement/preamble-2]`;
    const message = assistant(text, { mode: "extractive", abstained: true, outcome: "related" }, [visit, partnership]);
    const { container } = renderWithDocuments(<AssistantMessage message={message} streaming={false} />, docs);
    const turn = turnOf(container);
    expect(turn.getAttribute("data-outcome")).toBe("related");
    expect(turn.className).toContain("is-related");
    expect(turn.className).not.toContain("is-abstention");
    expect(screen.getByText(RELATED_LABEL).tagName).toBe("P");
    expect(screen.queryByText("Not in the documents")).toBeNull();
    expect(screen.getByRole("heading", { name: /not stated in the documents; closest passages/ })).toBeTruthy();
    expect([...container.querySelectorAll(".answer-text button.chip")].map((c) => c.getAttribute("data-citation"))).toEqual(["article/1", "statement/preamble-2"]);
    expect(screen.queryByRole("region", { name: "Sources" })).toBeNull();
    expect(screen.queryByText("Sources")).toBeNull();
    const related = screen.getByRole("region", { name: "Related passages" });
    expect(related.querySelector("h3")?.textContent).toBe("Related passages");
    expect([...related.querySelectorAll(".source-card-label")].map((l) => l.textContent)).toEqual([visit.label, partnership.label]);
  });

  it("keeps the abstention look when nothing is relevant: its label and no citations", () => {
    const message = assistant("The documents don't say. Neither document mentions this.", { mode: "extractive", abstained: true, outcome: "none" });
    const { container } = renderWithDocuments(<AssistantMessage message={message} streaming={false} />, docs);
    const turn = turnOf(container);
    expect(turn.getAttribute("data-outcome")).toBe("none");
    expect(turn.className).toContain("is-abstention");
    expect(turn.className).not.toContain("is-related");
    expect(screen.getByText("Not in the documents")).toBeTruthy();
    expect(screen.queryByText(RELATED_LABEL)).toBeNull();
    expect(screen.queryByRole("region", { name: "Sources" })).toBeNull();
    expect(screen.queryByRole("region", { name: "Related passages" })).toBeNull();
    expect(container.querySelector("button.chip")).toBeNull();
  });

  it.each([
    { metadata: { mode: "extractive", abstained: true }, outcome: "none" },
    { metadata: { mode: "extractive", abstained: false }, outcome: "answer" },
    { metadata: { mode: "extractive", abstained: true, outcome: "maybe" }, outcome: "none" },
  ] as const)("reads a message saved before outcomes from abstained: $metadata → $outcome", ({ metadata, outcome }) => {
    const message = assistant("Text.", metadata as ChatMessage["metadata"]);
    const { container } = renderWithDocuments(<AssistantMessage message={message} streaming={false} />, docs);
    expect(turnOf(container).getAttribute("data-outcome")).toBe(outcome);
    expect(screen.queryByText("Not in the documents") !== null).toBe(outcome === "none");
  });

  it("does not repeat in the sources a quote the answer text already shows in full", () => {
    const text = `- ${flights.quote} [statement/24]\n- The visit opens new cooperation with Bulgaria [article/1].`;
    const message = assistant(text, { mode: "extractive", abstained: false, outcome: "answer" }, [flights, visit]);
    renderWithDocuments(<AssistantMessage message={message} streaming={false} />, docs);
    const cards = [...screen.getByRole("region", { name: "Sources" }).querySelectorAll(".source-card")];
    expect(cards.map((c) => c.querySelector(".source-card-label")?.textContent)).toEqual([flights.label, visit.label]);
    expect(cards.map((c) => c.querySelector(".chip")?.textContent)).toEqual(["§24", "¶1"]);
    expect(cards.map((c) => c.querySelector(".source-card-quote")?.textContent ?? null)).toEqual([null, visit.quote]);
  });

  it("lists related passages by label and chip only when the text quotes them", () => {
    const text = `The documents don't say. Closest passages:\n\n- ${visit.quote} [article/1]`;
    const message = assistant(text, { mode: "extractive", abstained: true, outcome: "related" }, [visit]);
    renderWithDocuments(<AssistantMessage message={message} streaming={false} />, docs);
    const related = screen.getByRole("region", { name: "Related passages" });
    expect(related.querySelector(".chip")?.textContent).toBe("¶1");
    expect(related.querySelector(".source-card-quote")).toBeNull();
  });
});

describe("UserMessage", () => {
  it("shows the question as text, HTML included", () => {
    const message: ChatMessage = { id: "u", role: "user", parts: [{ type: "text", text: "<img src=x onerror=alert(1)> **not bold**" }] };
    const { container } = renderWithDocuments(<UserMessage message={message} />, docs);
    expect(container.querySelector("img, strong")).toBeNull();
    expect(container.textContent).toContain("<img src=x onerror=alert(1)> **not bold**");
  });
});
