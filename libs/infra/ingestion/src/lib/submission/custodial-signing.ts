// Custodial signing per request: the new events a request brings for one key are signed as one
// batch (signEnvelopeBatch: one Ed25519 signature over the RFC 9162 root of their envelopes, each
// envelope carrying its inclusion path), so the node signs once per request and every verifier
// downstream checks one signature for the lot. A lone event keeps the plain signature: a batch of
// one costs the same, adds a statement and a hash, and the plain form is what any v1 verifier reads.
import type { EventEnvelope, SigningKey, UnsignedEnvelope } from '@borderledger/events';
import { signEnvelope, signEnvelopeBatch } from '@borderledger/events';

export interface EnvelopeToSign {
  readonly envelope: UnsignedEnvelope;
  readonly key: SigningKey;
}

/**
 * Signs each envelope with its key, in order: envelopes sharing a key (one participant, one
 * moment: a request's custodial events) become one batch in the order given. Throws what
 * signEnvelope / signEnvelopeBatch throw (EventValidationError, SigningError).
 */
export function signCustodialEnvelopes(items: readonly EnvelopeToSign[]): EventEnvelope[] {
  const byKey = new Map<string, { key: SigningKey; positions: number[] }>();
  items.forEach(({ key }, position) => {
    const group = byKey.get(key.keyId);
    if (group) group.positions.push(position);
    else byKey.set(key.keyId, { key, positions: [position] });
  });
  const signed: EventEnvelope[] = new Array(items.length);
  for (const { key, positions } of byKey.values()) {
    if (positions.length === 1) {
      signed[positions[0]] = signEnvelope(items[positions[0]].envelope, key);
      continue;
    }
    const batch = signEnvelopeBatch(positions.map((p) => items[p].envelope), key);
    positions.forEach((p, i) => (signed[p] = batch[i]));
  }
  return signed;
}
