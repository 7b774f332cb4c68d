/**
 * `npm start`'s process: on SIGTERM it stops accepting connections, lets the
 * in-flight chat stream finish, and exits 0.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, tempDataDir } from "../support/engine.ts";
import { excerptIds, startOpenAIStub, type OpenAIStub } from "../support/openai-stub.ts";
import { chat, textOf } from "./server.ts";

function waitForLine(child: ChildProcess, pattern: RegExp, output: string[]): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.join("").match(pattern);
      if (match) {
        child.stderr!.off("data", check);
        child.off("exit", exited);
        resolve(match);
      }
    };
    const exited = (code: number | null) => reject(new Error(`server exited (${code}) before "${pattern}":\n${output.join("")}`));
    child.stderr!.on("data", check);
    child.on("exit", exited);
    check();
  });
}

describe("graceful shutdown", () => {
  let stub: OpenAIStub;
  let child: ChildProcess;
  const output: string[] = [];

  beforeAll(async () => {
    stub = await startOpenAIStub();
    child = spawn(process.execPath, ["--import", "tsx", "server/http/main.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        CLAUSEWISE_DATA_DIR: tempDataDir(),
        OPENAI_BASE_URL: stub.url,
        CLAUSEWISE_LLM_MODEL: "stub-model",
        CLAUSEWISE_LLM_TIMEOUT_MS: "20000",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (text: string) => output.push(text));
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await stub.close();
  });

  it("finishes the in-flight stream, refuses new connections, and exits 0", async () => {
    const [, url] = await waitForLine(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, output);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    stub.fallback = (request) => ({ kind: "text", text: `A grounded claim, streamed slowly. [${excerptIds(request)[0]}]`, chunkChars: 6, holdBeforeEnd: gate });

    let streaming!: () => void;
    const started = new Promise<void>((resolve) => (streaming = resolve));
    const inFlight = chat(url!, "How many days can Bulgarians stay in Vietnam without a visa?", (state) => {
      if (textOf(state)) streaming();
    });
    await started;

    const exit = once(child, "exit");
    child.kill("SIGTERM");
    await waitForLine(child, /SIGTERM: finishing in-flight requests/, output);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();

    release();
    const { message } = await inFlight;
    expect(textOf(message)).toMatch(/^A grounded claim, streamed slowly\. \[[a-z]+\/[a-z0-9-]+\]$/);
    expect(message.metadata?.mode).toBe("llm");
    const [code] = await exit;
    expect(code).toBe(0);
  });
});
