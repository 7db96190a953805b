import { context, propagation, type Context } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

/** Writes the W3C trace context (traceparent, tracestate) of `ctx` into Kafka message headers. */
export function injectTraceHeaders(headers: Record<string, string>, ctx: Context = context.active()): Record<string, string> {
  propagation.inject(ctx, headers);
  return headers;
}

/** Kafka delivers header values as Buffers (or arrays of them); the propagator wants strings. */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) decoded[name] = first.toString();
  }
  return decoded;
}

export function extractTraceContext(headers: Record<string, string>): Context {
  return propagation.extract(context.active(), headers);
}
