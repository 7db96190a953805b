// The envelope: what goes on the ledger for every event (seed II.f "on-chain"). It names the
// event, its submitter and times, commits to the payload, and is signed as a whole.
import * as z from 'zod';
import { v7 as uuidv7 } from 'uuid';
import type { EventType } from '../catalogue/catalogue';
import { EVENT_TYPES, getEventDefinition, isEventType } from '../catalogue/catalogue';
import { CONSIGNMENT_REF_PATTERN } from '../catalogue/consignment-ref';
import { canonicalBytes } from '../encoding/canonical';
import { field } from '../schema/field-meta';
import { base64Url32, base64Url64, dateTime, keyId, participantId } from '../schema/primitives';
import type { ValidationResult } from '../validation/validation';
import { EventValidationError, runSchema } from '../validation/validation';

/** Bumped only if the envelope shape or any algorithm (JCS, Ed25519, commitment v1) changes. */
export const ENVELOPE_VERSION = 1;

/** How far occurredAt may lie after submittedAt (clock skew between systems). */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An envelope before signing. */
export interface UnsignedEnvelope {
  readonly envelopeVersion: 1;
  /** UUIDv7 (lower-case): time-ordered, unique, the idempotency key of every step. */
  readonly eventId: string;
  readonly eventType: EventType;
  readonly schemaVersion: number;
  /** Consignment reference (UCR spirit); null for network-scoped (governance) events. */
  readonly consignmentRef: string | null;
  /** Participant id of the submitting organisation. */
  readonly submitter: string;
  /** Key that signed: "ed25519:" + base64url(SHA-256(public key)[0..16]). */
  readonly keyId: string;
  /** RFC 3339: when the fact happened. */
  readonly occurredAt: string;
  /** RFC 3339: when the submitter signed and sent it. */
  readonly submittedAt: string;
  /** base64url of the payload commitment's 32-byte Merkle root. */
  readonly payloadCommitment: string;
}

/**
 * The envelope's place in a batch its submitter signed once (batch.ts): the batch size, the
 * envelope's leaf index and RFC 9162 inclusion path, and the Ed25519 signature over the batch
 * statement whose root the path leads to.
 */
export interface EnvelopeBatchSignature {
  readonly size: number;
  readonly leafIndex: number;
  /** base64url 32-byte hashes, leaf upwards. */
  readonly inclusionPath: readonly string[];
  /** base64url Ed25519 signature (64 bytes) over JCS of the batch statement. */
  readonly signature: string;
}

/** Signed alone: Ed25519 over JCS(envelope without its signature members). */
export interface SingleSignedEnvelope extends UnsignedEnvelope {
  /** base64url Ed25519 signature (64 bytes) over JCS(envelope without `signature`). */
  readonly signature: string;
  readonly batchSignature?: never;
}

/** Signed in a batch: one signature for many envelopes, each proven in it by its inclusion path. */
export interface BatchSignedEnvelope extends UnsignedEnvelope {
  readonly batchSignature: EnvelopeBatchSignature;
  readonly signature?: never;
}

export type EventEnvelope = SingleSignedEnvelope | BatchSignedEnvelope;

/** Largest batch a submitter may sign at once: a 2^16-leaf tree keeps paths at 16 hashes. */
export const MAX_ENVELOPE_BATCH_SIZE = 65_536;

const envelopeShape = {
  envelopeVersion: field(z.literal(ENVELOPE_VERSION), {
    description: 'Envelope format version; fixes JCS, Ed25519 and payload-commitment v1',
    typeLabel: 'integer, 1',
  }),
  eventId: field(z.string().regex(UUID_V7_PATTERN), {
    description: 'UUIDv7: time-ordered, unique, the idempotency key',
    typeLabel: 'UUIDv7 (lower-case)',
  }),
  eventType: field(z.enum(EVENT_TYPES as [EventType, ...EventType[]]), {
    description: 'Event type from the catalogue',
    typeLabel: 'event type',
  }),
  schemaVersion: field(z.int().min(1).max(65_535), {
    description: 'Payload schema version of the event type',
    typeLabel: 'integer ≥ 1',
  }),
  consignmentRef: field(z.string().regex(CONSIGNMENT_REF_PATTERN).nullable(), {
    description: 'Consignment reference (WCO UCR spirit) linking a consignment’s events; null for governance events',
    typeLabel: 'an..35 [0-9A-Z./-] or null',
    wco: 'UCR.TraderAssignedReferenceID',
  }),
  submitter: field(participantId, { description: 'Participant id of the submitting organisation' }),
  keyId: field(keyId, { description: 'Id of the Ed25519 key that signed the envelope' }),
  occurredAt: field(dateTime, { description: 'When the fact happened (RFC 3339)' }),
  submittedAt: field(dateTime, { description: 'When the submitter signed and sent the envelope (RFC 3339)' }),
  payloadCommitment: field(base64Url32, { description: 'Merkle root of the salted per-field payload commitment' }),
};

function checkConsistency(value: UnsignedEnvelope, ctx: z.RefinementCtx): void {
  if (!isEventType(value.eventType)) return;
  const definition = getEventDefinition(value.eventType);
  if (Number.isInteger(value.schemaVersion) && !definition.schemaVersions.includes(value.schemaVersion)) {
    ctx.addIssue({
      code: 'custom',
      path: ['schemaVersion'],
      message: `${value.eventType} has no schema version ${value.schemaVersion} (known: ${definition.schemaVersions.join(', ')})`,
      params: { rule: 'unsupported-schema-version' },
    });
  }
  if (definition.scope === 'consignment' && value.consignmentRef === null) {
    ctx.addIssue({ code: 'custom', path: ['consignmentRef'], message: `${value.eventType} events need a consignmentRef`, params: { rule: 'required' } });
  }
  if (definition.scope === 'network' && value.consignmentRef !== null && value.consignmentRef !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['consignmentRef'], message: `${value.eventType} is network-scoped: consignmentRef must be null`, params: { rule: 'consistency' } });
  }
  // Refinements also run when a member already failed: compare only well-formed times.
  const wellFormed = dateTime.safeParse(value.occurredAt).success && dateTime.safeParse(value.submittedAt).success;
  if (wellFormed && Date.parse(value.occurredAt) > Date.parse(value.submittedAt) + MAX_CLOCK_SKEW_MS) {
    ctx.addIssue({ code: 'custom', path: ['occurredAt'], message: 'occurredAt lies after submittedAt', params: { rule: 'consistency' } });
  }
}

export const unsignedEnvelopeSchema = z.strictObject(envelopeShape).superRefine(checkConsistency);
const batchSignatureSchema = z
  .strictObject({
    size: z.int().min(1).max(MAX_ENVELOPE_BATCH_SIZE),
    leafIndex: z.int().min(0).max(MAX_ENVELOPE_BATCH_SIZE - 1),
    inclusionPath: z.array(base64Url32).max(16),
    signature: base64Url64,
  })
  .superRefine((value, ctx) => {
    if (Number.isInteger(value.leafIndex) && Number.isInteger(value.size) && value.leafIndex >= value.size) {
      ctx.addIssue({ code: 'custom', path: ['leafIndex'], message: `leafIndex ${value.leafIndex} lies outside a batch of ${value.size}`, params: { rule: 'consistency' } });
    }
  });

export const envelopeSchema = z
  .strictObject({
    ...envelopeShape,
    signature: field(base64Url64.optional(), {
      description: 'Ed25519 signature over JCS(envelope without signature); absent when batchSignature is given',
      typeLabel: 'base64url, 64 bytes',
    }),
    batchSignature: field(batchSignatureSchema.optional(), {
      description: 'Signature of a batch of envelopes and this envelope’s inclusion path in it; absent when signature is given',
      typeLabel: '{ size, leafIndex, inclusionPath[], signature }',
    }),
  })
  .superRefine((value, ctx) => {
    if ((value.signature === undefined) === (value.batchSignature === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [value.signature === undefined ? 'signature' : 'batchSignature'],
        message: 'an envelope carries exactly one of signature and batchSignature',
        params: { rule: 'consistency' },
      });
    }
    checkConsistency(value as UnsignedEnvelope, ctx);
  });

export function validateUnsignedEnvelope(value: unknown): ValidationResult<UnsignedEnvelope> {
  return runSchema(unsignedEnvelopeSchema, value) as ValidationResult<UnsignedEnvelope>;
}

export function validateEnvelope(value: unknown): ValidationResult<EventEnvelope> {
  return runSchema(envelopeSchema, value) as ValidationResult<EventEnvelope>;
}

/**
 * The bytes that get signed (alone) or hashed into a batch: RFC 8785 JCS of the envelope without
 * its `signature` or `batchSignature` member.
 */
export function envelopeSigningInput(envelope: UnsignedEnvelope | EventEnvelope): Uint8Array {
  return canonicalBytes(withoutSignature(envelope));
}

/** A copy of the envelope without its `signature` and `batchSignature` members. */
export function withoutSignature(envelope: UnsignedEnvelope | EventEnvelope): UnsignedEnvelope {
  const copy: Record<string, unknown> = { ...envelope };
  delete copy['signature'];
  delete copy['batchSignature'];
  return copy as unknown as UnsignedEnvelope;
}

export function newEventId(nowMs?: number): string {
  return uuidv7(nowMs === undefined ? undefined : { msecs: nowMs });
}

/** Milliseconds since the epoch encoded in a UUIDv7, or undefined for anything else. */
export function uuidV7Timestamp(eventId: string): number | undefined {
  if (!UUID_V7_PATTERN.test(eventId)) return undefined;
  return parseInt(eventId.slice(0, 8) + eventId.slice(9, 13), 16);
}

export interface BuildEnvelopeInput {
  readonly eventType: EventType;
  /** Defaults to the newest version of the type. */
  readonly schemaVersion?: number;
  readonly consignmentRef: string | null;
  readonly submitter: string;
  readonly keyId: string;
  readonly occurredAt: string;
  /** Defaults to now. */
  readonly submittedAt?: string;
  /** Defaults to a fresh UUIDv7; pass the client's id to keep a retry idempotent. */
  readonly eventId?: string;
  readonly payloadCommitment: string;
}

/** Assembles and validates an unsigned envelope; throws EventValidationError on bad input. */
export function buildEnvelope(input: BuildEnvelopeInput): UnsignedEnvelope {
  const candidate = {
    envelopeVersion: ENVELOPE_VERSION,
    eventId: input.eventId ?? newEventId(),
    eventType: input.eventType,
    schemaVersion: input.schemaVersion ?? (isEventType(input.eventType) ? getEventDefinition(input.eventType).latestSchemaVersion : 1),
    consignmentRef: input.consignmentRef,
    submitter: input.submitter,
    keyId: input.keyId,
    occurredAt: input.occurredAt,
    submittedAt: input.submittedAt ?? new Date().toISOString(),
    payloadCommitment: input.payloadCommitment,
  };
  const checked = validateUnsignedEnvelope(candidate);
  if (!checked.ok) throw new EventValidationError(checked.issues, 'envelope');
  return checked.value;
}
