import { BadRequestException, type ArgumentsHost } from '@nestjs/common';
import { ProblemError, problemType } from './problem-details';
import { ProblemDetailsFilter } from './problem-details.filter';

function hostFor(url: string) {
  const sent: { status?: number; type?: string; body?: unknown } = {};
  const response = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(t: string) {
      sent.type = t;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ originalUrl: url }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('ProblemDetailsFilter', () => {
  const filter = new ProblemDetailsFilter();

  it('passes a ProblemError through with its field violations', () => {
    const { host, sent } = hostFor('/v1/events');
    const errors = [{ path: 'events[1].payload.hsCode', rule: 'pattern', message: 'must be 6 to 10 digits' }];
    filter.catch(new ProblemError({ type: problemType('invalid-events'), title: 'Invalid events', status: 422, errors }), host);
    expect(sent.status).toBe(422);
    expect(sent.type).toBe('application/problem+json');
    expect(sent.body).toMatchObject({ status: 422, errors, instance: '/v1/events' });
  });

  it('maps Nest HTTP exceptions to problem types', () => {
    const { host, sent } = hostFor('/x');
    filter.catch(new BadRequestException('body must be JSON'), host);
    expect(sent.body).toMatchObject({ status: 400, type: problemType('bad-request'), detail: 'body must be JSON' });
  });

  it('passes exposed client errors of Express middleware through (body-parser: body over its limit)', () => {
    const { host, sent } = hostFor('/v1/events');
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, statusCode: 413, expose: true, type: 'entity.too.large' });
    filter.catch(tooLarge, host);
    expect(sent.status).toBe(413);
    expect(sent.body).toMatchObject({ status: 413, type: problemType('payload-too-large'), detail: 'request entity too large' });
  });

  it('hides the internals of unexpected errors', () => {
    const { host, sent } = hostFor('/x');
    filter.catch(new Error('connection to postgresql://user:secret@db failed'), host);
    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toContain('secret');
  });
});
