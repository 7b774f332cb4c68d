import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatMetric, readReport } from "../../web/src/evals/report.ts";
import { ROOT } from "../support/engine.ts";

const reportsDir = join(ROOT, "evals/reports");
/** test.json is the report GET /api/evals/latest serves. */
const reports = ["test.json", "dev.json"];

describe("readReport", () => {
  it.each(reports)("reads the committed report %s whole", (file) => {
    const raw = JSON.parse(readFileSync(join(reportsDir, file), "utf8"));
    const view = readReport(raw)!;
    expect(view.summary.questions).toBe(raw.summary.questions);
    expect(view.byTag.map((t) => t.tag)).toEqual(Object.keys(raw.byTag));
    expect(view.failures).toHaveLength(raw.failures.length);
    for (const failure of view.failures) expect(failure.question.length).toBeGreaterThan(0);
  });

  it("keeps what is well formed from a partial report", () => {
    const view = readReport({ summary: { hit5: 0.9, mrr: "high" }, byTag: "nope", failures: [{ question: "Q?", got: 3 }, 7] })!;
    expect(view.summary).toEqual({ hit5: 0.9 });
    expect(view.byTag).toEqual([]);
    expect(view.failures).toHaveLength(1);
    expect(view.failures[0]!.got).toEqual({ abstained: false, cited: [], retrieved: [], answer: "" });
  });

  it.each([[null], ["report"], [[]], [{}], [{ summary: {} }]])("has nothing to show for %j", (raw) => {
    expect(readReport(raw)).toBeUndefined();
  });
});

describe("formatMetric", () => {
  it("shows rates as percentages, latencies in ms, counts as counts", () => {
    expect(formatMetric("hit5", 0.9561)).toBe("95.6%");
    expect(formatMetric("latencyP50Ms", 1.234)).toBe("1.2 ms");
    expect(formatMetric("questions", 110)).toBe("110");
    expect(formatMetric("mrr", null)).toBe("–");
  });
});
