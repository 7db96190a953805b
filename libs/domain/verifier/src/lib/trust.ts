/**
 * Turns the trusted keys (text) into verifiers: the log's note verifiers, the witnesses'
 * cosignature verifiers with the quorum, and a registry snapshot of participant keys for
 * envelope signatures.
 */
import { type RegistrySnapshot, type SnapshotKey, type SnapshotParticipant, createRegistrySnapshot } from '@borderledger/entry-validation';
import { deriveKeyId, fromBase64Url } from '@borderledger/events';
import {
  type CosignatureVerifier,
  type FinalityPolicy,
  type NoteVerifier,
  MerkleLogError,
  cosignatureVerifierFromKey,
  noteVerifierFromKey,
} from '@borderledger/merkle-log';
import { VerifierError } from './errors';
import type { Quorum, TrustedKeys } from './proof-bundle';

export interface ResolvedTrust {
  readonly origin: string;
  readonly logVerifiers: readonly NoteVerifier[];
  readonly witnessVerifiers: readonly CosignatureVerifier[];
  readonly quorum?: Quorum;
  readonly registry: RegistrySnapshot;
}

function keyError(what: string, e: unknown): VerifierError {
  return new VerifierError('malformed-key', `${what}: ${e instanceof MerkleLogError || e instanceof Error ? e.message : String(e)}`);
}

/**
 * Resolves keys; throws VerifierError('malformed-key') for a key that does not parse or whose
 * id does not match it. Participant status is deliberately not carried into the snapshot: it has
 * no history, so a participant suspended today did not sign yesterday's entries any less (key
 * validity windows carry the history that matters).
 */
export function resolveTrust(keys: TrustedKeys): ResolvedTrust {
  const logVerifiers = keys.log.verifierKeys.map((k, i) => {
    try {
      return noteVerifierFromKey(k);
    } catch (e) {
      throw keyError(`log.verifierKeys[${i}]`, e);
    }
  });
  const witnessVerifiers = keys.witnesses.verifierKeys.map((k, i) => {
    try {
      return cosignatureVerifierFromKey(k);
    } catch (e) {
      throw keyError(`witnesses.verifierKeys[${i}]`, e);
    }
  });
  const participants: SnapshotParticipant[] = [];
  const registryKeys: SnapshotKey[] = [];
  keys.participants.forEach((p, i) => {
    participants.push({ id: p.id, roles: p.roles, status: 'active' });
    p.keys.forEach((k, j) => {
      const publicKey = fromBase64Url(k.publicKey);
      if (deriveKeyId(publicKey) !== k.keyId) {
        throw new VerifierError('malformed-key', `participants[${i}].keys[${j}]: keyId ${k.keyId} is not the id of its public key`);
      }
      registryKeys.push({
        keyId: k.keyId,
        participantId: p.id,
        publicKey,
        validFrom: new Date(k.validFrom),
        validUntil: k.validUntil === null ? null : new Date(k.validUntil),
      });
    });
  });
  return {
    origin: keys.log.origin,
    logVerifiers,
    witnessVerifiers,
    ...(keys.witnesses.quorum ? { quorum: keys.witnesses.quorum } : {}),
    registry: createRegistrySnapshot({ participants, keys: registryKeys }),
  };
}

/** The merkle-log finality policy for a quorum; throws VerifierError when the quorum cannot be met by the known witnesses. */
export function finalityPolicy(trust: ResolvedTrust, quorum: Quorum): FinalityPolicy {
  const names = new Set(trust.witnessVerifiers.map((w) => w.name));
  if (quorum.threshold > trust.witnessVerifiers.length) {
    throw new VerifierError('invalid-argument', `quorum threshold ${quorum.threshold} exceeds the ${trust.witnessVerifiers.length} known witness keys`);
  }
  for (const r of quorum.required ?? []) if (!names.has(r)) throw new VerifierError('invalid-argument', `required witness ${r} has no known key`);
  return {
    logVerifiers: trust.logVerifiers,
    witnesses: trust.witnessVerifiers,
    threshold: quorum.threshold,
    ...(quorum.required ? { required: quorum.required } : {}),
  };
}
