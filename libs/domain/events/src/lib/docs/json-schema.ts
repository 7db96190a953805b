// JSON Schema (draft 2020-12) of every payload and of the envelope, for OpenAPI and clients.
// Field metadata appears as `description` plus `x-borderledger-cluster`, `x-wco`, `x-ics2`.
import * as z from 'zod';
import type { EventType } from '../catalogue/catalogue';
import { EVENT_TYPES, getEventDefinition, getPayloadSchema } from '../catalogue/catalogue';
import { envelopeSchema } from '../envelope/envelope';
import { fieldMeta } from '../schema/field-meta';

export type JsonSchema = Record<string, unknown>;

export interface JsonSchemaOptions {
  /** 'draft-2020-12' (default) or 'openapi-3.0'. */
  readonly target?: 'draft-2020-12' | 'openapi-3.0';
}

function generate(schema: z.ZodType, options: JsonSchemaOptions): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: options.target ?? 'draft-2020-12',
    // An empty registry: we write the metadata ourselves below, under x- names.
    metadata: z.registry<Record<string, unknown>>(),
    unrepresentable: 'any',
    override: (ctx) => {
      const meta = fieldMeta(ctx.zodSchema);
      if (!meta) return;
      const target = ctx.jsonSchema as Record<string, unknown>;
      target['description'] = meta.description;
      if (meta.cluster) target['x-borderledger-cluster'] = meta.cluster;
      if (meta.wco) target['x-wco'] = meta.wco;
      if (meta.ics2) target['x-ics2'] = meta.ics2;
    },
  }) as JsonSchema;
  propagateClusters(json, undefined);
  return json;
}

/** Writes the inherited cluster onto every property, so consumers need no inheritance logic. */
function propagateClusters(node: unknown, inherited: string | undefined): void {
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  const own = (schema['x-borderledger-cluster'] as string | undefined) ?? inherited;
  if (own && !schema['x-borderledger-cluster'] && (schema['type'] !== undefined || schema['enum'] !== undefined || schema['anyOf'] !== undefined)) {
    schema['x-borderledger-cluster'] = own;
  }
  const properties = schema['properties'] as Record<string, unknown> | undefined;
  if (properties) for (const child of Object.values(properties)) propagateClusters(child, own);
  if (schema['items']) propagateClusters(schema['items'], own);
}

export function payloadJsonSchema(eventType: EventType, schemaVersion?: number, options: JsonSchemaOptions = {}): JsonSchema {
  const definition = getEventDefinition(eventType);
  const version = schemaVersion ?? definition.latestSchemaVersion;
  const schema = getPayloadSchema(eventType, version);
  if (!schema) throw new RangeError(`${eventType} has no schema version ${version}`);
  return {
    ...generate(schema, options),
    $id: `https://schemas.borderledger.dev/events/${eventType}/v${version}.json`,
    title: `${eventType} v${version}`,
    description: definition.summary,
  };
}

export function envelopeJsonSchema(options: JsonSchemaOptions = {}): JsonSchema {
  return {
    ...generate(envelopeSchema, options),
    $id: 'https://schemas.borderledger.dev/events/envelope/v1.json',
    title: 'Event envelope v1',
  };
}

/** Every (type, newest version) payload schema, keyed by event type. */
export function catalogueJsonSchemas(options: JsonSchemaOptions = {}): Record<EventType, JsonSchema> {
  return Object.fromEntries(EVENT_TYPES.map((t) => [t, payloadJsonSchema(t, undefined, options)])) as Record<EventType, JsonSchema>;
}
