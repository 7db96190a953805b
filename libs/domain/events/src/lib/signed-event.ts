// The one-call path for nodes: validate → commit → envelope → sign; and its inverse.
import type { EventType } from './catalogue/catalogue';
import type { PayloadOpening } from './commitment/commitment';
import { commitPayload, verifyPayloadOpening } from './commitment/commitment';
import type { RandomBytes } from './crypto/random';
import type { EventEnvelope } from './envelope/envelope';
import { buildEnvelope } from './envelope/envelope';
import type { SigningKey } from './envelope/keys';
import { signEnvelope, verifyEnvelope } from './envelope/signing';
import type { VerificationResult } from './validation/verification';

export interface CreateSignedEventInput<T extends EventType> {
  readonly eventType: T;
  /** Validated against the type's schema; EventValidationError lists every bad field. */
  readonly payload: unknown;
  readonly consignmentRef: string | null;
  readonly occurredAt: string;
  readonly submitter: string;
  readonly signingKey: SigningKey;
  readonly submittedAt?: string;
  readonly eventId?: string;
  readonly schemaVersion?: number;
  /** Tests only: deterministic salts. */
  readonly randomBytes?: RandomBytes;
}

/** An event as a node hands it on: the envelope (for the ledger) and its opening (kept off-ledger). */
export interface SignedEvent<T extends EventType = EventType> {
  readonly envelope: EventEnvelope;
  readonly opening: PayloadOpening<T>;
}

export function createSignedEvent<T extends EventType>(input: CreateSignedEventInput<T>): SignedEvent<T> {
  const { commitment, opening } = commitPayload(input.eventType, input.payload, {
    schemaVersion: input.schemaVersion,
    randomBytes: input.randomBytes,
  });
  const unsigned = buildEnvelope({
    eventType: input.eventType,
    schemaVersion: opening.schemaVersion,
    consignmentRef: input.consignmentRef,
    submitter: input.submitter,
    keyId: input.signingKey.keyId,
    occurredAt: input.occurredAt,
    submittedAt: input.submittedAt,
    eventId: input.eventId,
    payloadCommitment: commitment,
  });
  return { envelope: signEnvelope(unsigned, input.signingKey), opening };
}

/** Signature, then payload + salts against the commitment. */
export function verifySignedEvent(event: SignedEvent, publicKey: Uint8Array): VerificationResult {
  const signature = verifyEnvelope(event.envelope, publicKey);
  if (!signature.ok) return signature;
  return verifyPayloadOpening(event.opening, event.envelope);
}
