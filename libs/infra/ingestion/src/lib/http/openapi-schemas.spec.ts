import { EVENT_TYPES } from '@borderledger/events';
import { submitRequestSchema } from './openapi-schemas';

describe('OpenAPI request schema', () => {
  it('describes a custodial form per event type, the client-signed form and the batch with its limit', () => {
    const schema = submitRequestSchema(500) as { oneOf: [{ oneOf: { title: string }[] }, { properties: { events: { maxItems: number } } }] };
    const titles = schema.oneOf[0].oneOf.map((s) => s.title);
    expect(titles).toHaveLength(EVENT_TYPES.length + 1);
    expect(titles).toContain('buy.order.placed (custodial)');
    expect(titles).toContain('client-signed event');
    expect(schema.oneOf[1].properties.events.maxItems).toBe(500);
    expect(JSON.stringify(schema)).toContain('"hsCode"');
  });
});
