// Batch signing: one Ed25519 signature over the RFC 9162 Merkle root of many envelopes, plus
// an inclusion proof per envelope. A verifier checks the batch signature once and each
// envelope with log2(n) hashes instead of n signature verifications.
//
// The signed message is JCS of a batch statement whose `kind` member no envelope has, so a
// batch signature can never be replayed as an envelope signature or the reverse.
import { canonicalBytes } from '../encoding/canonical';
import { bytesEqual, toBase64Url, tryFromBase64Url } from '../encoding/bytes';
import { HASH_BYTES } from '../crypto/hash';
import { hashLeaf, inclusionProof, merkleRoot, verifyInclusion } from '../merkle/merkle-tree';
import { BASE64URL_32_PATTERN, KEY_ID_PATTERN, PARTICIPANT_ID_PATTERN } from '../schema/primitives';
import { EventValidationError, prefixIssues } from '../validation/validation';
import type { VerificationResult } from '../validation/verification';
import { OK, fail } from '../validation/verification';
import type { EventEnvelope, UnsignedEnvelope } from './envelope';
import { envelopeSigningInput, validateUnsignedEnvelope, withoutSignature } from './envelope';
import type { SigningKey } from './keys';
import { deriveKeyId, ed25519Sign, ed25519Verify } from './keys';
import { SigningError } from './signing';

export const ENVELOPE_BATCH_KIND = 'borderledger/envelope-batch/v1';

export interface EnvelopeBatchStatement {
  readonly kind: typeof ENVELOPE_BATCH_KIND;
  readonly submitter: string;
  readonly keyId: string;
  /** Number of envelopes (tree size). */
  readonly size: number;
  /** base64url RFC 9162 root over envelopeLeafHash of each envelope, in batch order. */
  readonly root: string;
}

export interface SignedEnvelopeBatch {
  readonly statement: EnvelopeBatchStatement;
  /** base64url Ed25519 signature over JCS(statement). */
  readonly signature: string;
}

export interface EnvelopeBatchProof {
  readonly batch: SignedEnvelopeBatch;
  readonly leafIndex: number;
  /** RFC 9162 inclusion path, base64url, leaf upwards. */
  readonly inclusionPath: readonly string[];
}

/** RFC 9162 leaf hash of an envelope's signing input (its signature member, if any, excluded). */
export function envelopeLeafHash(envelope: UnsignedEnvelope | EventEnvelope): Uint8Array {
  return hashLeaf(envelopeSigningInput(envelope));
}

export function signEnvelopeBatch(
  envelopes: readonly UnsignedEnvelope[],
  key: SigningKey,
): { batch: SignedEnvelopeBatch; proofs: EnvelopeBatchProof[] } {
  if (envelopes.length === 0) throw new SigningError('EMPTY_BATCH', 'a batch needs at least one envelope');
  const submitter = envelopes[0].submitter;
  const seen = new Set<string>();
  const checked = envelopes.map((envelope, i) => {
    const result = validateUnsignedEnvelope(withoutSignature(envelope));
    if (!result.ok) throw new EventValidationError(prefixIssues(result.issues, [i]), 'envelope batch');
    if (result.value.keyId !== key.keyId) throw new SigningError('KEY_ID_MISMATCH', `envelope ${i} names key ${result.value.keyId}, not ${key.keyId}`);
    if (result.value.submitter !== submitter) throw new SigningError('SUBMITTER_MISMATCH', `envelope ${i} has another submitter`);
    if (seen.has(result.value.eventId)) throw new SigningError('DUPLICATE_EVENT', `event ${result.value.eventId} appears twice`);
    seen.add(result.value.eventId);
    return result.value;
  });
  const leaves = checked.map(envelopeLeafHash);
  const statement: EnvelopeBatchStatement = {
    kind: ENVELOPE_BATCH_KIND,
    submitter,
    keyId: key.keyId,
    size: leaves.length,
    root: toBase64Url(merkleRoot(leaves)),
  };
  const batch: SignedEnvelopeBatch = {
    statement,
    signature: toBase64Url(ed25519Sign(canonicalBytes(statement), key.privateKey)),
  };
  const proofs = leaves.map((_, i) => ({ batch, leafIndex: i, inclusionPath: inclusionProof(leaves, i).map(toBase64Url) }));
  return { batch, proofs };
}

function statementProblem(statement: unknown): string | undefined {
  const s = statement as Partial<EnvelopeBatchStatement> | null;
  if (!s || typeof s !== 'object') return 'statement missing';
  const keys = Object.keys(s).sort().join(',');
  if (keys !== 'keyId,kind,root,size,submitter') return 'statement has unexpected members';
  if (s.kind !== ENVELOPE_BATCH_KIND) return 'not an envelope batch statement';
  if (typeof s.submitter !== 'string' || !PARTICIPANT_ID_PATTERN.test(s.submitter)) return 'bad submitter';
  if (typeof s.keyId !== 'string' || !KEY_ID_PATTERN.test(s.keyId)) return 'bad keyId';
  if (!Number.isSafeInteger(s.size) || (s.size as number) < 1) return 'bad size';
  if (typeof s.root !== 'string' || !BASE64URL_32_PATTERN.test(s.root)) return 'bad root';
  return undefined;
}

/** Verifies the batch signature (once per batch). */
export function verifyEnvelopeBatch(batch: SignedEnvelopeBatch | unknown, publicKey: Uint8Array): VerificationResult {
  const b = batch as Partial<SignedEnvelopeBatch> | null;
  const problem = b && typeof b === 'object' ? statementProblem(b.statement) : 'batch missing';
  if (problem || !b) return fail('malformed', problem ?? 'batch missing');
  const statement = b.statement as EnvelopeBatchStatement;
  let keyId: string;
  try {
    keyId = deriveKeyId(publicKey);
  } catch {
    return fail('key-id-mismatch', 'public key is not 32 bytes');
  }
  if (statement.keyId !== keyId) return fail('key-id-mismatch', `batch names ${statement.keyId}, key is ${keyId}`);
  const signature = typeof b.signature === 'string' ? tryFromBase64Url(b.signature, 64) : undefined;
  if (!signature) return fail('malformed', 'signature is not base64url of 64 bytes');
  if (!ed25519Verify(signature, canonicalBytes(statement), publicKey)) return fail('bad-signature', 'batch signature does not verify');
  return OK;
}

/**
 * Checks that an envelope is in a batch (same submitter and key, inclusion proof to the root).
 * Does not check the batch signature: do that once per batch with verifyEnvelopeBatch.
 */
export function verifyEnvelopeInclusion(envelope: UnsignedEnvelope | EventEnvelope | unknown, proof: EnvelopeBatchProof): VerificationResult {
  const problem = proof && typeof proof === 'object' && proof.batch ? statementProblem(proof.batch.statement) : 'proof missing';
  if (problem) return fail('malformed', problem);
  const checked = validateUnsignedEnvelope(envelope && typeof envelope === 'object' ? withoutSignature(envelope as EventEnvelope) : envelope);
  if (!checked.ok) return fail('malformed', checked.issues.map((i) => `${i.path} [${i.rule}] ${i.message}`).join('; '));
  const statement = proof.batch.statement;
  if (checked.value.submitter !== statement.submitter || checked.value.keyId !== statement.keyId) {
    return fail('batch-mismatch', 'envelope submitter/key differ from the batch');
  }
  if (!Array.isArray(proof.inclusionPath)) return fail('malformed', 'inclusionPath missing');
  const path: Uint8Array[] = [];
  for (const p of proof.inclusionPath as unknown[]) {
    const bytes = typeof p === 'string' ? tryFromBase64Url(p, HASH_BYTES) : undefined;
    if (!bytes) return fail('malformed', 'inclusion path hashes are base64url of 32 bytes');
    path.push(bytes);
  }
  const root = tryFromBase64Url(statement.root, HASH_BYTES) as Uint8Array;
  if (!verifyInclusion(envelopeLeafHash(checked.value), proof.leafIndex, statement.size, path, root)) {
    return fail('invalid-proof', 'envelope is not included in the batch');
  }
  return OK;
}

/** Signature + inclusion in one call (for a single envelope; batch-verify with the two above). */
export function verifyEnvelopeInBatch(
  envelope: UnsignedEnvelope | EventEnvelope | unknown,
  proof: EnvelopeBatchProof,
  publicKey: Uint8Array,
): VerificationResult {
  const signature = verifyEnvelopeBatch(proof?.batch, publicKey);
  if (!signature.ok) return signature;
  return verifyEnvelopeInclusion(envelope, proof);
}

/** Same batch? (Compares statement and signature bytes, e.g. to verify a batch only once.) */
export function sameBatch(a: SignedEnvelopeBatch, b: SignedEnvelopeBatch): boolean {
  return a.signature === b.signature && bytesEqual(canonicalBytes(a.statement), canonicalBytes(b.statement));
}
