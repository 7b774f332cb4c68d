// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChatMessage } from "../../server/contract.ts";
import type { Conversation } from "../../web/src/chat/conversations-store.ts";
import { ConversationList, type ConversationListProps } from "../../web/src/chat/ConversationList.tsx";

afterEach(cleanup);

const asked = (text: string): ChatMessage[] => [{ id: `u-${text}`, role: "user", parts: [{ type: "text", text }] }];
const conversation = (id: string, messages: ChatMessage[], title?: string): Conversation => ({
  id,
  ...(title ? { title } : {}),
  createdAt: 1,
  updatedAt: 1,
  messages,
  feedback: {},
  interrupted: {},
});

function renderList(overrides: Partial<ConversationListProps> = {}) {
  const props: ConversationListProps = {
    conversations: [conversation("new", []), conversation("c2", asked("Who signed?"), "Signatories"), conversation("c1", asked("What does clause 24 say?"))],
    currentId: "c2",
    onSelect: vi.fn(),
    onNew: vi.fn(),
    onRename: vi.fn(),
    onDelete: vi.fn(),
    ...overrides,
  };
  render(<ConversationList {...props} />);
  return props;
}

describe("ConversationList", () => {
  it("lists the conversations that have a question, by title, marking the current one", () => {
    renderList();
    const items = within(screen.getByRole("navigation", { name: "Conversations" })).getAllByRole("listitem");
    expect(items.map((li) => li.querySelector(".conversation-title")?.textContent)).toEqual(["Signatories", "What does clause 24 say?"]);
    expect(screen.getByRole("button", { name: /^Signatories/ }).getAttribute("aria-current")).toBe("true");
    expect(screen.getByRole("button", { name: /^What does clause 24 say\?/ }).getAttribute("aria-current")).toBeNull();
    expect(screen.getByRole("button", { name: "Conversations (2)" }).getAttribute("aria-expanded")).toBe("false");
  });

  it("opens, starts, renames and deletes from the keyboard", async () => {
    const user = userEvent.setup();
    const props = renderList();
    await user.click(screen.getByRole("button", { name: /^What does clause 24 say\?/ }));
    expect(props.onSelect).toHaveBeenCalledWith("c1");
    await user.click(screen.getByRole("button", { name: "New chat" }));
    expect(props.onNew).toHaveBeenCalledOnce();

    await user.click(screen.getByRole("button", { name: "Rename “Signatories”" }));
    const field = screen.getByLabelText<HTMLInputElement>("Conversation title");
    expect(field.value).toBe("Signatories");
    await user.type(field, "Who signed it{Escape}");
    expect(props.onRename).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: /^Signatories/ }));

    await user.click(screen.getByRole("button", { name: "Rename “Signatories”" }));
    await user.clear(screen.getByLabelText("Conversation title"));
    await user.type(screen.getByLabelText("Conversation title"), "Who signed it{Enter}");
    expect(props.onRename).toHaveBeenCalledExactlyOnceWith("c2", "Who signed it");

    await user.click(screen.getByRole("button", { name: "Delete “What does clause 24 say?”" }));
    expect(props.onDelete).toHaveBeenCalledExactlyOnceWith("c1");
  });

  it("opens as a drawer from its toggle, and Escape closes it and returns focus", async () => {
    const user = userEvent.setup();
    renderList();
    const toggle = screen.getByRole("button", { name: "Conversations (2)" });
    await user.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getByRole("navigation").className).toContain("is-open");
    await user.tab();
    await user.keyboard("{Escape}");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(toggle);
  });

  it("says where conversations will be kept before there are any", () => {
    renderList({ conversations: [conversation("new", [])], currentId: "new" });
    expect(screen.queryByRole("list")).toBeNull();
    expect(screen.getByText(/kept here, in this browser/)).toBeTruthy();
  });
});
