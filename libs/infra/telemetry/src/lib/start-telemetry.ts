import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { PrismaInstrumentation } from '@prisma/instrumentation';

export interface TelemetryOptions {
  readonly serviceName: string;
  /** OTLP/HTTP base endpoint (e.g. http://collector:4318); traces are exported only when set. */
  readonly otlpEndpoint?: string;
  /** Extra processors, e.g. an in-memory exporter in tests. */
  readonly spanProcessors?: SpanProcessor[];
}

export interface Telemetry {
  /** Serves the Prometheus text format; mounted at GET /metrics by TelemetryModule. */
  readonly prometheus: PrometheusExporter;
  shutdown(): Promise<void>;
}

let running: Telemetry | undefined;

/**
 * Starts the OpenTelemetry Node SDK. It must run before NestJS, express, pg or Prisma are
 * required: the instrumentations patch modules as they load, so each app's main.ts imports its
 * instrumentation file first. Kafka spans and W3C trace context in message headers are produced
 * by @borderledger/kafka itself (see docs/decisions/0005-kafka-client.md), so no kafkajs
 * auto-instrumentation is registered here and no span is made twice.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (running) return running;
  // The exporter's own HTTP server stays off: metrics are served on the service's port.
  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const spanProcessors = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint) {
    const url = `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces`;
    spanProcessors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) }));
  }
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    metricReaders: [prometheus],
    spanProcessors,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url === '/metrics' }),
      new ExpressInstrumentation(),
      new NestInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
      new PrismaInstrumentation(),
    ],
  });
  sdk.start();
  running = {
    prometheus,
    shutdown: async () => {
      running = undefined;
      await sdk.shutdown();
    },
  };
  return running;
}

export function currentTelemetry(): Telemetry | undefined {
  return running;
}
