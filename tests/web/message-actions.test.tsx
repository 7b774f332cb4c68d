// @vitest-environment jsdom
/** What a reader does to a turn: edit a question and resend it, rate an answer, retry one that was stopped. */
import { cleanup, screen, within } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ChatMessage, DocumentTree } from "../../server/contract.ts";
import type { Feedback } from "../../web/src/chat/conversations-store.ts";
import { expectedFrom } from "../../web/src/chat/FeedbackControls.tsx";
import { AssistantMessage, UserMessage } from "../../web/src/chat/Message.tsx";
import { realDocuments, renderWithDocuments } from "./support.tsx";

let docs: DocumentTree[];
beforeAll(async () => {
  docs = await realDocuments();
});
afterEach(cleanup);

const question: ChatMessage = { id: "u1", role: "user", parts: [{ type: "text", text: "What does clause 24 say?" }] };
const answer: ChatMessage = {
  id: "a1",
  role: "assistant",
  metadata: { mode: "extractive", abstained: false },
  parts: [{ type: "text", text: "Direct flights are encouraged [statement/24]." }],
};
const draft = () => ({ question: "What does clause 24 say?", history: [], citations: ["statement/24"], declined: false });

describe("editing a question", () => {
  it("saves and resends the edited question", async () => {
    const user = userEvent.setup();
    const onEdit = vi.fn();
    renderWithDocuments(<UserMessage message={question} onEdit={onEdit} />, docs);
    await user.click(screen.getByRole("button", { name: "Edit question" }));
    const box = screen.getByLabelText<HTMLTextAreaElement>("Your question, edited");
    expect(box.value).toBe("What does clause 24 say?");
    expect(document.activeElement).toBe(box);
    await user.clear(box);
    await user.type(box, "What does clause 25 say?");
    await user.click(screen.getByRole("button", { name: "Save & resend" }));
    expect(onEdit).toHaveBeenCalledExactlyOnceWith("What does clause 25 say?");
    expect(screen.queryByLabelText("Your question, edited")).toBeNull();
  });

  it("cancels on Escape, leaving the question as it was and focus on Edit", async () => {
    const user = userEvent.setup();
    const onEdit = vi.fn();
    const { container } = renderWithDocuments(<UserMessage message={question} onEdit={onEdit} />, docs);
    await user.click(screen.getByRole("button", { name: "Edit question" }));
    await user.type(screen.getByLabelText("Your question, edited"), " And 26?{Escape}");
    expect(onEdit).not.toHaveBeenCalled();
    expect(container.querySelector(".user-bubble")?.textContent).toBe("What does clause 24 say?");
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Edit question" }));
  });

  it("will not resend an empty question, and offers no Edit while an answer is arriving", async () => {
    const user = userEvent.setup();
    const { rerender } = renderWithDocuments(<UserMessage message={question} onEdit={vi.fn()} />, docs);
    await user.click(screen.getByRole("button", { name: "Edit question" }));
    await user.clear(screen.getByLabelText("Your question, edited"));
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Save & resend" }).disabled).toBe(true);
    rerender(<UserMessage message={question} />);
    expect(screen.queryByRole("button", { name: /Edit/ })).toBeNull();
  });
});

/** An answer whose feedback lives in state, as the conversation keeps it. */
function Rated({ onFeedback }: { onFeedback: (f: Feedback | undefined) => void }) {
  const [feedback, setFeedback] = useState<Feedback | undefined>(undefined);
  return (
    <AssistantMessage
      message={answer}
      streaming={false}
      evalCase={draft}
      feedback={feedback}
      onFeedback={(next) => {
        setFeedback(next);
        onFeedback(next);
      }}
    />
  );
}

describe("feedback", () => {
  it("presses a thumb, takes an optional note, and takes the rating back when pressed again", async () => {
    const user = userEvent.setup();
    const onFeedback = vi.fn();
    renderWithDocuments(<Rated onFeedback={onFeedback} />, docs);
    const up = screen.getByRole("button", { name: "Good answer" });
    const down = screen.getByRole("button", { name: "Bad answer" });
    expect([up.getAttribute("aria-pressed"), down.getAttribute("aria-pressed")]).toEqual(["false", "false"]);

    await user.click(up);
    expect(up.getAttribute("aria-pressed")).toBe("true");
    expect(onFeedback).toHaveBeenLastCalledWith({ rating: "up" });
    await user.type(screen.getByLabelText("Note (optional)"), "Clear and cited");
    await user.click(screen.getByRole("button", { name: "Save note" }));
    expect(onFeedback).toHaveBeenLastCalledWith({ rating: "up", note: "Clear and cited" });
    expect(screen.getByText("Note: Clear and cited")).toBeTruthy();
    // A thumbs up does not open the eval form.
    expect(screen.queryByRole("form", { name: "Add to eval set" })).toBeNull();

    await user.click(up);
    expect(up.getAttribute("aria-pressed")).toBe("false");
    expect(onFeedback).toHaveBeenLastCalledWith(undefined);
  });

  it("opens Add to eval set on a thumbs down, with what the note expects as the facts", async () => {
    const user = userEvent.setup();
    const onFeedback = vi.fn();
    renderWithDocuments(<Rated onFeedback={onFeedback} />, docs);
    await user.click(screen.getByRole("button", { name: "Bad answer" }));
    expect(screen.getByRole("button", { name: "Bad answer" }).getAttribute("aria-pressed")).toBe("true");
    const form = await screen.findByRole("form", { name: "Add to eval set" });
    expect(within(form).getByLabelText<HTMLInputElement>("Question").value).toBe("What does clause 24 say?");

    const note = screen.getByLabelText<HTMLInputElement>("Note (optional)");
    expect(note.value).toBe("expected: ");
    await user.type(note, "45-day visa exemption");
    await user.click(screen.getByRole("button", { name: "Save note" }));
    expect(onFeedback).toHaveBeenLastCalledWith({ rating: "down", note: "expected: 45-day visa exemption" });
    expect(within(form).getByText("From your feedback: “expected: 45-day visa exemption”")).toBeTruthy();
    expect(within(form).getByLabelText<HTMLTextAreaElement>(/^Expected facts/).value).toBe("45-day visa exemption");
  });

  it("reads what a note expects", () => {
    expect(expectedFrom("expected: 45 days")).toBe("45 days");
    expect(expectedFrom("Expected:45 days ")).toBe("45 days");
    expect(expectedFrom("the dates were wrong")).toBe("the dates were wrong");
    expect(expectedFrom(undefined)).toBe("");
  });

  it("is not offered while streaming or on a stopped answer", () => {
    const { rerender } = renderWithDocuments(<AssistantMessage message={answer} streaming onFeedback={vi.fn()} />, docs);
    expect(screen.queryByRole("button", { name: "Good answer" })).toBeNull();
    rerender(<AssistantMessage message={answer} streaming={false} interrupted="stopped" onFeedback={vi.fn()} />);
    expect(screen.queryByRole("button", { name: "Good answer" })).toBeNull();
  });
});

describe("a stopped answer", () => {
  it("says it stopped before anything arrived, and offers Retry", async () => {
    const user = userEvent.setup();
    const onRetry = vi.fn();
    const empty: ChatMessage = { id: "a2", role: "assistant", parts: [] };
    const { container } = renderWithDocuments(<AssistantMessage message={empty} streaming={false} interrupted="stopped" onRetry={onRetry} />, docs);
    expect(container.querySelector("article")?.getAttribute("data-interrupted")).toBe("stopped");
    expect(screen.getByText("Stopped before an answer arrived.")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Clausewise: answer stopped" })).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("keeps the partial answer under a Stopped label", () => {
    const partial: ChatMessage = { id: "a3", role: "assistant", parts: [{ type: "text", text: "The two sides encouraged" }] };
    renderWithDocuments(<AssistantMessage message={partial} streaming={false} interrupted="stopped" />, docs);
    expect(screen.getByText("Stopped — the answer is incomplete")).toBeTruthy();
    expect(screen.getByText("The two sides encouraged")).toBeTruthy();
  });

  it("says when the request failed instead", () => {
    renderWithDocuments(<AssistantMessage message={{ id: "a4", role: "assistant", parts: [] }} streaming={false} interrupted="failed" />, docs);
    expect(screen.getByText("No answer was received: the request failed.")).toBeTruthy();
  });
});
