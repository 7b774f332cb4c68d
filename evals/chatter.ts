/**
 * Chatter stress sets: a copy of an eval set with every question wrapped the
 * way people write to a chat box — a greeting, a sentence about who they are
 * and why they ask, the question (sometimes introduced: "I was wondering …"),
 * thanks. The words around the question are the ones real messages carry
 * (a company, a class, a trip, a deadline), so they pull retrieval the way
 * real chatter does; the gold answer does not change. The hand-written
 * `rambling` cases are few (22 across the held-out sets); this measures
 * the same thing on every kind of question.
 *
 * Drawn from a seeded generator, so a set is the same on every machine.
 */
import type { EvalItem } from "./eval-set.ts";
import { pickOne, seededRandom } from "./seeded-random.ts";

const OPENINGS = ["Hi!", "Hello,", "Hey there.", "Good morning.", "Hi there, quick one.", "Hello again.", "Hey,", "Good afternoon!"];

/** Who is asking and why: the people the product is for, in their own words. */
const CONTEXTS = [
  "I'm a journalist putting together a short piece on Southeast Asia for our weekend edition.",
  "My company imports furniture from Vietnam and we're looking at other markets in Europe.",
  "I'm preparing a presentation for my international relations class next week.",
  "My manager asked me to check a few points before a meeting tomorrow morning.",
  "I've been reading the statement on my phone on the train and got a bit lost.",
  "We are planning a family trip to Sofia next spring and I got curious about all this.",
  "I work for a small NGO in Ho Chi Minh City that runs student exchanges.",
  "I'm writing my master's thesis on small-state diplomacy and need to get this right.",
  "Our chamber of commerce is drafting a newsletter for members who trade with the Balkans.",
  "My grandfather studied engineering in Bulgaria in the eighties, so this is personal for me.",
  "I run a translation agency and a client sent me this text with questions.",
  "I'm a policy analyst and I only have a few minutes between calls.",
  "Sorry, English is not my first language, I hope this makes sense.",
  "I skimmed the news about the visit but never read the actual documents.",
];

const LEAD_INS = ["", "", "", "I was wondering: ", "Can you tell me this: ", "My question is, ", "Quick question — ", "I need to know: "];

const CLOSINGS = ["", "", "Thanks!", "Thanks a lot in advance.", "Cheers.", "Appreciate it.", "A short answer is fine.", "Thank you so much!"];

/** The same for a question in Vietnamese: people write around it in their own language. */
const VIETNAMESE = {
  openings: ["Chào bạn!", "Xin chào,", "Chào anh chị.", "Cho mình hỏi chút."],
  contexts: [
    "Mình là sinh viên năm ba ngành quan hệ quốc tế, đang làm bài tiểu luận.",
    "Công ty tôi xuất khẩu cà phê và đang tìm hiểu thị trường châu Âu.",
    "Tôi là phóng viên, đang viết bài về chuyến thăm này.",
    "Sếp nhờ tôi kiểm tra lại vài thông tin trước cuộc họp sáng mai.",
    "Tôi đọc tin trên điện thoại mà chưa hiểu rõ lắm.",
    "Gia đình tôi định đi du lịch Sofia vào mùa xuân tới.",
  ],
  leadIns: ["", "", "Cho tôi hỏi: ", "Câu hỏi của tôi là: ", "Mình muốn biết: "],
  closings: ["", "", "Cảm ơn nhiều!", "Cảm ơn bạn.", "Trả lời ngắn gọn giúp mình nhé."],
};

const ENGLISH = { openings: OPENINGS, contexts: CONTEXTS, leadIns: LEAD_INS, closings: CLOSINGS };

const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
/** Vietnamese typed without diacritics: its commonest short words. */
const PLAIN_VIETNAMESE = /\b(?:nao|gi|khong|bao nhieu|hai ben|hop tac|cua|duoc|la|va|nhung|giai doan|ngay)\b/i;

function withoutDiacritics(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

/** The question inside a message of chatter, in the question's language (and, in Vietnamese, its use of diacritics). */
export function withChatter(question: string, random: () => number): string {
  const accented = VIETNAMESE_LETTERS.test(question);
  const vietnamese = accented || PLAIN_VIETNAMESE.test(question);
  const pool = vietnamese ? VIETNAMESE : ENGLISH;
  const written = (text: string) => (vietnamese && !accented ? withoutDiacritics(text) : text);
  const parts: string[] = [];
  if (random() < 0.7) parts.push(written(pickOne(pool.openings, random)));
  if (random() < 0.8) parts.push(written(pickOne(pool.contexts, random)));
  const leadIn = written(pickOne(pool.leadIns, random));
  // After a lead-in the question reads on in the same sentence.
  parts.push(leadIn ? leadIn + question.charAt(0).toLowerCase() + question.slice(1) : question);
  const closing = written(pickOne(pool.closings, random));
  if (closing) parts.push(closing);
  return parts.join(" ");
}

export function chatterSet(items: EvalItem[], seed: number): EvalItem[] {
  const random = seededRandom(seed);
  return items.map((item) => ({
    ...item,
    id: `${item.id}~chatter`,
    question: withChatter(item.question, random),
    tags: item.tags.includes("rambling") ? item.tags : [...item.tags, "rambling"],
  }));
}

