import { SpanStatusCode, trace, type Attributes, type Span, type SpanKind } from '@opentelemetry/api';

const tracer = () => trace.getTracer('borderledger');

/** Runs `work` inside a span that records the outcome; for seams such as repositories and drivers. */
export async function inSpan<T>(
  name: string,
  work: (span: Span) => Promise<T>,
  options: { kind?: SpanKind; attributes?: Attributes } = {},
): Promise<T> {
  return tracer().startActiveSpan(name, { kind: options.kind, attributes: options.attributes }, async (span) => {
    try {
      const result = await work(span);
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
