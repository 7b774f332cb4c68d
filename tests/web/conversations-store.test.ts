// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import type { ChatMessage } from "../../server/contract.ts";
import {
  LEGACY_CONVERSATION_KEY,
  loadStore,
  newConversation,
  saveStore,
  STORE_KEY,
  titleOf,
  type Conversation,
} from "../../web/src/chat/conversations-store.ts";

afterEach(() => localStorage.clear());

const question = (id: string, text: string): ChatMessage => ({ id, role: "user", parts: [{ type: "text", text }] });
const answer = (id: string, text: string): ChatMessage => ({
  id,
  role: "assistant",
  metadata: { mode: "extractive", abstained: false },
  parts: [{ type: "text", text }],
});

function conversation(id: string, updatedAt: number, messages: ChatMessage[], extra: Partial<Conversation> = {}): Conversation {
  return { id, createdAt: updatedAt, updatedAt, messages, feedback: {}, interrupted: {}, ...extra };
}

const visa = conversation("c1", 200, [question("u1", "How long can Bulgarians stay without a visa?"), answer("a1", "45 days [statement/24]")], {
  feedback: { a1: { rating: "down", note: "expected: 45 days" } },
  interrupted: {},
});
const flights = conversation("c2", 100, [question("u2", "What does clause 24 say?"), answer("a2", "")], { title: "Flights", interrupted: { a2: "stopped" } });

describe("loadStore and saveStore", () => {
  it("starts with one empty conversation, current, when nothing is stored", () => {
    const store = loadStore();
    expect(store.conversations).toHaveLength(1);
    expect(store.conversations[0]).toMatchObject({ messages: [], feedback: {}, interrupted: {} });
    expect(store.currentId).toBe(store.conversations[0]!.id);
  });

  it("keeps conversations, their feedback, interruptions, titles and the current one across a reload, newest first", () => {
    expect(saveStore({ conversations: [flights, visa], currentId: "c2" })).toBe(true);
    const store = loadStore();
    expect(store.currentId).toBe("c2");
    expect(store.conversations).toEqual([visa, flights]);
  });

  it("drops empty conversations other than the current one", () => {
    saveStore({ conversations: [conversation("empty", 300, []), visa], currentId: "c1" });
    expect(loadStore().conversations.map((c) => c.id)).toEqual(["c1"]);
  });

  it("quietly gives up when the browser refuses to store (full or disabled)", () => {
    const full = { setItem: () => { throw new DOMException("full", "QuotaExceededError"); }, removeItem: () => {} } as unknown as Storage;
    expect(saveStore({ conversations: [visa], currentId: "c1" }, full)).toBe(false);
  });
});

describe("taking over the first version's single conversation", () => {
  const messages = [question("u1", "What does clause 24 say?"), answer("a1", "Flights [statement/24]")];

  it("makes it the current conversation, titled by its first question, and removes the old key once saved", () => {
    localStorage.setItem(LEGACY_CONVERSATION_KEY, JSON.stringify(messages));
    const store = loadStore();
    expect(store.conversations).toHaveLength(1);
    expect(store.conversations[0]!.messages).toEqual(messages);
    expect(store.currentId).toBe(store.conversations[0]!.id);
    expect(titleOf(store.conversations[0]!)).toBe("What does clause 24 say?");
    saveStore(store);
    expect(localStorage.getItem(LEGACY_CONVERSATION_KEY)).toBeNull();
    expect(loadStore()).toEqual(store);
  });

  it("ignores the old key once the new store exists", () => {
    saveStore({ conversations: [visa], currentId: "c1" });
    localStorage.setItem(LEGACY_CONVERSATION_KEY, JSON.stringify(messages));
    expect(loadStore().conversations.map((c) => c.id)).toEqual(["c1"]);
  });

  it.each([["not json"], ["{}"], ["[]"], ['[{"id":1}]'], ['[{"id":"x","role":"system","parts":[]}]']])("starts empty from an old key holding %s", (raw) => {
    localStorage.setItem(LEGACY_CONVERSATION_KEY, raw);
    const store = loadStore();
    expect(store.conversations).toHaveLength(1);
    expect(store.conversations[0]!.messages).toEqual([]);
  });
});

describe("corrupt or hand-edited data", () => {
  it.each([["not json"], ["null"], ['"text"'], ["[]"], ['{"conversations":{}}']])("starts fresh from %s", (raw) => {
    localStorage.setItem(STORE_KEY, raw);
    const store = loadStore();
    expect(store.conversations).toHaveLength(1);
    expect(store.conversations[0]!.messages).toEqual([]);
  });

  it("drops the conversations that do not look right and keeps the rest", () => {
    const raw = {
      currentId: "c1",
      conversations: [
        visa,
        { id: "bad-messages", messages: [{ id: 3 }] },
        { id: "", messages: [] },
        "not a conversation",
        { ...visa, title: "A duplicate id" },
        { id: "no-times", messages: [question("u9", "Who signed?")] },
      ],
    };
    localStorage.setItem(STORE_KEY, JSON.stringify(raw));
    const store = loadStore();
    expect(store.conversations.map((c) => c.id)).toEqual(["c1", "no-times"]);
    expect(store.conversations[1]).toMatchObject({ createdAt: 0, updatedAt: 0, feedback: {}, interrupted: {} });
  });

  it("drops feedback and interruptions that are malformed or name no message in the conversation", () => {
    const raw = {
      currentId: "c1",
      conversations: [
        {
          ...visa,
          feedback: { a1: { rating: "meh" }, gone: { rating: "up" }, u1: { rating: "up", note: 5 } },
          interrupted: { a1: "exploded", gone: "stopped" },
        },
      ],
    };
    localStorage.setItem(STORE_KEY, JSON.stringify(raw));
    expect(loadStore().conversations[0]).toMatchObject({ feedback: {}, interrupted: {} });
  });

  it("opens a new empty conversation when the current one is missing", () => {
    localStorage.setItem(STORE_KEY, JSON.stringify({ currentId: "nowhere", conversations: [visa] }));
    const store = loadStore();
    expect(store.conversations.map((c) => c.id)).toContain("c1");
    expect(store.conversations.find((c) => c.id === store.currentId)!.messages).toEqual([]);
  });
});

describe("titleOf", () => {
  it("is the new name once renamed, else the first question, else New chat", () => {
    expect(titleOf(flights)).toBe("Flights");
    expect(titleOf(visa)).toBe("How long can Bulgarians stay without a visa?");
    expect(titleOf(newConversation())).toBe("New chat");
  });

  it("shortens a long first question to one line", () => {
    const long = conversation("c", 1, [question("u", `What does   the\nstatement say about ${"trade ".repeat(30)}?`)]);
    const title = titleOf(long);
    expect(title.length).toBeLessThanOrEqual(80);
    expect(title).toMatch(/^What does the statement say about trade .*…$/);
  });
});
