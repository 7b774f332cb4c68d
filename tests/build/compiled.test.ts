/**
 * The compiled build (`npm run build` → dist/) run as users run it: plain
 * `node`, no tsx, from another working directory, as real processes. On a
 * Node that can strip types itself, that is turned off, so a `.ts` import
 * left in the bundle fails here instead of passing unnoticed.
 */
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../server/contract.ts";
import { chat, postJson, textOf } from "../http/server.ts";
import { ROOT, tempDataDir } from "../support/engine.ts";
import { startOpenAIStub } from "../support/openai-stub.ts";

const VISA = "How many days can Bulgarians stay in Vietnam without a visa?";
const NO_TYPE_STRIPPING = process.allowedNodeEnvironmentFlags.has("--no-experimental-strip-types") ? ["--no-experimental-strip-types"] : [];
const tempDirs: string[] = [];
let cwd: string;
let dataDir: string;

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CLAUSEWISE_DATA_DIR: dataDir, CLAUSEWISE_RATE_LIMIT: "0" };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "CLAUSEWISE_EMBEDDING_MODEL", "CLAUSEWISE_CORPUS_DIR", "NODE_OPTIONS"]) delete env[key];
  return env;
}

/** Runs a script of the repository (dist/…, bin/…) with plain node. */
function runCompiled(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...NO_TYPE_STRIPPING, join(ROOT, file), ...args], { cwd, env: childEnv(), encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

interface CompiledServer {
  url: string;
  output: string[];
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  kill(): void;
}

/** `node dist/server.js` (or another script and arguments) on a free port, once it says it is listening. */
async function startCompiledServer(env: Record<string, string>, script = ["dist/server.js"]): Promise<CompiledServer> {
  const [file, ...args] = script;
  const child = spawn(process.execPath, [...NO_TYPE_STRIPPING, join(ROOT, file!), ...args], {
    cwd,
    env: { ...childEnv(), PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const output: string[] = [];
  child.stderr.setEncoding("utf8");
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (text: string) => {
      output.push(text);
      const match = output.join("").match(/listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}):\n${output.join("")}`)));
  });
  return {
    url,
    output,
    async stop() {
      child.kill("SIGTERM");
      const [code] = (await once(child, "exit")) as [number | null];
      return code;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

beforeAll(async () => {
  const build = spawn(process.execPath, [join(ROOT, "scripts/build.mjs"), "--if-stale", "server"], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  const errors: string[] = [];
  build.stderr.on("data", (text: Buffer) => errors.push(text.toString()));
  const [code] = await once(build, "exit");
  expect(code, errors.join("")).toBe(0);
  cwd = mkdtempSync(join(tmpdir(), "clausewise-compiled-"));
  dataDir = tempDataDir();
  tempDirs.push(cwd, dataDir);
}, 120_000);

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe("compiled build", () => {
  it("imports no TypeScript and no tsx from the bundles", () => {
    for (const file of readdirSync(join(ROOT, "dist")).filter((f) => f.endsWith(".js"))) {
      const code = readFileSync(join(ROOT, "dist", file), "utf8");
      expect(code, file).not.toMatch(/(?:\bfrom|\bimport\()\s*"(?:tsx\b|[^"]*\.tsx?")/);
    }
  });

  it("answers a question with dist/ask.js", async () => {
    const result = await runCompiled("dist/ask.js", ["--json", VISA]);
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as Answer;
    expect(answer.outcome).toBe("answer");
    expect(answer.answer).toMatch(/^\*\*45 days\*\*/);
    expect(answer.citations.map((c) => c.id)).toEqual(["statement/24"]);
  });

  it("answers through the clausewise command (bin/clausewise.js → dist/), formatted for a person", async () => {
    const result = await runCompiled("bin/clausewise.js", ["ask", VISA]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\*\*45 days\*\* — .*\[§24\]/);
    expect(result.stdout).toContain("Sources:\n  [§24] Joint Statement §24");
  });

  it("exits 2 with a usage line for an unknown command", async () => {
    const result = await runCompiled("bin/clausewise.js", ["summarise"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^usage: clausewise ask/);
  });

  it("serves health, the committed eval report, /api/ask and /api/chat from dist/server.js, and stops on SIGTERM", async () => {
    const server = await startCompiledServer({});
    try {
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      const status = (await health.json()) as { mode: string; version: string; index: { state: string } };
      expect(status.mode).toBe("offline");
      expect(status.version).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
      expect(["built", "loaded"]).toContain(status.index.state);

      // Read from evals/reports by a path relative to the server's source: it must resolve from dist/ too.
      const report = await fetch(`${server.url}/api/evals/latest`);
      expect(report.status).toBe(200);
      expect(await report.json()).toEqual(JSON.parse(readFileSync(join(ROOT, "evals/reports/test.json"), "utf8")));

      // The bundled dependencies at work: hono's routing and validation, and the AI SDK's UI message stream.
      const asked = await postJson(server.url, "/api/ask", { question: VISA });
      expect(asked.status).toBe(200);
      const answer = (await asked.json()) as Answer;
      expect(answer.answer).toMatch(/^\*\*45 days\*\*/);
      expect(answer.citations.map((c) => c.id)).toEqual(["statement/24"]);
      const { message } = await chat(server.url, VISA);
      expect(textOf(message)).toContain("45 days");
      expect(message.parts.filter((p) => p.type === "source-document").map((p) => p.sourceId)).toEqual(["statement/24"]);

      expect(await server.stop(), server.output.join("")).toBe(0);
    } finally {
      server.kill();
    }
  });

  it("serves with two workers through `clausewise serve`: each worker is forked as `clausewise serve` too", async () => {
    const server = await startCompiledServer({ CLAUSEWISE_WORKERS: "2" }, ["bin/clausewise.js", "serve"]);
    try {
      const pids = new Set<number>();
      // Each request on a connection of its own, so the kernel hands them to either worker.
      for (let i = 0; i < 40 && pids.size < 2; i++) {
        const health = await fetch(`${server.url}/api/health`, { headers: { connection: "close" } });
        expect(health.status).toBe(200);
        pids.add(((await health.json()) as { pid: number }).pid);
      }
      expect(server.output.join("")).toMatch(/listening on \S+ \(2 workers\)/);
      expect(server.output.join("")).not.toMatch(/usage:|exited|restart/i);
      expect(await server.stop(), server.output.join("")).toBe(0);
    } finally {
      server.kill();
    }
  });

  it("answers through an LLM from dist/server.js: @langchain/openai loads from node_modules beside the bundled code", async () => {
    const stub = await startOpenAIStub();
    const server = await startCompiledServer({ OPENAI_BASE_URL: stub.url, CLAUSEWISE_LLM_MODEL: "stub-model" });
    try {
      const asked = await postJson(server.url, "/api/ask", { question: VISA });
      expect(asked.status).toBe(200);
      const answer = (await asked.json()) as Answer;
      expect(answer.mode, answer.notice).toBe("llm");
      expect(answer.notice).toBeUndefined();
      expect(answer.citations.length).toBeGreaterThan(0);
      expect(stub.requests.length).toBeGreaterThan(0);
      expect(await server.stop(), server.output.join("")).toBe(0);
    } finally {
      server.kill();
      await stub.close();
    }
  });
});
