import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  beforeAll(() => context.setGlobalContextManager(contextManager));
  afterAll(() => context.disable());

  it('adds the active trace and span ids to every line', () => {
    const { lines, stream } = capture();
    const logger = createLogger('test-service', 'info', stream);
    const tracer = new TracerProvider().getTracer('t');
    const span = tracer.startSpan('work');
    context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
    logger.info('outside');
    span.end();
    expect(lines[0]).toMatchObject({ msg: 'inside', service: 'test-service', trace_id: span.spanContext().traceId });
    expect(lines[1]['trace_id']).toBeUndefined();
  });

  it('never writes credentials or payloads in clear', () => {
    const { lines, stream } = capture();
    const logger = createLogger('s', 'info', stream);
    logger.info({ req: { headers: { authorization: 'Bearer abc' } }, payload: { buyer: 'Jane Doe' } }, 'request');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('Bearer abc');
    expect(text).not.toContain('Jane Doe');
    expect(text).toContain('[redacted]');
  });
});
