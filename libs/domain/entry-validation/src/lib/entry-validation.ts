// The rules every validator applies to an entry, in one place: the ledger before it sequences
// an event, each witness before it cosigns a checkpoint. A witness sees envelopes only (access
// to the ledger is not access to the data), so the envelope-only check stands on its own and
// the payload check is a second step that only the ledger (which receives the opening) runs.
import {
  type EventEnvelope,
  type InclusionPathMemo,
  type PayloadOpening,
  canonicalJson,
  envelopeSignatureClaim,
  getEventDefinition,
  signedEnvelopeBytes,
  utf8,
  withoutSignature,
  validateEnvelope,
  verifyPayloadOpening,
} from '@borderledger/events';
import { ed25519Verify } from '@borderledger/merkle-log';
import { type RegistrySnapshot, type SnapshotKey, type SnapshotParticipant, hasRole, keyValidAt } from './registry-snapshot';
import { type Rejection, reject, summariseIssues } from './rejection';

/**
 * Ed25519 verification, strict RFC 8032 (no ZIP-215 leniency). The default is the pure
 * `@noble/curves` one (browser-safe, ~550 verifications/s); a service injects a faster one
 * (node:crypto, ~12,000/s) that accepts exactly the same signatures.
 */
export type Ed25519Verifier = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;

export interface EntryValidationOptions {
  readonly verifySignature?: Ed25519Verifier;
  /** A long-lived memo of batch inclusion walks (a validator that sees many batch-signed entries). */
  readonly batchPaths?: InclusionPathMemo;
  /**
   * The validator's clock. When given, submittedAt may lie at most `maxFutureSkewMs` after it
   * and at most `maxSubmissionAgeMs` before it. The ledger passes it at receipt; a witness
   * re-validating committed entries later does not (the ledger's window was already applied).
   */
  readonly now?: Date;
  readonly maxFutureSkewMs?: number;
  readonly maxSubmissionAgeMs?: number;
}

/** Five minutes: the envelope's own allowance between occurredAt and submittedAt. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
/** A day: long enough for an outbox to drain after an outage, short for a leaked old key. */
export const DEFAULT_MAX_SUBMISSION_AGE_MS = 24 * 60 * 60 * 1000;

export interface ValidatedEnvelope {
  readonly envelope: EventEnvelope;
  /** RFC 8785 bytes of the signed envelope: what a ledger entry holds. */
  readonly entryBytes: Uint8Array;
  readonly participant: SnapshotParticipant;
  readonly key: SnapshotKey;
}

export interface ValidatedSubmission extends ValidatedEnvelope {
  readonly opening: PayloadOpening;
}

export type EntryValidationResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rejection: Rejection };

/**
 * Envelope-only validation, in order (the first failing rule is reported):
 * schema → submitter registered and active → right to the event type → key registered, owned
 * by the submitter and valid at signing time (submittedAt) → clock window (if `now`) → signature.
 * Never throws on bad input.
 */
export function validateEnvelopeForLedger(
  envelope: unknown,
  registry: RegistrySnapshot,
  options: EntryValidationOptions = {},
): EntryValidationResult<ValidatedEnvelope> {
  const parsed = validateEnvelope(envelope);
  if (!parsed.ok) return reject('invalid-envelope', `envelope: ${summariseIssues(parsed.issues)}`, parsed.issues);
  const value = parsed.value;

  const participant = registry.participant(value.submitter);
  if (!participant) return reject('unknown-submitter', `submitter ${value.submitter} is not a registered participant`);
  if (participant.status !== 'active') {
    return reject('participant-inactive', `submitter ${value.submitter} is ${participant.status}, not active`);
  }
  const definition = getEventDefinition(value.eventType);
  const permitted = registry.mayEmit
    ? registry.mayEmit(participant.id, value.eventType)
    : hasRole(participant, definition.emitterRoles);
  if (!permitted) {
    return reject(
      'event-type-not-permitted',
      `${value.submitter} (roles: ${participant.roles.join(', ') || 'none'}) may not submit ${value.eventType} (emitted by: ${definition.emitterRoles.join(', ')})`,
    );
  }

  const key = registry.key(value.keyId);
  if (!key) return reject('unknown-key', `key ${value.keyId} is not registered`);
  if (key.participantId !== value.submitter) {
    return reject('key-not-owned', `key ${value.keyId} belongs to ${key.participantId}, not to ${value.submitter}`);
  }
  const signedAt = new Date(value.submittedAt);
  if (!keyValidAt(key, signedAt)) {
    const window = `[${key.validFrom.toISOString()}, ${key.validUntil ? key.validUntil.toISOString() : 'open'})`;
    return reject('key-not-valid', `key ${value.keyId} was not valid at submittedAt ${value.submittedAt} (valid ${window})`);
  }

  if (options.now) {
    const now = options.now.getTime();
    const skew = options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
    const maxAge = options.maxSubmissionAgeMs ?? DEFAULT_MAX_SUBMISSION_AGE_MS;
    if (signedAt.getTime() > now + skew) {
      return reject('submitted-in-future', `submittedAt ${value.submittedAt} lies more than ${skew} ms after the ledger's clock`);
    }
    if (signedAt.getTime() < now - maxAge) {
      return reject('submission-too-old', `submittedAt ${value.submittedAt} lies more than ${maxAge} ms before the ledger's clock`);
    }
  }

  // Signed alone or in a batch: the claim says which message the signature must cover.
  const signingText = canonicalJson(withoutSignature(value));
  const signingBytes = utf8(signingText);
  const claim = envelopeSignatureClaim(value, options.batchPaths, signingBytes);
  if (!claim.ok) return reject('bad-signature', `batch signature of event ${value.eventId}: ${claim.reason}`);
  const verify = options.verifySignature ?? ed25519Verify;
  if (!verify(key.publicKey, claim.message, claim.signature)) {
    const what = value.batchSignature ? 'batch signature' : 'signature';
    return reject('bad-signature', `${what} of event ${value.eventId} does not verify with key ${value.keyId}`);
  }
  return { ok: true, value: { envelope: value, entryBytes: signedEnvelopeBytes(value, signingText, signingBytes), participant, key } };
}

/**
 * Everything validateEnvelopeForLedger checks, then the opening: same event type and schema
 * version, payload valid for its schema, payload and salts hashing to payloadCommitment.
 */
export function validateSubmission(
  envelope: unknown,
  opening: unknown,
  registry: RegistrySnapshot,
  options: EntryValidationOptions = {},
): EntryValidationResult<ValidatedSubmission> {
  const checked = validateEnvelopeForLedger(envelope, registry, options);
  if (!checked.ok) return checked;
  const payload = validateOpening(checked.value.envelope, opening);
  if (!payload.ok) return payload;
  return { ok: true, value: { ...checked.value, opening: payload.value } };
}

/** The payload half alone (for a caller that has already validated the envelope). */
export function validateOpening(envelope: EventEnvelope, opening: unknown): EntryValidationResult<PayloadOpening> {
  const result = verifyPayloadOpening(opening, envelope);
  if (result.ok) return { ok: true, value: opening as PayloadOpening };
  switch (result.failure) {
    case 'type-mismatch':
      return reject('opening-mismatch', `opening: ${result.message}`);
    case 'commitment-mismatch':
      return reject('commitment-mismatch', `opening: ${result.message}`);
    default:
      return reject('invalid-payload', `opening: ${result.message}`);
  }
}
