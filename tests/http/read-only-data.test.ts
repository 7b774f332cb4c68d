/**
 * A data directory the server cannot write — a container image with a baked
 * index, run as a non-root user — is used as it is when its index and cache
 * are valid; a missing or stale index in it is a clear one-line error.
 *
 * The directory is made read-only with chmod. Root ignores permission bits,
 * so when the tests run as root the server runs as `nobody` (uid 65534),
 * exactly the deployment this is for: the kernel really refuses its writes.
 */
import { spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { once } from "node:events";
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import type { HealthInfo } from "../../server/contract.ts";
import { openEngine } from "../../server/engine.ts";
import { wordVectorCachePath } from "../../server/embeddings/index.ts";
import { ROOT, tempDataDir } from "../support/engine.ts";

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
/** As root, the server runs as nobody, for whom the chmod'ed directory is really read-only. */
const runAs: Pick<SpawnOptions, "uid" | "gid"> = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
const canRunAsNobody = !asRoot || spawnSync(process.execPath, ["-e", ""], runAs).status === 0;

/** A data directory with a freshly built index (its cache links to the shared one), then made read-only. */
async function readOnlyDataDir(prepare: (dir: string) => void = () => {}): Promise<string> {
  const dir = tempDataDir();
  await openEngine({ config: loadConfig({ CLAUSEWISE_DATA_DIR: dir }), log: () => {} });
  prepare(dir);
  for (const sub of ["index", "word-vectors", "."]) if (existsSync(join(dir, sub))) chmodSync(join(dir, sub), 0o555);
  return dir;
}

interface Run {
  stderr: () => string;
  listening: Promise<string>;
  exit: Promise<number | null>;
  kill(): void;
}

function startServer(dataDir: string): Run {
  const child = spawn(process.execPath, ["--import", "tsx", "server/http/main.ts"], {
    cwd: ROOT,
    // One process, so the data directory is judged once (each worker of a cluster says the same in its own line).
    env: { ...process.env, HOME: "/tmp", PORT: "0", HOST: "127.0.0.1", CLAUSEWISE_DATA_DIR: dataDir, CLAUSEWISE_WORKERS: "1" },
    stdio: ["ignore", "ignore", "pipe"],
    ...runAs,
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  const exit = once(child, "exit").then(([code]) => code as number | null);
  const listening = new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (text: string) => {
      stderr += text;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    void exit.then((code) => reject(new Error(`server exited (${code}):\n${stderr}`)));
  });
  listening.catch(() => {});
  return { stderr: () => stderr, listening, exit, kill: () => child.kill("SIGKILL") };
}

describe.skipIf(!canRunAsNobody)("read-only data directory", () => {
  const runs: Run[] = [];
  const start = (dir: string) => {
    const run = startServer(dir);
    runs.push(run);
    return run;
  };
  let valid: string;
  beforeAll(async () => {
    valid = await readOnlyDataDir();
  });
  afterAll(() => runs.forEach((run) => run.kill()));

  it("is really read-only for the server's user", () => {
    const probe = spawnSync(process.execPath, ["-e", `require("fs").writeFileSync(${JSON.stringify(join(valid, "probe"))}, "x")`], {
      ...runAs,
      encoding: "utf8",
    });
    expect(probe.status).not.toBe(0);
    expect(probe.stderr).toMatch(/EACCES|EROFS|EPERM/);
  });

  it("serves from a valid index and cache as they are, saying so in one line", async () => {
    const run = start(valid);
    const url = await run.listening;
    const readOnlyLines = run.stderr().split("\n").filter((line) => /read-only/.test(line));
    expect(readOnlyLines).toEqual([`clausewise: data directory ${valid} is read-only: using its index and word-vector cache as they are`]);

    const health = (await (await fetch(`${url}/api/health`)).json()) as HealthInfo;
    expect(health.index).toMatchObject({ state: "loaded", readOnly: true });
    expect(health.wordVectors).toEqual({ state: "loaded" });
    const res = await fetch(`${url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "How many days can Bulgarians stay in Vietnam without a visa?" }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { answer: string }).answer).toMatch(/45 days/);
  });

  it.each([
    ["missing index", (dir: string) => rmSync(join(dir, "index"), { recursive: true }), /its index is missing \(no index built yet\)/],
    ["corrupt index", (dir: string) => writeFileSync(join(dir, "index", "manifest.json"), ""), /its index is corrupt/],
    [
      "stale index",
      (dir: string) => {
        const path = join(dir, "index", "manifest.json");
        writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), corpusHash: "an older corpus" }));
      },
      /its index is stale \(corpus changed since the index was built\)/,
    ],
    ["missing word-vector cache", (dir: string) => rmSync(wordVectorCachePath(dir)), /word-vector cache is missing: .*, and the data directory is read-only/],
  ] as const)("refuses a %s with one clear line and exit 1", async (_kind, spoil, message) => {
    const run = start(await readOnlyDataDir(spoil));
    expect(await run.exit).toBe(1);
    const lines = run.stderr().trim().split("\n");
    expect(lines.at(-1)).toMatch(/read-only/);
    expect(lines.at(-1)).toMatch(message);
    expect(lines.at(-1)).toMatch(/npm run index/);
    expect(run.stderr()).not.toMatch(/\n\s+at /);
  });
});
