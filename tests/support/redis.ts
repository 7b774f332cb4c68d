/**
 * A real redis-server for tests, on a free loopback port, keeping nothing on
 * disk. It is required, not optional: without it the tests that need it fail
 * and say how to install it (CI installs it in .ci/run).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";

/** A port nothing listens on now, for a server that must come back on the same one after a restart. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

/** Throws, with the command that fixes it, when redis-server is not installed. */
export function requireRedisServer(): void {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error("redis-server is not installed; these tests need a real one: run `apt-get install -y redis-server`");
  }
}

export interface RedisServer {
  port: number;
  url: string;
  /** Stops it (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** SIGSTOP: connections stay open but nothing is answered, as with a Redis stuck on a slow command. */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
}

/** Starts redis-server on `port` (a free one by default) and waits until it accepts connections. */
export async function startRedis(port?: number): Promise<RedisServer> {
  requireRedisServer();
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "notice"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  await new Promise<void>((resolve, reject) => {
    const onData = (text: string) => {
      output += text;
      if (/Ready to accept connections/.test(output)) {
        child.stdout!.off("data", onData);
        child.off("exit", onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (text: string) => (output += text));
    child.on("exit", onExit);
  });
  child.stdout!.resume();
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGCONT");
      child.kill("SIGTERM");
      await exited;
    },
    pause: () => void child.kill("SIGSTOP"),
    resume: () => void child.kill("SIGCONT"),
  };
}
