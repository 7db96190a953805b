// Batch signing: one Ed25519 signature over the RFC 9162 Merkle root of many envelopes. Each
// envelope carries the batch size, its leaf index, its inclusion path and the signature in its
// `batchSignature` member, so it stays verifiable on its own (non-repudiation per event) while a
// verifier that sees the whole batch checks one signature instead of one per envelope
// (docs/decisions/0008-batch-signatures-and-native-hashing.md).
import { toBase64Url } from '../encoding/bytes';
import { rootAndInclusionPaths } from '../merkle/merkle-tree';
import { EventValidationError, prefixIssues } from '../validation/validation';
import type { BatchSignedEnvelope, UnsignedEnvelope } from './envelope';
import { MAX_ENVELOPE_BATCH_SIZE, validateUnsignedEnvelope, withoutSignature } from './envelope';
import type { SigningKey } from './keys';
import { ed25519Sign } from './keys';
import { ENVELOPE_BATCH_KIND, type EnvelopeBatchStatement, batchStatementBytes, envelopeLeafHash } from './signature-claim';
import { SigningError } from './signing';

/**
 * Signs envelopes of one submitter and key as a batch. Validates each first; refuses an empty
 * or oversized batch, a foreign key or submitter, and an event id given twice.
 */
export function signEnvelopeBatch(envelopes: readonly UnsignedEnvelope[], key: SigningKey): BatchSignedEnvelope[] {
  if (envelopes.length === 0) throw new SigningError('EMPTY_BATCH', 'a batch needs at least one envelope');
  if (envelopes.length > MAX_ENVELOPE_BATCH_SIZE) {
    throw new SigningError('BATCH_TOO_LARGE', `a batch holds at most ${MAX_ENVELOPE_BATCH_SIZE} envelopes, not ${envelopes.length}`);
  }
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
  const { root, paths } = rootAndInclusionPaths(checked.map(envelopeLeafHash));
  const statement: EnvelopeBatchStatement = { kind: ENVELOPE_BATCH_KIND, submitter, keyId: key.keyId, size: checked.length, root: toBase64Url(root) };
  const signature = toBase64Url(ed25519Sign(batchStatementBytes(statement), key.privateKey));
  return checked.map((envelope, i) => ({
    ...envelope,
    batchSignature: { size: checked.length, leafIndex: i, inclusionPath: paths[i].map(toBase64Url), signature },
  }));
}
