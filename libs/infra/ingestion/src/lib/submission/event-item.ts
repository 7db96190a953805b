// One item of a POST /v1/events request, checked in the two submission modes:
//  (a) custodial: the client sends the payload; the node validates it, builds the envelope,
//      commits the payload with fresh salts and signs with the organisation's key from its keystore;
//  (b) client-signed: the client sends { envelope, opening }; the node checks the envelope, that
//      the key was the submitter's and valid, the signature, and the opening against the commitment.
// Custodial items are signed afterwards, all of a request's new ones together (custodial-signing.ts);
// both modes end in the same SignedEvent. Every refusal names the fields (paths from the request
// body's root) and the rule; nothing here does I/O.
import type { Ed25519Verifier } from '@borderledger/entry-validation';
import type { EventEnvelope, EventType, PathSegment, PayloadOpening, SignedEvent, SigningKey, UnsignedEnvelope, ValidationIssue } from '@borderledger/events';
import {
  MAX_CLOCK_SKEW_MS,
  buildEnvelope,
  canonicalJson,
  commitPayload,
  computeCommitment,
  deriveKeyId,
  envelopeSignatureClaim,
  getEventDefinition,
  isEventType,
  newEventId,
  prefixIssues,
  validateEnvelope,
  validatePayload,
  validateUnsignedEnvelope,
} from '@borderledger/events';
import type { Participant, RegistryView } from '@borderledger/participants';
import type { FieldViolation } from '@borderledger/service-runtime';
import { z } from 'zod';
import type { IngestionProblemCode, ItemProblem } from './ingestion-problems';
import { itemProblem, shapeViolations, violation } from './ingestion-problems';

export type SubmissionMode = 'custodial' | 'client-signed';

export type SigningKeyLookup = { readonly ok: true; readonly key: SigningKey } | { readonly ok: false; readonly reason: string };

export interface ItemContext {
  readonly participant: Participant;
  readonly registry: RegistryView;
  /** The custodial key a node signs with for a participant at a time, if it holds it. */
  readonly custodialKey: (participantId: string, at: Date) => SigningKeyLookup;
  readonly now: Date;
  /** Path of the item in the body: ['events', 3] in a batch, [] for a single event. */
  readonly prefix: readonly PathSegment[];
  /** Checks client signatures; one per request that remembers passes, so a batch signature is verified once. */
  readonly verifySignature: Ed25519Verifier;
}

/** What an item becomes once it is known to be new. */
export type PreparedEvent =
  /** Client-signed: published as the client signed it. */
  | { readonly kind: 'signed'; readonly event: SignedEvent }
  /** Custodial: committed and enveloped; signed with the request's other new custodial events. */
  | { readonly kind: 'to-sign'; readonly envelope: UnsignedEnvelope; readonly opening: PayloadOpening; readonly key: SigningKey };

export interface ValidItem {
  readonly mode: SubmissionMode;
  readonly eventId: string;
  readonly eventType: EventType;
  readonly consignmentRef: string | null;
  /** Where the event id sits in the request, for conflict reports. */
  readonly eventIdPath: readonly PathSegment[];
  /** What makes a resubmission "the same event": type, version, reference, time and payload. */
  readonly fingerprint: string;
  /** Custodial: commits the payload and builds the envelope (deferred until the item is known to be new). */
  readonly build: () => PreparedEvent;
}

export type ItemOutcome =
  | { readonly ok: true; readonly item: ValidItem }
  | { readonly ok: false; readonly problem: ItemProblem; readonly eventId?: string };

const custodialItem = z.strictObject({
  eventId: z.string().optional(),
  eventType: z.string(),
  schemaVersion: z.int().optional(),
  consignmentRef: z.string().nullable(),
  occurredAt: z.string(),
  /** Optional; when present it must be the caller's own id. */
  submitter: z.string().optional(),
  payload: z.record(z.string(), z.unknown()),
});

const signedItem = z.strictObject({
  envelope: z.record(z.string(), z.unknown()),
  opening: z.record(z.string(), z.unknown()),
});

// Stand-ins while validating the client's envelope fields before the commitment and key exist.
const PLACEHOLDER_KEY_ID = `ed25519:${'A'.repeat(22)}`;
const PLACEHOLDER_COMMITMENT = 'A'.repeat(43);

export function fingerprintOf(fields: {
  eventType: string;
  schemaVersion: number;
  consignmentRef: string | null;
  occurredAt: string;
  payload: unknown;
}): string {
  return canonicalJson({
    eventType: fields.eventType,
    schemaVersion: fields.schemaVersion,
    consignmentRef: fields.consignmentRef,
    occurredAt: fields.occurredAt,
    payload: fields.payload,
  });
}

function toViolations(issues: readonly ValidationIssue[], prefix: readonly PathSegment[]): FieldViolation[] {
  return prefixIssues(issues, prefix).map((i) => ({ path: i.path, rule: i.rule, message: i.message }));
}

function refuse(code: IngestionProblemCode, detail: string, errors: FieldViolation[], eventId?: string): ItemOutcome {
  return { ok: false, problem: itemProblem(code, detail, errors), ...(eventId ? { eventId } : {}) };
}

function notPermitted(ctx: ItemContext, at: readonly PathSegment[], eventType: EventType, eventId?: string): ItemOutcome {
  const allowed = getEventDefinition(eventType).emitterRoles.join(', ');
  return refuse(
    'event-type-not-permitted',
    `${ctx.participant.id} (roles: ${ctx.participant.roles.join(', ')}) may not emit ${eventType}`,
    [violation(at, 'emitter-role', `${eventType} may be emitted by the roles ${allowed} only`)],
    eventId,
  );
}

export function prepareItem(raw: unknown, ctx: ItemContext): ItemOutcome {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return refuse('invalid-event', 'an event must be a JSON object', [violation(ctx.prefix, 'type', 'must be an object')]);
  }
  return 'envelope' in raw ? prepareClientSigned(raw, ctx) : prepareCustodial(raw, ctx);
}

function prepareCustodial(raw: object, ctx: ItemContext): ItemOutcome {
  const { prefix, participant, now } = ctx;
  const shape = custodialItem.safeParse(raw);
  if (!shape.success) return refuse('invalid-event', 'the event does not have the request shape', shapeViolations(shape.error, prefix));
  const item = shape.data;
  if (!isEventType(item.eventType)) {
    return refuse('invalid-event', `unknown event type "${item.eventType}"`, [violation([...prefix, 'eventType'], 'unknown-event-type', 'is not an event type of the catalogue')]);
  }
  const eventType = item.eventType;
  if (item.submitter !== undefined && item.submitter !== participant.id) {
    return refuse('submitter-mismatch', 'a participant submits events only as itself', [
      violation([...prefix, 'submitter'], 'submitter', 'must be the participant id of the credential, or omitted'),
    ]);
  }
  if (!ctx.registry.mayEmit(participant.id, eventType)) return notPermitted(ctx, [...prefix, 'eventType'], eventType, item.eventId);

  const schemaVersion = item.schemaVersion ?? getEventDefinition(eventType).latestSchemaVersion;
  const eventId = item.eventId ?? newEventId(now.getTime());
  const envelopeCheck = validateUnsignedEnvelope({
    envelopeVersion: 1,
    eventId,
    eventType,
    schemaVersion,
    consignmentRef: item.consignmentRef,
    submitter: participant.id,
    keyId: PLACEHOLDER_KEY_ID,
    occurredAt: item.occurredAt,
    submittedAt: now.toISOString(),
    payloadCommitment: PLACEHOLDER_COMMITMENT,
  });
  const payloadCheck = validatePayload(eventType, item.payload, schemaVersion);
  const errors: FieldViolation[] = [];
  if (!envelopeCheck.ok) errors.push(...toViolations(envelopeCheck.issues, prefix));
  if (!payloadCheck.ok) {
    // An unknown schema version is reported once, on schemaVersion.
    const issues = payloadCheck.issues.filter((i) => i.rule !== 'unsupported-schema-version');
    errors.push(...toViolations(issues, [...prefix, 'payload']));
  }
  if (errors.length > 0 || !payloadCheck.ok) {
    return refuse('invalid-event', `${errors.length} field${errors.length === 1 ? '' : 's'} of the event broke a rule`, errors, item.eventId);
  }

  const lookup = ctx.custodialKey(participant.id, now);
  if (!lookup.ok) {
    return refuse('no-custodial-key', lookup.reason, [violation(prefix, 'custodial-key', 'submit a signed envelope instead, or have the node operator install your current key')], eventId);
  }
  const payload = payloadCheck.value;
  return {
    ok: true,
    item: {
      mode: 'custodial',
      eventId,
      eventType,
      consignmentRef: item.consignmentRef,
      eventIdPath: [...prefix, 'eventId'],
      fingerprint: fingerprintOf({ eventType, schemaVersion, consignmentRef: item.consignmentRef, occurredAt: item.occurredAt, payload }),
      build: () => {
        const { commitment, opening } = commitPayload(eventType, payload, { schemaVersion });
        const unsigned = buildEnvelope({
          eventId,
          eventType,
          schemaVersion,
          consignmentRef: item.consignmentRef,
          submitter: participant.id,
          keyId: lookup.key.keyId,
          occurredAt: item.occurredAt,
          submittedAt: now.toISOString(),
          payloadCommitment: commitment,
        });
        return { kind: 'to-sign', envelope: unsigned, opening, key: lookup.key };
      },
    },
  };
}

function prepareClientSigned(raw: object, ctx: ItemContext): ItemOutcome {
  const { prefix, participant, now, registry } = ctx;
  const shape = signedItem.safeParse(raw);
  if (!shape.success) return refuse('invalid-event', 'a signed event is { envelope, opening }', shapeViolations(shape.error, prefix));
  const checked = validateEnvelope(shape.data.envelope);
  if (!checked.ok) return refuse('invalid-event', 'the envelope broke a rule', toViolations(checked.issues, [...prefix, 'envelope']));
  const envelope: EventEnvelope = checked.value;
  const at = (...fields: string[]): PathSegment[] => [...prefix, 'envelope', ...fields];

  if (envelope.submitter !== participant.id) {
    return refuse('submitter-mismatch', 'a participant submits events only as itself', [violation(at('submitter'), 'submitter', 'must be the participant id of the credential')], envelope.eventId);
  }
  if (!registry.mayEmit(participant.id, envelope.eventType)) return notPermitted(ctx, at('eventType'), envelope.eventType, envelope.eventId);
  const submittedAt = new Date(envelope.submittedAt);
  if (submittedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    return refuse('invalid-event', 'submittedAt lies in the future', [violation(at('submittedAt'), 'clock-skew', `must not lie more than ${MAX_CLOCK_SKEW_MS / 1000} s after the node's clock`)], envelope.eventId);
  }
  // The key must be the submitter's, valid now (a retired key brings in nothing new) and when signed.
  const key = registry.keyValidAt(envelope.keyId, now);
  if (!key || key.participantId !== participant.id || !registry.keyValidAt(envelope.keyId, submittedAt)) {
    return refuse('unknown-signing-key', `${envelope.keyId} is not a key of ${participant.id} valid now and at submittedAt`, [
      violation(at('keyId'), 'key-validity', 'must name a registered key of the submitter whose validity window contains both now and submittedAt'),
    ], envelope.eventId);
  }
  const signatureRefusal = checkSignature(envelope, key.publicKey, ctx.verifySignature, at);
  if (signatureRefusal) return signatureRefusal;

  const rawOpening = shape.data.opening;
  const opening = { eventType: rawOpening['eventType'], schemaVersion: rawOpening['schemaVersion'], payload: rawOpening['payload'], salts: rawOpening['salts'] };
  const openingAt = (field: string): PathSegment[] => [...prefix, 'opening', field];
  const mismatched = (['eventType', 'schemaVersion'] as const).filter((f) => opening[f] !== envelope[f]);
  if (mismatched.length > 0) {
    return refuse('invalid-event', 'the opening is for another event type or version', mismatched.map((f) => violation(openingAt(f), 'consistency', `must equal envelope.${f}`)), envelope.eventId);
  }
  const computed = computeCommitment(opening);
  if (!computed.ok) return refuse('invalid-event', 'the opening broke a rule', toViolations(computed.issues, [...prefix, 'opening']), envelope.eventId);
  if (computed.value !== envelope.payloadCommitment) {
    return refuse('commitment-mismatch', 'payload and salts do not hash to envelope.payloadCommitment', [
      violation([...prefix, 'opening'], 'commitment', 'payload and salts must hash to envelope.payloadCommitment'),
    ], envelope.eventId);
  }
  const signed: PreparedEvent = { kind: 'signed', event: { envelope, opening: opening as PayloadOpening } };
  return {
    ok: true,
    item: {
      mode: 'client-signed',
      eventId: envelope.eventId,
      eventType: envelope.eventType,
      consignmentRef: envelope.consignmentRef,
      eventIdPath: at('eventId'),
      fingerprint: fingerprintOf({ ...envelope, payload: opening.payload }),
      build: () => signed,
    },
  };
}

/**
 * The envelope's signature, alone or in a batch (envelopeSignatureClaim says which message it
 * covers). A batch refusal names batchSignature: a signature over another root cannot tell
 * whether the path, the leaf index, an envelope field or the signature was altered.
 */
function checkSignature(envelope: EventEnvelope, publicKey: Uint8Array, verify: Ed25519Verifier, at: (...fields: string[]) => PathSegment[]): ItemOutcome | undefined {
  // The registry finds keys by id; a record whose key does not hash to its id must not vouch for it.
  if (deriveKeyId(publicKey) !== envelope.keyId) {
    return refuse('unknown-signing-key', `the registered key ${envelope.keyId} does not match its id`, [violation(at('keyId'), 'key-validity', 'must be the id of the registered public key')], envelope.eventId);
  }
  const claim = envelopeSignatureClaim(envelope);
  if (!claim.ok) {
    return refuse('bad-signature', claim.reason, [
      violation(at('batchSignature', 'inclusionPath'), 'inclusion-path', 'must be the RFC 9162 inclusion path of leaf leafIndex in a batch of size envelopes'),
    ], envelope.eventId);
  }
  if (verify(publicKey, claim.message, claim.signature)) return undefined;
  if (envelope.batchSignature === undefined) {
    return refuse('bad-signature', `the signature of ${envelope.eventId} does not verify with ${envelope.keyId}`, [
      violation(at('signature'), 'signature', 'Ed25519 over the RFC 8785 canonical envelope does not verify'),
    ], envelope.eventId);
  }
  return refuse('bad-signature', `the batch signature of ${envelope.eventId} does not verify with ${envelope.keyId}`, [
    violation(
      at('batchSignature'),
      'signature',
      'Ed25519 over the batch statement does not verify: the root recomputed from this envelope, leafIndex and inclusionPath is not the root that was signed, or the signature was altered',
    ),
  ], envelope.eventId);
}
