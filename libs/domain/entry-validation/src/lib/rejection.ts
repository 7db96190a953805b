// Typed rejection codes: the dead-letter topic carries them (header bl-rejection-code), the
// ingestion nodes show them to submitters, witnesses name them when they refuse to cosign.
import type { ValidationIssue } from '@borderledger/events';

export const REJECTION_CODES = [
  /** The Kafka message is not `{ envelope, opening }` JSON. */
  'malformed-submission',
  /** The envelope breaks its schema (fields, types, consistency rules). */
  'invalid-envelope',
  /** The submitter is not a registered participant. */
  'unknown-submitter',
  /** The submitter is registered but not active (suspended). */
  'participant-inactive',
  /** The submitter's roles do not allow this event type. */
  'event-type-not-permitted',
  /** No registered key has the envelope's keyId. */
  'unknown-key',
  /** The key is registered to another participant. */
  'key-not-owned',
  /** submittedAt (the signing time) lies outside the key's validity window. */
  'key-not-valid',
  /** The Ed25519 signature does not verify. */
  'bad-signature',
  /** submittedAt lies too far after the validator's clock. */
  'submitted-in-future',
  /** submittedAt lies further back than the validator accepts (bounds a rotated key's exposure). */
  'submission-too-old',
  /** The opening's event type or schema version differs from the envelope's. */
  'opening-mismatch',
  /** The payload breaks its event type's schema. */
  'invalid-payload',
  /** The payload and salts do not hash to the envelope's payloadCommitment. */
  'commitment-mismatch',
  /** The event id is already committed with a different envelope (a replay of an id, not a retry). */
  'event-id-conflict',
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly code: RejectionCode;
  /** One line a person can act on; never the rejected payload values. */
  readonly reason: string;
  /** Field-level detail for schema rejections. */
  readonly issues?: readonly ValidationIssue[];
}

export function isRejectionCode(value: unknown): value is RejectionCode {
  return typeof value === 'string' && (REJECTION_CODES as readonly string[]).includes(value);
}

export function reject(code: RejectionCode, reason: string, issues?: readonly ValidationIssue[]): { ok: false; rejection: Rejection } {
  return { ok: false, rejection: issues && issues.length > 0 ? { code, reason, issues } : { code, reason } };
}

/** Issues in one line, each `path [rule] message`, capped so a header stays small. */
export function summariseIssues(issues: readonly ValidationIssue[], max = 5): string {
  const shown = issues.slice(0, max).map((i) => `${i.path || '(root)'} [${i.rule}] ${i.message}`);
  const more = issues.length > max ? `; … ${issues.length - max} more` : '';
  return shown.join('; ') + more;
}
