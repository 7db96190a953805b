import * as fc from 'fast-check';
import type { EventType } from '../catalogue/catalogue';
import { EVENT_TYPES } from '../catalogue/catalogue';
import { validatePayload } from '../catalogue/payload-validation';
import { fixturePayload } from '../fixtures/fixtures';
import { mutationArbitrary, validPayloadArbitrary } from '../testing/arbitraries.test-util';
import type { ValidationIssue } from './validation';
import { EventValidationError, formatPath, prefixIssues, toPointer } from './validation';

function issuesOf(type: string, payload: unknown, version?: number): readonly ValidationIssue[] {
  const result = validatePayload(type, payload, version);
  return result.ok ? [] : result.issues;
}

describe('structured validation issues', () => {
  it('names the array item and the rule: goods[2].hsCode / pattern', () => {
    const payload = fixturePayload('buy.order.placed') as { goods: Array<Record<string, unknown>> };
    payload.goods.push({ ...payload.goods[0] }, { ...payload.goods[0], hsCode: '9405' });
    const issues = issuesOf('buy.order.placed', payload);
    expect(issues).toEqual([
      {
        path: 'goods[3].hsCode',
        pointer: '/goods/3/hsCode',
        segments: ['goods', 3, 'hsCode'],
        rule: 'pattern',
        message: 'must match ^[0-9]{6}(?:[0-9]{2}){0,2}$',
        params: { pattern: '^[0-9]{6}(?:[0-9]{2}){0,2}$' },
      },
    ]);
  });

  it('reports missing, mistyped, unknown, enum, length and item-count problems separately', () => {
    const payload = fixturePayload('buy.order.placed') as Record<string, unknown>;
    delete payload['orderId'];
    (payload['seller'] as Record<string, unknown>)['name'] = 42;
    (payload['buyer'] as Record<string, Record<string, unknown>>)['address']['country'] = 'XX';
    payload['discountCode'] = 'WELCOME10';
    payload['goods'] = [];
    const byPath = Object.fromEntries(issuesOf('buy.order.placed', payload).map((i) => [i.path, i.rule]));
    expect(byPath).toEqual({
      orderId: 'required',
      'seller.name': 'type',
      'buyer.address.country': 'enum',
      discountCode: 'unknown-field',
      goods: 'minItems',
    });
  });

  it('lists small enums and summarises large code lists', () => {
    const payload = fixturePayload('pay.payment.captured') as Record<string, unknown>;
    payload['instrumentType'] = 'cheque';
    payload['currency'] = 'EURO';
    const issues = issuesOf('pay.payment.captured', payload);
    expect(issues.find((i) => i.path === 'instrumentType')?.params).toEqual({
      allowed: ['card', 'bank-transfer', 'wallet', 'buy-now-pay-later', 'cash-on-delivery', 'voucher', 'other'],
    });
    expect(issues.find((i) => i.path === 'currency')?.params).toEqual({ allowedCount: expect.any(Number) });
  });

  it('enforces positive amounts, decimal strings and RFC 3339 times', () => {
    const payment = fixturePayload('pay.payment.captured') as Record<string, unknown>;
    payment['amount'] = '0.00';
    expect(issuesOf('pay.payment.captured', payment).map((i) => [i.path, i.rule])).toEqual([['amount', 'exclusiveMinimum']]);
    payment['amount'] = 12.5;
    expect(issuesOf('pay.payment.captured', payment).map((i) => [i.path, i.rule])).toEqual([['amount', 'type']]);
    const rfi = fixturePayload('customs.rfi.issued') as Record<string, unknown>;
    rfi['responseDueAt'] = '2026-11-21 12:00';
    expect(issuesOf('customs.rfi.issued', rfi).map((i) => [i.path, i.rule])).toEqual([['responseDueAt', 'format']]);
  });

  it('applies cross-field rules with their own rule names', () => {
    const quorum = fixturePayload('governance.quorum.changed') as Record<string, unknown>;
    quorum['threshold'] = 4;
    quorum['witnesses'] = ['customs-nl', 'skyfreight', 'customs-nl'];
    expect(issuesOf('governance.quorum.changed', quorum).map((i) => [i.path, i.rule])).toEqual([
      ['threshold', 'consistency'],
      ['witnesses[2]', 'unique'],
    ]);
  });

  it('rejects control characters, lone surrogates and blank text', () => {
    for (const bad of ['Line\nbreak', 'bell\u0007', 'half \ud800', '   ']) {
      const payload = fixturePayload('buy.order.cancelled') as Record<string, unknown>;
      payload['reasonText'] = bad;
      expect(issuesOf('buy.order.cancelled', payload).map((i) => [i.path, i.rule])).toEqual([['reasonText', 'pattern']]);
    }
  });

  it('reports unknown types and versions instead of throwing', () => {
    expect(issuesOf('buy.order.shipped', {})).toEqual([expect.objectContaining({ path: '', rule: 'unknown-event-type' })]);
    expect(issuesOf('buy.order.placed', fixturePayload('buy.order.placed'), 2)).toEqual([
      expect.objectContaining({ rule: 'unsupported-schema-version' }),
    ]);
    expect(issuesOf('buy.order.placed', null)).toEqual([expect.objectContaining({ path: '', rule: 'type' })]);
  });

  it('formats paths and RFC 6901 pointers, and prefixes them', () => {
    expect(formatPath(['goods', 2, 'hsCode'])).toBe('goods[2].hsCode');
    expect(toPointer(['a/b', 'c~d', 0])).toBe('/a~1b/c~0d/0');
    const [issue] = prefixIssues(issuesOf('buy.order.cancelled', {}).slice(0, 1), ['payload']);
    expect(issue.path).toMatch(/^payload\./);
    expect(new EventValidationError([issue]).message).toContain('[required]');
  });
});

describe('property-based validation', () => {
  const cheap = EVENT_TYPES;

  it.each(cheap)('%s: generated valid payloads are accepted', (type: EventType) => {
    fc.assert(
      fc.property(validPayloadArbitrary(type, 1, { maxArrayLength: 3 }), (payload) => {
        expect(issuesOf(type, payload)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it.each(cheap)('%s: random mutations are rejected at the mutated path with the right rule', (type: EventType) => {
    fc.assert(
      fc.property(
        validPayloadArbitrary(type, 1, { maxArrayLength: 3 }).chain((p) => mutationArbitrary(type, p)),
        (mutation) => {
          const issues = issuesOf(type, mutation.payload);
          expect(issues.length).toBeGreaterThan(0);
          const atPath = issues.filter((i) => i.path === mutation.path);
          expect({ m: mutation.description, path: mutation.path, found: atPath.length > 0 }).toEqual({
            m: mutation.description,
            path: mutation.path,
            found: true,
          });
          expect(atPath.some((i) => mutation.rules.includes(i.rule))).toBe(true);
          // Nothing else is blamed: every issue is at or under the mutated field.
          for (const i of issues) expect(i.path.startsWith(mutation.path)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
