/**
 * DATABASE_URL across replicas: two `npm start` processes, each with its own empty data directory,
 * start together on one pgvector store. One builds the index, the other waits for it and loads it;
 * neither writes vector files; both answer alike over HTTP, and both stop cleanly on SIGTERM.
 */
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, migrate } from "../../server/index/pg-vector-index.ts";
import { tempDataDir } from "../support/engine.ts";
import { startPgvector, type PgvectorServer } from "../support/pgvector.ts";
import { askOnOwnConnection, listeningUrl, spawnServer } from "./processes.ts";

let store: PgvectorServer;
const replicas: Array<{ child: ChildProcess; output: string[]; url: string; dataDir: string }> = [];

beforeAll(async () => {
  store = await startPgvector();
  const pool = createPool(store.url);
  await migrate(pool);
  await pool.end();
  await Promise.all(
    [0, 1].map(async () => {
      const output: string[] = [];
      const dataDir = tempDataDir();
      const child = spawnServer({ DATABASE_URL: store.url, CLAUSEWISE_WORKERS: "1", CLAUSEWISE_DATA_DIR: dataDir }, output);
      const url = await listeningUrl(child, output);
      replicas.push({ child, output, url, dataDir });
    }),
  );
}, 120_000);

afterAll(async () => {
  for (const { child } of replicas) if (child.exitCode === null) child.kill("SIGKILL");
  await store?.stop();
});

describe("two replicas on one pgvector store", () => {
  it("one builds the index and the other loads it", () => {
    const states = replicas.map(({ output }) => /index (built|loaded|rebuilt)\)/.exec(output.join(""))?.[1]).sort();
    expect(states).toEqual(["built", "loaded"]);
  });

  it("answer the same question alike", async () => {
    const question = "What did they agree on defence?";
    const bodies = await Promise.all(replicas.map(async ({ url }) => (await askOnOwnConnection(url, question).outcome).body!));
    const answers = bodies.map((body) => (JSON.parse(body) as { answer: string; citations: Array<{ id: string }> }).citations.map((c) => c.id));
    expect(answers[0]).toContain("statement/7");
    expect(answers[1]).toEqual(answers[0]);
  });

  it("write no vector files of their own", () => {
    for (const { dataDir } of replicas) {
      // The word-vector cache link is there; no index directory is.
      expect(readdirSync(dataDir).length).toBeGreaterThan(0);
      expect(readdirSync(dataDir)).not.toContain("index");
    }
  });

  it("stop cleanly on SIGTERM, closing their connections", async () => {
    for (const { child } of replicas) {
      child.kill("SIGTERM");
      const [code] = (await once(child, "exit")) as [number | null];
      expect(code).toBe(0);
    }
  });
});
