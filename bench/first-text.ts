/**
 * How long `/api/chat` takes, in LLM mode, to put the first answer text on
 * the wire: the real app and the local OpenAI-compatible stub on loopback,
 * the stub streaming a three-sentence cited answer at about 400 characters
 * a second (4-character pieces every 10 ms, a typical hosted model's pace).
 * Since issue 9 a sentence is sent only once it has passed the grounding
 * check, so the first text waits for the first whole sentence.
 *
 *   npx tsx bench/first-text.ts [--runs 25] [--root DIR]
 *
 * `--root` runs the same measurement against another checkout (e.g. a
 * worktree of the previous commit), for a before/after comparison.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { runs: { type: "string", default: "25" }, root: { type: "string" } } });
const root = resolve(values.root ?? resolve(import.meta.dirname, ".."));
const runs = Number(values.runs);

type StubModule = typeof import("../tests/support/openai-stub.ts");
type ServerModule = typeof import("../tests/http/server.ts");
const { startOpenAIStub, excerptIds, promptOf } = (await import(`${root}/tests/support/openai-stub.ts`)) as StubModule;
const { startServer, userMessage } = (await import(`${root}/tests/http/server.ts`)) as ServerModule;

const QUESTION = "How many days can Bulgarians stay in Vietnam without a visa?";

const stub = await startOpenAIStub();
// The first sentence of each of the first three excerpts, each cited: grounded by construction.
stub.fallback = (request) => {
  const user = promptOf(request).user;
  const sentences = excerptIds(request)
    .slice(0, 3)
    .map((id) => {
      const body = new RegExp(`<excerpt id="${id}"[^>]*>\\n([\\s\\S]*?)\\n</excerpt>`).exec(user)![1]!;
      return `${body.replace(/^\s*\d{1,3}\.\s+/, "").split(/(?<=\.)\s/)[0]!} [${id}]`;
    });
  return { kind: "text", text: sentences.join(" "), chunkChars: 4, delayMs: 10 };
};
const server = await startServer({ OPENAI_BASE_URL: stub.url, OPENAI_API_KEY: "sk-bench", CLAUSEWISE_LLM_MODEL: "stub-model" });

async function once(): Promise<{ firstText: number; total: number }> {
  const started = performance.now();
  const res = await fetch(`${server.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: "bench", messages: [userMessage(QUESTION)], trigger: "submit-message" }),
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  let firstText = NaN;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
    if (Number.isNaN(firstText) && /"type":"text-delta","id":"[^"]*","delta":"[^"]/.test(seen)) firstText = performance.now() - started;
  }
  if (!seen.includes('"mode":"llm"')) throw new Error(`not an LLM answer: ${seen.slice(-400)}`);
  return { firstText, total: performance.now() - started };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
await once();
const results: Array<{ firstText: number; total: number }> = [];
for (let i = 0; i < runs; i++) results.push(await once());
console.log(
  JSON.stringify({
    root,
    runs,
    firstTextMedianMs: Math.round(median(results.map((r) => r.firstText))),
    totalMedianMs: Math.round(median(results.map((r) => r.total))),
  }),
);
await server.close();
await stub.close();
