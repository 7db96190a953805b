import { EVENT_TYPES } from '../catalogue/catalogue';
import { catalogueJsonSchemas, envelopeJsonSchema, payloadJsonSchema } from './json-schema';
import { describeEnvelope, describeEventType, renderEventCatalogueMarkdown } from './catalogue-docs';

function leaves(schema: Record<string, unknown>, path = ''): Array<[string, Record<string, unknown>]> {
  const properties = schema['properties'] as Record<string, Record<string, unknown>> | undefined;
  if (properties) return Object.entries(properties).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  if (schema['type'] === 'array') return leaves(schema['items'] as Record<string, unknown>, `${path}[]`);
  return [[path, schema]];
}

describe('JSON Schema export', () => {
  it.each(EVENT_TYPES)('%s: strict, described, and every leaf carries its cluster', (type) => {
    const schema = payloadJsonSchema(type);
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['additionalProperties']).toBe(false);
    expect(schema['title']).toBe(`${type} v1`);
    for (const [path, leaf] of leaves(schema)) {
      expect([path, typeof leaf['description'], typeof leaf['x-borderledger-cluster']]).toEqual([path, 'string', 'string']);
    }
  });

  it('carries WCO and ICS2 references and can target OpenAPI 3.0', () => {
    const booked = payloadJsonSchema('ship.consignment.booked') as { properties: Record<string, Record<string, unknown>> };
    expect(booked.properties['consignor']).toMatchObject({ 'x-wco': 'Consignment.Consignor', 'x-ics2': 'Consignment (house level) / Consignor' });
    const openapi = payloadJsonSchema('customs.risk.assessed', 1, { target: 'openapi-3.0' });
    expect(openapi['$schema']).toBeUndefined();
    expect(Object.keys(catalogueJsonSchemas())).toEqual(EVENT_TYPES);
    expect((envelopeJsonSchema()['required'] as string[]).sort()).toEqual(describeEnvelope().filter((f) => f.required).map((f) => f.path).sort());
  });
});

describe('catalogue docs', () => {
  it('describes each field with type, requiredness, cluster and mappings', () => {
    const doc = describeEventType('ship.consignment.departed');
    expect(doc.commitmentLeaves).toBe(25);
    expect(doc.fields.find((f) => f.path === 'countriesOfRouting[]')).toMatchObject({ type: 'ISO 3166-1 alpha-2 code', cluster: 'transport' });
    expect(doc.fields.find((f) => f.path === 'activeBorderTransportMeans.conveyanceReferenceNumber')).toMatchObject({
      required: true,
      cluster: 'transport',
      ics2: 'Active border transport means / Conveyance reference number',
    });
  });

  it('renders every event type, the envelope and the mapping table', () => {
    const md = renderEventCatalogueMarkdown();
    for (const type of EVENT_TYPES) expect(md).toContain(`### ${type}`);
    expect(md).toContain('## Envelope');
    expect(md).toContain('## WCO Data Model and ICS2 mapping');
    expect(md).toContain('| `goods[].hsCode` | HS code, 6/8/10 digits | yes | goods |');
  });
});
