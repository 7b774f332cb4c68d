/**
 * Where and when a benchmark ran. Every printed table ends with this line and
 * results.json keeps the same fields, because numbers from a shared, noisy
 * machine mean little without the load they were measured under.
 */
import { availableParallelism, cpus, loadavg } from "node:os";

export interface Environment {
  /** ISO time at the end of the run. */
  date: string;
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started and when it ended. */
  loadAverage: { before: number; after: number };
}

/** The 1-minute load average; take it before a run and pass it to environment() after. */
export const loadAverage1 = (): number => loadavg()[0]!;

export function environment(loadBefore: number): Environment {
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: availableParallelism(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: { before: loadBefore, after: loadAverage1() },
  };
}

export function environmentLine(env: Environment): string {
  const { before, after } = env.loadAverage;
  const busy = Math.max(before, after) > env.cores ? " (busier than the cores: other work skewed these numbers)" : "";
  return `${env.date} · ${env.cpu}, ${env.cores} cores · Node ${env.node} · load average (1 min) ${before.toFixed(2)} before, ${after.toFixed(2)} after${busy}`;
}
