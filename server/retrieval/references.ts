/**
 * Explicit references in a question resolve exactly, not by similarity:
 * "clause 24", "point 7", "§24", "item 3", "clauses 10–14", "section II",
 * "the preamble", "preamble paragraph 3", "paragraph 5 of the article",
 * "the last paragraph of the article", "the closing paragraph", and the
 * Vietnamese "điều 24" / "mục II" / "đoạn 5". Unknown numbers are reported so
 * the answer can say "there is no clause 99" instead of guessing.
 */
import type { Chunk } from "../contract.ts";
import { foldText } from "../text.ts";

export interface ReferenceResult {
  /** Chunk ids named by the question, in the order named. */
  ids: string[];
  /** References that name no chunk, in words ("clause 99"). */
  unknown: string[];
  /**
   * Relative to the conversation's last citation: "the next clause", "the one
   * after that" (+1); "the previous clause", "the one before it" (−1); "which
   * clause was that?", "what section is that in?" (0, the cited chunk itself).
   */
  relative?: 1 | -1 | 0;
  /** "The clause between those two": the chunks between the conversation's last two citations. */
  between?: boolean;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10 };
const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  opening: 1,
};

const NUMBER_LIST = String.raw`(\d{1,3}(?:\s*(?:-|to|through|and|&|,|va|den)\s*\d{1,3})*)`;
const CLAUSE_WORDS = String.raw`(?:clauses?|points?|items?|commitments?|dieu|khoan)`;
const CLAUSE_REF = new RegExp(String.raw`(?:\b${CLAUSE_WORDS}\s*(?:no\.?|number|#)?\s*|§+\s*)${NUMBER_LIST}`, "g");
const PARAGRAPH_REF = new RegExp(String.raw`(?:\b(?:paragraphs?|paras?|doan)\s*(?:no\.?|number|#)?\s*|¶\s*)${NUMBER_LIST}`, "g");
// "the last numbered clause", "the first substantive paragraph": a describing word may stand between.
const ORDINAL_PARAGRAPH = /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|opening|last|final|closing|concluding)\s+(?:(?:numbered|substantive|main|operative|actual|real|proper|full)\s+)?(?:paragraph|para|clause|point|section)\b/g;
const SECTION_REF = /\b(?:section|part|chapter|muc|phan)\s+(?:no\.?\s*)?(vi{0,3}|iv|ix|x|i{1,3}|v|\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b/g;
/** "Part two", "section three": a section's number written as a word. */
const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

const UNIT = String.raw`(?:clause|paragraph|para|point|item|one|section|part|dieu|doan)`;
/** "the one just before it", "the clause right after that". */
const CLOSE = String.raw`(?:(?:just|right|immediately|directly)\s+)?`;
const RELATIVE_NEXT = new RegExp(String.raw`\b(?:next|following|subsequent) ${UNIT}\b|\bthe one ${CLOSE}(?:after|following)(?: (?:that|it|this))?(?=\s*[?.!]*\s*$|\s+(?:that|it|this)\b)|\bnext one\b|\bwhat comes ${CLOSE}(?:after|next)\b|\b${UNIT} ${CLOSE}after (?:that|it|this)\b`);
const RELATIVE_PREVIOUS = new RegExp(String.raw`\b(?:previous|preceding|prior) ${UNIT}\b|\bthe one ${CLOSE}before(?: (?:that|it|this))?(?=\s*[?.!]*\s*$|\s+(?:that|it|this)\b)|\bwhat comes ${CLOSE}before\b|\b${UNIT} ${CLOSE}before (?:that|it|this)?\b`);
const BETWEEN =
  /\bbetween (?:those|these|them)(?: two)?\b(?! (?:countries|nations|sides|documents|texts|leaders|states|parties|peoples)\b)|\bbetween the two (?:clauses|paragraphs|points|items|passages|ones)\b|\bin between\b/;
/** "the difference between these two", "how do they compare": the two themselves, not what lies between them. */
const SET_SIDE_BY_SIDE = /\b(?:differen\w*|differ|compar\w*|similar\w*|relation\w*|link\w*|connection|contrast\w*|gap)\b[^?]*\bbetween\b/;
const RELATIVE_SAME = new RegExp(String.raw`\b(?:which|what) (?:clause|paragraph|para|point|item|section|part|number)\b.*\b(?:that|this|it)\b|\bwhere (?:does|did) (?:it|the (?:statement|article)) say (?:that|this|so)\b|\b(?:that|this) (?:clause|paragraph|point)\b`);

/** "What does the statement open with?", "How does the article begin?". */
const OPENING = /\bhow does (?:the )?(?:joint |vna |news )?(?:statement|article|piece|report|document|it) (?:open|begin|start)\b|\bwhat does (?:the )?(?:joint |vna |news )?(?:statement|article|piece|report) (?:open|begin|start) with\b|\b(?:the )?(?:beginning|start|opening lines|opening words) of the (?:joint )?(?:statement|article)\b/;

/** "How does the statement end?", "the end of the article". */
const ENDING = /\bhow does (?:the )?(?:joint |vna |news )?(?:statement|article|piece|report|document|it) (?:end|conclude|close|finish|wrap up|wind up|sign off)\b|\b(?:the )?end of the (?:joint )?(?:statement|article)\b|\bwhat does (?:the )?(?:joint )?(?:statement|article) (?:end|conclude|close) with\b/;

function expandNumbers(list: string): number[] {
  const out: number[] = [];
  const parts = list.split(/\s*(?:and|&|,|va)\s*/);
  for (const part of parts) {
    const range = /^(\d+)\s*(?:-|to|through|den)\s*(\d+)$/.exec(part.trim());
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to >= from && to - from <= 40) for (let n = from; n <= to; n++) out.push(n);
      else out.push(from, to);
    } else if (/^\d+$/.test(part.trim())) {
      out.push(Number(part.trim()));
    }
  }
  return out;
}

/**
 * Resolves references against one corpus. Built once: what it precomputes
 * (ids, which document holds clauses and which paragraphs, sections) would
 * otherwise cost a pass over every chunk per question.
 */
export class ReferenceResolver {
  private readonly byId: Set<string>;
  private readonly statement?: string;
  private readonly article?: string;
  private readonly preamble: Chunk[];
  private readonly articleParagraphs: Chunk[];
  private readonly lastClause?: Chunk;
  private readonly bySection = new Map<number, Chunk[]>();

  constructor(chunks: Chunk[]) {
    this.byId = new Set(chunks.map((c) => c.id));
    this.statement = chunks.find((c) => c.kind === "clause")?.docId;
    this.article = chunks.find((c) => c.kind === "paragraph")?.docId;
    this.preamble = chunks.filter((c) => c.kind === "preamble");
    this.articleParagraphs = chunks.filter((c) => c.docId === this.article);
    this.lastClause = chunks.filter((c) => c.kind === "clause").at(-1);
    for (const c of chunks) {
      const numeral = c.section ? ROMAN[c.section.numeral.toLowerCase()] : undefined;
      if (numeral === undefined) continue;
      const list = this.bySection.get(numeral) ?? [];
      list.push(c);
      this.bySection.set(numeral, list);
    }
  }

  resolve(question: string): ReferenceResult {
    const q = foldText(question);
    const { statement, article } = this;
    const ids: string[] = [];
    const unknown: string[] = [];
    const add = (id: string | undefined, words: string) => {
      if (id && this.byId.has(id)) {
        if (!ids.includes(id)) ids.push(id);
      } else if (!unknown.includes(words)) {
        unknown.push(words);
      }
    };

    const mentionsArticle = /\b(article|news|report|press|piece|vna|vns|bai bao|bai viet)\b/.test(q);
    const mentionsPreamble = /\b(preamble|introduction|intro|loi mo dau)\b/.test(q);
    const mentionsStatement = /\b(statement|declaration|tuyen bo)\b/.test(q);

    for (const m of q.matchAll(CLAUSE_REF)) {
      for (const n of expandNumbers(m[1]!)) add(statement && `${statement}/${n}`, `clause ${n}`);
    }

    for (const m of q.matchAll(PARAGRAPH_REF)) {
      for (const n of expandNumbers(m[1]!)) {
        if (mentionsPreamble) add(statement && `${statement}/preamble-${n}`, `preamble paragraph ${n}`);
        else if (mentionsStatement && !mentionsArticle) add(statement && `${statement}/${n}`, `clause ${n}`);
        else add(article && `${article}/${n}`, `article paragraph ${n}`);
      }
    }

    for (const m of q.matchAll(ORDINAL_PARAGRAPH)) {
      const word = m[1]!;
      const isLast = ["last", "final", "closing", "concluding"].includes(word);
      // "the last section", "the first section": the numbered sections, not the closing paragraph.
      if (/\bsection$/.test(m[0]) && !mentionsArticle && !mentionsPreamble && word !== "closing" && word !== "concluding") {
        const numbers = [...this.bySection.keys()].sort((a, b) => a - b);
        const n = isLast ? numbers.at(-1) : ORDINALS[word];
        for (const c of (n !== undefined ? this.bySection.get(n) : undefined) ?? []) add(c.id, `section ${word}`);
        if (n === undefined || !this.bySection.has(n)) unknown.push(`${word} section`);
        continue;
      }
      if (mentionsPreamble) {
        add(isLast ? this.preamble.at(-1)?.id : `${statement}/preamble-${ORDINALS[word]}`, `preamble paragraph ${word}`);
      } else if (mentionsArticle || (!mentionsStatement && !/\b(clause|point)\b/.test(m[0]))) {
        if (mentionsArticle || !isLast) {
          add(isLast ? this.articleParagraphs.at(-1)?.id : `${article}/${ORDINALS[word]}`, `article paragraph ${word}`);
        } else {
          add(`${statement}/closing`, "closing paragraph");
        }
      } else if (/\b(clause|point)\b/.test(m[0])) {
        add(isLast ? this.lastClause?.id : `${statement}/${ORDINALS[word]}`, m[0]);
      } else {
        // "the first paragraph of the statement" is its preamble's; "the last" is its closing paragraph.
        add(isLast ? `${statement}/closing` : `${statement}/preamble-${ORDINALS[word]}`, m[0]);
      }
    }

    if (ENDING.test(q) && mentionsArticle && !mentionsStatement) add(this.articleParagraphs.at(-1)?.id, "last article paragraph");
    if (OPENING.test(q)) add(mentionsArticle && !mentionsStatement ? this.articleParagraphs[0]?.id : this.preamble[0]?.id, "opening paragraph");
    if ((/\b(closing|concluding|final) (paragraph|section|part|words)\b|\bconclusion of the (joint )?statement\b/.test(q) || ENDING.test(q)) && !mentionsArticle) {
      add(`${statement}/closing`, "closing paragraph");
    }

    for (const m of q.matchAll(SECTION_REF)) {
      const token = m[1]!;
      const numeral = /^\d+$/.test(token) ? Number(token) : (ROMAN[token] ?? NUMBER_WORDS[token]);
      const inSection = numeral === undefined ? [] : (this.bySection.get(numeral) ?? []);
      const label = `section ${NUMBER_WORDS[token] === undefined ? token.toUpperCase() : token}`;
      if (inSection.length === 0) unknown.push(label);
      for (const c of inSection) add(c.id, label);
    }

    if (mentionsPreamble && !ids.some((id) => id.includes("/preamble-")) && !unknown.some((u) => u.startsWith("preamble"))) {
      for (const c of this.preamble) add(c.id, "preamble");
    }

    if (ids.length === 0 && BETWEEN.test(q) && !SET_SIDE_BY_SIDE.test(q)) return { ids, unknown, between: true };
    const relative = RELATIVE_NEXT.test(q) ? 1 : RELATIVE_PREVIOUS.test(q) ? -1 : RELATIVE_SAME.test(q) ? 0 : undefined;
    return { ids, unknown, ...(relative !== undefined && (relative !== 0 || ids.length === 0) ? { relative } : {}) };
  }
}

/** One-off resolution (tests, tools); the engine keeps a ReferenceResolver. */
export function resolveReferences(question: string, chunks: Chunk[]): ReferenceResult {
  return new ReferenceResolver(chunks).resolve(question);
}
