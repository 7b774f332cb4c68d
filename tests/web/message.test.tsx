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

describe("UserMessage", () => {
  it("shows the question as text, HTML included", () => {
    const message: ChatMessage = { id: "u", role: "user", parts: [{ type: "text", text: "<img src=x onerror=alert(1)> **not bold**" }] };
    const { container } = renderWithDocuments(<UserMessage message={message} />, docs);
    expect(container.querySelector("img, strong")).toBeNull();
    expect(container.textContent).toContain("<img src=x onerror=alert(1)> **not bold**");
  });
});
