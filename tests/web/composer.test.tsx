// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LIMITS } from "../../server/contract.ts";
import { Composer } from "../../web/src/chat/Composer.tsx";

afterEach(cleanup);

function Harness({ onSend, busy = false, initial = "" }: { onSend: (q: string) => void; busy?: boolean; initial?: string }) {
  const [value, setValue] = useState(initial);
  const onStop = vi.fn();
  return <Composer value={value} onChange={setValue} onSend={onSend} onStop={onStop} busy={busy} />;
}

describe("Composer", () => {
  it("sends the trimmed question on Enter", async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    render(<Harness onSend={onSend} />);
    await user.type(screen.getByLabelText("Your question about the documents"), "  What does clause 24 say?  {Enter}");
    expect(onSend).toHaveBeenCalledExactlyOnceWith("What does clause 24 say?");
  });

  it("starts a new line on Shift+Enter instead of sending", async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    render(<Harness onSend={onSend} />);
    const box = screen.getByLabelText<HTMLTextAreaElement>("Your question about the documents");
    await user.type(box, "first{Shift>}{Enter}{/Shift}second");
    expect(onSend).not.toHaveBeenCalled();
    expect(box.value).toBe("first\nsecond");
  });

  it("does not send a blank question", async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    render(<Harness onSend={onSend} />);
    await user.type(screen.getByLabelText("Your question about the documents"), "   {Enter}");
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Send question" }).disabled).toBe(true);
  });

  it("refuses a question over the length limit and says why", async () => {
    const onSend = vi.fn();
    render(<Harness onSend={onSend} initial={"x".repeat(LIMITS.questionChars + 1)} />);
    expect(screen.getByText(`${LIMITS.questionChars + 1} / ${LIMITS.questionChars} characters`)).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Send question" }).disabled).toBe(true);
  });

  it("offers Stop while an answer is arriving", async () => {
    const user = userEvent.setup();
    const onStop = vi.fn();
    render(<Composer value="" onChange={() => {}} onSend={() => {}} onStop={onStop} busy />);
    expect(screen.queryByRole("button", { name: "Send question" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Stop the answer" }));
    expect(onStop).toHaveBeenCalledOnce();
  });
});
