// What validation needs to know about the network's participants: a synchronous, in-memory
// view. The ledger and every witness load it from their registry (database, governance events)
// and hand it in, so the rules below stay pure and give every validator the same verdict.
import { type EventType, type ParticipantRole, deriveKeyId } from '@borderledger/events';

export interface SnapshotParticipant {
  readonly id: string;
  /** platform | carrier | logistics | customs | auditor | governance */
  readonly roles: readonly string[];
  /** Only `active` participants may submit; anything else (e.g. `suspended`) is refused. */
  readonly status: string;
}

export interface SnapshotKey {
  /** "ed25519:" + base64url(SHA-256(public key)[0..16]) */
  readonly keyId: string;
  readonly participantId: string;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  readonly validFrom: Date;
  /** Exclusive end of the validity window; null while the key is current. */
  readonly validUntil: Date | null;
}

/** The plain lists a snapshot is built from: structured-cloneable, so a worker thread can rebuild it. */
export interface RegistryContents {
  readonly participants: readonly SnapshotParticipant[];
  readonly keys: readonly SnapshotKey[];
}

export interface RegistrySnapshot {
  /** Present when the snapshot is exactly its lists (createRegistrySnapshot): it can be handed on. */
  readonly contents?: RegistryContents;
  participant(id: string): SnapshotParticipant | undefined;
  key(keyId: string): SnapshotKey | undefined;
  /**
   * Optional override of the catalogue's emitter roles (governance may narrow them). When
   * absent, a participant may emit a type when one of its roles is among the type's emitter roles.
   */
  mayEmit?(participantId: string, eventType: EventType): boolean;
}

/**
 * A RegistrySnapshot over plain lists (tests, services that load the tables in one go). Checks
 * once, here, that every keyId is derived from its public key, so validation can trust the map.
 */
export function createRegistrySnapshot(input: RegistryContents): RegistrySnapshot {
  for (const key of input.keys) {
    if (key.publicKey.length !== 32 || deriveKeyId(key.publicKey) !== key.keyId) {
      throw new RangeError(`registry key ${key.keyId} does not match its public key`);
    }
  }
  const participants = new Map(input.participants.map((p) => [p.id, p]));
  const keys = new Map(input.keys.map((k) => [k.keyId, k]));
  return {
    contents: { participants: input.participants, keys: input.keys },
    participant: (id) => participants.get(id),
    key: (keyId) => keys.get(keyId),
  };
}

/** Half-open window [validFrom, validUntil): a signature made at validUntil is already too late. */
export function keyValidAt(key: SnapshotKey, at: Date): boolean {
  const t = at.getTime();
  return key.validFrom.getTime() <= t && (key.validUntil === null || t < key.validUntil.getTime());
}

export function hasRole(participant: SnapshotParticipant, roles: readonly ParticipantRole[]): boolean {
  return roles.some((role) => participant.roles.includes(role));
}
