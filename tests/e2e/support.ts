/**
 * The real server and a real browser for the end-to-end tests: `npm start`'s
 * entry point on a free port with a private data directory, and Debian's
 * Chromium with a fresh profile.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { afterAll, beforeAll } from "vitest";
import { ROOT, tempDataDir } from "../support/engine.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS = join(ROOT, "tests/artifacts/e2e");
/** The admin token the eval-workspace specs start their servers with (CLAUSEWISE_ADMIN_TOKEN) and type into the page. */
export const ADMIN_TOKEN = "e2e-admin-token-0123456789";

/** Opening the engine builds the index in the fresh data directory first. */
const START_TIMEOUT_MS = 120_000;

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts server/http/main.ts offline; resolves once it says where it listens. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(childEnv)) if (key.startsWith("OPENAI_") || key.startsWith("CLAUSEWISE_")) delete childEnv[key];
  Object.assign(childEnv, { HOST: "127.0.0.1", PORT: "0", CLAUSEWISE_DATA_DIR: tempDataDir(), CLAUSEWISE_RATE_LIMIT: "0", ...env });
  const child = spawn(join(ROOT, "node_modules/.bin/tsx"), ["server/http/main.ts"], { cwd: ROOT, env: childEnv, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not listen within ${START_TIMEOUT_MS / 1000} s:\n${log}`));
    }, START_TIMEOUT_MS);
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (text: string) => {
      log += text;
      const listening = /listening on (http:\/\/[\d.]+:\d+)/.exec(log);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${log}`));
    });
  });
  return { url, stop: () => stopProcess(child) };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A phone-width browser (390 × 844) for the tests of one describe block: opened before them, closed after. */
export function usePhone(): () => Browser {
  let phone: Browser | undefined;
  beforeAll(async () => {
    phone = await openBrowser({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await phone?.close();
  });
  return () => phone!;
}

export async function openBrowser(options: { colorScheme?: "light" | "dark"; width?: number; height?: number } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "clausewise-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    colorScheme: options.colorScheme ?? "light",
    reducedMotion: "reduce",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
  return path;
}

export function publishScreenshot(path: string, name = "screenshot.png"): void {
  const target = join(ROOT, "docs", name);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(path, target);
}

export interface AxeProblem {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** axe-core violations rated serious or critical. */
export async function seriousViolations(page: Page): Promise<AxeProblem[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
}

/** Whether the page scrolls sideways (it must not, down to 390 px). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The assistant turns of the conversation, oldest first. */
export function answersOn(page: Page) {
  return page.locator("article.turn-assistant");
}

/** Types a question, sends it with Enter, and waits for the answer to finish streaming. */
export async function ask(page: Page, question: string): Promise<Request> {
  const answers = answersOn(page);
  const before = await answers.count();
  const request = page.waitForRequest((r) => r.url().endsWith("/api/chat") && r.method() === "POST");
  const box = page.getByLabel("Your question about the documents");
  await box.fill(question);
  await box.press("Enter");
  await answers.nth(before).and(page.locator("[aria-busy=false]")).waitFor();
  return request;
}
