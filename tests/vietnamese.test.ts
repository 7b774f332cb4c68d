import { describe, expect, it } from "vitest";
import { glossVietnamese, isVietnamese } from "../server/retrieval/vietnamese.ts";

describe("isVietnamese", () => {
  it.each([
    "mien thi thuc cho cong dan bulgaria bao nhieu ngay",
    "HOP TAC NONG NGHIEP GOM NHUNG GI",
    "viet nam va bulgaria hop tac giao duc the nao",
    "Nguoi Bulgaria duoc mien thi thuc bao nhieu ngay?",
    "Hai ben nhat tri gi ve quoc phong?",
    "Tong Bi thu To Lam tham Bulgaria khi nao?",
    "Hiep dinh EVFTA la gi?",
    "Quan he Viet Nam - Bulgaria duoc nang cap len muc nao?",
    "BENH VIEN VIET NAM - BULGARIA O DAU?",
    "Bulgaria co mien visa cho nguoi Viet Nam khong?",
    "Hop Tac Ve Lao Dong Nhu The Nao",
    "Ai moi To Lam sang tham Bulgaria?",
    "to lam la ai",
    "an ninh la gi",
    "bao lau?",
    "Hợp tác nong nghiep gồm nhung gi?",
    "hop tac văn hoa the nao",
  ])("%j is Vietnamese", (text) => {
    expect(isVietnamese(text)).toBe(true);
  });

  it.each([
    "When did Ho Chi Minh visit Bulgaria?",
    "When did Hồ Chí Minh visit Bulgaria?",
    "What did To Lam say in Ha Noi?",
    "Who is Le Thi Thu Hang?",
    "Tell me about Le Thi Thu Hang's press briefing in Hanoi",
    "Is the Vietnam-Bulgaria Hospital in Thai Binh or Hung Yen?",
    "How many days can Bulgarian citizens stay in Vietnam without a visa?",
    "What did the two sides agree on defence?",
    "WHEN DID TO LAM VISIT HA NOI?",
    "what did to lam say about asean",
    "Vietnam Bulgaria ASEAN",
    "Did Pham Minh Chinh meet Rumen Radev?",
    "What does the Joint Statement say about UNCLOS 1982?",
    "Who leads the Communist Party of Vietnam?",
    "What does hop tac mean?",
    "Can they ban it?",
    // Vietnamese place names with their diacritics, in an English message.
    "I run a small business in Đồng Nai exporting cashews; is there a committee for trade?",
    "Does anything in the statement help exporters from Đà Nẵng or Hải Phòng?",
  ])("%j is English", (text) => {
    expect(isVietnamese(text)).toBe(false);
  });
});

describe("glossVietnamese without diacritics", () => {
  it.each([
    ["mien thi thuc cho cong dan bulgaria bao nhieu ngay", ["visa exemption", "bulgarian citizens", "how many days"]],
    ["HOP TAC NONG NGHIEP GOM NHUNG GI", ["cooperation", "agriculture", "what"]],
    ["viet nam va bulgaria hop tac giao duc the nao", ["vietnam", "bulgaria", "cooperation", "education", "how"]],
    ["Tong Bi thu To Lam tham Bulgaria khi nao?", ["general secretary", "to lam", "visit", "when"]],
    ["chuyen bay thang giua hai nuoc", ["direct flights", "two countries"]],
    ["hai ben hop tac ve an ninh mang nhu the nao", ["cyber security", "how"]],
    ["cong uoc lien hop quoc ve luat bien 1982", ["law of the sea", "1982"]],
    ["hop tac ve lao dong di cu va dao tao nghe", ["migration labor", "vocational training"]],
    ["hai ben hop tac ve moi truong gi", ["environment", "what"]],
    ["dang cong san viet nam", ["communist party", "vietnam"]],
    ["hai ben hop tac ve AI nhu the nao", ["artificial intelligence"]],
    ["Benh vien o Thai Binh duoc xay khi nao?", ["hospital", "Thai Binh", "when"]],
  ])("%j glosses to %j", (question, terms) => {
    const gloss = glossVietnamese(question);
    for (const term of terms) expect(gloss).toContain(term);
  });

  it.each([
    ["Bulgaria cap bao nhieu hoc bong?", /how many scholarships/],
    ["Hiep dinh EVFTA la gi?", /^what agreement EVFTA$/],
    ["To Lam la ai?", /^who\b/],
  ])("%j keeps the question word where English wants it: %s", (question, pattern) => {
    expect(glossVietnamese(question)).toMatch(pattern);
  });

  it("reads a bare word that folds to two glossary words as the listed one, and typed diacritics as typed", () => {
    expect(glossVietnamese("hai ben dang hop tac ve gi")).not.toContain("party");
    expect(glossVietnamese("Hai bên đang hợp tác về gì?")).not.toContain("party");
    expect(glossVietnamese("Vai trò của Đảng là gì?")).toContain("party");
  });

  it.each([
    ["Người Bulgaria được miễn thị thực bao nhiêu ngày?", "Nguoi Bulgaria duoc mien thi thuc bao nhieu ngay?"],
    ["Hợp tác nông nghiệp gồm những gì?", "HOP TAC NONG NGHIEP GOM NHUNG GI?"],
    ["Việt Nam và Bulgaria hợp tác giáo dục thế nào?", "viet nam va bulgaria hop tac giao duc the nao"],
    ["Hai bên nhất trí gì về quốc phòng?", "Hai ben nhat tri gi ve quoc phong?"],
    ["Tổng Bí thư Tô Lâm thăm Bulgaria khi nào?", "Tong Bi thu To Lam tham Bulgaria khi nao?"],
    ["Bệnh viện ở Thái Bình được xây dựng khi nào?", "Benh vien o Thai Binh duoc xay dung khi nao?"],
    ["Hai nước hợp tác về biến đổi khí hậu như thế nào?", "hai nuoc hop tac ve bien doi khi hau nhu the nao"],
    ["Có chuyến bay thẳng giữa hai nước không?", "Co chuyen bay thang giua hai nuoc khong?"],
    ["Công ước Liên Hợp Quốc về Luật Biển 1982 nói gì?", "cong uoc lien hop quoc ve luat bien 1982 noi gi"],
    ["Sức khoẻ và y tế: hai bên hợp tác ra sao?", "suc khoe va y te: hai ben hop tac ra sao?"],
  ])("%j and %j gloss alike", (accented, unaccented) => {
    const gloss = glossVietnamese(accented);
    expect(gloss).not.toBe("");
    expect(glossVietnamese(unaccented)).toBe(gloss);
  });
});

describe("glossVietnamese of a yes/no question", () => {
  it("opens with 'does' so the answer can tell a hedge from a yes", () => {
    expect(glossVietnamese("Bulgaria có miễn thị thực cho người Việt không?")).toMatch(/^does /);
    expect(glossVietnamese("Bulgaria miễn thị thực bao nhiêu ngày?")).not.toMatch(/^does /);
  });
});
