/**
 * `npm run ask -- "question"`           the answer and its citations, for a person
 * `npm run ask -- --json "question"`    the answer structure as JSON
 * `npm run ask -- --batch FILE`         JSONL in ({id, question, history?}), JSONL out ({id, ...answer})
 *
 * The batch output is the eval contract: one JSON line per input line on
 * stdout and nothing else there; diagnostics go to stderr.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { questionSchema, turnSchema } from "../contract.ts";
import { openEngine, type Engine } from "../engine.ts";
import { ClausewiseError, decodeUtf8, isClausewiseError } from "../errors.ts";
import { formatForPerson } from "./format.ts";

const batchLineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  question: questionSchema,
  history: z.array(turnSchema).optional(),
});

async function runBatch(engine: Engine, file: string): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new ClausewiseError("bad_request", `cannot read batch file: ${file}`);
  }
  const lines = decodeUtf8(bytes, `batch file ${file}`).split(/\r?\n/);
  let failures = 0;
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      // Still one output line per input line, so results stay aligned with questions.
      process.stderr.write(`clausewise: ${file}:${i + 1}: not valid JSON\n`);
      process.stdout.write(`${JSON.stringify({ id: null, error: `line ${i + 1}: not valid JSON` })}\n`);
      failures++;
      continue;
    }
    const parsed = batchLineSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const id = (raw as { id?: unknown })?.id;
      process.stdout.write(`${JSON.stringify({ id: id ?? null, error: `${issue.path.join(".") || "line"}: ${issue.message}` })}\n`);
      failures++;
      continue;
    }
    const { id, question, history } = parsed.data;
    const answer = await engine.answer(question, { history });
    process.stdout.write(`${JSON.stringify({ id, ...answer })}\n`);
  }
  return failures > 0 ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { json: { type: "boolean" }, batch: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
    });
  } catch (error) {
    throw new ClausewiseError("bad_request", `${(error as Error).message} (see npm run ask -- --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help || (!values.batch && positionals.length === 0)) {
    process.stderr.write('usage: npm run ask -- [--json] "question"\n       npm run ask -- --batch FILE.jsonl\n');
    return values.help ? 0 : 2;
  }
  const question = positionals.join(" ");
  if (!values.batch) {
    const check = questionSchema.safeParse(question);
    if (!check.success) throw new ClausewiseError("bad_request", check.error.issues[0]!.message);
    if (question.includes("\uFFFD")) throw new ClausewiseError("bad_request", "question is not valid UTF-8 text");
  }
  const engine = await openEngine();
  if (values.batch) return runBatch(engine, values.batch);
  const answer = await engine.answer(question);
  process.stdout.write(values.json ? `${JSON.stringify(answer, null, 2)}\n` : `${formatForPerson(answer, engine)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = isClausewiseError(error) ? error.message : `unexpected error: ${(error as Error)?.message ?? error}`;
    process.stderr.write(`clausewise: ${message}\n`);
    process.exit(isClausewiseError(error) && error.code === "bad_request" ? 2 : 1);
  },
);
