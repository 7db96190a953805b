import { context, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { decodeHeaders, extractTraceContext, injectTraceHeaders } from './trace-headers';
import { topicNames } from './topics';

describe('trace context in Kafka headers', () => {
  beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
  afterAll(() => propagation.disable());

  const spanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };

  it('writes a W3C traceparent that a consumer reads back as the same trace', () => {
    const headers = injectTraceHeaders({ 'bl-event-id': 'e1' }, trace.setSpanContext(context.active(), spanContext));
    expect(headers['traceparent']).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(headers['bl-event-id']).toBe('e1');
    const extracted = trace.getSpanContext(extractTraceContext(headers));
    expect(extracted?.traceId).toBe(spanContext.traceId);
    expect(extracted?.isRemote).toBe(true);
  });

  it('decodes Buffer and array header values and skips missing ones', () => {
    const decoded = decodeHeaders({ a: Buffer.from('x'), b: [Buffer.from('first'), Buffer.from('second')], c: undefined, d: 'plain' });
    expect(decoded).toEqual({ a: 'x', b: 'first', d: 'plain' });
  });

  it('names every topic under the prefix', () => {
    const names = Object.values(topicNames('t_suite'));
    expect(names.every((n) => n.startsWith('t_suite.'))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });
});
