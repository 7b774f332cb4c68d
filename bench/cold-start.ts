/**
 * Cold start of the CLI, spawn → printed answer, as A/B rounds: every round
 * runs each command once, in rotated order, so load from elsewhere falls on
 * all of them alike. Peak RSS from GNU time (`/usr/bin/time -f %M`, the largest
 * process of the command's tree) and CPU time (user + system of the whole
 * tree, less sensitive than wall time to other work on the machine).
 *
 *   npx tsx bench/cold-start.ts [--runs 9] [--old DIR]
 *
 * --old DIR also times `npm run ask` in another checkout (e.g. a worktree of the
 * commit before the compiled build, where it ran tsx). Needs `npm run build`
 * first; the index and word-vector cache are built once before timing.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const QUESTION = "How many days can Bulgarians stay in Vietnam without a visa?";
const TIME = "/usr/bin/time";
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

interface Command {
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

const { values } = parseArgs({ options: { runs: { type: "string", default: "9" }, old: { type: "string" } } });
const runs = Number(values.runs);
const dataDir = mkdtempSync(join(tmpdir(), "clausewise-cold-"));
const env: NodeJS.ProcessEnv = { ...process.env, CLAUSEWISE_DATA_DIR: dataDir };
for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "CLAUSEWISE_EMBEDDING_MODEL", "NODE_OPTIONS"]) delete env[key];

const node = process.execPath;
const commands: Command[] = [
  { name: "node -e 0", argv: [node, "-e", "0"], cwd: ROOT },
  { name: "node dist/ask.js (compiled)", argv: [node, "dist/ask.js", QUESTION], cwd: ROOT, answered: "Sources:" },
  { name: "tsx server/cli/ask.ts", argv: [node, "node_modules/tsx/dist/cli.mjs", "server/cli/ask.ts", QUESTION], cwd: ROOT, answered: "Sources:" },
  { name: "npm run ask (compiled)", argv: ["npm", "run", "-s", "ask", "--", QUESTION], cwd: ROOT, answered: "Sources:" },
];
if (values.old) commands.push({ name: `npm run ask (${values.old})`, argv: ["npm", "run", "-s", "ask", "--", QUESTION], cwd: values.old, answered: "Sources:" });

function timeOnce(command: Command): Promise<Sample> {
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
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
console.log(`node ${version}, ${runs} rounds, load average before: ${loadavg()}`);
// Untimed: builds the word-vector cache and the index in the private data dir, and warms the page cache.
for (const command of commands) await timeOnce(command);

const samples = new Map<string, Sample[]>(commands.map((c) => [c.name, []]));
for (let round = 0; round < runs; round++) {
  for (let i = 0; i < commands.length; i++) {
    const command = commands[(round + i) % commands.length]!;
    samples.get(command.name)!.push(await timeOnce(command));
  }
}

const baseline = median(samples.get("node dist/ask.js (compiled)")!.map((s) => s.ms));
const baselineCpu = median(samples.get("node dist/ask.js (compiled)")!.map((s) => s.cpuMs));
console.log(
  "\n| Command | median to answer (ms) | min–max (ms) | × compiled | CPU user+sys (ms) | × compiled | peak RSS (MB) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
);
for (const command of commands) {
  const ms = samples.get(command.name)!.map((s) => s.ms);
  const cpu = median(samples.get(command.name)!.map((s) => s.cpuMs));
  const rss = median(samples.get(command.name)!.map((s) => s.rssKb)) / 1024;
  const range = `${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)}`;
  console.log(
    `| ${command.name} | ${median(ms).toFixed(0)} | ${range} | ${(median(ms) / baseline).toFixed(2)} | ${cpu.toFixed(0)} | ${(cpu / baselineCpu).toFixed(2)} | ${rss.toFixed(0)} |`,
  );
}
console.log(`\nload average after: ${loadavg()}`);
rmSync(dataDir, { recursive: true, force: true });
