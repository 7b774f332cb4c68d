/**
 * The engine: corpus → chunks → embeddings → index → retrieval → answer.
 * `openEngine` loads (or builds) everything once; `answer` and `retrieve` are
 * then pure in-memory work. The CLI, the HTTP API and the eval runner all go
 * through this one object, so they give the same answers.
 */
import type { Answer, Chunk, DocumentTree, Turn } from "./contract.ts";
import { LIMITS } from "./contract.ts";
import { namingWords } from "./pos.ts";
import { loadDictionary, type Correction } from "./retrieval/spelling.ts";
import { splitSentences, termOf } from "./text.ts";
import { loadConfig, prepareDataDir, type Config } from "./config.ts";
import { documentTrees, loadCorpus, type Corpus } from "../corpus/load.ts";
import { loadSynonyms, type SynonymRule } from "../corpus/synonyms.ts";
import { ClausewiseError } from "./errors.ts";
import { createEmbedder, localEmbedder, type Embedder } from "./embeddings/index.ts";
import { SifEmbeddings } from "./embeddings/sif.ts";
import type { WordVectors } from "./embeddings/word-vectors.ts";
import { openIndex, type IndexStatus } from "./index/open-index.ts";
import type { DenseIndex } from "./index/vector-index.ts";
import { LexicalIndex } from "./retrieval/lexical.ts";
import { HybridRetriever, type Retrieval, type RetrievalVariant } from "./retrieval/hybrid.ts";
import { QueryAnalyzer } from "./retrieval/query.ts";
import { glossVietnamese, isVietnamese } from "./retrieval/vietnamese.ts";
import { separateInstructions } from "./retrieval/instructions.ts";
import { ConversationResolver, lastCited, PERSON_PRONOUN, THING_PRONOUN, type ResolvedTurn } from "./retrieval/conversation.ts";
import { LRUCache } from "lru-cache";
import { compoundParts, splitQuestion } from "./retrieval/core-question.ts";
import type { QueryTerm } from "./analysis.ts";
import { answerExtractive, describeUnknownReference } from "./answer/extractive.ts";
import { acronymsIn, asksAcronym, spellOut } from "./answer/acronym.ts";
import { ASKS_WHO_ARTICLE_QUOTES, ASKS_WHO_SAID } from "./answer/person.ts";
import { traced } from "./tracing.ts";

export { indexDir, indexedText, openIndex, type IndexStatus } from "./index/open-index.ts";

export interface EngineOptions {
  config?: Config;
  /** Replaces the configured embedder (tests use this for a deterministic one). */
  embedder?: Embedder;
  log?: (line: string) => void;
}

/** A retrieval with what the question was understood as. */
export interface UnderstoodRetrieval extends Retrieval {
  terms: QueryTerm[];
  /** The question answered: English, typos corrected, its core, an ellipsis expanded. */
  question: string;
  vietnamese: boolean;
  turn: ResolvedTurn["kind"];
  corrections: Correction[];
  /** Share of the question's own weight on words the documents never use and nothing bridges. */
  outOfCorpus: number;
  /**
   * The words of a long message around its question ("The visit marked the 70th anniversary … — what are the main
   * outcomes?"): what the asker takes as given, for the answerer to check, not to look up.
   */
  premise?: QueryTerm[];
  /** The document the question names ("according to the article"): its id. */
  namedDocument?: string;
}

export interface RetrieveOptions {
  history?: Turn[];
  variant?: RetrievalVariant;
  limit?: number;
}

export const VIETNAMESE_NOTICE =
  "Trích nguyên văn bản tiếng Anh của văn kiện (offline answers quote the English text of the documents).";

/** Weight of the earlier question's words in a follow-up, relative to its own. */
const FOLLOW_UP_WEIGHT = 0.4;
/** …and when the question points back only at a person ("she", "he"), whose words it needs no topic from. */
const PERSON_FOLLOW_UP_WEIGHT = 0.15;

/** Weight of the earlier question's frame words in an expanded ellipsis ("the main mechanism for reviewing … defense"). */
const ELLIPSIS_FRAME_WEIGHT = 0.5;
/** Words of a question that say nothing of its topic ("anything in there that helps?"). */
const GENERIC_QUESTION_TERMS = new Set(["anything", "thing", "helps", "check", "official", "new", "relevant", "concretely", "actually", "says"].map(termOf));
/** Weight of the words of a long message outside its question. */
const CONTEXT_WEIGHT = 0.5;
/** Share of that weight for clauses about the asker ("my company exports coffee"): who asks, rarely what about. */
const PERSONA_SHARE = 0.4;

export const DECLINE_TEXT =
  "I can only answer questions about what the Joint Statement and the VNA/VNS article say. I don't take on roles, reveal my configuration or follow instructions written into a question.";

export class Engine {
  readonly chunkById: Map<string, Chunk>;
  readonly query: QueryAnalyzer;
  private readonly retriever: HybridRetriever;
  private readonly conversation: ConversationResolver;
  /**
   * Offline answers by question, history and options: the answer is a pure function of them, and people ask the
   * same questions (the starter questions, "how many days without a visa?") far more often than new ones.
   */
  private readonly answers?: LRUCache<string, Answer>;

  constructor(
    readonly config: Config,
    readonly corpus: Corpus,
    readonly embedder: Embedder,
    readonly index: DenseIndex,
    readonly lexical: LexicalIndex,
    readonly indexStatus: IndexStatus,
    readonly wordVectors: WordVectors,
    synonyms: SynonymRule[] = [],
  ) {
    this.chunkById = new Map(corpus.chunks.map((c) => [c.id, c]));
    this.retriever = new HybridRetriever({ chunks: corpus.chunks, lexical, index, embeddings: embedder.embeddings });
    this.query = new QueryAnalyzer(corpus.chunks, corpus.documents, wordVectors, synonyms);
    this.conversation = new ConversationResolver(this.query);
    if (config.answerCacheSize > 0) this.answers = new LRUCache({ max: config.answerCacheSize });
  }

  /** Offline answers held by the answer cache now (0 with the cache off). */
  get cachedAnswers(): number {
    return this.answers?.size ?? 0;
  }

  /** Releases what the engine holds open: the vector store's database connections (DATABASE_URL). */
  async close(): Promise<void> {
    await this.index.close?.();
  }

  get mode(): "offline" | "llm" {
    return this.config.llm ? "llm" : "offline";
  }

  /**
   * Retrieval for a question, with what the question was understood as: its
   * English gloss (Vietnamese), typos corrected, the core of a long message,
   * an elliptical follow-up expanded, and the terms it was analysed into.
   */
  retrieve(asked: string, options: RetrieveOptions = {}): Promise<UnderstoodRetrieval> {
    return traced("clausewise.retrieve", () => this.understandAndRetrieve(asked, options));
  }

  private async understandAndRetrieve(asked: string, options: RetrieveOptions): Promise<UnderstoodRetrieval> {
    const { history } = options;
    const variant = options.variant ?? "hybrid+refs";
    const vietnamese = isVietnamese(asked);
    // A Vietnamese message is cut down to its question before glossing: the words around it ("Mình là sinh viên …")
    // glossed into English would read as the question's topic.
    const askedVietnamese = vietnamese ? splitQuestion(asked).question : asked;
    // References are read from the question as asked ("điều 24"); everything else from its English gloss.
    const english = vietnamese ? glossVietnamese(askedVietnamese) : asked;
    const spelled = vietnamese ? this.query.correctNameSlips(english) : this.query.correctSpelling(english);
    let core = splitQuestion(spelled.text);
    let references = this.retriever.resolveReferences(vietnamese ? `${askedVietnamese} ${english}` : spelled.text);
    // "What does that acronym stand for?": the first acronym of the last answer that the documents spell out.
    const acronymAsked = asksAcronym(core.question);
    if (acronymAsked && !acronymAsked.acronym) {
      // The one the earlier question named comes first ("the EVFTA", whose answer also says "EU").
      const last = (role: Turn["role"]) => history?.filter((t) => t.role === role).at(-1)?.content ?? "";
      const known = [...acronymsIn(last("user")), ...acronymsIn(last("assistant"))].find((a) => spellOut(a, this.corpus.chunks));
      if (known) core = { question: `What does ${known} stand for?` };
    }
    // "Who said that?": of the passage the last answer cited.
    if (ASKS_WHO_SAID.test(core.question) && references.ids.length === 0) {
      // "Who does the article quote?" is asked of the article: its opening paragraph names who speaks.
      const lede = ASKS_WHO_ARTICLE_QUOTES.test(core.question) ? this.corpus.chunks.find((c) => c.kind === "paragraph") : undefined;
      const cited = lede ? [lede.id] : lastCited(history, this.query);
      if (cited.length > 0) references = { ...references, ids: cited.slice(0, 1) };
    }
    // "what about the sea stuff, freedom of navigation — which clause is that in?": "that" is what the message itself
    // names, not the last answer. Asked of that topic, it is a question of where the documents say it.
    if (references.relative === 0 && references.ids.length === 0 && core.context && this.query.terms(core.context).some((t) => this.query.knowsTerm(t.term))) {
      core = { question: `Which clause is about ${core.context}?` };
      references = this.retriever.resolveReferences(core.question);
    }
    if (references.relative !== undefined) {
      const anchor = lastCited(history, this.query)[0];
      const chunk = anchor ? this.chunkById.get(anchor) : undefined;
      const siblings = chunk ? this.corpus.chunks.filter((c) => c.docId === chunk.docId) : [];
      const target = chunk ? siblings[siblings.indexOf(chunk) + references.relative] : undefined;
      if (target) references = { ...references, ids: [target.id, ...references.ids.filter((id) => id !== target.id)] };
      else if (references.relative !== 0 && chunk) references = { ...references, unknown: [...references.unknown, `${references.relative > 0 ? "clause after" : "clause before"} ${chunk.shortLabel}`] };
    }
    if (references.between) {
      // The chunks strictly between the last answer's first two citations in one document.
      const [a, b] = lastCited(history, this.query).map((id) => this.chunkById.get(id)).filter((c) => c !== undefined);
      const siblings = a && b && a.docId === b.docId ? this.corpus.chunks.filter((c) => c.docId === a.docId) : [];
      const [from, to] = [siblings.indexOf(a!), siblings.indexOf(b!)].sort((x, y) => x - y);
      const inside = siblings.slice(from! + 1, to);
      // With no two citations to stand between, the words were not a reference after all.
      if (inside.length > 0) references = { ...references, ids: inside.map((c) => c.id) };
      else if (a && b) references = { ...references, unknown: [...references.unknown, `clause between ${a.shortLabel} and ${b.shortLabel}`] };
    }
    const resolved: ResolvedTurn =
      references.ids.length > 0 || references.relative !== undefined ? { kind: "standalone", question: core.question } : this.conversation.resolve(core.question, history);
    // "The statement cites a labour agreement from 2010 — what does it commit to?": in a long message a pronoun points
    // at what the message itself names, not at the earlier turns.
    // (What the message says of the asker — "I'm a policy analyst" — is not what a pronoun points at.)
    const namesOwnTopic = core.context !== undefined && this.query.terms(core.context).some((t) => this.query.knowsTerm(t.term));
    const turn: ResolvedTurn = resolved.kind === "anaphora" && namesOwnTopic ? { kind: "standalone", question: core.question } : resolved;
    const question = turn.question;
    const own = references.ids.length > 0 ? this.query.topicOf(question) : question;
    // A follow-up's own words lead; the earlier question's words fill in what it leaves implicit.
    // "what did she say Bulgaria gave Vietnam?": a pronoun for a person brings in who, not what about.
    const carriedWeight = PERSON_PRONOUN.test(question) && !THING_PRONOUN.test(question) ? PERSON_FOLLOW_UP_WEIGHT : FOLLOW_UP_WEIGHT;
    const carried = turn.previous && !references.ids.length ? this.query.terms(turn.previous, carriedWeight).map((t) => ({ ...t, carried: true })) : [];
    const topic = turn.topic ? new Set(this.query.terms(turn.topic).map((t) => t.term)) : undefined;
    // In an expanded ellipsis the new topic is what is asked; the words kept from the earlier question only frame it.
    const ownTerms = this.query
      .terms(own)
      .map((t) => (!topic ? t : topic.has(t.term) ? { ...t, focus: true } : { ...t, weight: t.weight * ELLIPSIS_FRAME_WEIGHT }));
    // A long message's words outside its question say who asks and why; those the documents use may still help.
    // When the question itself is generic ("What do they say, if anything?"), the topic is in the rest of the message.
    const generic = ownTerms.filter((t) => this.query.knowsTerm(t.term) && !GENERIC_QUESTION_TERMS.has(t.term)).length <= 1;
    const contextTerms = (text: string | undefined, weight: number) =>
      text && !references.ids.length ? this.query.terms(text, weight).map((t) => (generic ? t : { ...t, carried: true, context: true })) : [];
    const topical = contextTerms(core.context, CONTEXT_WEIGHT);
    // Who asks ("me and my partner are planning a trip") only counts when nothing else in the message says what about:
    // not the question ("I skimmed the news about the visit. Who invited To Lam?") and not the rest of the message.
    const persona = !generic || topical.some((t) => this.query.knowsTerm(t.term)) ? [] : contextTerms(core.persona, CONTEXT_WEIGHT * PERSONA_SHARE);
    const context: QueryTerm[] = [...topical, ...persona];
    const joined = [...ownTerms, ...carried, ...context];
    const unique = joined.filter((t, i) => joined.findIndex((o) => o.term === t.term) === i);
    const synonyms = this.query.synonymsFor(unique, [own, turn.previous, core.context, core.persona].filter(Boolean).join(" "));
    // Of the context, only words the documents use (or have a synonym for) are kept: "journalist" and "editor" are noise.
    // The speller's long shots search, but never decide that the documents are silent (QueryAnalyzer.guessesOf).
    const guessed = this.query.guessesOf(spelled.corrections);
    const terms = unique
      .filter((t) => !context.includes(t) || this.query.knowsTerm(t.term) || Boolean(t.alternatives?.length))
      .map((t) => (guessed.has(t.word) ? { ...t, guessed: true } : t));
    const expansion = variant === "hybrid+refs" ? this.query.expand(terms, synonyms) : undefined;
    const embeddings = this.embedder.embeddings;
    const queryVector =
      embeddings instanceof SifEmbeddings && terms.length > 0
        ? embeddings.embedWeightedWords(terms.map((t) => ({ word: t.word, weight: t.weight })))
        : undefined;
    // A follow-up is about what the last answer cited, and its neighbours in the same (sub)section.
    const conversationContext = turn.context;
    // "According to the statement …" / "What does the article say …": that document's chunks come first.
    // (Not from who asks: "I skimmed the news about the visit" names no document the question is about.)
    const preferDocument = variant === "hybrid+refs" && !references.ids.length ? this.query.documentNamedIn(`${question} ${core.context ?? ""}`) : undefined;
    const query = [question, turn.previous, context.length > 0 && context.filter((t) => terms.includes(t)).map((t) => t.word).join(" ")].filter(Boolean).join(" ");
    const retrieval = await this.retriever.retrieve(query, {
      variant,
      limit: options.limit,
      references,
      expansion,
      queryVector,
      context: conversationContext,
      preferDocument,
    });
    return {
      ...retrieval,
      terms,
      question,
      vietnamese,
      turn: turn.kind,
      corrections: spelled.corrections,
      outOfCorpus: this.query.outOfCorpusShare(ownTerms),
      ...(preferDocument ? { namedDocument: preferDocument } : {}),
      ...(core.context && !references.ids.length ? { premise: this.query.terms(core.context) } : {}),
    };
  }

  /** The offline (extractive) answer. */
  async answer(asked: string, options: RetrieveOptions = {}): Promise<Answer> {
    validateQuestion(asked, options.history);
    if (!this.answers) return this.answerUncached(asked, options);
    const key = JSON.stringify([asked, options.history ?? [], options.variant ?? null, options.limit ?? null]);
    let answer = this.answers.get(key);
    if (!answer) this.answers.set(key, (answer = await this.answerUncached(asked, options)));
    // A copy: callers may add to what they are given, and the next asker must get the answer as it was.
    return structuredClone(answer);
  }

  private answerUncached(asked: string, options: RetrieveOptions): Promise<Answer> {
    return traced("clausewise.answer", () => this.answerOffline(asked, options), { "clausewise.mode": "offline" });
  }

  private async answerOffline(asked: string, options: RetrieveOptions): Promise<Answer> {
    const parts = separateInstructions(asked);
    if (parts.refuse) return { answer: DECLINE_TEXT, citations: [], abstained: true, outcome: "none", mode: "extractive", retrieved: [] };
    const whole = await this.answerOne(parts.question, parts.claimOnly, options);
    const compound = parts.claimOnly ? undefined : compoundParts(parts.question);
    return compound ? this.answerCompound(whole, compound, options) : whole;
  }

  /**
   * "What does the statement offer local authorities, and separately what does it offer friendship organisations?":
   * one passage rarely answers two questions, so each is answered on its own, the second as a follow-up of the first
   * (its "it" may point back). The two answers replace the whole question's only when both parts are answers and the
   * whole question's answer is none, or quotes one passage that answers only one part (an answer from two passages may
   * well be answering both).
   */
  private async answerCompound(whole: Answer, [first, second]: [string, string], options: RetrieveOptions): Promise<Answer> {
    const cited = new Set(whole.outcome === "answer" ? whole.citations.map((c) => c.id) : []);
    if (cited.size > 1) return whole;
    const a = await this.answerOne(first, false, options);
    if (a.outcome !== "answer") return whole;
    const history: Turn[] = [...(options.history ?? []), { role: "user", content: first }, { role: "assistant", content: a.answer }];
    const b = await this.answerOne(second, false, { ...options, history });
    if (b.outcome !== "answer") return whole;
    const leads = [a.citations[0]?.id, b.citations[0]?.id];
    // The whole question's one passage must be one part's answer: it answered that part, and the other part's answer
    // is what it lacks. A passage neither part leads with may answer both ("the EU free trade deal, and the extra step
    // on investment protection": the article's paragraph on the EVFTA and the EVIPA).
    if (leads[0] === leads[1] || (cited.size === 1 && !leads.some((id) => id !== undefined && cited.has(id)))) return whole;
    const citations = [...a.citations, ...b.citations.filter((c) => !a.citations.some((x) => x.id === c.id && x.quote === c.quote))];
    const retrieved = [...a.retrieved, ...b.retrieved.filter((r) => !a.retrieved.some((x) => x.id === r.id))];
    return { ...a, answer: `${a.answer}\n\n${b.answer}`, citations, retrieved };
  }

  private async answerOne(question: string, claimOnly: boolean | undefined, options: RetrieveOptions): Promise<Answer> {
    const retrieval = await this.retrieve(question, options);
    const result = answerExtractive({
      question: retrieval.question,
      terms: retrieval.terms,
      retrieval,
      chunkById: this.chunkById,
      scorer: this.query.scorer,
      outOfCorpus: retrieval.outOfCorpus,
      claimOnly,
      premise: retrieval.premise,
      ...(retrieval.turn === "standalone" ? {} : { followUp: retrieval.turn }),
      ...(retrieval.namedDocument ? { namedDocument: retrieval.namedDocument } : {}),
      isUnknownWord: (term) => !this.query.knowsTerm(term),
      describeUnknown: (unknown) => describeUnknownReference(unknown, this.corpus.chunks),
    });
    return {
      ...result,
      mode: "extractive",
      retrieved: retrieval.hits.map((h) => ({ id: h.id, score: Number(h.score.toFixed(4)) })),
      // The documents are English and an offline answer only quotes them: say so to someone who asked in Vietnamese.
      ...(retrieval.vietnamese && result.outcome !== "none" ? { notice: VIETNAMESE_NOTICE } : {}),
    };
  }

  /**
   * Loads now what the first questions would otherwise load on demand (the
   * English dictionary behind typo correction, the part-of-speech tagger,
   * together about 0.6 s of blocking work), so that no user waits for it.
   * The server calls it before it starts listening; the CLI does not,
   * since most single questions never need them.
   */
  async warm(): Promise<void> {
    loadDictionary();
    namingWords("Who warms the engine?");
    // Every sentence of the corpus analysed once, and the answer path compiled, so the first questions run hot.
    for (const chunk of this.corpus.chunks) {
      for (const sentence of splitSentences(chunk.text)) {
        for (const word of this.query.scorer.analyze(sentence.text).words) this.query.wordSimilarity(word, word);
      }
    }
    // One question of each common shape, so that their code paths (and regular expressions) are compiled.
    const shapes = [
      "How many days can Bulgarians stay in Vietnam without a visa?",
      "What level were relations upgraded to?",
      "Who invited To Lam?",
      "When were diplomatic relations established?",
      "Is a Joint Research Center planned?",
      "Why do high-level visits matter?",
      "Which clauses deal with tourism?",
      "Summarize section II",
    ];
    for (const question of shapes) await this.answer(question);
  }

  /** Documents with their section tree, for a source browser. */
  documents(): DocumentTree[] {
    return documentTrees(this.corpus);
  }
}

/** Refuses questions no answer should be attempted for; the message is for the user. */
export function validateQuestion(question: unknown, history?: Turn[]): asserts question is string {
  if (typeof question !== "string") throw new ClausewiseError("bad_request", "question must be a string");
  if (question.trim().length === 0) throw new ClausewiseError("bad_request", "question is empty");
  if (question.length > LIMITS.questionChars) {
    throw new ClausewiseError("bad_request", `question is longer than ${LIMITS.questionChars} characters`);
  }
  if (history && history.length > LIMITS.historyTurns) {
    throw new ClausewiseError("bad_request", `history has more than ${LIMITS.historyTurns} turns`);
  }
}

/** Loads the corpus and the index (building it when missing, stale or corrupt). */
export async function openEngine(options: EngineOptions = {}): Promise<Engine> {
  const config = options.config ?? loadConfig();
  const log = options.log ?? ((line: string) => process.stderr.write(`clausewise: ${line}\n`));
  const corpus = loadCorpus(config.corpusDir);
  const access = prepareDataDir(config.dataDir, log);
  const local = localEmbedder(config.dataDir, log, access);
  const embedder = options.embedder ?? (config.embeddings.kind === "local" ? local : await createEmbedder(config, log, access));
  const { index, status } = await openIndex(config, corpus, embedder, log, { access });
  return new Engine(config, corpus, embedder, index, new LexicalIndex(corpus.chunks), status, local.embeddings.vectors, loadSynonyms(config.corpusDir));
}

