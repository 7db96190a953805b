// What the participant registry knows about an organisation, its keys and its credentials.
import type { ParticipantRole } from '@borderledger/events';

export const PARTICIPANT_STATUSES = ['active', 'suspended'] as const;
/** `suspended`: may neither submit nor read; its past signatures keep verifying. */
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export interface Participant {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly ParticipantRole[];
  /** ISO 3166-1 alpha-2 of the jurisdiction it operates under. */
  readonly jurisdiction: string;
  readonly status: ParticipantStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * A public signing key and its validity window [validFrom, validUntil). Rotation closes the
 * window; a signature made inside it keeps verifying for ever after.
 */
export interface ParticipantKeyRecord {
  readonly keyId: string;
  readonly participantId: string;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  readonly validFrom: Date;
  /** null while the key is current. */
  readonly validUntil: Date | null;
}

/** An API credential: the secret itself is never stored, only its scrypt hash. */
export interface CredentialRecord {
  /** Public part of the token, `blk_<20 hex>`. */
  readonly id: string;
  readonly participantId: string;
  /** `scrypt$…` string, see @borderledger/registry's credential-hash. */
  readonly secretHash: string;
  readonly label: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/** validFrom ≤ at < validUntil (open-ended while validUntil is null). */
export function keyWindowContains(key: Pick<ParticipantKeyRecord, 'validFrom' | 'validUntil'>, at: Date): boolean {
  const t = at.getTime();
  return key.validFrom.getTime() <= t && (key.validUntil === null || t < key.validUntil.getTime());
}
