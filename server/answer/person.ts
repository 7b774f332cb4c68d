/**
 * "Who is Lê Thị Thu Hằng?", "What is To Lam's title?", "What position does
 * Radev hold?": the documents give a person's office the way diplomatic and
 * news writing does, as a title right before the name ("Deputy Minister of
 * Foreign Affairs Lê Thị Thu Hằng", "Bulgarian President Rumen Radev"). The
 * answer leads with that title and quotes the sentence it is in. A name the
 * documents never use, or one they give no title, is not answered here.
 */
import type { Chunk } from "../contract.ts";
import { splitSentences } from "../text.ts";

export interface PersonTitle {
  title: string;
  chunk: Chunk;
  sentence: string;
}

/** The person a question asks about, when it asks who they are or what office they hold. */
const ASKS_WHO = [
  /^\s*(?:and\s+)?(?:who(?:'s|’s| is| was)|tell me who)\s+(.+?)\s*[?.!]*\s*$/i,
  /^\s*(?:and\s+)?(?:what(?:'s|’s| is| was)\s+)?(.+?)['’]s?\s+(?:title|position|job|post|office|role|rank)\s*[?.!]*\s*$/i,
  /^\s*(?:and\s+)?what\s+(?:title|position|post|office|job|role|rank)\s+(?:does|did|do)\s+(.+?)\s+(?:hold|have|occupy|fill)\b/i,
  /^\s*(?:and\s+)?what\s+(?:is|was)\s+the\s+(?:title|position|job|post|office|role)\s+of\s+(.+?)\s*[?.!]*\s*$/i,
];

/** Words of an office (and its place) that stand before a name; "of", "the" and "and" join them. */
const TITLE_WORDS = new Set(
  (
    "President Vice Prime Minister Deputy Secretary General Foreign Affairs Ambassador Chairman Chairwoman Chair Director " +
    "Central Committee Communist Party Vietnam Viet Nam Việt Bulgaria Bulgarian Vietnamese National Assembly State Government " +
    "Ministry Labour Labor Trade Defence Defense Public Security Home Interior Head Speaker Governor Mayor (CPV) CPV"
  ).split(" "),
);
const CONNECTORS = new Set(["of", "the", "and"]);
const TITLE_WORDS_FOLDED = new Set([...TITLE_WORDS].map((w) => w.toLowerCase()));

/** Whether a word (any case) is one of an office rather than of a name: "deputy", "Minister", "trade". */
export function isOfficeWord(word: string): boolean {
  return TITLE_WORDS_FOLDED.has(word.toLowerCase());
}
/** An office has a head word; "Vietnam" alone before a name is no title. */
const OFFICE_HEADS = "President|Minister|Secretary|Ambassador|Chairman|Chairwoman|Chair|Director|Governor|Mayor|Speaker|Head";
const TITLE_HEAD = new RegExp(`\\b(?:${OFFICE_HEADS})\\b`);
const OFFICE_HEAD_WORD = new RegExp(`^(?:${OFFICE_HEADS})s?$`, "i");

/** Whether a word (any case) is the head of an office ("ambassador", "Ministers"): the noun that says which post. */
export function isOfficeHead(word: string): boolean {
  return OFFICE_HEAD_WORD.test(word);
}
/** Courtesy words a question may put before a name. */
const COURTESY = /^(?:the|mr\.?|ms\.?|mrs\.?|madam|dr\.?|comrade)\s+/i;

/** Letters without their accents, one per letter, so that positions in it are positions in the text. */
function bare(text: string): string {
  return [...text].map((ch) => (ch === "đ" ? "d" : ch === "Đ" ? "D" : ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "").slice(0, 1) || ch)).join("").toLowerCase();
}

/** Each chunk's sentences with their accentless form, worked out once: a chunk lives as long as the engine. */
const SENTENCES = new WeakMap<Chunk, Array<{ text: string; plain: string }>>();

function sentencesOf(chunk: Chunk): Array<{ text: string; plain: string }> {
  let sentences = SENTENCES.get(chunk);
  if (!sentences) SENTENCES.set(chunk, (sentences = splitSentences(chunk.text).map(({ text }) => ({ text, plain: bare(text) }))));
  return sentences;
}

/** The title right before the name at `at` in `sentence`, past the rest of the person's own name. */
function titleBefore(sentence: string, at: number): string | undefined {
  const tokens = sentence.slice(0, at).trim().split(/\s+/).filter(Boolean);
  // The rest of the name: "Lê Thị Thu" before "Hằng" (capitalised, not an office word).
  while (tokens.length > 0 && /^\p{Lu}/u.test(tokens.at(-1)!) && !TITLE_WORDS.has(tokens.at(-1)!)) tokens.pop();
  const title: string[] = [];
  while (tokens.length > 0) {
    const word = tokens.at(-1)!;
    if (TITLE_WORDS.has(word) || (CONNECTORS.has(word) && title.length > 0)) title.unshift(tokens.pop()!);
    else break;
  }
  while (title.length > 0 && CONNECTORS.has(title[0]!)) title.shift();
  const text = title.join(" ");
  return TITLE_HEAD.test(text) ? text : undefined;
}

/** The title the documents give the person a question asks about, from the passage that gives it most fully. */
export function personTitle(question: string, chunks: Chunk[]): PersonTitle | undefined {
  const asked = ASKS_WHO.map((pattern) => pattern.exec(question)?.[1]).find((name) => name !== undefined);
  if (!asked) return undefined;
  const name = bare(asked.replace(COURTESY, "").trim());
  // A person's name: one to five words, none of them a question's ("responsible for implementing it" is not one).
  if (!/^[\p{L}'’-]+(?:\s+[\p{L}'’-]+){0,4}$/u.test(name) || name.length < 3) return undefined;
  let best: PersonTitle | undefined;
  const namePattern = new RegExp(`(?<![\\p{L}])${name.replace(/\s+/g, "\\s+")}(?![\\p{L}])`, "gu");
  for (const chunk of chunks) {
    for (const { text, plain } of sentencesOf(chunk)) {
      for (const m of plain.matchAll(namePattern)) {
        const title = titleBefore(text, m.index!);
        if (title && (!best || title.length > best.title.length)) best = { title, chunk, sentence: text };
      }
    }
  }
  return best;
}

/** Words of an office that say which office it is; the place words ("Bulgarian", "of the Communist Party") do not. */
const OFFICE_WORDS = new Set(
  "President Vice Prime Minister Deputy Secretary General Foreign Affairs Ambassador Chairman Chairwoman Chair Director Trade Defence Defense Labour Labor Home Interior Speaker Governor Mayor Head".split(
    " ",
  ),
);

export interface TitleCorrection extends PersonTitle {
  name: string;
  /** The title the question gave. */
  asked: string;
}

/**
 * "What did Prime Minister Rumen Radev sign?": the question gives a person an office the documents do not
 * ("Bulgarian President"). Only offices are compared, and only a word the documents' title lacks counts:
 * "President Radev" and "Foreign Minister Hằng" (of a Deputy Minister of Foreign Affairs) are not corrected.
 */
export function titleCorrection(question: string, chunks: Chunk[]): TitleCorrection | undefined {
  // A title and a name in the question: office words, then capitalised words that are not.
  for (const m of question.matchAll(/((?:\p{Lu}[\p{L}-]*\s+)+?)((?:\p{Lu}[\p{L}'’-]*)(?:\s+\p{Lu}[\p{L}'’-]*){0,7})/gu)) {
    const titleWords = m[1]!.trim().split(/\s+/);
    const nameWords = m[2]!.split(/\s+/);
    // The name is what follows the office words: "Bulgarian Prime Minister Rumen Radev" → "Rumen Radev".
    while (nameWords.length > 0 && TITLE_WORDS.has(nameWords[0]!)) titleWords.push(nameWords.shift()!);
    // An office has a head word: "Defense Policy Dialogue" names no one.
    if (nameWords.length === 0 || !titleWords.every((w) => TITLE_WORDS.has(w)) || !TITLE_HEAD.test(titleWords.join(" "))) continue;
    const name = nameWords.join(" ");
    const documented = personTitle(`Who is ${name}?`, chunks);
    if (!documented) continue;
    const theirs = new Set(documented.title.split(/\s+/));
    if (titleWords.some((w) => OFFICE_WORDS.has(w) && !theirs.has(w))) return { ...documented, name, asked: titleWords.join(" ") };
  }
  return undefined;
}

/**
 * The people a run of titles and names names: "General Secretary of the Central Executive Committee of the
 * Communist Party of Vietnam To Lam and President of the Republic of Bulgaria Rumen Radev" → To Lam, Rumen Radev.
 * Undefined when a part is not an office followed by a name.
 */
export function namesWithoutTitles(run: string): string[] | undefined {
  const names: string[] = [];
  for (const part of run.split(/\s+and\s+/)) {
    const words = part.trim().split(/\s+/);
    const name: string[] = [];
    while (words.length > 0 && !TITLE_WORDS.has(words.at(-1)!) && !CONNECTORS.has(words.at(-1)!)) name.unshift(words.pop()!);
    if (name.length === 0 || name.length > 4 || !TITLE_HEAD.test(words.join(" "))) return undefined;
    names.push(name.join(" "));
  }
  return names;
}

/** "…, Hằng noted.", "Hằng underlined that …", "…, said the Deputy FM": who a news paragraph reports. */
const REPORTED_BY = /\b(\p{Lu}[\p{L}'’-]+)\s+(?:said|noted|underlined|stressed|told|expressed|affirmed|highlighted|added|emphasi[sz]ed)\b/u;
const NOT_SPEAKERS = new Set(["She", "He", "They", "It", "This", "That", "VNA", "VNS"]);

export interface Attribution {
  /** Who speaks, as the article names them ("Hằng"), or "The two sides" for the Joint Statement. */
  speaker: string;
  /** Their office as the documents give it, when they do. */
  title?: string;
  /** True when the paragraph names no speaker of its own and goes on reporting the last one. */
  continued?: boolean;
  chunk: Chunk;
  sentence: string;
}

/**
 * "Who said that?" of a cited passage. A news article attributes a paragraph once ("…, Hằng noted"), or not at
 * all when it goes on reporting the same briefing, so an unattributed paragraph is the last named speaker's. The
 * Joint Statement speaks for its two sides.
 */
export function attributionOf(chunk: Chunk, chunks: Chunk[]): Attribution {
  const first = splitSentences(chunk.text)[0]?.text ?? chunk.text;
  if (chunk.kind !== "paragraph") return { speaker: "The two sides", chunk, sentence: first };
  let speaker: string | undefined;
  for (const c of chunks.filter((x) => x.docId === chunk.docId)) {
    for (const { text } of sentencesOf(c)) {
      const named = REPORTED_BY.exec(text)?.[1];
      if (named && !NOT_SPEAKERS.has(named)) speaker = named;
    }
    if (c.id === chunk.id) break;
  }
  const attributed = splitSentences(chunk.text).find(({ text }) => REPORTED_BY.test(text) || /\b(?:she|he) said\b|\bsaid the\b/i.test(text))?.text;
  const sentence = attributed ?? first;
  if (!speaker) return { speaker: "The article", chunk, sentence };
  const title = personTitle(`Who is ${speaker}?`, chunks)?.title;
  return { speaker, ...(title ? { title } : {}), ...(attributed ? {} : { continued: true }), chunk, sentence };
}

/** "Who said that?", "who says so?": asked of the passage the last answer cited. */
/** "Who does the article quote?", "whose words is the article reporting?": asked of the article as a whole. */
export const ASKS_WHO_ARTICLE_QUOTES =
  /^\s*(?:and\s+|so\s+)?(?:who\s+(?:does|did|do|is)\s+(?:the\s+)?(?:vna\s+|vns\s+|news\s+)*(?:article|piece|report|story)\s+(?:quote|quoting|cite|citing|interview|interviewing)|whose\s+words\s+(?:does|did|is|are)\s+(?:the\s+)?(?:vna\s+|vns\s+|news\s+)*(?:article|piece|report|story))\b/i;
/** "Who said that?" of the passage the last answer cited, or who the article quotes. */
export const ASKS_WHO_SAID = new RegExp(
  `^\\s*(?:and\\s+|so\\s+|ok(?:ay)?,?\\s+)?who\\s+(?:said|says|stated|states|wrote|writes|made|makes|announced|told|underlined|noted)\\s+(?:that|this|it|so)\\b|${ASKS_WHO_ARTICLE_QUOTES.source}`,
  "i",
);

/** Runs of capitalised words (with "of", "the", "and" inside): where offices and names are written. */
const CAPITALISED_RUN = /\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:of|the|and|for|on)\s+)*\p{Lu}[\p{L}'’-]*)*/gu;

/**
 * The sentence with what people's offices are "of" left out: "General Secretary of the Central Committee of the
 * Communist Party of Vietnam To Lam paid an official visit" → "General Secretary To Lam paid an official visit". A
 * sentence that names the Communist Party only inside a title says nothing about the party; "the Bulgarian
 * President", who is named by his office, is still there.
 */
export function withoutOffices(sentence: string): string {
  return sentence.replace(CAPITALISED_RUN, (run) => {
    const names = run.split(/\s+/).length > 2 ? namesWithoutTitles(run) : undefined;
    if (!names) return run;
    return run
      .split(/\s+and\s+/)
      .map((part, i) => `${part.slice(0, part.length - names[i]!.length).split(/\s+of\s+/)[0]!.trim()} ${names[i]}`.trim())
      .join(" and ");
  });
}
