/**
 * Configuration the server reads at start: a bad value stops it with one line naming the variable,
 * and the variables added for the answer cache, Redis, Postgres, request logs and metrics have their defaults.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../server/config.ts";

describe("loadConfig", () => {
  it.each([
    ["CLAUSEWISE_ANSWER_CACHE", "-1"],
    ["CLAUSEWISE_ANSWER_CACHE", "lots"],
    ["REDIS_URL", "http://localhost:6379"],
    ["REDIS_URL", "not a url"],
    ["CLAUSEWISE_LOG_QUESTIONS", "yes"],
    ["CLAUSEWISE_METRICS", "1"],
    ["DATABASE_URL", "mysql://db.internal/clausewise"],
    ["DATABASE_URL", "localhost:5432"],
    ["OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"],
    ["OTEL_BSP_SCHEDULE_DELAY", "soon"],
    ["CLAUSEWISE_ADMIN_TOKEN", "short"],
  ])("refuses %s=%j with one line naming it", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration ${name}: [^\\n]+$`));
  });

  it("has the defaults the README gives", () => {
    const config = loadConfig({});
    expect(config.answerCacheSize).toBe(1_000);
    expect(config.server).toMatchObject({ logQuestions: false, metrics: false });
    expect(config.server.redisUrl).toBeUndefined();
    expect(config.databaseUrl).toBeUndefined();
    expect(config.tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }).tracing).toEqual({
      tracesUrl: "http://collector:4318/v1/traces",
      serviceName: "clausewise",
      batchDelayMs: 5_000,
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://otel.example/traces" }).tracing?.tracesUrl).toBe("https://otel.example/traces");
    expect(loadConfig({ DATABASE_URL: "postgresql://app@db.internal:5432/clausewise" }).databaseUrl).toBe("postgresql://app@db.internal:5432/clausewise");
    expect(loadConfig({ REDIS_URL: "rediss://cache.internal:6380", CLAUSEWISE_ANSWER_CACHE: "0" })).toMatchObject({
      answerCacheSize: 0,
      server: { redisUrl: "rediss://cache.internal:6380" },
    });
  });
});
