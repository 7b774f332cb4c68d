/**
 * Eval cases saved from chat ("Add to eval set"): POST /api/evals/cases appends
 * one line to evals/sets/user.jsonl (CLAUSEWISE_EVAL_CASES_FILE) in the eval
 * set format, checked with the schema the runner loads sets with, and with its
 * gold ids checked against the corpus.
 *
 * Appends never leave half a line or lose one: each case is one write of a
 * whole line to a file opened for appending (O_APPEND, so concurrent writers,
 * other workers included, never overwrite each other), and writes from this
 * process go one at a time. If the file's last line lacks its newline (a crash
 * elsewhere), the next case starts on a line of its own.
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { evalItemSchema, type EvalItem } from "../contract.ts";
import { ClausewiseError } from "../errors.ts";

export class EvalCaseStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly knownChunk: (id: string) => boolean,
  ) {}

  /** Validates a case, gives it an id and appends it; resolves with the line's item as written. */
  save(input: unknown): Promise<EvalItem> {
    const parsed = evalItemSchema.safeParse({ ...(input as object), id: `user-${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}` });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ClausewiseError("bad_request", `Invalid eval case${issue.path.length ? ` ${issue.path.join(".")}` : ""}: ${issue.message}`);
    }
    const unknown = parsed.data.citations.filter((id) => !this.knownChunk(id));
    if (unknown.length > 0) throw new ClausewiseError("bad_request", `Invalid eval case citations: no chunk ${unknown.join(", ")}`);
    const item = parsed.data;
    const write = this.queue.then(() => this.append(`${JSON.stringify(item)}\n`));
    this.queue = write.catch(() => {});
    return write.then(() => item);
  }

  private async append(line: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const file = await open(this.path, "a+");
    try {
      const { size } = await stat(this.path);
      let prefix = "";
      if (size > 0) {
        const last = Buffer.alloc(1);
        await file.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = "\n";
      }
      // One write of the whole line: with O_APPEND it lands after whatever is there, never inside another line.
      await file.write(prefix + line);
    } finally {
      await file.close();
    }
  }
}
