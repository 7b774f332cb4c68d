import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ROOT } from "./engine.ts";

/** Runs `npm run eval -- …` (evals/run.ts under tsx) and resolves with its exit code and output, failing or not. */
export function runEvalCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, ["--import", "tsx", "evals/run.ts", ...args], { cwd: ROOT, encoding: "utf8" }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}
