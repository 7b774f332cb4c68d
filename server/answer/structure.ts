/**
 * Questions about the documents' shape: "What are the main areas of
 * cooperation?", "Summarize section VI", "How many clauses are there?",
 * "List the agreements mentioned". The Joint Statement answers these itself —
 * its six section headings are its own summary — so these answers come from
 * the section tree and the clauses' own wording (a heading, or one short line
 * per clause, each cited), not from four sentences that happened to score best.
 */
import type { Chunk, Citation } from "../contract.ts";
import { foldText, splitSentences, termOf, words } from "../text.ts";
import { marker } from "./markers.ts";

export interface StructuralAnswer {
  answer: string;
  citations: Citation[];
}

const COUNT = /\bhow many (?:[a-z-]+ ){0,2}?(clauses|sections|paragraphs|paras|points|parts|articles|commitments|chapters)\b/;
/**
 * "How is the statement organised?", "list the section titles": its outline, whatever else the words match ("organised"
 * shares its stem with the documents' "organizations").
 */
const OUTLINE_ASKED =
  /\b(?:list|name|give|what are|show) (?:me )?(?:the |all |its )?(?:section )?(?:headings|titles|section names|sections)\b(?! (?:on|about|for|under|of section)\b)|\bhow is (?:the |it |this )?(?:joint )?(?:statement )?(?:organi[sz]ed|structured|laid out|arranged|divided|set out|broken up)\b/;
const OVERVIEW =
  /\blist (?:the |all )?(?:areas|fields|sectors|topics|themes|pillars)\b|\b(summar(y|ize|ise)|overview|outline|gist|structure|in a nutshell|tl;?dr|break (it )?down|by theme)\b|\b(main|key|major|principal|broad|general|six|6)\s+(areas|fields|sectors|pillars|topics|themes|points|parts|sections)\b|\bwhat (areas|fields|sectors|topics|sections|themes)\b|\bwhat does (the )?(joint )?statement cover\b|\bwhat is (the )?(joint )?statement about\b/;
const LIST_DOCUMENTS =
  /\b(which|what) (?:(?:new|earlier|older|existing|previous|past|other|legal|bilateral|formal|cooperation|international|specific|key|main)\s+){0,2}(agreements|programs|programmes|plans|treaties|conventions|accords|memoranda|mous)\b(?!\s+(?:on|for|about|regarding|concerning|covering)\b|\s+in\s+(?!the\s+(?:joint\s+)?(?:statement|documents?|article|text)\b))|\b(which|what) (?:new|legal|formal|bilateral|cooperation) documents\b|\b(list|name|enumerate|which|what)\b.*\b(agreements?|programs?|programmes?|plans?|memorand\w*|treaties|accords|conventions|frameworks?)\b.*\b(mentioned|named|listed|referred|cited|referenced|exist|existing|are there|does it mention|in the (joint )?statement|in the documents?)\b|\blist (all |the |every )?(agreements|programs|programmes|plans|documents|treaties)\b|\ball (the )?(agreements|programs|programmes|treaties)\b/;

/** "… and from what years?": only the documents dated by their name or by the words after it. */
const ASKS_YEARS = /\b(?:what|which) years?\b|\b(?:with|and) (?:the |their |its )?years?\b|\bwhen (?:they were|it was) (?:signed|concluded|adopted)\b|\bby (?:their|its) years?\b|\bdated\b/;
/** Words for kinds of document, and for which of them: what a list asks for, not its topic. */
const DOCUMENT_KIND_TERMS = new Set(
  "agreement agreements program programs programme programmes plan plans convention conventions treaty treaties accord accords memorandum memoranda mou mous framework frameworks initiative initiatives document documents cooperation bilateral legal formal existing earlier older previous new year years"
    .split(" ")
    .map(termOf),
);
/** "… with their periods", "time-bound programmes": only those with a period written after their name. */
const ASKS_PERIOD = /\bperiods?\b|\btime[- ]bound\b|\btime ?frames?\b|\btimelines?\b|\bdurations?\b|\bfixed (?:time|dates?|terms?)\b|\bhow long\b|\buntil when\b/;
/** "… named in the development cooperation part": the list of that part only. */
const IN_PART = /\b(?:in|under|within|from)\s+the\s+((?:[\p{L}-]+\s+){1,4}?)(?:part|section|subsection|chapter|clauses?|heading|bit|portion)\b/u;
/** "Which new documents are they planning to sign?": only those the text says are still to be signed. */
const ASKS_NEW = /\bnew\b|\b(?:plan|plans|planning|planned|going|intend|intends|want|wants) to sign\b|\bto be signed\b|\bupcoming\b|\bfuture\b/;
/** A passage that has a document still to sign: negotiating or promoting its signing, not "signed in 2018". */
const STILL_TO_SIGN = /\b(?:signing|sign|negotiat\w*|conclude)\b/i;

/** A name in at most this many chunks narrows a list to them ("Finland"); one in more ("EU") is a party to all of it. */
const SPECIFIC_NAME_CHUNKS = 3;
/** The parties and documents themselves: every passage is about them. */
const PARTY_NAMES = new Set(["Vietnam", "Việt", "Nam", "Viet", "Bulgaria", "Vietnamese", "Bulgarian", "Joint", "Statement", "VNA", "VNS", "To", "Tô", "Lam", "Lâm", "I"]);

/** Kinds of document written in capitals ("MoUs", "FTAs"): what is listed, not a name to narrow the list by. */
const DOCUMENT_KINDS = /^(?:MoUs?|MOUs?|FTAs?|Agreements?|Memoranda|Memorandums?|Treaties|Treaty|Programs?|Programmes?|Plans?|Conventions?)$/;

/** Capitalised names in a question other than its first word and the parties ("Finland", "Japan"). */
function namesIn(question: string): string[] {
  const out: string[] = [];
  for (const m of question.matchAll(/(?<=\S\s+)(\p{Lu}[\p{L}-]+)/gu)) {
    if (!PARTY_NAMES.has(m[1]!) && !DOCUMENT_KINDS.test(m[1]!) && !out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

const LIST_ORGANIZATIONS =
  /\b(organi[sz]ations?|forums?|fora|institutions?|multilateral (frameworks?|bodies|body))\b.*\b(named|mentioned|mentions|listed|referred|cited|in the (joint )?statement|in the (article|documents?))\b|\b(list|name|which|what)\b(?:\s+[\w-]+){0,3}?\s+(international|multilateral|regional|global) (organi[sz]ations?|forums?|fora|bodies|body|institutions?)\b/;
/** An organization: an acronym (a joint forum of two, "ASEAN - EU", is one), or the United Nations / European Union spelled out. */
const ORGANIZATION = /\b(?:[A-Z]{2,6}\s*[-–]\s*[A-Z]{2,6}(?=\b)|[A-Z]{2,6}(?=\b)|United Nations|European Union|European Commission|Association of Southeast Asian Nations)\b/g;
/** Acronyms in these documents that are not organizations: parties, agencies of the press, agreements, fields. */
const NOT_ORGANIZATIONS = new Set(["AI", "ICT", "IT", "CPV", "VNA", "VNS", "EVFTA", "EVIPA", "UNCLOS", "FM", "HÀ", "NỘI"]);

/** "Which section is the longest?", "the part with the fewest clauses". */
const SECTION_SIZE =
  /\b(?:longest|shortest|biggest|largest|smallest)\s+(?:section|part|chapter)\b|\b(?:section|part|chapter)\s+(?:is|has|with)\s+(?:the\s+)?(?:longest|shortest|biggest|largest|smallest|most|fewest)\b/;

/** Where a topic sits in the statement's outline. */
const WHICH_HEADING =
  /\b(which|what) (part|section|heading|subsection|chapter|title)\b|\bunder (which|what) (heading|section|title)\b|\bis there (a|any) (section|part|heading|chapter) (on|about|for)\b|\b(its own|a separate|a dedicated) (section|heading|part|chapter)\b|\bwhich heading\b/;
const SUBHEADINGS = /\b(sub-?headings?|sub-?sections?|sub-?topics?|headings? (under|in|of))\b/;
/** "Summarize the education part", "What does the health section say?", "overview of the agriculture chapter". */
const SUMMARY_OF_PART =
  /\b(summar(y|ize|ise)|overview|outline|gist|what does|what do|what is in|what's in)\b.*\b(part|section|subsection|chapter|heading|bit|portion)\b|\b(parts?|sections?|subsections?|chapters?|headings?) (on|about|for)\b|\b(falls?|comes?|goes|go|is|are|listed|included|covered)\s+(under|in|by)\b.*\b(heading|section|subsection|chapter|part)\b/;
const ARTICLE_OVERVIEW = /\b(summar(y|ize|ise)|overview|gist|in a nutshell|tl;?dr|ground|cover|covers)\b.*\b(article|news|report|piece|story)\b|\b(article|news|report|piece|story)\b.*\b(cover|covers|ground)\b|\bwhat is (the )?(vna |vns |news )?(article|report|piece|story) about\b|\b(article|report|piece|story)\b.*\b(about|summary)\?*$/;

/** Stems of one root differ ("economy" → economi, "economic" → econom): a shared start of five letters is a match. */
function sameRoot(a: string, b: string): boolean {
  return a === b || (Math.min(a.length, b.length) >= 5 && (a.startsWith(b) || b.startsWith(a)));
}

/**
 * The heading (a subsection, or a section without subsections) whose title
 * names the question's topic, with the clauses under it.
 */
function headingMatching(clauses: Chunk[], topic: string[]): { title: string; chunks: Chunk[] } | undefined {
  const wanted = new Set(topic);
  const headings = new Map<string, Chunk[]>();
  for (const c of clauses) {
    const title = c.subsection ?? c.section?.title;
    if (!title) continue;
    headings.set(title, [...(headings.get(title) ?? []), c]);
  }
  const matches = [...headings].filter(([title]) => words(title).some((w) => [...wanted].some((t) => sameRoot(termOf(w), t))));
  // The most specific heading: the one with fewest clauses ("Education and Training", not section IV's long title).
  matches.sort((a, b) => a[1].length - b[1].length);
  const best = matches[0];
  return best ? { title: best[0], chunks: best[1] } : undefined;
}

/** A named agreement, programme or plan: capitalised words ending in the kind of document. */
const NAMED_DOCUMENT =
  /\b((?:\d{4}\s+)?(?:(?:Vietnam|EU|Việt Nam)\s*[-–]\s*(?=[A-Z]))?(?:[A-Z][\p{L}-]*\s+(?:(?:on|of|and|for|between|in)\s+(?=[A-Z]))?)*?(?:Agreement|Program(?:me)?|Plan|Memorandum of Understanding|Convention on the Law of the Sea|Initiative)(?:\s+(?:on|in|for)\s+[A-Z][\p{L}-]*(?:\s+(?:and\s+)?[A-Z][\p{L}-]*)*)?(?:\s+\((?:[A-Z0-9 ]+)\))?)/gu;
/** Names too general to list ("existing Cooperation Agreements"). */
const GENERIC_NAME = /^(?:Cooperation|Intergovernmental Cooperation|Implementation)?\s*(?:Agreement|Program(?:me)?|Plan)s?$/;
/** A field written right after a general name: "… Agreement or the Implementation Plan in the health sector". */
const FIELD_AFTER = /^[^.;]{0,40}?\bin the ([a-z]+(?: [a-z]+)? (?:sector|field|area))\b/;
/** The period or year written right after a name: "for the period 2024 - 2026", "signed in 2018". */
const NAME_PERIOD = /^[^.;]{0,40}?\b((?:for the period|for the|signed in|in)\s+(?:\d{4}(?:\s*[-–]\s*\d{4})?)(?:\s+period)?)/;

/** A short line as a citation quote: verbatim, without the ellipsis. */
function shortQuote(text: string): string {
  return shortLine(text).replace(/ …$/, "");
}

/** The first words of a clause up to its first semicolon or about 25 words: one short line. */
export function shortLine(text: string): string {
  const body = text.replace(/^\s*\d{1,3}\.\s+/, "").split(/\n/)[0]!;
  const firstPart = body.split(/;\s+/)[0]!.replace(/[.;,]\s*$/, "");
  const wordsOf = firstPart.split(/\s+/);
  return wordsOf.length <= 28 ? `${firstPart}${firstPart.length < body.replace(/[.]\s*$/, "").length ? " …" : ""}` : `${wordsOf.slice(0, 25).join(" ")} …`;
}

interface Section {
  numeral: string;
  title: string;
  chunks: Chunk[];
}

function sectionsOf(chunks: Chunk[]): Section[] {
  const out: Section[] = [];
  for (const c of chunks) {
    if (!c.section) continue;
    let s = out.find((x) => x.numeral === c.section!.numeral && c.docId === x.chunks[0]!.docId);
    if (!s) out.push((s = { numeral: c.section.numeral, title: c.section.title, chunks: [] }));
    s.chunks.push(c);
  }
  return out;
}

function range(chunks: Chunk[]): string {
  const first = chunks[0]!;
  const last = chunks.at(-1)!;
  return first === last ? first.shortLabel : `${first.shortLabel}–${last.number ?? last.shortLabel}`;
}

/** The corpus's chunks sorted into the shapes structure answers read; built once per corpus. */
export interface Outline {
  chunks: Chunk[];
  /** Preamble, clauses and closing of the statement. */
  statement: Chunk[];
  clauses: Chunk[];
  /** The article's paragraphs. */
  paragraphs: Chunk[];
  sections: Section[];
  byId: Map<string, Chunk>;
}

const outlines = new WeakMap<Map<string, Chunk>, Outline>();

/** The outline of the corpus a chunk map holds, built on first use: no pass over the chunks per question. */
export function outlineOf(chunkById: Map<string, Chunk>): Outline {
  let outline = outlines.get(chunkById);
  if (!outline) {
    const chunks = [...chunkById.values()];
    const clauses = chunks.filter((c) => c.kind === "clause");
    outline = {
      chunks,
      statement: chunks.filter((c) => c.kind === "clause" || c.kind === "preamble" || c.kind === "closing"),
      clauses,
      paragraphs: chunks.filter((c) => c.kind === "paragraph"),
      sections: sectionsOf(clauses),
      byId: chunkById,
    };
    outlines.set(chunkById, outline);
  }
  return outline;
}

/** A heading and one short cited line per clause under it. */
function headedList(heading: string, chunks: Chunk[]): StructuralAnswer {
  const lines = chunks.map((c) => `- **${c.shortLabel}** ${shortLine(c.text)} ${marker(c.id)}`);
  return {
    answer: `**${heading}** (${range(chunks)}):\n\n${lines.join("\n")}`,
    citations: chunks.map((c) => cite(c, shortQuote(c.text))),
  };
}

/** Answers a question about the documents' structure, or undefined when the question is not one. */
export function answerStructural(
  question: string,
  outline: Outline,
  referenced: string[],
  /** Stems of the question's own topic words ("educ" in "Summarize the education part"). */
  topic: string[],
): StructuralAnswer | undefined {
  const hasOwnTopic = topic.length > 0;
  const q = foldText(question);
  const { chunks, statement, clauses, paragraphs, sections } = outline;

  const count = COUNT.exec(q);
  // "How many clauses does the defence section have?", "How many points are in section III?": that heading's clauses.
  if (count && /clause|point|commitment/.test(count[1]!)) {
    const inSection = sections.filter((sec) => sec.chunks.some((c) => referenced.includes(c.id)));
    const whole = inSection.length === 1 && inSection[0]!.chunks.every((c) => referenced.includes(c.id)) ? inSection[0]! : undefined;
    const headed = whole
      ? { title: `Section ${whole.numeral} · ${whole.title}`, chunks: whole.chunks }
      : referenced.length === 0 && hasOwnTopic && /\b(section|part|heading|chapter|subsection)\b/.test(q)
        ? headingMatching(clauses, topic)
        : undefined;
    if (headed) {
      const section = headed.chunks[0]!.section!;
      const where = whole || headed.title === section.title ? headed.title.replace(/^(?!Section )/, `Section ${section.numeral} · `) : `${headed.title}, in Section ${section.numeral} · ${section.title}`;
      const list = headedList(where, headed.chunks);
      return { ...list, answer: `**${headed.chunks.length} clauses** under ${list.answer.replace(/^\*\*(.*?)\*\*/, "$1")}` };
    }
  }
  // "Which section is the longest?": the sections by their number of clauses.
  const extreme = SECTION_SIZE.exec(q);
  if (extreme && referenced.length === 0) {
    const sizes = sections.map((sec) => sec.chunks.length);
    const wanted = /longest|biggest|largest|most/.test(extreme[0]) ? Math.max(...sizes) : Math.min(...sizes);
    const picked = sections.filter((sec) => sec.chunks.length === wanted);
    const lines = sections.map((sec) => `- **${sec.numeral}. ${sec.title}** (${range(sec.chunks)}): ${sec.chunks.length} clause${sec.chunks.length === 1 ? "" : "s"} ${marker(sec.chunks[0]!.id)}`);
    return {
      answer: `${picked.map((sec) => `**Section ${sec.numeral} · ${sec.title}**`).join(" and ")}, with ${wanted} clause${wanted === 1 ? "" : "s"}:\n\n${lines.join("\n")}`,
      citations: sections.map((sec) => cite(sec.chunks[0]!, shortQuote(sec.chunks[0]!.text))),
    };
  }
  const onlyPreamble = referenced.length > 0 && referenced.every((id) => outline.byId.get(id)?.kind === "preamble");
  if (count && (referenced.length === 0 || onlyPreamble)) {
    const unit = count[1]!;
    const aboutArticle = /\b(article|news|report|vna|vns)\b/.test(q) || (/paragraph|para/.test(unit) && !/\b(statement|preamble)\b/.test(q));
    if (aboutArticle && paragraphs.length) {
      const last = paragraphs.at(-1)!;
      return { answer: `**${paragraphs.length} paragraphs**: the VNA/VNS article runs from ¶1 to ¶${last.number}. ${marker(last.id)}`, citations: [cite(last, shortQuote(last.text))] };
    }
    if (/\bpreamble\b/.test(q)) {
      const preamble = statement.filter((c) => c.kind === "preamble");
      const last = preamble.at(-1)!;
      return { answer: `**${preamble.length} paragraphs** in the preamble of the Joint Statement. ${marker(last.id)}`, citations: [cite(last, shortQuote(last.text))] };
    }
    const lastClause = clauses.at(-1)!;
    const lines = sections.map((s) => `- **${s.numeral}.** ${s.title} (${range(s.chunks)}) ${marker(s.chunks[0]!.id)}`);
    const lead = /section|part|chapter/.test(unit)
      ? `**${sections.length} sections** (${sections[0]!.numeral}–${sections.at(-1)!.numeral}), with ${clauses.length} numbered clauses:`
      : `**${clauses.length} clauses**, numbered 1–${lastClause.number}, in ${sections.length} sections:`;
    return {
      answer: `${lead}\n\n${lines.join("\n")}\n\nBefore them come a preamble and after them a closing paragraph. ${marker(lastClause.id)}`,
      citations: [...sections.map((s) => cite(s.chunks[0]!, shortQuote(s.chunks[0]!.text))), cite(lastClause, shortQuote(lastClause.text))],
    };
  }

  if (LIST_DOCUMENTS.test(q) && referenced.length === 0) {
    // "What agreements did Vietnam sign with Finland?" asks for those of the passages about Finland, not all of them;
    // with Japan, which the documents never name, it asks for none they have.
    const named = namesIn(question).map((name) => chunks.filter((c) => c.text.includes(name)));
    if (named.some((found) => found.length === 0)) return undefined;
    const specific = named.filter((found) => found.length <= SPECIFIC_NAME_CHUNKS);
    // A part that is no heading ("the development cooperation part") is for the passages' own words, not for a list.
    const part = IN_PART.exec(q);
    const partTerms = part ? words(part[1]!).map(termOf).filter((t) => !DOCUMENT_KIND_TERMS.has(t)) : [];
    const partChunks = part ? headingMatching(clauses, partTerms)?.chunks : undefined;
    if (part && !partChunks) return undefined;
    const pool = (specific.length > 0 ? chunks.filter((c) => specific.every((found) => found.includes(c))) : chunks).filter(
      (c) => !partChunks || partChunks.includes(c),
    );
    const seen = new Map<string, Chunk>();
    for (const c of pool) {
      for (const m of c.text.matchAll(NAMED_DOCUMENT)) {
        let name = m[1]!.replace(/\s+/g, " ").trim();
        // "the Intergovernmental Cooperation Agreement … in the health sector" is named by its field.
        const field = GENERIC_NAME.test(name) ? FIELD_AFTER.exec(c.text.slice(m.index! + m[0].length)) : null;
        if (field) name = `${name} (${field[1]})`;
        if (name.split(" ").length < 2 || (GENERIC_NAME.test(name) && !field) || [...seen.keys()].some((k) => k.includes(name))) continue;
        const period = NAME_PERIOD.exec(c.text.slice(m.index! + m[0].length));
        if (period) name = `${name} (${period[1]!.trim()})`;
        if (!seen.has(name)) seen.set(name, c);
      }
    }
    const periods = ASKS_PERIOD.test(q);
    const years = !periods && ASKS_YEARS.test(q);
    const still = !years && !periods && ASKS_NEW.test(q);
    for (const [name, c] of seen) {
      const sentence = sentenceWith(c.text, name.replace(/ \(.*\)$/, ""));
      if (
        (periods && !/\b\d{4}\s*[-–]\s*\d{4}\b/.test(name)) ||
        (years && !/\b(?:1[89]|20)\d\d\b/.test(name)) ||
        (still && !(STILL_TO_SIGN.test(sentence) && !/\bsigned\b/i.test(sentence)))
      )
        seen.delete(name);
    }
    // "Which cultural programme is mentioned?": of the names, those that say the question's topic (the kinds of document
    // asked for, "conventions", "frameworks", are not a topic).
    const topical = topic.filter((t) => !DOCUMENT_KIND_TERMS.has(t));
    // (The name itself: not the period or year this answer writes after it, "(signed in 2018)".)
    const saysTopic = (name: string) => words(name.replace(/ \(.*\)$/, "")).some((w) => topical.some((t) => sameRoot(termOf(w), t)));
    if ([...seen.keys()].some(saysTopic)) for (const name of seen.keys()) if (!saysTopic(name)) seen.delete(name);
    if (seen.size === 0) return undefined;
    if (seen.size === 1) {
      const [name, c] = [...seen][0]!;
      const sentence = sentenceWith(c.text, name.replace(/ \(.*\)$/, ""));
      return { answer: `**${name}** — ${sentence} ${marker(c.id)}`, citations: [cite(c, sentence)] };
    }
    const lines = [...seen].map(([name, c]) => `- **${name}** ${marker(c.id)}`);
    const cited = [...new Map([...seen].map(([name, c]) => [c.id, { c, name }])).values()];
    const kind = periods
      ? "programmes and plans with their periods"
      : years
        ? "agreements, programmes and plans with their years"
        : still
          ? "agreements and plans still to be signed"
          : "agreements, programmes and plans";
    return {
      answer: `The documents name ${seen.size} ${kind}:\n\n${lines.join("\n")}`,
      citations: cited.map(({ c, name }) => cite(c, sentenceWith(c.text, name.replace(/ \(.*\)$/, "")))),
    };
  }

  if (LIST_ORGANIZATIONS.test(q) && referenced.length === 0) {
    const aboutArticle = /\b(article|news|report)\b/.test(q) && !/\bstatement\b/.test(q);
    const aboutStatement = /\bstatement\b/.test(q) && !/\b(article|news|report)\b/.test(q);
    const pool = chunks.filter((c) => (aboutArticle ? c.kind === "paragraph" : aboutStatement ? c.kind !== "paragraph" : true));
    const seen = new Map<string, Chunk>();
    for (const c of pool) {
      for (const m of c.text.matchAll(ORGANIZATION)) {
        const name = m[0];
        if (!NOT_ORGANIZATIONS.has(name) && !seen.has(name)) seen.set(name, c);
      }
    }
    if (seen.size > 0) {
      const byChunk = new Map<string, { c: Chunk; names: string[] }>();
      for (const [name, c] of seen) {
        const entry = byChunk.get(c.id) ?? { c, names: [] };
        entry.names.push(name);
        byChunk.set(c.id, entry);
      }
      const lines = [...byChunk.values()].map(({ c, names }) => `- ${names.map((n) => `**${n}**`).join(", ")} ${marker(c.id)}`);
      return {
        answer: `The ${aboutArticle ? "article" : aboutStatement ? "Joint Statement" : "documents"} name${aboutArticle || aboutStatement ? "s" : ""} these organizations and forums:\n\n${lines.join("\n")}`,
        citations: [...byChunk.values()].map(({ c, names }) => cite(c, sentenceWith(c.text, names[0]!))),
      };
    }
  }

  // "What are the subheadings of section IV?": the subsections, each with its clauses.
  const referencedSections = sections.filter((sec) => sec.chunks.some((c) => referenced.includes(c.id)));
  if (SUBHEADINGS.test(q) && referencedSections.length === 1) {
    const sec = referencedSections[0]!;
    const subs = [...new Set(sec.chunks.map((c) => c.subsection).filter((t): t is string => Boolean(t)))];
    if (subs.length > 0) {
      const lines = subs.map((title) => {
        const under = sec.chunks.filter((c) => c.subsection === title);
        return { first: under[0]!, line: `- **${title}** (${range(under)}) ${marker(under[0]!.id)}` };
      });
      return {
        answer: `**Section ${sec.numeral} · ${sec.title}** has ${subs.length} subsections:\n\n${lines.map((l) => l.line).join("\n")}`,
        citations: lines.map((l) => cite(l.first, shortQuote(l.first.text))),
      };
    }
  }

  // "Which part is about people-to-people ties?", "Is there a section on the economy?": the heading that names
  // the topic, with its clauses.
  if (WHICH_HEADING.test(q) && referenced.length === 0 && hasOwnTopic) {
    const headed = headingMatching(clauses, topic);
    if (headed) {
      const section = headed.chunks[0]!.section!;
      const where = headed.title === section.title ? `Section ${section.numeral} · ${section.title}` : `${headed.title}, in Section ${section.numeral} · ${section.title}`;
      return headedList(where, headed.chunks);
    }
  }

  // "Summarize the education part", "What does the health section say?": the clauses under that heading.
  if (SUMMARY_OF_PART.test(q) && referenced.length === 0 && hasOwnTopic) {
    const headed = headingMatching(clauses, topic);
    if (headed) return headedList(headed.title, headed.chunks);
  }

  // "What is the article about?", "Summarize the article": a news article's opening paragraph is its own summary.
  if (ARTICLE_OVERVIEW.test(q) && referenced.length === 0 && !hasOwnTopic && paragraphs.length > 0) {
    const lede = paragraphs[0]!;
    const first = splitSentences(lede.text)[0]?.text ?? lede.text;
    return {
      answer: `The VNA/VNS article's opening paragraph sums it up: ${first} ${marker(lede.id)}`,
      citations: [cite(lede, first)],
    };
  }

  // "Summarize section VI" / "What does section III cover?": a heading and one short line per clause.
  const inSections = sections.filter((s) => s.chunks.some((c) => referenced.includes(c.id)));
  if (referenced.length > 1 && inSections.length === 1 && inSections[0]!.chunks.every((c) => referenced.includes(c.id))) {
    const s = inSections[0]!;
    return headedList(`Section ${s.numeral} · ${s.title}`, s.chunks);
  }

  if (referenced.length === 0 && ((OVERVIEW.test(q) && !hasOwnTopic) || OUTLINE_ASKED.test(q))) {
    if (/\b(article|news|report|vna|vns)\b/.test(q) && !/\bstatement\b/.test(q)) return undefined;
    const intro = statement.find((c) => /following areas/.test(c.text));
    const lines = sections.map((s) => `- **${s.numeral}. ${s.title}** (${range(s.chunks)}) ${marker(s.chunks[0]!.id)}`);
    return {
      answer:
        `The Joint Statement sets out its Strategic Partnership in ${sections.length} areas, one section each${intro ? ` ${marker(intro.id)}` : ""}:\n\n` +
        lines.join("\n"),
      citations: [...(intro ? [cite(intro, intro.text.split(/,\s+/).at(-1)!.trim())] : []), ...sections.map((s) => cite(s.chunks[0]!, shortQuote(s.chunks[0]!.text)))],
    };
  }
  return undefined;
}

/** The sentence of a text that contains a phrase (citations quote whole sentences, verbatim). */
function sentenceWith(text: string, phrase: string): string {
  return splitSentences(text).find((s) => s.text.includes(phrase))?.text ?? shortQuote(text);
}

function cite(chunk: Chunk, quote: string): Citation {
  return { id: chunk.id, label: chunk.label, quote };
}
