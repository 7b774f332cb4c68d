/**
 * Test helpers for `npm start`'s real process (server/http/main.ts): spawn it
 * offline on a private data dir, wait for its log lines, and send requests
 * each on a connection of its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import { ROOT, tempDataDir } from "../support/engine.ts";

export function waitForLine(child: ChildProcess, pattern: RegExp, output: string[]): Promise<RegExpMatchArray> {
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

/** The URL `npm start` says it listens on, once it (or, with workers, its primary) says so. */
export async function listeningUrl(child: ChildProcess, output: string[]): Promise<string> {
  const [, url] = await waitForLine(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, output);
  return url!;
}

/** The offline server process on a private data dir, its stderr collected. */
export function spawnServer(env: Record<string, string>, output: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "server/http/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", CLAUSEWISE_DATA_DIR: tempDataDir(), ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (text: string) => output.push(text));
  return child;
}

export interface AskOutcome {
  status?: number;
  body?: string;
  error?: string;
}

/**
 * POST /api/ask on a connection of its own. `sent` resolves once the whole
 * request has been handed to the kernel; the outcome is the response or the
 * socket error (ECONNRESET, "socket hang up").
 */
export function askOnOwnConnection(url: string, question: string): { sent: Promise<void>; outcome: Promise<AskOutcome> } {
  let markSent!: () => void;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const outcome = new Promise<AskOutcome>((resolve) => {
    const body = JSON.stringify({ question });
    const req = request(`${url}/api/ask`, {
      method: "POST",
      agent: false,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: text }));
      res.on("error", (error: NodeJS.ErrnoException) => resolve({ status: res.statusCode, error: error.code ?? error.message }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body, () => markSent());
  });
  return { sent, outcome };
}
