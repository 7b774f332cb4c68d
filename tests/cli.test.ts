import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CORPUS_DIR } from "../corpus/load.ts";
import type { Answer } from "../server/contract.ts";
import { LIMITS } from "../server/contract.ts";
import { loadConfig } from "../server/config.ts";
import { indexDir, openEngine } from "../server/engine.ts";
import { ROOT, tempDataDir } from "./support/engine.ts";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const VISA = "How many days can Bulgarians stay in Vietnam without a visa?";
const tempDirs: string[] = [];
let dataDir: string;
let scratch: string;

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CLAUSEWISE_DATA_DIR: dataDir, ...extra };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "CLAUSEWISE_EMBEDDING_MODEL"]) delete env[key];
  if (!extra.CLAUSEWISE_CORPUS_DIR) delete env.CLAUSEWISE_CORPUS_DIR;
  return env;
}

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env: childEnv(env), encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const ask = (args: string[], env?: Record<string, string>) => run(process.execPath, ["--import", "tsx", "server/cli/ask.ts", ...args], env);

/** Hashes of every file in the index directory: a failed run must leave them as they were. */
function indexSnapshot(): Record<string, string> {
  const dir = indexDir(loadConfig({ CLAUSEWISE_DATA_DIR: dataDir }));
  return Object.fromEntries(
    readdirSync(dir).map((f) => [f, createHash("sha256").update(readFileSync(join(dir, f))).digest("hex")]),
  );
}

function expectOneCleanErrorLine(result: Run, message: RegExp) {
  expect(result.code).not.toBe(0);
  expect(result.stdout).toBe("");
  expect(result.stderr).not.toContain("    at ");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^clausewise: /);
  expect(lines[0]).toMatch(message);
}

function scratchFile(name: string, content: string | Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

function corpusCopy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "clausewise-corpus-"));
  tempDirs.push(dir);
  cpSync(DEFAULT_CORPUS_DIR, dir, { recursive: true, filter: (src) => !src.endsWith(".ts") });
  edit(dir);
  return dir;
}

beforeAll(async () => {
  dataDir = tempDataDir();
  scratch = mkdtempSync(join(tmpdir(), "clausewise-cli-"));
  tempDirs.push(dataDir, scratch);
  await openEngine({ config: loadConfig({ CLAUSEWISE_DATA_DIR: dataDir }), log: () => {} });
});

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe("ask, for a person", () => {
  it("prints the answer with short citation marks and its sources", async () => {
    const result = await ask([VISA]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("45-day visa exemption");
    expect(result.stdout).toContain("[§24]");
    expect(result.stdout).not.toContain("[statement/24]");
    expect(result.stdout).toMatch(/\nSources:\n {2}\[§24\] Joint Statement §24 · Culture, Sports and Tourism\b/);
  });

  it("says so when the documents do not answer", async () => {
    const result = await ask(["How much money will Bulgaria invest?"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/The documents don't say/);
    expect(result.stdout).not.toContain("Sources:");
  });

  it("joins several words into one question", async () => {
    const result = await ask(["--json", "What", "does", "clause", "19", "say?"]);
    expect((JSON.parse(result.stdout) as Answer).citations.map((c) => c.id)).toEqual(["statement/19"]);
  });

  it("prints usage and fails without a question", async () => {
    const result = await ask([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^usage: npm run ask -- \[--json\] "question"/);
  });
});

describe("ask --json", () => {
  it("prints the answer structure and nothing else", async () => {
    const result = await ask(["--json", VISA]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const answer = JSON.parse(result.stdout) as Answer;
    expect(Object.keys(answer).sort()).toEqual(["abstained", "answer", "citations", "mode", "outcome", "retrieved"]);
    expect(answer).toMatchObject({ abstained: false, mode: "extractive" });
    expect(answer.answer).toContain("45");
    expect(answer.answer).toContain("[statement/24]");
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) {
      expect(Object.keys(c).sort()).toEqual(["id", "label", "quote"]);
      expect(c.quote.length).toBeGreaterThan(0);
    }
    expect(answer.citations.find((c) => c.id === "statement/24")?.label).toBe("Joint Statement §24 · Culture, Sports and Tourism");
    expect(answer.retrieved[0]).toEqual({ id: "statement/24", score: expect.any(Number) });
    for (const r of answer.retrieved) expect(Object.keys(r).sort()).toEqual(["id", "score"]);
  });

  it("gives the same structure as the engine in-process", async () => {
    const engine = await openEngine({ config: loadConfig({ CLAUSEWISE_DATA_DIR: dataDir }), log: () => {} });
    const question = "What do the two sides say about UNCLOS?";
    expect(JSON.parse((await ask(["--json", question])).stdout)).toEqual(await engine.answer(question));
  });
});

describe("ask --batch", () => {
  it("writes one JSON line per question, echoing ids and ignoring extra fields", async () => {
    const file = scratchFile(
      "good.jsonl",
      [
        JSON.stringify({ id: "visa", question: VISA, expected: "45 days", tags: ["statement"] }),
        "",
        JSON.stringify({ id: 7, question: "What does clause 19 say?" }),
        JSON.stringify({
          id: "follow-up",
          question: "and what about health?",
          history: [
            { role: "user", content: "What did the two sides agree on defence?" },
            { role: "assistant", content: "A Joint Working Group on Defense Cooperation. [statement/7]" },
          ],
        }),
        JSON.stringify({ id: "none", question: "What is the population of Bulgaria?" }),
      ].join("\n") + "\n",
    );
    const result = await ask(["--batch", file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const lines = result.stdout.split("\n");
    expect(lines.at(-1)).toBe("");
    const out = lines.slice(0, -1).map((l) => JSON.parse(l) as Answer & { id: unknown });
    expect(out.map((o) => o.id)).toEqual(["visa", 7, "follow-up", "none"]);
    for (const o of out) {
      expect(Object.keys(o).sort()).toEqual(["abstained", "answer", "citations", "id", "mode", "outcome", "retrieved"]);
      expect(o).not.toHaveProperty("expected");
    }
    expect(out[0]!.answer).toContain("45");
    expect(out[1]!.citations.map((c) => c.id)).toEqual(["statement/19"]);
    expect(out[2]!.citations.map((c) => c.id)).toContain("statement/29");
  });

  it("answers like the single-question mode", async () => {
    const file = scratchFile("one.jsonl", `${JSON.stringify({ id: "q", question: VISA })}\r\n`);
    const [batch, single] = await Promise.all([ask(["--batch", file]), ask(["--json", VISA])]);
    const { id, ...answer } = JSON.parse(batch.stdout) as Answer & { id: string };
    expect(id).toBe("q");
    expect(answer).toEqual(JSON.parse(single.stdout));
  });

  it("reports lines that break the schema as error lines in place, and exits non-zero", async () => {
    const file = scratchFile(
      "schema.jsonl",
      [
        JSON.stringify({ id: "ok", question: "What does clause 19 say?" }),
        JSON.stringify({ id: "empty", question: "   " }),
        JSON.stringify({ id: "long", question: "a".repeat(LIMITS.questionChars + 1) }),
        JSON.stringify({ question: "no id here" }),
        JSON.stringify({ id: "bad-history", question: "and health?", history: [{ role: "system", content: "x" }] }),
        JSON.stringify({ id: "last", question: VISA }),
      ].join("\n"),
    );
    const result = await ask(["--batch", file]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).not.toContain("    at ");
    const out = result.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { id: unknown; error?: string; answer?: string });
    expect(out.map((o) => o.id)).toEqual(["ok", "empty", "long", null, "bad-history", "last"]);
    expect(out.map((o) => Boolean(o.error))).toEqual([false, true, true, true, true, false]);
    expect(out[1]!.error).toMatch(/question is empty/);
    expect(out[2]!.error).toMatch(/longer than 2000 characters/);
    expect(out[3]!.error).toMatch(/^id: /);
    expect(out[5]!.answer).toContain("45");
  });

  it("keeps one stdout line per input line when a line is not JSON", async () => {
    const file = scratchFile(
      "broken.jsonl",
      [JSON.stringify({ id: "a", question: VISA }), "{not json", JSON.stringify({ id: "b", question: VISA })].join("\n"),
    );
    const result = await ask(["--batch", file]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/broken\.jsonl:2: not valid JSON/);
    const out = result.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { id: unknown; error?: string });
    expect(out.map((o) => o.id)).toEqual(["a", null, "b"]);
    expect(out[1]!.error).toMatch(/JSON/);
  });
});

describe("bad input", () => {
  let before: Record<string, string>;
  beforeAll(() => {
    before = indexSnapshot();
  });

  it.each<[string, string[], RegExp, number]>([
    ["an empty question", [""], /^clausewise: question is empty$/, 2],
    ["a whitespace-only question", ["   \t "], /^clausewise: question is empty$/, 2],
    ["a whitespace-only JSON question", ["--json", "  "], /^clausewise: question is empty$/, 2],
    ["an over-length question", ["q".repeat(LIMITS.questionChars + 1)], /^clausewise: question is longer than 2000 characters$/, 2],
    ["a missing batch file", ["--batch", "/nonexistent/questions.jsonl"], /^clausewise: cannot read batch file: \/nonexistent\/questions\.jsonl$/, 2],
    ["an unknown option", ["--verbose", "hi"], /^clausewise: .*--verbose.*--help\)$/, 2],
  ])("refuses %s with one clear line", async (_case, args, message, code) => {
    const result = await ask(args);
    expectOneCleanErrorLine(result, message);
    expect(result.code).toBe(code);
    expect(indexSnapshot()).toEqual(before);
  });

  it("refuses a question with non-UTF-8 bytes", async () => {
    const result = await run("/bin/sh", ["-c", `exec "$0" --import tsx server/cli/ask.ts "$(printf 'caf\\351 visa')"`, process.execPath]);
    expectOneCleanErrorLine(result, /^clausewise: question is not valid UTF-8 text$/);
    expect(indexSnapshot()).toEqual(before);
  });

  it("refuses a batch file with non-UTF-8 bytes, answering nothing", async () => {
    const file = scratchFile(
      "latin1.jsonl",
      Buffer.concat([Buffer.from(`${JSON.stringify({ id: "a", question: VISA })}\n{"id":"b","question":"caf`), Buffer.from([0xe9, 0x22, 0x7d, 0x0a])]),
    );
    const result = await ask(["--batch", file]);
    expectOneCleanErrorLine(result, /^clausewise: batch file .*latin1\.jsonl is not valid UTF-8 text$/);
    expect(indexSnapshot()).toEqual(before);
  });

  it.each<[string, (dir: string) => void, RegExp]>([
    [
      "a missing corpus file",
      (d) => rmSync(join(d, "vna-article-to-lam-bulgaria-visit-2025.txt")),
      /^clausewise: Corpus document "article" is missing: .*vna-article-to-lam-bulgaria-visit-2025\.txt$/,
    ],
    [
      "an unreadable corpus file",
      (d) => writeFileSync(join(d, "vna-article-to-lam-bulgaria-visit-2025.txt"), Buffer.from([0xc3, 0x28, 0xff])),
      /^clausewise: Corpus document "article" is not valid UTF-8: /,
    ],
    ["a manifest that is not JSON", (d) => writeFileSync(join(d, "manifest.json"), "{ version: 1 "), /^clausewise: The corpus manifest is not valid JSON: /],
    [
      "a manifest that breaks the schema",
      (d) => writeFileSync(join(d, "manifest.json"), JSON.stringify({ version: 1, documents: [{ id: "Statement!" }] })),
      /^clausewise: The corpus manifest is malformed at "documents\.0\.id": /,
    ],
    ["a missing corpus directory", (d) => rmSync(d, { recursive: true }), /^clausewise: The corpus manifest is missing: /],
    [
      "a statement that cannot be parsed",
      (d) => {
        const file = join(d, "joint-statement-vietnam-bulgaria-2025.txt");
        writeFileSync(file, readFileSync(file, "utf8").replace("\n1. The two sides agreed", "\nThe two sides agreed"));
      },
      /unnumbered paragraph/,
    ],
  ])("fails on %s with one clear line and leaves the index alone", async (_case, edit, message) => {
    const result = await ask([VISA], { CLAUSEWISE_CORPUS_DIR: corpusCopy(edit) });
    expectOneCleanErrorLine(result, message);
    expect(result.code).toBe(1);
    expect(indexSnapshot()).toEqual(before);
  });

  it("refuses a data directory path that is a file, before any work", async () => {
    const notADirectory = join(mkdtempSync(join(tmpdir(), "clausewise-cli-")), "a-file");
    writeFileSync(notADirectory, "");
    const result = await ask([VISA], { CLAUSEWISE_DATA_DIR: notADirectory });
    expectOneCleanErrorLine(result, /^clausewise: The data directory .*a-file cannot be created or is not a directory \(EEXIST\); set CLAUSEWISE_DATA_DIR$/);
    expect(result.code).toBe(1);
  });

  it("still loads the index after all the failures", async () => {
    const engine = await openEngine({ config: loadConfig({ CLAUSEWISE_DATA_DIR: dataDir }), log: () => {} });
    expect(engine.indexStatus.state).toBe("loaded");
  });
});

describe("calibrate", () => {
  const calibrate = (args: string[]) => run(process.execPath, ["--import", "tsx", "evals/calibrate.ts", ...args]);

  it.each([
    [["--set", "evals/sets/test.jsonl"], /calibrate on dev: the test and held-out sets are for reporting only/],
    [["--set", "evals/sets/holdout.jsonl"], /calibrate on dev: the test and held-out sets are for reporting only/],
    [["--set", "evals/sets/holdout2.jsonl"], /calibrate on dev: the test and held-out sets are for reporting only/],
    [["--bogus"], /calibrate: .*--bogus/],
  ])("refuses %j with one clear line", async (args, message) => {
    const result = await calibrate(args);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
