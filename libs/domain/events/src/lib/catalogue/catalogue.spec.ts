import * as z from 'zod';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import { canonicalJson } from '../encoding/canonical';
import { fieldCluster, getPayloadLayout } from '../commitment/layout';
import { payloadJsonSchema } from '../docs/json-schema';
import { fixturePayload } from '../fixtures/fixtures';
import { COUNTRY_CODES, CURRENCY_CODES } from '../schema/codes';
import { DATA_CLUSTERS, field } from '../schema/field-meta';
import { describeSchema, flattenFields } from '../schema/introspection';
import { EVENT_TYPES, getEventDefinition, getPayloadSchema, isEventType, listEventDefinitions } from './catalogue';
import { validatePayload } from './payload-validation';

/** Everything that decides validity and commitment layout, without descriptions or mappings. */
function fingerprint(type: (typeof EVENT_TYPES)[number], version: number): string {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node as Record<string, unknown>)
          .filter(([k]) => k !== 'description' && k !== 'title' && k !== '$id' && !k.startsWith('x-'))
          .map(([k, v]) => [k, strip(v)]),
      );
    }
    return node;
  };
  const layout = getPayloadLayout(type, version);
  const material = {
    schema: strip(payloadJsonSchema(type, version)),
    layout: layout?.slots.map((s) => [s.path, s.field.kind, s.absentAllowed]),
  };
  return bytesToHex(sha256(new TextEncoder().encode(canonicalJson(material)))).slice(0, 16);
}

/**
 * Published (type, version) pairs are frozen. If this test fails you changed a published
 * schema: revert, or publish a new schemaVersion that only adds optional fields (and add its
 * fingerprint here), or create a new event type. Never edit an existing line.
 */
const FROZEN: Record<string, string> = {
  'buy.order.placed@1': 'd7fe61d7bc63b8c8',
  'buy.order.changed@1': 'c7ebc5a8cf47c563',
  'buy.order.cancelled@1': '26c9d7bfe51405ee',
  'pay.payment.captured@1': '8bea3b0b8c9b6546',
  'pay.refund.issued@1': '31e5332c6e370755',
  'ship.consignment.booked@1': '2da5856de58430c0',
  'ship.consignment.packed@1': '7b44299d6b2fb683',
  'ship.consignment.consolidated@1': '7badff275cad8461',
  'ship.consignment.picked-up@1': '60d720be75de5f0e',
  'ship.consignment.departed@1': '0980ce700d53a3e5',
  'ship.consignment.arrived@1': '85b24d90f19e9d26',
  'ship.consignment.delivered@1': 'ebf8e70a2f05c29f',
  'ship.consignment.returned@1': '5dc59f2f5a9297de',
  'customs.risk.assessed@1': '8757d3763cc3b145',
  'customs.rfi.issued@1': '62c973875aecbfd8',
  'customs.hold.placed@1': '70ecb622cf849c32',
  'customs.do-not-load.issued@1': '275343efa54d0f08',
  'customs.release.granted@1': 'e4e8d38c22e5bf04',
  'governance.participant.admitted@1': 'bee6c7269d152482',
  'governance.key.rotated@1': '1794388ddf70ae8e',
  'governance.policy.changed@1': 'c64f3d7aed20e609',
  'governance.quorum.changed@1': 'cc04b149006513f9',
};

describe('event catalogue', () => {
  it('has the agreed event types, named <process>.<subject>.<past-tense-verb>', () => {
    expect(EVENT_TYPES).toHaveLength(22);
    for (const type of EVENT_TYPES) {
      expect(type).toMatch(/^(buy|pay|ship|customs|governance)\.[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*$/);
      expect(type.split('.')[0]).toBe(getEventDefinition(type).process);
    }
    expect(isEventType('buy.order.placed')).toBe(true);
    expect(isEventType('buy.order.shipped')).toBe(false);
    expect(listEventDefinitions().map((d) => d.type)).toEqual(EVENT_TYPES);
  });

  it('scopes governance events to the network and everything else to a consignment', () => {
    for (const d of listEventDefinitions()) expect(d.scope).toBe(d.process === 'governance' ? 'network' : 'consignment');
  });

  it.each(EVENT_TYPES)('%s: the fixture payload is valid', (type) => {
    const result = validatePayload(type, fixturePayload(type));
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it.each(EVENT_TYPES)('%s: every field has a description and every leaf a data cluster', (type) => {
    for (const node of flattenFields(describeSchema(getPayloadSchema(type) as z.ZodType))) {
      expect([node.template, Boolean(node.meta?.description)]).toEqual([node.template, true]);
      if (node.kind !== 'object' && node.kind !== 'array') {
        expect([node.template, DATA_CLUSTERS.includes(node.cluster as never)]).toEqual([node.template, true]);
      }
    }
  });

  it('marks every parties field as personal data cluster and keeps references out of it', () => {
    const layout = getPayloadLayout('buy.order.placed', 1);
    const clusterOf = (p: string) => layout?.slots[layout.indexByPath.get(p) as number].field.cluster;
    expect(clusterOf('buyer.name')).toBe('parties');
    expect(clusterOf('seller.address.country')).toBe('parties');
    expect(clusterOf('goods[0].hsCode')).toBe('goods');
    expect(clusterOf('goods[0].unitValue')).toBe('financial');
    expect(clusterOf('orderId')).toBe('references');
    expect(fieldCluster('buy.order.placed', 1, 'goods[31].unitValue')).toBe('financial');
    expect(fieldCluster('buy.order.placed', 1, 'goods[32].unitValue')).toBeUndefined();
  });

  it('keeps every published (type, version) frozen', () => {
    const current = Object.fromEntries(
      EVENT_TYPES.flatMap((t) => getEventDefinition(t).schemaVersions.map((v) => [`${t}@${v}`, fingerprint(t, v)])),
    );
    for (const [key, value] of Object.entries(FROZEN)) expect({ key, value: current[key] }).toEqual({ key, value });
    expect(Object.keys(current).sort()).toEqual(Object.keys(FROZEN).sort());
  });
});

describe('payload schema restrictions', () => {
  const expectRejected = (schema: z.ZodType, message: RegExp) => expect(() => describeSchema(schema)).toThrow(message);

  it('rejects non-strict objects, unbounded or empty-able arrays, all-optional objects and other zod types', () => {
    expectRejected(z.object({ a: z.string() }), /strict/);
    expectRejected(z.strictObject({ a: z.array(z.string()).min(1) }), /maximum length/);
    expectRejected(z.strictObject({ a: z.array(z.string()).max(3) }), /at least one item/);
    expectRejected(z.strictObject({ a: z.strictObject({ b: z.string().optional() }) }), /required member/);
    expectRejected(z.strictObject({ a: z.string().nullable() }), /not allowed/);
    expectRejected(z.strictObject({ a: z.union([z.string(), z.number()]) }), /not allowed/);
    expectRejected(z.strictObject({ a: z.array(z.array(z.string()).min(1).max(2)).min(1).max(2) }), /arrays of arrays/);
  });

  it('orders layout slots by key, not by source order', () => {
    const a = describeSchema(z.strictObject({ b: field(z.string(), { description: 'b' }), a: field(z.string(), { description: 'a' }) }));
    expect(a.children.map((c) => c.template)).toEqual(['a', 'b']);
  });
});

describe('code lists', () => {
  it('has the 249 ISO 3166-1 alpha-2 codes, each known to ICU', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    for (const c of COUNTRY_CODES) expect(names.of(c)).not.toBe(c);
  });

  it('has unique ISO 4217 codes, each known to ICU or a recent addition', () => {
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
    const icu = new Set(Intl.supportedValuesOf('currency'));
    const recent = new Set(['VED']);
    for (const c of CURRENCY_CODES) expect(icu.has(c) || recent.has(c)).toBe(true);
  });
});
