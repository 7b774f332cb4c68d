/**
 * The eval reports `npm run eval` writes into evals/reports/, for the /evals
 * workspace: a list with what each report is (set, mode, model, date, headline
 * metrics) and each report whole. Reports are read as files and checked only
 * for the shape the list needs, not with the eval runner's types. (Running a set,
 * server/http/eval-runs.ts, is the one route that loads the runner, on first
 * use.) The list keeps each
 * report's listing until its file changes, not the report (dev's is over 1 MB).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { ClausewiseError } from "../errors.ts";

/** A report's name: its file name without `.json` ("test", "dev.llm"); nothing that could leave the directory. */
const REPORT_NAME = /^[a-z0-9][a-z0-9._-]{0,80}$/i;

export interface EvalReportListing {
  name: string;
  set: string;
  mode: string;
  generatedAt: string;
  embedder?: string;
  model?: string;
  questions: number;
  /** The headline metrics as the report gives them. */
  summary: Record<string, number | null>;
}

interface Listed {
  mtimeMs: number;
  listing: EvalReportListing | undefined;
}

export class EvalReportStore {
  private readonly listed = new Map<string, Listed>();

  constructor(private readonly dir: string) {}

  /** Every report in the directory, newest first; files that are not reports (ablation tables) are left out. */
  async list(): Promise<EvalReportListing[]> {
    let files: string[];
    try {
      files = (await readdir(this.dir)).filter((f) => f.endsWith(".json"));
    } catch {
      return [];
    }
    const out: EvalReportListing[] = [];
    for (const file of files) {
      const name = file.slice(0, -".json".length);
      if (!REPORT_NAME.test(name)) continue;
      const listing = await this.listing(name).catch(() => undefined);
      if (listing) out.push(listing);
    }
    return out.sort((a, b) => b.generatedAt.localeCompare(a.generatedAt) || a.name.localeCompare(b.name));
  }

  /** One report whole; 400 for a name that is not one, 404 when there is no such report. */
  async read(name: string): Promise<Record<string, unknown>> {
    if (!REPORT_NAME.test(name)) throw new ClausewiseError("bad_request", "A report name is letters, digits, '.', '-' and '_'.");
    const report = await readFile(join(this.dir, `${name}.json`), "utf8")
      .then((text) => asReport(JSON.parse(text) as unknown))
      .catch(() => undefined);
    if (!report) throw new ClausewiseError("not_found", `No eval report "${name}"; npm run eval writes them into evals/reports/.`);
    return report;
  }

  private async listing(name: string): Promise<EvalReportListing | undefined> {
    const path = join(this.dir, `${name}.json`);
    const { mtimeMs } = await stat(path);
    const cached = this.listed.get(name);
    if (cached && cached.mtimeMs === mtimeMs) return cached.listing;
    const report = asReport(JSON.parse(await readFile(path, "utf8")) as unknown);
    const listing: EvalReportListing | undefined = report && {
      name,
      set: String(report.set),
      mode: String(report.mode ?? "extractive"),
      generatedAt: String(report.generatedAt ?? ""),
      ...(typeof report.embedder === "string" ? { embedder: report.embedder } : {}),
      ...(typeof report.model === "string" ? { model: report.model } : {}),
      questions: (report.results as unknown[]).length,
      summary: report.summary as Record<string, number | null>,
    };
    this.listed.set(name, { mtimeMs, listing });
    return listing;
  }
}

/** The value when it has a report's shape (an object with results and a summary), else undefined. */
function asReport(value: unknown): Record<string, unknown> | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const report = value as Record<string, unknown>;
  return Array.isArray(report.results) && typeof report.summary === "object" && typeof report.set === "string" ? report : undefined;
}
