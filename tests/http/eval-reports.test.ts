/**
 * GET /api/evals/reports and /api/evals/reports/:name: the stored eval reports for the /evals
 * workspace, listed newest first with what each is, and served whole. Files that are not
 * reports are left out; a name that could leave the directory is refused.
 */
import { copyFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/engine.ts";
import { startServer, type TestServer } from "./server.ts";

describe("/api/evals/reports", () => {
  let server: TestServer;
  const dir = mkdtempSync(join(tmpdir(), "clausewise-reports-"));

  beforeAll(async () => {
    const test = JSON.parse(readFileSync(join(ROOT, "evals/reports/test.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(join(dir, "test.json"), JSON.stringify({ ...test, generatedAt: "2026-12-01T10:00:00.000Z" }));
    writeFileSync(join(dir, "test.llm.json"), JSON.stringify({ ...test, mode: "llm", model: "stub-model", generatedAt: "2026-12-02T10:00:00.000Z" }));
    copyFileSync(join(ROOT, "evals/reports/ablation.json"), join(dir, "ablation.json"));
    writeFileSync(join(dir, "notes.json"), JSON.stringify({ hello: "not a report" }));
    writeFileSync(join(dir, "broken.json"), "{ not json");
    writeFileSync(join(dir, "secret.txt"), "not served");
    server = await startServer({}, { evalReportsDir: dir });
  });
  afterAll(() => server.close());

  it("lists the reports newest first, with what each one is; other files are left out", async () => {
    const response = await fetch(`${server.url}/api/evals/reports`);
    expect(response.status).toBe(200);
    const list = (await response.json()) as Array<{ name: string; mode: string; model?: string; questions: number; summary: Record<string, number> }>;
    expect(list.map((r) => r.name)).toEqual(["test.llm", "test"]);
    expect(list[0]).toMatchObject({ set: "test", mode: "llm", model: "stub-model", generatedAt: "2026-12-02T10:00:00.000Z" });
    expect(list[1]!.questions).toBeGreaterThan(200);
    expect(typeof list[1]!.summary.factAccuracy).toBe("number");
  });

  it("sees a report rewritten since the last listing", async () => {
    const path = join(dir, "test.json");
    const report = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...report, generatedAt: "2026-12-03T10:00:00.000Z" }));
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
    const list = (await (await fetch(`${server.url}/api/evals/reports`)).json()) as Array<{ name: string }>;
    expect(list.map((r) => r.name)).toEqual(["test", "test.llm"]);
  });

  it("serves one report whole", async () => {
    const response = await fetch(`${server.url}/api/evals/reports/test.llm`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as { results: unknown[]; model: string };
    expect(report.model).toBe("stub-model");
    expect(report.results.length).toBeGreaterThan(200);
  });

  it.each([
    ["notes", 404],
    ["missing", 404],
    ["..%2Fsecret.txt", 400],
    ["%2Ehidden", 400],
  ])("answers %s with a JSON %i", async (name, status) => {
    const response = await fetch(`${server.url}/api/evals/reports/${name}`);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: { code: status === 400 ? "bad_request" : "not_found" } });
  });
});
