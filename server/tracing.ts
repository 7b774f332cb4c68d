/**
 * Optional OpenTelemetry tracing. With OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) set, `startTracing` registers a tracer
 * provider that sends spans over OTLP/HTTP (JSON) in batches, and `traced`
 * wraps the engine's stages (retrieve, answer, the LLM call) in spans that
 * nest under the HTTP request's span (@hono/otel, in http/app.ts).
 *
 * Unset, nothing is loaded: the OpenTelemetry packages are imported only by
 * `startTracing`, and `traced` calls straight through, so an untraced server
 * pays one branch per stage.
 */
import type { Tracer } from "@opentelemetry/api";
import type { TracingConfig } from "./config.ts";

let tracer: Tracer | undefined;
/** OpenTelemetry's SpanStatusCode.ERROR (the API's enum, which only `startTracing` may import). */
const SPAN_STATUS_ERROR = 2;

/** The active tracer, when tracing was started (http/app.ts hands it to @hono/otel). */
export function activeTracer(): Tracer | undefined {
  return tracer;
}

/** Runs `work` inside a span named `name` when tracing is on; otherwise just runs it. */
export async function traced<T>(name: string, work: () => Promise<T>, attributes: Record<string, string | number | boolean> = {}): Promise<T> {
  const active = tracer;
  if (!active) return work();
  return active.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SPAN_STATUS_ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Starts tracing for this process, if configured; returns the function that flushes and stops it
 * (call it before exiting, or spans still in the batch are lost).
 */
export async function startTracing(config: TracingConfig | undefined, version: string): Promise<() => Promise<void>> {
  if (!config) return async () => {};
  const [api, { TracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }] =
    await Promise.all([
      import("@opentelemetry/api"),
      import("@opentelemetry/sdk-trace"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/resources"),
      import("@opentelemetry/context-async-hooks"),
      import("@opentelemetry/core"),
    ]);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": config.serviceName, "service.version": version }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: config.tracesUrl }), scheduledDelayMillis: config.batchDelayMs })],
  });
  // Spans started inside a request's span (across awaits) are its children.
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(provider);
  // A request carrying a W3C `traceparent` (from a proxy or a caller) continues that trace.
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  tracer = provider.getTracer("clausewise", version);
  return async () => {
    tracer = undefined;
    await provider.shutdown();
  };
}
