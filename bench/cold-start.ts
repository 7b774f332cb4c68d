/**
 * Cold start of the CLI, spawn → printed answer, as A/B rounds: every round
 * runs each command once, in rotated order, so load from elsewhere falls on
 * all of them alike. Peak RSS from GNU time (`/usr/bin/time -f %M`, the largest
 * process of the command's tree) and CPU time (user + system of the whole
 * tree, less sensitive than wall time to other work on the machine). Each
 * command's median is also given as a ratio to `node -e 0` of the same run,
 * which says more across machines than milliseconds do.
 *
 *   npx tsx bench/cold-start.ts [--runs 9] [--old DIR]
 *
 * --old DIR also times `npm run ask` in another checkout (e.g. a worktree of the
 * commit before the compiled build, where it ran tsx). dist/ is rebuilt first
 * when stale; the index and word-vector cache are built once before timing.
 * benchCliColdStart() is what `npm run bench` calls.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { buildServerIfStale } from "./build.ts";
import { environment, environmentLine, loadAverage1 } from "./environment.ts";

const QUESTION = "How many days can Bulgarians stay in Vietnam without a visa?";
const TIME = "/usr/bin/time";
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** Stable keys, so callers can pick a command without matching its display name. */
export type CommandId = "node" | "compiled" | "tsx" | "npm" | "old";

interface Command {
  id: CommandId;
  name: string;
  argv: string[];
  cwd: string;
  /** Text on stdout that means the answer is printed; undefined = wait for exit. */
  answered?: string;
}

interface Sample {
  ms: number;
  cpuMs: number;
  rssKb: number;
}

export interface CommandTiming {
  id: CommandId;
  name: string;
  /** Spawn → answer printed (→ exit for `node -e 0`), over the timed rounds. */
  ms: { median: number; min: number; max: number };
  /** Median user + system CPU time of the process tree. */
  cpuMs: number;
  /** Median peak RSS of the largest process of the tree. */
  peakRssMb: number;
  /** Same-run ratios of the medians (wall time). */
  vsNodeE0: number;
  vsCompiled: number;
}

export interface CliColdStartResult {
  runs: number;
  question: string;
  commands: CommandTiming[];
}

export interface CliColdStartOptions {
  /** Timed rounds; default 9. */
  runs?: number;
  /** Another checkout whose `npm run ask` is timed too. */
  old?: string;
  log?: (line: string) => void;
}

function timeOnce(command: Command, env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let answeredAt: number | undefined;
    let stdout = "";
    let stderr = "";
    const child = spawn(TIME, ["-f", "RSS_KB=%M CPU_S=%U+%S", ...command.argv], { cwd: command.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      if (command.answered && answeredAt === undefined && stdout.includes(command.answered)) answeredAt = performance.now();
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.on("error", reject);
    child.on("close", (code) => {
      const usage = stderr.match(/RSS_KB=(\d+) CPU_S=([\d.]+)\+([\d.]+)/);
      if (code !== 0 || !usage || (command.answered && answeredAt === undefined)) {
        reject(new Error(`${command.name} failed (exit ${code}):\n${stdout}\n${stderr}`));
        return;
      }
      const cpuMs = (Number(usage[2]) + Number(usage[3])) * 1000;
      resolve({ ms: (answeredAt ?? performance.now()) - started, cpuMs, rssKb: Number(usage[1]) });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function commandsToTime(old: string | undefined): Command[] {
  const node = process.execPath;
  const commands: Command[] = [
    { id: "node", name: "node -e 0", argv: [node, "-e", "0"], cwd: ROOT },
    { id: "compiled", name: "node dist/ask.js (compiled)", argv: [node, "dist/ask.js", QUESTION], cwd: ROOT, answered: "Sources:" },
    { id: "tsx", name: "tsx server/cli/ask.ts", argv: [node, "node_modules/tsx/dist/cli.mjs", "server/cli/ask.ts", QUESTION], cwd: ROOT, answered: "Sources:" },
    { id: "npm", name: "npm run ask (compiled)", argv: ["npm", "run", "-s", "ask", "--", QUESTION], cwd: ROOT, answered: "Sources:" },
  ];
  if (old) commands.push({ id: "old", name: `npm run ask (${old})`, argv: ["npm", "run", "-s", "ask", "--", QUESTION], cwd: old, answered: "Sources:" });
  return commands;
}

/** Times every command in rotated rounds, in a private data dir (offline, no OpenAI settings). */
export async function benchCliColdStart({ runs = 9, old, log = () => {} }: CliColdStartOptions = {}): Promise<CliColdStartResult> {
  const commands = commandsToTime(old);
  const dataDir = mkdtempSync(join(tmpdir(), "clausewise-cold-"));
  const env: NodeJS.ProcessEnv = { ...process.env, CLAUSEWISE_DATA_DIR: dataDir };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "CLAUSEWISE_EMBEDDING_MODEL", "NODE_OPTIONS"]) delete env[key];
  try {
    // Untimed: builds the word-vector cache and the index in the private data dir, and warms the page cache.
    log("cold start: first round, untimed (builds the word-vector cache and the index) …");
    for (const command of commands) await timeOnce(command, env);

    const samples = new Map<CommandId, Sample[]>(commands.map((c) => [c.id, []]));
    for (let round = 0; round < runs; round++) {
      log(`cold start: round ${round + 1}/${runs} …`);
      for (let i = 0; i < commands.length; i++) {
        const command = commands[(round + i) % commands.length]!;
        samples.get(command.id)!.push(await timeOnce(command, env));
      }
    }

    const medianMs = (id: CommandId) => median(samples.get(id)!.map((s) => s.ms));
    return {
      runs,
      question: QUESTION,
      commands: commands.map(({ id, name }) => {
        const mine = samples.get(id)!;
        const ms = mine.map((s) => s.ms);
        return {
          id,
          name,
          ms: { median: medianMs(id), min: Math.min(...ms), max: Math.max(...ms) },
          cpuMs: median(mine.map((s) => s.cpuMs)),
          peakRssMb: median(mine.map((s) => s.rssKb)) / 1024,
          vsNodeE0: medianMs(id) / medianMs("node"),
          vsCompiled: medianMs(id) / medianMs("compiled"),
        };
      }),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A markdown table of the result, as pasted into notes and commit messages. */
export function report(result: CliColdStartResult): string {
  const compiledCpu = result.commands.find((c) => c.id === "compiled")!.cpuMs;
  return [
    `CLI cold start, spawn → printed answer, medians of ${result.runs} rotated rounds`,
    "",
    "| Command | median to answer (ms) | min–max (ms) | × node -e 0 | × compiled | CPU user+sys (ms) | × compiled | peak RSS (MB) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...result.commands.map(
      (c) =>
        `| ${c.name} | ${c.ms.median.toFixed(0)} | ${c.ms.min.toFixed(0)}–${c.ms.max.toFixed(0)} | ${c.vsNodeE0.toFixed(1)} | ${c.vsCompiled.toFixed(2)} | ` +
        `${c.cpuMs.toFixed(0)} | ${(c.cpuMs / compiledCpu).toFixed(2)} | ${c.peakRssMb.toFixed(0)} |`,
    ),
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "9" }, old: { type: "string" } } });
  const loadBefore = loadAverage1();
  buildServerIfStale();
  const result = await benchCliColdStart({ runs: Number(values.runs), old: values.old, log: (line) => process.stderr.write(`bench: ${line}\n`) });
  process.stdout.write(`${report(result)}\n\n${environmentLine(environment(loadBefore))}\n`);
}
