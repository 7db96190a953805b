// OpenAPI descriptions of POST /v1/events built from the catalogue's JSON Schemas, so /docs
// always shows the event types and fields this build accepts.
import type { EventType, JsonSchema } from '@borderledger/events';
import { EVENT_TYPES, catalogueJsonSchemas, envelopeJsonSchema, getEventDefinition } from '@borderledger/events';
import { INGESTION_PROBLEMS } from '../submission/ingestion-problems';

const openApi = { target: 'openapi-3.0' } as const;

/** `$id` is not an OpenAPI 3.0 keyword. */
function withoutId(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$id'));
}

function custodialEventSchema(eventType: EventType, payload: JsonSchema): JsonSchema {
  const definition = getEventDefinition(eventType);
  return {
    title: `${eventType} (custodial)`,
    description: `${definition.summary} Emitter roles: ${definition.emitterRoles.join(', ')}.`,
    type: 'object',
    additionalProperties: false,
    required: ['eventType', 'consignmentRef', 'occurredAt', 'payload'],
    properties: {
      eventId: { type: 'string', format: 'uuid', description: 'UUIDv7 chosen by the client; send it to make retries idempotent' },
      eventType: { type: 'string', enum: [eventType] },
      schemaVersion: { type: 'integer', enum: [...definition.schemaVersions], description: 'defaults to the newest version' },
      consignmentRef: definition.scope === 'network' ? { type: 'string', nullable: true, enum: [null] } : { type: 'string', description: 'consignment reference (WCO UCR spirit)' },
      occurredAt: { type: 'string', format: 'date-time' },
      submitter: { type: 'string', description: 'optional; must be the caller’s own participant id' },
      payload: withoutId(payload),
    },
  };
}

export function eventItemSchema(): JsonSchema {
  const payloads = catalogueJsonSchemas(openApi);
  return {
    oneOf: [
      ...EVENT_TYPES.map((type) => custodialEventSchema(type, payloads[type])),
      {
        title: 'client-signed event',
        description: 'An envelope the client signed itself, with the opening (payload and salts) it commits to.',
        type: 'object',
        additionalProperties: false,
        required: ['envelope', 'opening'],
        properties: {
          envelope: withoutId(envelopeJsonSchema(openApi)),
          opening: {
            type: 'object',
            required: ['eventType', 'schemaVersion', 'payload', 'salts'],
            properties: {
              eventType: { type: 'string', enum: [...EVENT_TYPES] },
              schemaVersion: { type: 'integer' },
              payload: { type: 'object', description: 'the payload, valid for eventType and schemaVersion (schemas above)' },
              salts: { type: 'string', description: 'base64url of the 16-byte salts, one per payload layout slot' },
            },
          },
        },
      },
    ],
  };
}

export function submitRequestSchema(maxBatch: number): JsonSchema {
  const item = eventItemSchema();
  return {
    description: `One event, or a batch { "events": [...] } of 1 to ${maxBatch}.`,
    oneOf: [
      item,
      { type: 'object', additionalProperties: false, required: ['events'], properties: { events: { type: 'array', minItems: 1, maxItems: maxBatch, items: item } } },
    ],
  };
}

const fieldViolation: JsonSchema = {
  type: 'object',
  required: ['path', 'rule', 'message'],
  properties: {
    path: { type: 'string', example: 'events[3].payload.goods[0].hsCode' },
    rule: { type: 'string', example: 'pattern' },
    message: { type: 'string' },
  },
};

export const problemSchema: JsonSchema = {
  type: 'object',
  description: `RFC 9457 problem details (application/problem+json). Types: ${Object.keys(INGESTION_PROBLEMS).join(', ')}, too-many-requests.`,
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', example: 'https://borderledger.dev/problems/invalid-event' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: { type: 'array', items: fieldViolation },
  },
};

const status = { type: 'string', enum: ['accepted', 'committed', 'rejected'] };

export const submitResponseSchema: JsonSchema = {
  type: 'object',
  required: ['accepted', 'refused', 'results'],
  properties: {
    accepted: { type: 'integer', description: 'events accepted now or earlier (replays)' },
    refused: { type: 'integer' },
    results: {
      type: 'array',
      description: 'one entry per event, in request order',
      items: {
        type: 'object',
        required: ['index', 'status'],
        properties: {
          index: { type: 'integer' },
          eventId: { type: 'string' },
          status: { type: 'string', enum: ['accepted', 'committed', 'rejected', 'refused'] },
          statusUrl: { type: 'string', example: '/v1/events/0193f0c2-7a4e-7cc1-9d55-3b2f1e0a9c44' },
          mode: { type: 'string', enum: ['custodial', 'client-signed'] },
          replayed: { type: 'boolean', description: 'the event id was known: this is its original result and nothing was published' },
          ledgerIndex: { type: 'integer' },
          rejectionReason: { type: 'string' },
          problem: problemSchema,
        },
      },
    },
  },
};

export const eventStatusSchema: JsonSchema = {
  type: 'object',
  required: ['eventId', 'eventType', 'status', 'statusUrl', 'acceptedAt'],
  properties: {
    eventId: { type: 'string' },
    eventType: { type: 'string' },
    consignmentRef: { type: 'string', nullable: true },
    status,
    statusUrl: { type: 'string' },
    acceptedAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    published: { type: 'boolean', description: 'handed to the submissions topic' },
    ledgerIndex: { type: 'integer', description: 'when committed: the entry index in the ledger' },
    rejectionReason: { type: 'string', description: 'when rejected: the ledger’s code and reason' },
    envelope: withoutId(envelopeJsonSchema(openApi)),
  },
};
