/**
 * Engine benchmarks: the first `ask` (which builds the index), where a cold
 * start's time goes, the in-process latency of one answer, and a scale run of
 * the retrieval pieces on a synthetic corpus of 100,000 chunks (bench/scale.ts
 * runs it in a fresh process). Each returns plain numbers; bench/run.ts prints
 * them against the targets and saves them.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCorpus } from "../corpus/load.ts";
import type { Chunk, Turn } from "../server/contract.ts";
import { loadConfig } from "../server/config.ts";
import { wordVectorCachePath } from "../server/embeddings/index.ts";
import { SifEmbeddings } from "../server/embeddings/sif.ts";
import { openWordVectors } from "../server/embeddings/word-vectors.ts";
import { openEngine } from "../server/engine.ts";
import { VectorIndex } from "../server/index/vector-index.ts";
import { HybridRetriever, type RetrievalVariant } from "../server/retrieval/hybrid.ts";
import { LEXICAL_PARAMS, LexicalIndex } from "../server/retrieval/lexical.ts";
import { seededRandom as random } from "../evals/seeded-random.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Questions of every kind the engine meets: references, paraphrases, diacritics, abstentions, follow-ups. */
export const QUESTIONS: Array<{ question: string; history?: Turn[] }> = [
  { question: "How many days can Bulgarians stay in Vietnam without a visa?" },
  { question: "What does clause 19 say?" },
  { question: "Summarize section II." },
  { question: "What do clauses 10–14 say?" },
  { question: "What does paragraph 5 of the article say?" },
  { question: "What does the preamble say?" },
  { question: "Điều 24 nói gì?" },
  { question: "What does clause 99 say?" },
  { question: "What do the two sides say about UNCLOS?" },
  { question: "When did Hồ Chí Minh visit Bulgaria?" },
  { question: "When did Ho Chi Minh visit Bulgaria?" },
  { question: "Which hospital in Hà Nội was a gift from Bulgaria?" },
  { question: "Will there be direct flights between Vietnam and Bulgaria?" },
  { question: "What is planned for community health care and preventive medicine?" },
  { question: "What did they agree about defence cooperation?" },
  { question: "Is there a labour cooperation agreement?" },
  { question: "What is the Cultural Cooperation Programme for 2024–2026?" },
  { question: "Which multilateral frameworks do the two sides cooperate in?" },
  { question: "What areas of technology does Bulgaria have strengths in?" },
  { question: "How long have Vietnam and Bulgaria had diplomatic relations?" },
  { question: "What did they say about the South China Sea?" },
  { question: "Who told the press about the visit?" },
  { question: "What is the role of the Intergovernmental Committee?" },
  { question: "What about scholarships for students?" },
  { question: "What is the population of Bulgaria?" },
  { question: "How much money will Bulgaria invest?" },
  { question: "What is the weather in Sofia?" },
  {
    question: "and what about health?",
    history: [
      { role: "user", content: "What did the two sides agree on defence?" },
      { role: "assistant", content: "A Joint Working Group on Defense Cooperation. [statement/7]" },
    ],
  },
  {
    question: "and the next clause?",
    history: [
      { role: "user", content: "What does clause 24 say?" },
      { role: "assistant", content: "Joint Statement §24 says: … [statement/24]" },
    ],
  },
  { question: `What about visas? ${"Please answer briefly. ".repeat(60)}`.slice(0, 1500) },
];

export interface Distribution {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

export function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) ?? Number.NaN };
}

export const median = (values: number[]) => distribution(values).p50;

/** The shared word-vector cache in ./data, converted once if missing. */
export function sharedVectorCache(): string {
  const path = wordVectorCachePath(join(ROOT, "data"));
  openWordVectors(path, (line) => process.stderr.write(`bench: ${line}\n`));
  return path;
}

/** A private data directory for one benchmark, linked to the shared word-vector cache. */
export function benchDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "clausewise-bench-"));
  mkdirSync(dirname(wordVectorCachePath(dir)), { recursive: true });
  symlinkSync(sharedVectorCache(), wordVectorCachePath(dir));
  return dir;
}

interface ChildRun {
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
}

function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildRun> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", fail);
    child.on("close", (code) => done({ code, ms: performance.now() - started, stdout, stderr }));
  });
}

function offlineEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CLAUSEWISE_DATA_DIR: dataDir };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "CLAUSEWISE_EMBEDDING_MODEL", "CLAUSEWISE_CORPUS_DIR"]) delete env[key];
  return env;
}

function expectSuccess(run: ChildRun, what: string): ChildRun {
  if (run.code !== 0) throw new Error(`${what} exited with ${run.code}: ${run.stderr.trim()}`);
  return run;
}

/** The compiled CLI, as `npm run ask` runs it; bench/run.ts builds dist/ first when it is stale. */
const ASK = ["dist/ask.js"];
const COLD_QUESTION = "How many days can Bulgarians stay in Vietnam without a visa?";

export interface IndexBuildResult {
  runs: number;
  /** Spawn → exit of the compiled `ask` with no index: the first run on a fresh machine builds it. */
  askWithIndexBuildMs: Distribution;
}

/**
 * The first `ask` on a fresh machine: no index yet, so the process builds it
 * before answering. (Cold start with a built index, and its peak RSS, are
 * bench/cold-start.ts's, timed against `node -e 0` in the same rounds.)
 */
export async function benchIndexBuild({ runs = 3 }: { runs?: number } = {}): Promise<IndexBuildResult> {
  const dataDir = benchDataDir();
  try {
    const env = offlineEnv(dataDir);
    const building: number[] = [];
    for (let i = 0; i < runs; i++) {
      rmSync(join(dataDir, "index"), { recursive: true, force: true });
      const run = expectSuccess(await runChild(process.execPath, [...ASK, COLD_QUESTION], env), "ask (building)");
      if (!run.stdout.includes("45")) throw new Error(`ask gave an unexpected answer: ${run.stdout}`);
      building.push(run.ms);
    }
    return { runs, askWithIndexBuildMs: distribution(building) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface StartPhasesResult {
  runs: number;
  /** Inside the process: from process start to the first answer computed (bench/first-answer.ts, under tsx). */
  firstAnswerMs: Distribution;
  /** Medians of: node + tsx start-up, loading the engine's modules, openEngine, the answer itself. */
  phasesMs: { startup: number; imports: number; openEngine: number; answer: number };
}

/**
 * Where a cold start's time goes, measured inside the process. It runs the
 * TypeScript source through tsx (the bundle has no hooks to time), so start-up
 * and imports are tsx's; openEngine and the answer are the same as compiled.
 */
export async function benchStartPhases({ runs = 10 }: { runs?: number } = {}): Promise<StartPhasesResult> {
  const dataDir = benchDataDir();
  const firstAnswer = ["--import", "tsx", "bench/first-answer.ts", COLD_QUESTION];
  try {
    const env = offlineEnv(dataDir);
    // Untimed: builds the index, so that openEngine below only opens it.
    expectSuccess(await runChild(process.execPath, firstAnswer, env), "first-answer (building)");
    const inside: Array<{ startup: number; imports: number; openEngine: number; answer: number; total: number }> = [];
    for (let i = 0; i < runs; i++) {
      inside.push(JSON.parse(expectSuccess(await runChild(process.execPath, firstAnswer, env), "first-answer").stdout));
    }
    return {
      runs,
      firstAnswerMs: distribution(inside.map((r) => r.total)),
      phasesMs: {
        startup: median(inside.map((r) => r.startup)),
        imports: median(inside.map((r) => r.imports)),
        openEngine: median(inside.map((r) => r.openEngine)),
        answer: median(inside.map((r) => r.answer)),
      },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface LatencyResult {
  questions: number;
  rounds: number;
  /** engine.answer(), retrieval included, in milliseconds. */
  answerMs: Distribution;
  /** engine.retrieve() alone. */
  retrieveMs: Distribution;
  /** The slowest question by its median. */
  slowest: { question: string; medianMs: number };
}

export async function benchLatency({ rounds = 20 }: { rounds?: number } = {}): Promise<LatencyResult> {
  const dataDir = benchDataDir();
  try {
    // The answer cache off: this measures answering, which a repeated question would otherwise skip.
    const engine = await openEngine({ config: loadConfig({ CLAUSEWISE_DATA_DIR: dataDir, CLAUSEWISE_ANSWER_CACHE: "0" }), log: () => {} });
    for (const { question, history } of QUESTIONS) await engine.answer(question, { history });
    const answer: number[] = [];
    const retrieve: number[] = [];
    const perQuestion = QUESTIONS.map(() => [] as number[]);
    for (let round = 0; round < rounds; round++) {
      for (const [i, { question, history }] of QUESTIONS.entries()) {
        let t = performance.now();
        await engine.answer(question, { history });
        const ms = performance.now() - t;
        answer.push(ms);
        perQuestion[i]!.push(ms);
        t = performance.now();
        await engine.retrieve(question, { history });
        retrieve.push(performance.now() - t);
      }
    }
    const medians = perQuestion.map((ms, i) => ({ question: QUESTIONS[i]!.question.slice(0, 60), medianMs: median(ms) }));
    const slowest = medians.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
    return { questions: QUESTIONS.length, rounds, answerMs: distribution(answer), retrieveMs: distribution(retrieve), slowest };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}


/**
 * Text that reads like the documents: a word-bigram chain over the real
 * chunks, so term frequencies and vocabulary (and hence BM25 postings and SIF
 * weights) resemble a large corpus of such clauses.
 */
export function syntheticTexts(source: Chunk[], count: number, seed = 7): Array<{ text: string; heading: string }> {
  const next = new Map<string, string[]>();
  const starts: string[] = [];
  for (const chunk of source) {
    for (const sentence of chunk.text.split(/(?<=[.;])\s+/)) {
      const tokens = sentence.replace(/^\d{1,3}\.\s+/, "").split(/\s+/).filter(Boolean);
      if (tokens.length === 0) continue;
      starts.push(tokens[0]!);
      tokens.forEach((token, i) => {
        const after = tokens[i + 1];
        if (!after) return;
        const list = next.get(token) ?? [];
        list.push(after);
        next.set(token, list);
      });
    }
  }
  const headings = [...new Set(source.map((c) => [c.section?.title, c.subsection].filter(Boolean).join(" ")))];
  const rand = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  return Array.from({ length: count }, () => {
    const length = 25 + Math.floor(rand() * 60);
    const words: string[] = [pick(starts)];
    while (words.length < length) {
      const options = next.get(words.at(-1)!);
      words.push(options ? pick(options) : pick(starts));
    }
    return { text: words.join(" "), heading: pick(headings) };
  });
}

export interface ScaleResult {
  chunks: number;
  /** Build stages in milliseconds: SIF fit + embedding, hnswlib graph, BM25 index. */
  buildMs: { embed: number; hnsw: number; lexical: number; total: number };
  /** Query latency per retrieval variant, in milliseconds. */
  queryMs: Partial<Record<RetrievalVariant, Distribution>>;
  queries: number;
  /**
   * BM25 with frequent terms scored only where they can matter (the default)
   * against every posting scored: the share of top-10 results in common
   * (1 = identical) and the latency of each.
   */
  lexicalExact: { top10Overlap: number; defaultMs: Distribution; fullMs: Distribution };
  /** process.memoryUsage() in MB after each stage (no forced GC: what the process holds). */
  memoryMb: Record<"afterChunks" | "afterEmbed" | "afterHnsw" | "afterLexical" | "afterQueries", MemoryMb>;
  /** At the end of the run. */
  heapUsedMb: number;
  rssMb: number;
  /** The process's peak RSS so far (the build's transient structures included). */
  peakRssMb: number;
}

export interface MemoryMb {
  rss: number;
  heapUsed: number;
  /** Memory outside the JavaScript heap that V8 knows of: typed arrays, the word-vector file. Not hnswlib's graph. */
  external: number;
}

function memoryMb(): MemoryMb {
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss: rss / 2 ** 20, heapUsed: heapUsed / 2 ** 20, external: external / 2 ** 20 };
}

/** `count` synthetic chunks made from the corpus's words (syntheticTexts), shaped like the article's paragraphs. */
export function syntheticChunks(source: Chunk[], count: number): Chunk[] {
  return syntheticTexts(source, count).map(({ text, heading }, i) => ({
    id: `synthetic/${i + 1}`,
    docId: "synthetic",
    ref: String(i + 1),
    kind: "paragraph",
    number: i + 1,
    label: `Synthetic ¶${i + 1}`,
    shortLabel: `¶${i + 1}`,
    subsection: heading,
    text,
    start: 0,
    end: text.length,
  }));
}

export async function benchScale({ chunks: count = 100_000, queries = 200 }: { chunks?: number; queries?: number } = {}): Promise<ScaleResult> {
  const corpus = loadCorpus();
  const sif = new SifEmbeddings({ vectors: openWordVectors(sharedVectorCache()) });
  const chunks = syntheticChunks(corpus.chunks, count);
  const afterChunks = memoryMb();

  // As the engine builds its index (open-index.ts): texts made one at a time, the vector matrix dropped after use.
  const texts = function* () {
    for (const c of chunks) yield `${c.subsection}. ${c.text}`;
  };
  let t = performance.now();
  const state = { commonComponent: sif.fitCommonComponent(texts()) };
  let vectors: Float32Array | undefined = sif.embedMatrix(texts(), chunks.length);
  const embed = performance.now() - t;
  const afterEmbed = memoryMb();

  t = performance.now();
  const index = VectorIndex.build({ embedder: sif.id, corpusHash: "synthetic", dims: sif.dims }, chunks.map((c) => c.id), vectors, state);
  const hnsw = performance.now() - t;
  vectors = undefined;
  const afterHnsw = memoryMb();

  t = performance.now();
  const lexical = new LexicalIndex(chunks);
  const lexicalMs = performance.now() - t;
  const afterLexical = memoryMb();

  const retriever = new HybridRetriever({ chunks, lexical, index, embeddings: sif });
  const rand = random(11);
  const generated = syntheticTexts(corpus.chunks, queries, 13).map(({ text }) =>
    text.split(" ").slice(0, 4 + Math.floor(rand() * 8)).join(" "),
  );
  const questionSet = [...QUESTIONS.map((q) => q.question), ...generated].slice(0, queries);

  const queryMs: ScaleResult["queryMs"] = {};
  for (const variant of ["hybrid+refs", "hybrid", "bm25", "dense"] as const) {
    for (const q of questionSet.slice(0, 10)) await retriever.retrieve(q, { variant });
    const times: number[] = [];
    for (const q of questionSet) {
      const started = performance.now();
      await retriever.retrieve(q, { variant });
      times.push(performance.now() - started);
    }
    queryMs[variant] = distribution(times);
  }
  const lexicalRun = () => {
    const times: number[] = [];
    const tops = questionSet.map((q) => {
      const started = performance.now();
      const top = lexical.query(q, 10).map((m) => m.id);
      times.push(performance.now() - started);
      return top;
    });
    return { tops, ms: distribution(times) };
  };
  const byDefault = lexicalRun();
  const saved = LEXICAL_PARAMS.costlyFromPostings;
  LEXICAL_PARAMS.costlyFromPostings = Infinity;
  const full = lexicalRun();
  LEXICAL_PARAMS.costlyFromPostings = saved;
  const overlaps = byDefault.tops.map((top, i) => {
    const other = new Set(full.tops[i]);
    return top.length === 0 && other.size === 0 ? 1 : top.filter((id) => other.has(id)).length / Math.max(top.length, other.size);
  });
  const afterQueries = memoryMb();
  return {
    chunks: count,
    buildMs: { embed, hnsw, lexical: lexicalMs, total: embed + hnsw + lexicalMs },
    queryMs,
    queries: questionSet.length,
    lexicalExact: { top10Overlap: overlaps.reduce((a, b) => a + b, 0) / overlaps.length, defaultMs: byDefault.ms, fullMs: full.ms },
    memoryMb: { afterChunks, afterEmbed, afterHnsw, afterLexical, afterQueries },
    heapUsedMb: afterQueries.heapUsed,
    rssMb: afterQueries.rss,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
